"""Changing the collection: add, correct, replace, remove and restore documents.

`Curator` is the one facade the JSON API, the admin pages and the command line use. Each
change runs in the same order, so that a crash at any moment loses nothing accepted:

1. check the staged PDF (a PDF? readable? a duplicate?) — nothing is stored yet;
2. extract it (slow, in the caller's thread, outside any index lock);
3. give the files their corpus names (atomic; `collection`);
4. index through the one writer (`IndexQueue` in the service, `IndexStore` on the command
   line), which returns once committed: then the document is searchable;
5. append to the audit log.

A crash after 3 is repaired by the next start's reconcile, which indexes what the corpus
holds; a crash before 3 leaves only hidden staging files.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path
from typing import Any, Protocol

from indexer.corpus import (
    Collection,
    CorpusFile,
    TrashEntry,
    content_hash,
    content_hash_of,
    dump_metadata,
    kind_folder,
    load_metadata,
    slugify,
    unique_stem,
)
from indexer.errors import Conflict, DuplicateDocument, UnreadablePdf
from indexer.extraction import ExtractedDocument, detect_metadata
from indexer.files import file_sha256
from indexer.index import IndexStore, manifest_entry
from indexer.layout import build_document_text
from indexer.pdf import check_pdf_file, read_info, read_pages
from search_api.curation.audit import AuditLog
from search_api.curation.fields import apply_changes

DETECTION_PAGES = 10  # metadata detection reads at most this many pages


class IndexWriting(Protocol):
    def apply(
        self, documents: Iterable[ExtractedDocument], removed: Iterable[str] = ()
    ) -> None: ...


@dataclass
class Preview:
    """What an upload looks like before it is stored: for the confirm form."""

    detected: dict[str, Any]
    page_count: int
    sha256: str
    duplicate_of: str | None = None


@dataclass
class Change:
    """The outcome of one change: the document's manifest entry and what to tell the user."""

    action: str
    doc_id: str
    entry: dict[str, Any]
    warnings: list[str] = field(default_factory=list)
    trash: TrashEntry | None = None


