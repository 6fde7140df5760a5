"""The library: documents, laws and articles of the real default corpus index as plain data,
read without HTTP (the routes in test_api check the same data through the JSON API). Expected
values are read off the corpus PDFs and their .toml files."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pytest
from conftest import CORPUS_DIR

from indexer.errors import NotFound
from indexer.index import IndexStore
from search_api.search import SearchService
from search_api.web.library import Library, citation_text

YUKK = "6458"


@pytest.fixture(scope="module")
def library(search_service: SearchService) -> Library:
    return Library(search_service)


def corpus_titles() -> dict[str, str]:
    return {
        path.stem: tomllib.loads(path.read_text())["title"] for path in CORPUS_DIR.rglob("*.toml")
    }


def test_every_corpus_document_is_listed_laws_first(library: Library) -> None:
    documents = library.documents()
    assert {d["doc_id"]: d["title"] for d in documents} == corpus_titles()
    kinds = [document["kind"] for document in documents]
    assert kinds == sorted(kinds, key=lambda kind: kind != "law")
    assert all("password" not in document and "path" not in document for document in documents)


def test_an_unknown_document_law_or_article_is_not_found(library: Library) -> None:
    with pytest.raises(NotFound):
        library.document("no-such-document")
    with pytest.raises(NotFound):
        library.law("1234")
    with pytest.raises(NotFound):
        library.article(YUKK, "9999")
    with pytest.raises(NotFound):
        library.article(YUKK, "not an article")


def test_a_law_lists_its_articles_in_order(library: Library) -> None:
    law = library.law(YUKK)
    labels = [article["label"] for article in law["articles"]]
    assert labels[:3] == ["1", "2", "3"]
    assert "91" in labels and "Geçici 1" in labels
    assert labels.index("90") < labels.index("91") < labels.index("92")


def test_an_article_has_its_title_neighbours_and_citation(library: Library) -> None:
    article = library.article(YUKK, "91")
    assert article.title == "Geçici koruma"
    assert article.text.startswith("(1) Ülkesinden ayrılmaya zorlanmış")
    assert article.previous is not None and article.previous.label == "90"
    assert article.next is not None and article.next.label == "92"
    assert article.citation == "6458 sayılı Kanun m. 91"
    assert article.page <= article.page_end


@pytest.mark.parametrize(
    ("label", "citation"),
    [("91", "m. 91"), ("Geçici 1", "geçici m. 1"), ("Ek 2", "ek m. 2"), ("57/A", "m. 57/A")],
)
def test_citations_are_written_the_way_lawyers_write_them(label: str, citation: str) -> None:
    assert citation_text("5216", label) == f"5216 sayılı Kanun {citation}"


def test_cross_references_link_only_to_other_articles_held_here(library: Library) -> None:
    article = library.article(YUKK, "91")
    linked = [reference for reference in article.references if reference["url"]]
    assert all(reference["law_number"] for reference in linked)
    assert all(reference["url"] != article.url for reference in article.references)


def test_the_manifest_is_read_again_once_the_index_changed(
    corpus_data_dir: Path, tmp_path: Path
) -> None:
    data_dir = tmp_path / "data"
    shutil.copytree(corpus_data_dir, data_dir)
    store = IndexStore(data_dir, workers=1)
    library = Library(SearchService(store))
    doc_id = "reslog-turkey-project-en"
    assert library.document(doc_id)["doc_id"] == doc_id
    store.apply([], removed=[doc_id])
    with pytest.raises(NotFound):
        library.document(doc_id)
