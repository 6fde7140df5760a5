"""The citation path through the real corpus index: every citation form puts the article it
names first, the citation's own words find nothing else, a law named alone comes first as
the law, and a paragraph or item opens the article there."""

from __future__ import annotations

import pytest
from whoosh_support import unit_store

from indexer.laws import ArticleRef
from indexer.models import SearchUnit
from search_api.search import SearchRequest, SearchResult, SearchService, find_article
from search_api.search.citations import leftover_words
from search_api.web import ROOT, hit_view


def run(service: SearchService, text: str, **options: object) -> SearchResult:
    return service.search(SearchRequest(q=text, per_page=50, **options))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("query", "unit"),
    [
        ("6458 m. 91", "law:6458:91"),
        ("YUKK 53", "law:6458:53"),
        ("5216 sayılı Kanunun 7. maddesi", "law:5216:7"),
        ("5393 s.K. m.18", "law:5393:18"),
        ("6458 m. 57A", "law:6458:57/a"),
        ("6458 s. K. m. 91 f. 2", "law:6458:91"),
        ("m. 91/2", "law:6458:91"),  # no law named: the only article 91 in the corpus
        ("91. maddenin 2. fıkrası", "law:6458:91"),
        ("YUKK 54/1-a", "law:6458:54"),
        ("5216 m. 29", "law:5216:29-30"),  # the combined "Madde 29-30"
        ("5216 m. 30", "law:5216:29-30"),
        ("YUKK geçici madde 1", "law:6458:g1"),
    ],
)
def test_every_citation_form_puts_its_article_first(
    search_service: SearchService, query: str, unit: str
) -> None:
    hits = run(search_service, query).hits
    assert hits, query
    assert (hits[0].unit_id, hits[0].match) == (unit, "citation")


@pytest.mark.parametrize(
    "query", ["6458 m. 91", "5393 s.K. m.18", "6458 s. K. m. 91 f. 2", "m. 91/2", "YUKK 54/1-a"]
)
def test_a_citation_lists_nothing_its_own_tokens_matched(
    search_service: SearchService, query: str
) -> None:
    """Once "6458 m. 91" listed 21 units: "m)", "Prof. M. Murat", "10,000 m²", "38.426,91"."""
    assert all(hit.match == "citation" for hit in run(search_service, query).hits)


def test_temporary_article_one_without_a_law_lists_every_laws(
    search_service: SearchService,
) -> None:
    hits = run(search_service, "geçici madde 1").hits
    assert {hit.unit_id for hit in hits} == {
        f"law:{number}:g1" for number in ("5216", "5393", "5901", "6458", "6735")
    }
    assert all(hit.match == "citation" for hit in hits)


def test_temporary_article_one_within_the_law_filter(search_service: SearchService) -> None:
    hits = run(search_service, "geçici madde 1", law="5901").hits
    assert [hit.unit_id for hit in hits] == ["law:5901:g1"]


@pytest.mark.parametrize("query", ["YUKK", "6458", "Yabancılar ve Uluslararası Koruma Kanunu"])
def test_a_law_named_alone_offers_the_law_then_its_articles(
    search_service: SearchService, query: str
) -> None:
    hits = run(search_service, query).hits
    url = hit_view(hits[0], ROOT).url
    assert (hits[0].match, url, hits[0].article_key) == ("law", "/laws/6458", None)
    assert [hit.unit_id for hit in hits[1:4]] == ["law:6458:1", "law:6458:2", "law:6458:3"]


def test_a_law_named_with_a_topic_searches_that_law(search_service: SearchService) -> None:
    hits = run(search_service, "YUKK geçici koruma").hits
    assert hits[0].match == "law"
    assert hits[1].unit_id == "law:6458:91"
    assert {hit.law_number for hit in hits} == {"6458"}


@pytest.mark.parametrize(
    ("query", "fragment"),
    [("6458 m. 91/2", "#f2"), ("6458 s. K. m. 91 f. 2", "#f2"), ("YUKK 54/1-a", "#f1-a")],
)
def test_a_cited_paragraph_or_item_opens_the_article_there(
    search_service: SearchService, query: str, fragment: str
) -> None:
    hit = run(search_service, query).hits[0]
    assert hit.anchor == fragment.lstrip("#")
    assert hit_view(hit, ROOT).url.endswith(fragment)


def test_an_article_missing_from_every_law_says_so(search_service: SearchService) -> None:
    result = run(search_service, "m. 400")
    assert result.hits == [] or all(hit.match != "citation" for hit in result.hits)
    assert result.notice is not None and "400" in result.notice.params["labels"]


@pytest.mark.parametrize(
    ("remainder", "left"),
    [
        ("", ""),
        ("m.", ""),
        ("s.K. f. 2", ""),
        ("sayılı Kanunun maddesi", ""),
        ("geçici koruma şartları", "geçici koruma şartları"),
        ("(a) bendi ve", ""),
    ],
)
def test_leftover_words_are_meaningful_or_nothing(remainder: str, left: str) -> None:
    assert leftover_words(remainder) == left


def article_unit(law: str, key: str, text: str) -> SearchUnit:
    return SearchUnit(
        unit_id=f"law:{law}:{key}",
        doc_id=f"kanun-{law}",
        kind="law",
        lang="tr",
        doc_title=f"{law} sayılı Deneme Kanunu",
        text=text,
        page=1,
        law_number=law,
        article=key,
        article_key=key,
        article_title="Deneme",
        order=int(key.split("-")[0]),
    )


def test_an_article_cited_without_a_law_is_found_in_each_law_in_numeric_order() -> None:
    """No law named: each law's article, or its combined article covering the number, in
    the laws' numeric order (found from the article's own units, not law by law)."""
    store = unit_store(
        [
            article_unit("6458", "29", "Altı bin dört yüz elli sekiz."),
            article_unit("5216", "29-30", "Birleşik madde."),
            article_unit("10001", "29", "On bin bir."),
            article_unit("5393", "28", "Başka madde."),
            article_unit("5393", "31", "Başka madde."),
        ]
    )
    service = SearchService(store)  # type: ignore[arg-type]
    assert [hit.unit_id for hit in run(service, "m. 29").hits] == [
        "law:5216:29-30", "law:6458:29", "law:10001:29",
    ]  # fmt: skip
    assert [hit.unit_id for hit in run(service, "madde 30").hits] == ["law:5216:29-30"]
    assert [hit.unit_id for hit in run(service, "5216 m. 30").hits] == ["law:5216:29-30"]
    assert [hit.unit_id for hit in run(service, "m. 29", law="6458").hits] == ["law:6458:29"]
    with service.searcher() as searcher:
        assert find_article(searcher, "5393", ArticleRef("madde", "29")) is None
