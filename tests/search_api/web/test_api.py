"""The JSON API contract, over real HTTP against the real app and the real corpus index."""

from __future__ import annotations

import httpx
import pytest

HIT_FIELDS = {
    "doc_id", "source", "title", "kind", "lang", "law_number", "article", "article_title",
    "page", "snippet_html", "score", "url", "pdf_url",
}  # fmt: skip


def search(http: httpx.Client, **params: object) -> dict:
    response = http.get("/api/search", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def test_search_response_has_every_contract_field(http: httpx.Client) -> None:
    body = search(http, q="geçici koruma")
    assert {"query", "total", "page", "per_page", "took_ms", "hits", "facets"} <= body.keys()
    assert body["hits"], "expected hits for geçici koruma"
    for hit in body["hits"]:
        assert hit.keys() >= HIT_FIELDS
    assert {"kind", "law_number", "lang", "year"} <= body["facets"].keys()


@pytest.mark.parametrize("query", ["geçici koruma", "gecici koruma", "GEÇİCİ KORUMA"])
def test_temporary_protection_finds_6458_article_91_in_top_three(
    http: httpx.Client, query: str
) -> None:
    hits = search(http, q=query)["hits"][:3]
    assert ("6458", "91") in [(hit["law_number"], hit["article"]) for hit in hits]


def test_law_hit_links_to_article_page_and_pdf_page(http: httpx.Client) -> None:
    hit = next(h for h in search(http, q="geçici koruma")["hits"] if h["article"] == "91")
    assert hit["url"] == "/laws/6458/articles/91"
    assert hit["pdf_url"].startswith("/files/6458-yabancilar-ve-uluslararasi-koruma-kanunu.pdf")
    assert hit["pdf_url"].endswith(f"#page={hit['page']}")
    assert hit["article_title"] == "Geçici koruma"
    pdf = http.get(hit["pdf_url"].split("#")[0])
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")


def test_a_law_hits_pdf_link_opens_the_page_of_its_passage(http: httpx.Client) -> None:
    """Issue 11: 5393 m. 49 starts on page 18; the passage matched here is on page 20."""
    hits = search(http, q="yeniden değerleme katsayısı personel giderleri")["hits"]
    hit = next(h for h in hits if (h["law_number"], h["article"]) == ("5393", "49"))
    assert hit["page"] == 18  # where the article starts: its page and its key stay
    assert hit["pdf_url"].endswith("#page=20")
    assert "değerleme" in hit["snippet_html"]


def test_report_hit_has_page_and_highlight(http: httpx.Client) -> None:
    body = search(http, q="Marmara Uluslararası Kent Forumu", kind="report")
    hit = body["hits"][0]
    assert hit["kind"] == "report"
    assert hit["law_number"] is None and hit["article"] is None
    assert hit["page"] >= 1
    assert "<mark>" in hit["snippet_html"]


def test_filters_narrow_results(http: httpx.Client) -> None:
    assert {h["kind"] for h in search(http, q="göç", kind="report")["hits"]} == {"report"}
    assert {h["law_number"] for h in search(http, q="belediye", law="5393")["hits"]} == {"5393"}
    assert {h["lang"] for h in search(http, q="migration", lang="en")["hits"]} == {"en"}
    years = search(http, q="belediye", year_from=2004, year_to=2005)
    assert {h["law_number"] for h in years["hits"]} <= {"5216", "5393"}


def test_pagination_does_not_repeat_hits(http: httpx.Client) -> None:
    first = search(http, q="belediye", per_page=5, page=1)
    second = search(http, q="belediye", per_page=5, page=2)
    assert first["total"] > 10
    ids_first = {(h["doc_id"], h["article"], h["page"]) for h in first["hits"]}
    ids_second = {(h["doc_id"], h["article"], h["page"]) for h in second["hits"]}
    assert len(ids_first) == 5 and len(ids_second) == 5
    assert not ids_first & ids_second


def test_facet_counts_cover_kinds(http: httpx.Client) -> None:
    facets = search(http, q="göç")["facets"]
    kinds = {f["value"]: f["count"] for f in facets["kind"]}
    assert kinds.get("law", 0) > 0 and kinds.get("report", 0) > 0


@pytest.mark.parametrize(
    "query",
    ['"', "*", "(", ")", "AND", "OR NOT", "a" * 10_000, "\x00\x01\x1f", "[]{}^~:", "-", "«»",
     "madde:", "title:(x", "'", "’", "\\", "%", "6458 m.", "m. 99999"],
)  # fmt: skip
def test_hostile_queries_answer_200(http: httpx.Client, query: str) -> None:
    body = search(http, q=query)
    assert isinstance(body["hits"], list)


@pytest.mark.parametrize(
    "params",
    [{"page": "x"}, {"per_page": "-4"}, {"year_from": "abc"}, {"page": "99999999999999999999"}],
)
def test_bad_parameters_are_refused_in_the_error_shape(http: httpx.Client, params: dict) -> None:
    response = http.get("/api/search", params={"q": "göç", **params})
    assert response.status_code == 422
    assert response.json()["error"]["parameter"] == next(iter(params))


def test_documents_list_and_one_document(http: httpx.Client) -> None:
    body = http.get("/api/documents").json()
    assert body["total"] == 10
    doc = http.get("/api/documents/reslog-turkey-project-en").json()
    assert doc["title"] == "RESLOG Project in Turkey"
    assert doc["kind"] == "report" and doc["lang"] == "en"
    assert "password" not in doc and "path" not in doc


def test_law_endpoint_lists_articles(http: httpx.Client) -> None:
    law = http.get("/api/laws/6458").json()
    labels = [article["label"] for article in law["articles"]]
    assert labels[:3] == ["1", "2", "3"]
    assert "91" in labels and "Geçici 1" in labels
    assert all({"label", "title", "repealed"} <= a.keys() for a in law["articles"])


@pytest.mark.parametrize(
    ("segment", "label"),
    [("91", "91"), ("gecici-1", "Geçici 1"), ("geçici-1", "Geçici 1"), ("57-A", "57/A"),
     ("57%2FA", "57/A"), ("ek-1", "Ek 1")],
)  # fmt: skip
def test_article_endpoint_accepts_label_forms(http: httpx.Client, segment: str, label: str) -> None:
    response = http.get(f"/api/laws/6458/articles/{segment}")
    assert response.status_code == 200, response.text
    article = response.json()
    assert article["label"] == label
    assert {"text", "title", "notes", "part", "chapter", "page"} <= article.keys()


def test_article_91_text_and_part(http: httpx.Client) -> None:
    article = http.get("/api/laws/6458/articles/91").json()
    assert article["title"] == "Geçici koruma"
    assert "kitlesel olarak" in article["text"]
    assert article["part"] and "KISIM" in article["part"]


@pytest.mark.parametrize(
    "path",
    ["/api/documents/nope", "/api/laws/9999", "/api/laws/6458/articles/9999",
     "/api/laws/6458/articles/xyz", "/api/nothing"],
)  # fmt: skip
def test_errors_have_one_json_shape(http: httpx.Client, path: str) -> None:
    response = http.get(path)
    assert response.status_code == 404
    error = response.json()["error"]
    assert set(error) == {"code", "message"}
    assert error["code"] == "not_found"


def test_healthz(http: httpx.Client) -> None:
    body = http.get("/healthz").json()
    assert body["status"] == "ok" and body["documents"] == 10


def test_query_text_comes_back_as_data_not_markup(http: httpx.Client) -> None:
    body = search(http, q="<script>alert(1)</script>")
    assert body["query"] == "<script>alert(1)</script>"
    for hit in body["hits"]:
        assert "<script>" not in hit["snippet_html"]


def test_article_cross_references_link_only_to_articles_here(http: httpx.Client) -> None:
    article = http.get("/api/laws/6458/articles/102").json()
    linked = [ref for ref in article["references"] if ref["url"]]
    assert linked, "6458 m. 102 refers to other articles of the law"
    for ref in linked:
        assert ref["url"].startswith("/laws/")
        assert ref["text"] in article["text"]


def test_every_article_a_law_page_links_to_answers(http: httpx.Client) -> None:
    """`/laws/5216` linked to `/laws/5216/articles/29-30` (the combined "Madde 29-30"),
    which answered 404."""
    for number in ("5216", "6458"):
        for article in http.get(f"/api/laws/{number}").json()["articles"]:
            response = http.get(f"/api{article['url']}")
            assert response.status_code == 200, article["url"]


@pytest.mark.parametrize("segment", ["29", "30", "29-30"])
def test_either_number_of_a_combined_article_finds_it(http: httpx.Client, segment: str) -> None:
    article = http.get(f"/api/laws/5216/articles/{segment}").json()
    assert (article["key"], article["label"]) == ("29-30", "29-30")


def test_an_article_lists_the_articles_that_cite_it(http: httpx.Client) -> None:
    """5216 m. 7 (e) cites "Belediye Kanununun 69 ve 73 üncü maddelerindeki yetkileri"."""
    cited_by = http.get("/api/laws/5393/articles/69").json()["cited_by"]
    assert {"law_number": "5216", "key": "7", "label": "7"} in [
        {name: citing[name] for name in ("law_number", "key", "label")} for citing in cited_by
    ]
    assert all(citing["url"].startswith("/laws/") for citing in cited_by)
    assert {
        (c["law_number"], c["key"])
        for c in http.get("/api/laws/6458/articles/53").json()["cited_by"]
    } >= {("6458", "46")}


def test_the_results_page_opens_the_pdf_at_the_passage_too(http: httpx.Client) -> None:
    page = http.get("/", params={"q": "yeniden değerleme katsayısı personel giderleri"}).text
    assert 'href="/files/5393-belediye-kanunu.pdf#page=20"' in page
