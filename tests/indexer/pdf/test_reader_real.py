"""Real-world PDFs: text read off the rendered pages (pdftoppm, by eye) must be found by
search on the page where it is printed; metadata read from the files is not junk."""

from __future__ import annotations

import pytest
from conftest import IndexedCorpus

from indexer.analysis import turkish_lower
from indexer.extraction.pipeline import page_units
from indexer.index import IndexStore
from indexer.models import DocumentMeta, PageText, TextLine
from indexer.pdf import tesseract_available
from search_api.search import SearchRequest, SearchService

SCANNED = "tr-gebze-imar-duyuru-1-SCANNED"
# (document, quoted text as printed, page it is printed on)
PRINTED = [
    (
        "en-gaps-turkiye-return-policy-timeline",
        "Assisted Voluntary Return and Reintegration (AVRR) of IOM",
        1,
    ),
    (
        "en-gaps-turkiye-return-policy-timeline",
        "EU-Turkey Statement to stop irregular migration",
        2,
    ),
    (
        "tr-emzirme-odalari-yonetmelik-wkhtmltopdf",
        "emzirme odalarının veya çocuk bakım yurtlarının",
        1,
    ),
    ("tr-emzirme-odalari-yonetmelik-wkhtmltopdf", "kaynamış süt veya yoğurt verilir", 3),
    (
        "tr-gebze-belediye-mali-durum-ve-beklentiler-2023",
        "Kurumsal Mali Durum ve Beklentiler Raporu",
        1,
    ),
    ("tr-gebze-belediye-mali-durum-ve-beklentiler-2023", "Faiz giderlerindeki azalış", 3),
    ("tr-gebze-belediye-mali-durum-ve-beklentiler-2023", "TEMSİL VE TANITMA GİDERLERİ", 10),
    ("tr-gebze-belediye-meclis-kararlari-2025-01", "Denetim Komisyonu Seçimi", 1),
    ("tr-gebze-belediye-meclis-kararlari-2025-01", "Diyetisyen, Eğitmen, Ekonomist", 3),
    (SCANNED, "Cumaköy Mahallesi", 1),
    (SCANNED, "askıya çıkarılmıştır", 1),
    ("tr-ithalatta-gozetim-teblig-2025-1", "Termal kağıtlar", 1),
    ("tr-ithalatta-gozetim-teblig-2025-1", "geçerlilik süresi altı aydır", 2),
    ("tr-resmigazete-20251231-M6-2-yonetmelik", "Piyasa Gözetimi ve Denetimi", 1),
    ("tr-resmigazete-20251231-M6-2-yonetmelik", "maddeleri yürürlükten kaldırılmıştır", 1),
    ("tr-yerel-yonetim-butce-analizi-ASCII-TURKISH", "harcama aciklamalarini anlam duzeyinde", 1),
    ("tr-yerel-yonetim-butce-analizi-ASCII-TURKISH", "Jaccard benzerlik matrisi", 2),
]


@pytest.fixture(scope="module")
def real_store(real_pdfs: IndexedCorpus) -> IndexStore:
    expected_skips = [] if tesseract_available() else [(f"{SCANNED}.pdf", "no readable text")]
    assert real_pdfs.summary.skip_reasons == expected_skips
    return real_pdfs.store


@pytest.mark.parametrize(("doc_id", "printed", "page"), PRINTED)
def test_printed_text_is_found_on_its_page(
    real_store: IndexStore, doc_id: str, printed: str, page: int
) -> None:
    if doc_id == SCANNED and not tesseract_available():
        pytest.skip("the scan needs tesseract with tur+eng (scripts/test installs it)")
    hits = SearchService(real_store).search(SearchRequest(q=f'"{printed}"', per_page=20)).hits
    assert (doc_id, page) in {(hit.doc_id, hit.page) for hit in hits}


def test_every_real_file_has_a_real_title(real_store: IndexStore) -> None:
    titles = {doc_id: entry.title for doc_id, entry in real_store.read_manifest().items()}

    def reads(doc_id: str, words: str) -> bool:
        """The title starts with these words, in any case, and is not left in capitals."""
        title = titles[doc_id]
        return turkish_lower(title).startswith(turkish_lower(words)) and title != title.upper()

    # Its Info title is "Layout 1"; the heading runs over two lines and is kept whole.
    assert reads(
        "tr-resmigazete-20251231-M6-2-yonetmelik",
        "İKİ VEYA ÜÇ TEKERLEKLİ MOTORLU ARAÇLARIN VE DÖRT TEKERLEKLİ MOTOSİKLETLERİN",
    )
    # Not the caption of the table below it.
    assert turkish_lower(titles["tr-gebze-belediye-mali-durum-ve-beklentiler-2023"]) == (
        turkish_lower("GEBZE BELEDİYESİ 2023 YILI KURUMSAL MALİ DURUM VE BEKLENTİLER RAPORU")
    )
    # Bold in a font named "Kalın".
    assert reads("tr-emzirme-odalari-yonetmelik-wkhtmltopdf", "GEBE VEYA EMZİREN KADINLARIN")
    assert titles["en-gaps-turkiye-return-policy-timeline"] == "Turkey Return Policy Timeline"


def test_year_author_and_language_come_from_the_file(real_store: IndexStore) -> None:
    manifest = real_store.read_manifest()
    budget = manifest["tr-gebze-belediye-mali-durum-ve-beklentiler-2023"]
    assert (budget.year, budget.author, budget.lang) == (2023, "Hüseyin ÖZDAĞ", "tr")
    assert manifest["en-gaps-turkiye-return-policy-timeline"].lang == "en"
    assert manifest["tr-gebze-belediye-meclis-kararlari-2025-01"].lang == "tr"  # /Lang says en


def test_a_mixed_language_document_gets_a_language_per_page() -> None:
    english = "The Migration Policy Center supports the municipalities of the region " * 8
    turkish = "Göç Politikaları Merkezi bölgedeki belediyelerin çalışmalarını destekler ve " * 8
    pages = [
        PageText(1, [TextLine(turkish)]),
        PageText(2, [TextLine(english)]),
        PageText(3, [TextLine("Kısa not")]),
    ]
    meta = DocumentMeta(doc_id="mixed", title="Karma", lang="tr")
    assert [unit.lang for unit in page_units(meta, pages)] == ["tr", "en", "tr"]