class Curator:
    def __init__(
        self,
        collection: Collection,
        store: IndexStore,
        audit: AuditLog,
        writer: IndexWriting | None = None,
    ) -> None:
        self.collection = collection
        self.store = store
        self.audit = audit
        self.writer: IndexWriting = writer or store
        self._lock = threading.Lock()
        self._pending: dict[str, str] = {}  # sha256 of a PDF being added → its doc_id
        self._busy: set[str] = set()  # doc_ids being changed
        self._idle = threading.Condition(self._lock)

    # -- looking before storing ------------------------------------------------------------

    def check(self, staged: Path, password: str | None, name: str) -> int:
        """Refuse what is not a readable PDF (`UnreadablePdf` under the client's name)."""
        try:
            check_pdf_file(staged)
            return read_info(staged, password).page_count
        except UnreadablePdf as error:
            raise error.under_name(name) from error

    def preview(self, staged: Path, password: str | None, name: str) -> Preview:
        page_count = self.check(staged, password, name)
        sha = file_sha256(staged)
        return Preview(
            detected=self.detect(staged, password, name),
            page_count=page_count,
            sha256=sha,
            duplicate_of=self.collection.pdf_hashes().get(sha),
        )

    def detect(self, staged: Path, password: str | None, name: str) -> dict[str, Any]:
        """Title, language, kind, law number and year from the first pages' text."""
        try:
            info = read_info(staged, password)
            pages = build_document_text(list(islice(read_pages(staged, password), DETECTION_PAGES)))
        except UnreadablePdf as error:
            raise error.under_name(name) from error
        detected = detect_metadata(Path(name).stem, pages, info.metadata)
        keep = ("title", "kind", "lang", "year", "date", "law_number", "author")
        return {key: detected[key] for key in keep if detected.get(key) not in (None, "")}

    # -- adding ----------------------------------------------------------------------------

    def add(self, staged: Path, given: dict[str, Any], actor: str, name: str) -> Change:
        """Store and index a staged PDF with the librarian's metadata over detected values."""
        password = given.get("password")
        self.check(staged, password, name)
        sha = file_sha256(staged)
        detected: dict[str, Any] = {}
        if not (given.get("title") and given.get("kind")):
            detected = self.detect(staged, password, name)
        metadata = {**detected, **{k: v for k, v in given.items() if v is not None}}
        metadata.setdefault("title", Path(name).stem)
        metadata.setdefault("kind", "report")
        metadata["added"] = datetime.now(UTC).isoformat(timespec="seconds")
        self._check_law_number(metadata, None)
        with self._reserved(sha, str(metadata["title"])) as doc_id:
            staged_meta = self.collection.stage_metadata(dump_metadata(metadata))
            try:
                probe = CorpusFile(doc_id, staged, staged_meta, content_hash_of(sha, staged_meta))
                document = self._extract(probe, name)
                corpus_file = self.collection.place(
                    doc_id, kind_folder(metadata["kind"]), staged, staged_meta
                )
            finally:
                staged_meta.unlink(missing_ok=True)
            document = dataclasses.replace(document, corpus_file=corpus_file)
            self.writer.apply([document])
        self.audit.record(
            actor, "add", doc_id, document.meta.title, units=len(document.units), upload=name
        )
        return Change("add", doc_id, self.stored_entry(document), warnings_for(document))

    @contextmanager
    def _reserved(self, sha: str, title: str) -> Iterator[str]:
        """A free doc_id from the title, held (with the PDF's hash) until the add is done, so
        that two uploads never take one name and one PDF is never added twice."""
        with self._lock:
            self._refuse_duplicate(sha)
            taken = self.collection.stems_in_use() | set(self._pending.values()) | self._busy
            doc_id = unique_stem(slugify(title), taken)
            self._pending[sha] = doc_id
        try:
            yield doc_id
        finally:
            with self._lock:
                self._pending.pop(sha, None)

    def _refuse_duplicate(self, sha: str) -> None:
        """`DuplicateDocument` if a PDF with this sha256 is in the corpus or being added
        (call with `_lock` held)."""
        existing = self._pending.get(sha) or self.collection.pdf_hashes().get(sha)
        if existing:
            raise DuplicateDocument(existing)

    # -- changing an existing document -----------------------------------------------------

    def update(self, doc_id: str, changes: dict[str, Any], actor: str) -> Change:
        """Rewrite a document's metadata (None removes a field) and re-index it."""
        with self._changing(doc_id):
            corpus_file = self.collection.find(doc_id)
            stored = load_metadata(corpus_file.meta_path)
            metadata = apply_changes(stored, changes)
            self._check_law_number(metadata, doc_id)
            staged_meta = self.collection.stage_metadata(dump_metadata(metadata))
            try:
                pdf = corpus_file.pdf_path
                sha = self.collection.sha256(pdf)  # cached: `find` just hashed it
                probe = CorpusFile(doc_id, pdf, staged_meta, content_hash_of(sha, staged_meta))
                document = self._extract(probe, corpus_file.source)
                corpus_file = self.collection.commit_metadata(corpus_file, staged_meta)
            finally:
                staged_meta.unlink(missing_ok=True)
            document = dataclasses.replace(document, corpus_file=corpus_file)
            self.writer.apply([document])
        changed = sorted(name for name in changes if stored.get(name) != metadata.get(name))
        self.audit.record(actor, "update", doc_id, document.meta.title, fields=changed)
        return Change("update", doc_id, self.stored_entry(document), warnings_for(document))

    def replace(self, doc_id: str, staged: Path, actor: str, name: str) -> Change:
        """Put a new PDF in place of a document's (the old one goes to the trash)."""
        with self._changing(doc_id):
            corpus_file = self.collection.find(doc_id)
            stored = load_metadata(corpus_file.meta_path)
            self.check(staged, stored.get("password"), name)
            sha = file_sha256(staged)
            with self._lock:
                self._refuse_duplicate(sha)
            meta = corpus_file.meta_path
            probe = CorpusFile(doc_id, staged, meta, content_hash_of(sha, meta))
            document = self._extract(probe, name)
            trash = self.collection.swap_pdf(corpus_file, staged, actor)
            corpus_file = CorpusFile(doc_id, corpus_file.pdf_path, meta, probe.content_hash)
            document = dataclasses.replace(document, corpus_file=corpus_file)
            self.writer.apply([document])
        self.audit.record(
            actor, "replace", doc_id, document.meta.title, upload=name, old_file=trash.name
        )
        return Change("replace", doc_id, self.stored_entry(document), warnings_for(document), trash)

    def remove(self, doc_id: str, actor: str) -> TrashEntry:
        """Move a document to the trash and drop it from the index."""
        with self._changing(doc_id):
            corpus_file = self.collection.find(doc_id)
            entry = self.store.read_manifest().get(doc_id, {})
            title = entry.get("title") or load_metadata(corpus_file.meta_path).get("title", "")
            trash = self.collection.trash(corpus_file, actor, str(title))
            self.writer.apply([], removed=[doc_id])
        self.audit.record(actor, "remove", doc_id, trash.title, trash=trash.name)
        return trash

    def restore(self, trash_name: str, actor: str) -> Change:
        """Bring a trashed document back and index it again."""
        entry = self.collection.trash_entry(trash_name)
        with self._changing(entry.doc_id):
            self._check_law_number(load_metadata(entry.meta_path), entry.doc_id)
            probe = CorpusFile(
                entry.doc_id,
                entry.pdf_path,
                entry.meta_path,
                content_hash(entry.pdf_path, entry.meta_path),
            )
            document = self._extract(probe, entry.pdf_path.name)
            corpus_file = self.collection.restore(entry)
            document = dataclasses.replace(document, corpus_file=corpus_file)
            self.writer.apply([document])
        self.audit.record(actor, "restore", entry.doc_id, document.meta.title, trash=entry.name)
        return Change("restore", entry.doc_id, self.stored_entry(document), warnings_for(document))

    @contextmanager
    def _changing(self, doc_id: str) -> Iterator[None]:
        """One change per document at a time (a second one waits for the first)."""
        with self._idle:
            while doc_id in self._busy:
                self._idle.wait()
            self._busy.add(doc_id)
        try:
            yield
        finally:
            with self._idle:
                self._busy.discard(doc_id)
                self._idle.notify_all()

    # -- shared steps ----------------------------------------------------------------------

    def stored_entry(self, document: ExtractedDocument) -> dict[str, Any]:
        """The manifest entry the commit wrote (what the read routes show afterwards)."""
        stored = self.store.read_manifest().get(document.meta.doc_id)
        return stored if stored is not None else manifest_entry(document)

    def _extract(self, probe: CorpusFile, name: str) -> ExtractedDocument:
        """Extract as the store's reconcile would: with the store's `Extractor`."""
        result = self.store.extractor.extract_safely(probe)
        if isinstance(result, UnreadablePdf):
            raise result.under_name(name)
        return result

    def _check_law_number(self, metadata: dict[str, Any], doc_id: str | None) -> None:
        """Articles are addressed by law number: two documents may not claim one law."""
        number = metadata.get("law_number")
        if metadata.get("kind") != "law" or not number:
            return
        for other, entry in self.store.read_manifest().items():
            if other != doc_id and entry.get("kind") == "law" and entry.get("law_number") == number:
                raise Conflict("law_already_present", law_number=number, doc_id=other)


def warnings_for(document: ExtractedDocument) -> list[str]:
    """What a librarian should know about a document that was indexed all the same."""
    warnings = []
    if document.page_count and document.ocr_pages >= document.page_count:
        warnings.append(
            "Yalnızca OCR ile okunabildi; metinde hatalar olabilir "
            "(only OCR could read it; the text may contain errors)"
        )
    elif document.ocr_pages:
        warnings.append(
            f"{document.ocr_pages} sayfa OCR ile okundu ({document.ocr_pages} pages read by OCR)"
        )
    if document.meta.kind == "law" and not any(unit.article_key for unit in document.units):
        warnings.append(
            "Madde bulunamadı; sayfa sayfa dizinlendi (no articles found; indexed page by page)"
        )
    warnings.extend(document.problems[:10])
    return warnings
