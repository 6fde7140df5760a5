"""The Curator, driven directly (no HTTP): every change lands in the corpus folder, the real
index and the audit log together, and every refusal stores nothing. Real PDFs (made by
`pdf_factory`, plus a real report of the default corpus), a real Whoosh index on disk."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from collection_support import SMALL_REPORT, corpus_pdfs, small_corpus
from pdf_factory import distinct_word, make_pdf

from indexer.corpus import Collection
from indexer.errors import Conflict, DuplicateDocument, UnreadablePdf
from indexer.extraction import ExtractionLimits, Extractor
from indexer.index import IndexStore
from search_api.curation import AuditLog, Curator
from search_api.search import SearchRequest, SearchService

ACTOR = "ayse"


class Library:
    """A private corpus, its index and audit log, and the Curator over them."""

    def __init__(self, root: Path, extractor: Extractor | None = None) -> None:
        self.corpus = small_corpus(root)
        self.collection = Collection(self.corpus)
        self.store = IndexStore(root / "data", workers=1, extractor=extractor)
        self.store.reconcile(self.corpus)
        self.audit = AuditLog(root / "data" / "audit.log")
        self.curator = Curator(self.collection, self.store, self.audit)
        self.root = root

    def staged(self, pdf: bytes) -> Path:
        _, path = self.collection.new_stage()
        path.write_bytes(pdf)
        return path

    def found(self, word: str) -> list[str]:
        service = SearchService(self.store)
        try:
            return [hit.doc_id for hit in service.search(SearchRequest(q=word)).hits]
        finally:
            service.close()

    def actions(self) -> list[str]:
        return [event.action for event in reversed(self.audit.latest())]


@pytest.fixture
def library(tmp_path: Path) -> Library:
    return Library(tmp_path)


def test_an_added_pdf_is_named_from_its_title_stored_indexed_and_audited(
    library: Library,
) -> None:
    word = distinct_word(1, "cur")
    change = library.curator.add(
        library.staged(make_pdf(f"Belediye göç raporu {word}")),
        {"title": "Göç Raporu 2023", "kind": "report", "year": 2023},
        ACTOR,
        "upload.pdf",
    )
    assert change.doc_id == "goc-raporu-2023"
    pdf = library.corpus / "reports" / "goc-raporu-2023.pdf"
    assert pdf in corpus_pdfs(library.corpus)
    metadata = tomllib.loads(pdf.with_suffix(".toml").read_text())
    assert (metadata["title"], metadata["year"]) == ("Göç Raporu 2023", 2023)
    assert library.found(word) == ["goc-raporu-2023"]
    assert change.entry.title == "Göç Raporu 2023"
    assert library.actions() == ["add"]
    assert library.store.read_manifest()["goc-raporu-2023"].unit_count == 1


def test_a_second_title_gets_a_numbered_name_and_the_same_bytes_are_refused(
    library: Library,
) -> None:
    first = make_pdf(f"Birinci {distinct_word(2, 'cur')}")
    library.curator.add(library.staged(first), {"title": "Rapor", "kind": "report"}, ACTOR, "a")
    second = make_pdf(f"İkinci {distinct_word(3, 'cur')}")
    change = library.curator.add(
        library.staged(second), {"title": "Rapor", "kind": "report"}, ACTOR, "b"
    )
    assert change.doc_id == "rapor-2"
    with pytest.raises(DuplicateDocument):
        library.curator.add(library.staged(first), {"title": "Kopya"}, ACTOR, "c")
    assert not (library.corpus / "reports" / "kopya.pdf").exists()
    assert library.actions() == ["add", "add"]


def test_what_is_not_a_readable_pdf_is_refused_under_the_clients_name(library: Library) -> None:
    before = corpus_pdfs(library.corpus)
    with pytest.raises(UnreadablePdf) as refused:
        library.curator.add(library.staged(b"not a pdf"), {"title": "X"}, ACTOR, "notlar.pdf")
    assert refused.value.source == "notlar.pdf"
    assert corpus_pdfs(library.corpus) == before
    assert library.actions() == []


def test_uploads_extract_with_the_stores_extractor(tmp_path: Path) -> None:
    library = Library(tmp_path, Extractor(limits=ExtractionLimits(max_pages=1)))
    two_pages = make_pdf(["Birinci sayfa", "İkinci sayfa"])
    with pytest.raises(UnreadablePdf, match=r"too many pages \(2 > 1\)"):
        library.curator.add(library.staged(two_pages), {"title": "Uzun"}, ACTOR, "uzun.pdf")
    assert not list(library.corpus.rglob("uzun*.pdf"))


def test_an_update_rewrites_the_metadata_and_reindexes(library: Library) -> None:
    doc_id = SMALL_REPORT.stem
    change = library.curator.update(doc_id, {"title": "Yeni Başlık", "year": 2021}, ACTOR)
    metadata = tomllib.loads((library.corpus / "reports" / f"{doc_id}.toml").read_text())
    assert (metadata["title"], metadata["year"]) == ("Yeni Başlık", 2021)
    assert change.entry.title == "Yeni Başlık"
    assert library.store.read_manifest()[doc_id].year == 2021
    assert library.found("Yeni Başlık")[:1] == [doc_id]


def test_remove_then_restore_brings_the_document_back(library: Library) -> None:
    doc_id = SMALL_REPORT.stem
    trash = library.curator.remove(doc_id, ACTOR)
    assert corpus_pdfs(library.corpus) == []
    assert doc_id not in library.store.read_manifest()
    assert [entry.name for entry in library.collection.trashed()] == [trash.name]
    change = library.curator.restore(trash.name, ACTOR)
    assert change.doc_id == doc_id
    assert [path.name for path in corpus_pdfs(library.corpus)] == [SMALL_REPORT.name]
    assert doc_id in library.store.read_manifest()
    assert library.actions() == ["remove", "restore"]


def test_replace_keeps_the_name_and_trashes_the_old_pdf(library: Library) -> None:
    doc_id = SMALL_REPORT.stem
    word = distinct_word(4, "cur")
    change = library.curator.replace(
        doc_id, library.staged(make_pdf(f"Yeni metin {word}")), ACTOR, "yeni.pdf"
    )
    assert change.trash is not None and change.trash.pdf_path.is_file()
    assert library.found(word) == [doc_id]
    assert [path.name for path in corpus_pdfs(library.corpus)] == [SMALL_REPORT.name]


def test_a_second_document_may_not_claim_a_law_number(library: Library) -> None:
    law = {"title": "Kanun", "kind": "law", "law_number": "9999"}
    library.curator.add(library.staged(make_pdf("MADDE 1 – Birinci madde.")), law, ACTOR, "k")
    other = make_pdf(f"MADDE 1 – Başka {distinct_word(5, 'cur')}.")
    with pytest.raises(Conflict):
        library.curator.add(library.staged(other), {**law, "title": "Başka"}, ACTOR, "b")
    assert library.actions() == ["add"]
