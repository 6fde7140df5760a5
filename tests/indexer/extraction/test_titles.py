"""Proposals worth accepting (issue 15): titles in Turkish-aware title case and not cut at
the first line of a multi-line heading, the year from the document's own date."""

from __future__ import annotations

import pytest

from indexer.extraction import detect_metadata
from indexer.extraction.titles import title_case
from indexer.models import PageText, TextLine


@pytest.mark.parametrize(
    ("capitals", "said"),
    [
        ("YABANCILAR VE ULUSLARARASI KORUMA KANUNU", "Yabancılar ve Uluslararası Koruma Kanunu"),
        ("ULUSLARARASI  İŞGÜCÜ KANUNU", "Uluslararası İşgücü Kanunu"),
        ("IŞIK VE SU İŞLERİ", "Işık ve Su İşleri"),
        ("TÜRKİYE'NİN GÖÇ POLİTİKASI", "Türkiye'nin Göç Politikası"),
        (
            "İTHALATTA GÖZETİM UYGULANMASINA İLİŞKİN TEBLİĞ (TEBLİĞ NO: 2025/1)",
            "İthalatta Gözetim Uygulanmasına İlişkin Tebliğ (Tebliğ No: 2025/1)",
        ),
        ("YÖNETMELİK (AB/168/2013)’TE DEĞİŞİKLİK", "Yönetmelik (AB/168/2013)’te Değişiklik"),
        ("MBB 2023 YILI FAALİYET RAPORU", "MBB 2023 Yılı Faaliyet Raporu"),
        ("Migration and Social Cohesion Action Plan", "Migration and Social Cohesion Action Plan"),
    ],
)
def test_a_title_in_capitals_is_said_in_turkish_title_case(capitals: str, said: str) -> None:
    assert title_case(capitals) == said


def gazette_page(creation_year: str = "2026") -> tuple[PageText, dict[str, str]]:
    """The first page of a Resmî Gazete regulation: a dated header, the heading set on four
    lines with the Gazette's generous leading (18.1 pt for 9.5 pt type), then the body."""
    lines = [
        TextLine("31 Aralık 2025 ÇARŞAMBA Resmî Gazete Sayı : 33124", top=21.3, size=8.0),
        TextLine("YÖNETMELİK", top=41.2, size=12.0, bold=True),
        TextLine("İKİ VEYA ÜÇ TEKERLEKLİ MOTORLU ARAÇLARIN VE DÖRT TEKERLEKLİ", top=96.6,
                 size=9.5, bold=True),
        TextLine("MOTOSİKLETLERİN TİP ONAYI HAKKINDA YÖNETMELİKTE DEĞİŞİKLİK", top=114.7,
                 size=9.5, bold=True),
        TextLine("YAPILMASINA DAİR YÖNETMELİK", top=132.8, size=9.5, bold=True),
        TextLine("MADDE 1- 22/8/2015 tarihli ve 29453 sayılı Resmî Gazete’de yayımlanan İki veya",
                 top=159.4, size=9.5),
        TextLine("Üç Tekerlekli Motorlu Araçların ve Dört Tekerlekli Motosikletlerin Tip Onayı",
                 top=177.5, size=9.5),
    ]  # fmt: skip
    return PageText(number=1, lines=lines), {"CreationDate": f"D:{creation_year}0101"}


def test_a_heading_set_on_several_lines_is_the_whole_title() -> None:
    page, info = gazette_page()
    detected = detect_metadata("x", [page], info)
    assert detected["title"] == (
        "İki veya Üç Tekerlekli Motorlu Araçların ve Dört Tekerlekli Motosikletlerin Tip "
        "Onayı Hakkında Yönetmelikte Değişiklik Yapılmasına Dair Yönetmelik"
    )


def test_the_year_comes_from_the_documents_own_date_not_the_files() -> None:
    page, info = gazette_page(creation_year="2026")
    assert detect_metadata("x", [page], info)["year"] == 2025  # the Gazette's date


def test_an_undated_report_gets_no_year_rather_than_the_day_it_was_exported() -> None:
    page = PageText(
        number=1,
        lines=[
            TextLine("Kent Uyum Raporu", top=40, size=20, bold=True),
            TextLine("Bu rapor 22/5/2003 tarihli kanuna göre belediyelerin uyum çalışmalarını "
                     "anlatır ve önerilerde bulunur.", top=90, size=10),
        ],
    )  # fmt: skip
    detected = detect_metadata("x", [page], {"CreationDate": "D:20260101"})
    assert detected["title"] == "Kent Uyum Raporu"
    assert "year" not in detected  # not 2026 (the export), not 2003 (a cited law's date)


def test_a_year_standing_on_the_cover_or_in_the_title_is_the_documents() -> None:
    cover = PageText(
        number=1,
        lines=[
            TextLine("GÖÇ VE UYUM", top=300, size=24, bold=True),
            TextLine("Mart 2019", top=700, size=12),
        ],
    )
    detected = detect_metadata("x", [cover], {})
    assert (detected["title"], detected["year"]) == ("Göç ve Uyum", 2019)
    titled = PageText(number=1, lines=[TextLine("2023 YILI FAALİYET RAPORU", size=20, bold=True)])
    assert detect_metadata("x", [titled], {})["year"] == 2023


def test_an_english_title_in_capitals_keeps_its_dotted_i() -> None:
    assert title_case("PRESIDENT OF THE UNITED STATES", "en") == "President of the United States"


def test_a_title_repeated_on_every_page_as_its_running_header_is_the_title() -> None:
    """The layout drops a running header from the page's lines (it is page furniture); when
    the page has no heading of its own, that header names the document, not its file name
    (tr-yerel-yonetim-butce-analizi: "Yerel Yonetim Butce Analizi" atop every page)."""
    body = [
        TextLine("Ad Soyad: OMER KAYA", top=60, size=11),
        TextLine("Bu projeyi hazirlarken yerel yonetimlerin faaliyet raporlarinda gecen harcama "
                 "aciklamalarini anlam duzeyinde analiz etmeyi hedefledim.", top=90, size=11),
    ]  # fmt: skip
    header = [TextLine("Yerel Yonetim Butce Analizi", top=20, size=12, bold=True)]
    page = PageText(number=1, lines=body, header_lines=header)
    assert detect_metadata("rapor-dosyasi", [page], {})["title"] == "Yerel Yonetim Butce Analizi"
    plain = PageText(number=1, lines=body)  # without the header: the file's name, as before
    assert detect_metadata("rapor-dosyasi", [plain], {})["title"] == "rapor dosyasi"


def test_the_layout_keeps_the_top_running_header_beside_the_lines() -> None:
    from indexer.layout import build_document_text
    from indexer.models import RawPage, Word

    def page(number: int) -> RawPage:
        words = [
            Word("Yerel", 60, 100, 30, 42, 12, bold=True),
            Word("Analiz", 104, 150, 30, 42, 12, bold=True),
            Word(f"Metin{number}", 60, 120, 300, 311, 11),
            Word(str(number), 290, 300, 800, 811, 11),
        ]
        return RawPage(number=number, width=595, height=842, words=words)

    pages = build_document_text([page(1), page(2), page(3)])
    assert [line.text for line in pages[0].header_lines] == ["Yerel Analiz"]
    assert all("Yerel" not in page.text for page in pages)  # still not body text
    assert all(not any(line.text == "1" for line in page.header_lines) for page in pages)
