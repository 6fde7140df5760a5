"""Regulations beside their laws, through the real service over HTTP: a real mevzuat.gov.tr
regulation PDF from ../shared and a regulation made here that rests on Law 6458, indexed
with the 6458 PDF of the default corpus into a real index on disk.

- the regulation is its own kind (facet and filter), cut into its articles (MADDE, BÖLÜM,
  geçici madde), addressed by its doc_id;
- its Dayanak article links it to its law (and article): shown on the regulation's pages,
  and on the law's page and article page ("Bu Kanuna dayanılarak çıkarılan düzenlemeler");
- the API gives both directions, also for a law the collection does not hold (6331).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import httpx
import pytest
from conftest import CORPUS_DIR, LiveServer, shared_path
from corpus_support import seed_extraction_cache
from pdf_factory import make_pdf

from indexer.index import IndexStore
from search_api.settings import Settings

EMZIRME = "tr-emzirme-odalari-yonetmelik-wkhtmltopdf"
MADE = "uyum-hizmetleri-yonetmeligi"
MADE_TITLE = "Uluslararası Koruma Başvuru Sahiplerine Uyum Hizmetleri Hakkında Yönetmelik"
MADE_PAGES = [
    "\n".join(
        [
            "ULUSLARARASI KORUMA BAŞVURU SAHİPLERİNE UYUM HİZMETLERİ HAKKINDA YÖNETMELİK",
            "BİRİNCİ BÖLÜM",
            "Amaç, Kapsam ve Dayanak",
            "Amaç",
            "MADDE 1 – (1) Bu Yönetmeliğin amacı, uyum hizmetlerinin usul ve esaslarını",
            "belirlemektir.",
            "Dayanak",
            "MADDE 2 – (1) Bu Yönetmelik, 4/4/2013 tarihli ve 6458 sayılı Yabancılar ve",
            "Uluslararası Koruma Kanununun 96 ncı maddesine dayanılarak hazırlanmıştır.",
            "İKİNCİ BÖLÜM",
            "Uyum Hizmetleri",
            "Zqkurs programları",
            "MADDE 3 – (1) Valilikler, başvuru sahiplerine zqdil kursları düzenler.",
            "GEÇİCİ MADDE 1 – (1) Mevcut kurslar bir yıl içinde bu Yönetmeliğe uyarlanır.",
            "Yürürlük",
            "MADDE 4 – (1) Bu Yönetmelik yayımı tarihinde yürürlüğe girer.",
        ]
    )
]


DECREED = "kent-bahceleri-hakkinda-yonetmelik"
DECREED_TITLE = "Kent Bahçeleri Hakkında Yönetmelik"
DECREE = "1 sayılı Cumhurbaşkanlığı Teşkilatı Hakkında Cumhurbaşkanlığı Kararnamesi"
DECREED_PAGES = [
    "\n".join(
        [
            "KENT BAHÇELERİ HAKKINDA YÖNETMELİK",
            "Amaç",
            "MADDE 1 – (1) Bu Yönetmeliğin amacı, kent bahçelerinin kuruluşunu düzenlemektir.",
            "Dayanak",
            "MADDE 2 – (1) Bu Yönetmelik, 10/7/2018 tarihli ve 30474 sayılı Resmî Gazete’de",
            "yayımlanan 1 sayılı Cumhurbaşkanlığı Teşkilatı Hakkında Cumhurbaşkanlığı",
            "Kararnamesinin 508 inci maddesine dayanılarak hazırlanmıştır.",
            "Yürürlük",
            "MADDE 3 – (1) Bu Yönetmelik yayımı tarihinde yürürlüğe girer.",
        ]
    )
]
TEBLIG = "tr-ithalatta-gozetim-teblig-2025-1"  # a real communiqué with no Dayanak article


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    real = shared_path("testdata", "pdfs", "real", f"{EMZIRME}.pdf")
    corpus = tmp_path_factory.mktemp("regulation-corpus")
    (corpus / "laws").mkdir()
    for law in CORPUS_DIR.glob("laws/6458-*"):
        shutil.copy(law, corpus / "laws" / law.name)
    # No metadata file beside either regulation: the kind is detected from the title.
    shutil.copy(real, corpus / real.name)
    shutil.copy(shared_path("testdata", "pdfs", "real", f"{TEBLIG}.pdf"), corpus)
    (corpus / f"{MADE}.pdf").write_bytes(make_pdf(MADE_PAGES, title=MADE_TITLE, turkish=True))
    decreed = make_pdf(DECREED_PAGES, title=DECREED_TITLE, turkish=True)
    (corpus / f"{DECREED}.pdf").write_bytes(decreed)
    data_dir = tmp_path_factory.mktemp("regulation-data")
    # The 6458 law as the run's other tests read it (the pipeline's own reading, done once).
    seed_extraction_cache(IndexStore(data_dir), corpus)
    settings = Settings(corpus_dir=corpus, data_dir=data_dir)
    with LiveServer(settings) as server:
        yield server.url


@pytest.fixture(scope="module")
def client(served: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=served, timeout=30) as http:
        yield http


def test_a_regulation_is_detected_as_its_own_kind(client: httpx.Client) -> None:
    documents = {d["doc_id"]: d for d in client.get("/api/documents").json()["documents"]}
    assert documents[EMZIRME]["kind"] == "regulation"
    assert documents[MADE]["kind"] == "regulation"
    assert documents["6458-yabancilar-ve-uluslararasi-koruma-kanunu"]["kind"] == "law"
    # Addressed by its doc_id: a regulation has no number.
    assert documents[EMZIRME]["law_number"] == EMZIRME
    assert documents[EMZIRME]["url"] == f"/laws/{EMZIRME}"


def test_the_kind_is_a_facet_and_a_filter(client: httpx.Client) -> None:
    result = client.get("/api/search", params={"q": "emziren çalışan"}).json()
    kinds = {facet["value"] for facet in result["facets"]["kind"]}
    assert "regulation" in kinds
    only = client.get("/api/search", params={"q": "koruma", "kind": "regulation"}).json()
    assert only["hits"] and {hit["kind"] for hit in only["hits"]} == {"regulation"}
    page = client.get("/", params={"q": "emziren çalışan"})
    assert 'value="regulation"' in page.text and "Düzenleme (yönetmelik, tebliğ…)" in page.text


def test_a_real_regulation_is_served_article_by_article(client: httpx.Client) -> None:
    regulation = client.get(f"/api/laws/{EMZIRME}").json()
    labels = [article["label"] for article in regulation["articles"]]
    # The PDF prints MADDE 1–24, GEÇİCİ MADDE 1–2, MADDE 25–26 under five BÖLÜM headings.
    assert labels == [str(n) for n in range(1, 25)] + ["Geçici 1", "Geçici 2", "25", "26"]
    assert len(regulation["divisions"]) == 5
    article = client.get(f"/api/laws/{EMZIRME}/articles/8").json()
    assert article["title"] == "Gece çalışması"
    assert article["chapter"].startswith("ÜÇÜNCÜ BÖLÜM")
    # Cited by its name, as it has no number.
    assert article["citation"] == f"{regulation['title']} m. 8"
    temporary = client.get(f"/api/laws/{EMZIRME}/articles/gecici-1").json()
    assert temporary["title"] == "Bildirim yükümlülüğü"
    hit = client.get("/api/search", params={"q": "gece çalıştırılması"}).json()["hits"][0]
    assert (hit["law_number"], hit["article"]) == (EMZIRME, "8")
    assert hit["url"] == f"/laws/{EMZIRME}/articles/8"


def test_a_law_outside_the_collection_is_named_as_the_basis(client: httpx.Client) -> None:
    """Its Dayanak names "İş Sağlığı ve Güvenliği Kanununun 30 uncu maddesi" by name only;
    its Kapsam article gives the number: 6331."""
    regulation = client.get(f"/api/laws/{EMZIRME}").json()
    assert [(b["law_number"], b["article"]) for b in regulation["based_on"]] == [("6331", "30")]
    assert regulation["based_on"][0]["law_title"] == "İş Sağlığı ve Güvenliği Kanunu"
    assert regulation["based_on"][0]["url"] is None  # the collection does not hold 6331
    back = client.get("/api/laws/6331/regulations").json()
    assert [r["doc_id"] for r in back["regulations"]] == [EMZIRME]
    page = client.get(f"/laws/{EMZIRME}").text
    assert "Dayanak" in page and "6331 sayılı Kanun m. 30" in page
    assert "derlemede yok" in page


def test_a_regulation_resting_on_a_decree_names_it_without_a_link(client: httpx.Client) -> None:
    regulation = client.get(f"/api/laws/{DECREED}").json()
    assert [(b["kind"], b["citation"], b["url"]) for b in regulation["based_on"]] == [
        ("decree", f"{DECREE} m. 508", None)
    ]
    assert regulation["basis_article_url"] == f"/laws/{DECREED}/articles/2"
    page = client.get(f"/laws/{DECREED}").text
    basis = page[page.index('id="basis-heading"') : page.index("</section>", page.index("basis"))]
    assert f"{DECREE} m. 508" in basis and "kanun değil: kararname veya karar" in basis
    assert "<a " not in basis  # no link to a law it does not rest on
    article = client.get(f"/laws/{DECREED}/articles/2").text
    assert f"{DECREE} m. 508" in article


def test_a_regulation_without_a_dayanak_article_says_so(client: httpx.Client) -> None:
    regulation = client.get(f"/api/laws/{TEBLIG}").json()
    assert regulation["kind"] == "regulation"
    assert regulation["based_on"] == [] and regulation["basis_article_url"] is None
    page = client.get(f"/laws/{TEBLIG}").text
    assert 'id="no-basis"' in page and "dayanağını belirten bir madde (Dayanak) yok" in page
    english = client.get(f"/laws/{TEBLIG}", params={"ui": "en"}).text
    assert "has no article stating its legal basis" in english
    client.cookies.clear()  # `?ui=en` is remembered
    law = client.get("/laws/6458").text
    assert 'id="no-basis"' not in law  # a law has no basis to state


def test_a_regulation_is_also_found_under_regulations(client: httpx.Client) -> None:
    """`/regulations/<doc_id>` redirects for good to its one address, `/laws/<doc_id>`."""
    moved = client.get(f"/regulations/{MADE}", params={"q": "kurs"})
    assert moved.status_code == 308
    assert moved.headers["location"] == f"/laws/{MADE}?q=kurs"
    followed = client.get(f"/regulations/{MADE}/articles/gecici-1", follow_redirects=True)
    assert followed.status_code == 200 and str(followed.url).endswith(
        f"/laws/{MADE}/articles/gecici-1"
    )
    assert "Mevcut kurslar" in followed.text
    dotted = client.get(f"/regulations/{MADE}/articles/..%2F..%2F6458")
    assert dotted.headers["location"] == f"/laws/{MADE}/articles/..%2F..%2F6458"
    assert client.get(dotted.headers["location"]).status_code == 404  # not another page
    for address in ("6458", "no-such-regulation"):
        missing = client.get(f"/regulations/{address}")
        assert missing.status_code == 404 and "<html" in missing.text.lower()
    law = client.get("/regulations/6458").text
    assert "bir düzenleme değil" in law


def test_a_regulation_and_its_law_link_each_other(client: httpx.Client) -> None:
    regulation = client.get(f"/api/laws/{MADE}").json()
    assert [a["label"] for a in regulation["articles"]] == ["1", "2", "3", "Geçici 1", "4"]
    assert regulation["based_on"] == [
        {
            "law_number": "6458",
            "article_key": "96",
            "article": "96",
            "law_title": "Yabancılar ve Uluslararası Koruma Kanunu",
            "citation": "6458 sayılı Kanun m. 96",
            "url": "/laws/6458/articles/96",
            "kind": "law",
        }
    ]
    law = client.get("/api/laws/6458").json()
    assert [(r["doc_id"], r["article"]) for r in law["regulations"]] == [(MADE, "96")]
    assert client.get("/api/laws/6458/regulations").json()["total"] == 1
    article = client.get("/api/laws/6458/articles/96").json()
    assert [r["doc_id"] for r in article["regulations"]] == [MADE]
    assert client.get("/api/laws/6458/articles/91").json()["regulations"] == []

    law_page = client.get("/laws/6458").text
    assert "Bu Kanuna dayanılarak çıkarılan düzenlemeler" in law_page
    assert f'href="/laws/{MADE}"' in law_page
    article_page = client.get("/laws/6458/articles/96").text
    assert "Bu maddeye dayanılarak çıkarılan düzenlemeler" in article_page
    regulation_page = client.get(f"/laws/{MADE}/articles/3").text
    assert 'href="/laws/6458/articles/96"' in regulation_page
    english = client.get("/laws/6458", params={"ui": "en"}).text
    assert "Regulations issued under this law" in english
    client.cookies.clear()  # `?ui=en` is remembered


def test_a_regulation_path_that_does_not_exist_is_a_clear_404(client: httpx.Client) -> None:
    missing = client.get("/api/laws/no-such-regulation")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"
    assert client.get("/api/laws/no-such-law/regulations").json()["regulations"] == []
    article = client.get(f"/api/laws/{MADE}/articles/99")
    assert article.status_code == 404


@pytest.mark.parametrize(
    ("query", "address", "article"),
    [
        # By a few words of its name and its type, inflected as a sentence writes it.
        ("emzirme odaları yönetmeliği m. 13", EMZIRME, "13"),
        ("Emzirme Yönetmeliğinin 8 inci maddesi", EMZIRME, "8"),
        ("çocuk bakım yurtları yönetmeliği geçici madde 1", EMZIRME, "Geçici 1"),
        ("uyum hizmetleri yönetmeliği m. 3", MADE, "3"),
    ],
)
def test_a_regulation_is_cited_by_name_and_article(
    client: httpx.Client, query: str, address: str, article: str
) -> None:
    result = client.get("/api/search", params={"q": query}).json()
    first = result["hits"][0]
    assert (first["law_number"], first["article"], first.get("match")) == (
        address,
        article,
        "citation",
    )
    # The regulation's name is the citation's, not words to search for elsewhere.
    assert all(hit["law_number"] == address for hit in result["hits"])


def test_a_regulation_named_without_an_article_is_searched_as_words(client: httpx.Client) -> None:
    result = client.get("/api/search", params={"q": "emzirme odaları yönetmeliği"}).json()
    assert result["hits"] and all(hit.get("match") != "citation" for hit in result["hits"])
    assert result["hits"][0]["law_number"] == EMZIRME
