"""A regulation's links to its law and back (`search_api.web.basis`), on hand-built entries."""

from __future__ import annotations

from dataclasses import replace

from indexer.index import ManifestEntry
from search_api.web.basis import BasedRegulation, LawBasis, basis_links, regulations_resting_on
from search_api.web.urls import Urls


def entry(
    doc_id: str, kind: str, based_on: list[dict[str, str | None]], **more: str
) -> ManifestEntry:
    return ManifestEntry(
        doc_id=doc_id, source=f"{doc_id}.pdf", path=f"/c/{doc_id}.pdf", content_hash="h",
        indexed_at="2026-12-02T00:00:00+00:00", kind=kind, law_number=doc_id,
        title=f"{doc_id} Yönetmeliği", law={"based_on": based_on}, **more,
    )  # fmt: skip


UYUM = entry("uyum", "regulation", [{"law_number": "6458", "article_key": "96", "law_name": None}])
IS = entry(
    "is-sagligi",
    "regulation",
    [{"law_number": "6331", "article_key": "30", "law_name": "İş Sağlığı ve Güvenliği Kanunu"}],
)
WHOLE = entry("belediye", "regulation", [{"law_number": "6458", "article_key": None}])
LAWS = {"6458": "Yabancılar ve Uluslararası Koruma Kanunu"}


def keys_of(number: str) -> set[str]:
    return {"91", "96"} if number == "6458" else set()


def test_a_basis_links_to_the_article_when_the_collection_has_it() -> None:
    assert basis_links(UYUM, LAWS, keys_of, Urls("/kaynak")) == [
        LawBasis("6458", "96", "96", LAWS["6458"], "6458 sayılı Kanun m. 96",
                 "/kaynak/laws/6458/articles/96"),
    ]  # fmt: skip
    whole = basis_links(WHOLE, LAWS, keys_of, Urls())
    assert [(b.citation, b.url) for b in whole] == [("6458 sayılı Kanun", "/laws/6458")]


def test_a_law_outside_the_collection_is_named_without_a_link() -> None:
    (basis,) = basis_links(IS, LAWS, keys_of, Urls())
    assert (basis.citation, basis.law_title, basis.url) == (
        "6331 sayılı Kanun m. 30",
        "İş Sağlığı ve Güvenliği Kanunu",
        None,
    )


def test_a_decree_is_named_without_a_link_after_the_laws() -> None:
    decree = {"name": "1 sayılı Cumhurbaşkanlığı Teşkilatı Hakkında Cumhurbaşkanlığı Kararnamesi"}
    regulation = replace(
        entry("kent", "regulation", [{"law_number": "6458", "article_key": "96"}]),
        law={"based_on": [{"law_number": "6458", "article_key": "96"}],
             "decrees": [{**decree, "article": "508"}]},
    )  # fmt: skip
    found = basis_links(regulation, LAWS, keys_of, Urls())
    assert [(b.kind, b.citation, b.url) for b in found] == [
        ("law", "6458 sayılı Kanun m. 96", "/laws/6458/articles/96"),
        ("decree", f"{decree['name']} m. 508", None),
    ]
    only = replace(entry("karar", "regulation", []), law={"decrees": [{**decree, "article": None}]})
    (basis,) = basis_links(only, LAWS, keys_of, Urls())
    assert (basis.law_number, basis.citation, basis.url) == (None, decree["name"], None)


def test_a_law_has_no_basis() -> None:
    law = entry("6458", "law", [{"law_number": "5393", "article_key": "1"}])
    assert basis_links(law, LAWS, keys_of, Urls()) == []


def test_the_regulations_resting_on_a_law_and_on_one_article() -> None:
    refused = entry("bozuk", "regulation", [{"law_number": "6458"}], error="no readable text")
    entries = [UYUM, IS, WHOLE, refused]
    on_law = regulations_resting_on(entries, "6458", None, Urls())
    assert [(r.doc_id, r.article) for r in on_law] == [("belediye", None), ("uyum", "96")]
    assert regulations_resting_on(entries, "6458", "96", Urls()) == [
        BasedRegulation("uyum", "uyum", "uyum Yönetmeliği", "/laws/uyum", "96", "96",
                        "/laws/6458/articles/96"),
    ]  # fmt: skip
    assert regulations_resting_on(entries, "6458", "91", Urls()) == []
    assert [r.doc_id for r in regulations_resting_on(entries, "6331", None, Urls())] == [
        "is-sagligi"
    ]
