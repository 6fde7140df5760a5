"""Changing the collection: add, correct, replace, remove and restore documents.

`Curator` is the one facade the JSON API, the admin pages and the command line use. Each
change runs in the same order, so that a crash at any moment loses nothing accepted:

1. screen the staged PDF (a PDF at all? a duplicate? a law number already taken?) — cheap,
   in the request, nothing is stored yet;
2. read it (slow: through the injected `reader`, a worker process in the service, so that
   its limits hold; outside any index lock) — once: the proposal and the stored document
   both come from that one `ReadDocument`;
3. give the files their corpus names (atomic; `collection`);
4. index through the one writer (`IndexQueue` in the service, `IndexStore` on the command
   line), which returns once committed: then the document is searchable;
5. append to the audit log.

A crash after 3 is repaired by the next start's reconcile, which indexes what the corpus
holds; a crash before 3 leaves only hidden staging files.
"""

from __future__ import annotations

import dataclasses
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from indexer.corpus import (
    Collection,
    CorpusFile,
    TrashEntry,
    content_hash,
    content_hash_of,
    corpus_pdf_paths,
    dump_metadata,
    kind_folder,
    load_metadata,
    unique_stem,
)
from indexer.errors import Conflict, DuplicateDocument, NotFound, UnreadablePdf
from indexer.extraction import (
    ExtractedDocument,
    ProgressCallback,
    ReadDocument,
    describe_document,
)
from indexer.files import file_sha256
from indexer.index import IndexStore, ManifestEntry, manifest_entry
from indexer.notices import Notice
from indexer.pdf import check_pdf_file, probe_pdf
from search_api.curation.audit import AuditLog, field_changes
from search_api.curation.contracts import Change, IndexWriting, Reader, in_process_reader
from search_api.curation.fields import apply_changes
from search_api.curation.proposals import Proposal, propose, short_doc_id, warnings_for


class Curator:
    def __init__(
        self,
        collection: Collection,
        store: IndexStore,
        audit: AuditLog,
        writer: IndexWriting | None = None,
        reader: Reader | None = None,
    ) -> None:
        self.collection = collection
        self.store = store
        self.audit = audit
        self.writer: IndexWriting = writer or store
        self.reader = reader or in_process_reader(store.extractor)
        self._lock = threading.Lock()
        self._pending: dict[str, str] = {}  # sha256 of a PDF being added → its doc_id
        self._busy: set[str] = set()  # doc_ids being changed
        self._idle = threading.Condition(self._lock)

    # -- looking before storing ------------------------------------------------------------

    def screen(
        self,
        staged: Path,
        name: str,
        given: dict[str, Any] | None = None,
        replacing: str | None = None,
    ) -> str:
        """The cheap refusals, before any job: not a PDF, empty, encrypted without the
        password (`given`'s, or the stored one of the document it is `replacing`) or with a
        wrong one, no pages (a bounded look: `probe_pdf`), a PDF already in the collection,
        a law number already taken. Returns the PDF's sha256."""
        password = (given or {}).get("password")
        if password is None and replacing is not None:
            password = self.stored_password(replacing)
        try:
            check_pdf_file(staged)
            probe_pdf(staged, password)
        except UnreadablePdf as error:
            raise error.under_name(name) from error
        sha = file_sha256(staged)
        with self._lock:
            self._refuse_duplicate(sha)
        if given:
            self._check_law_number(given, None)
        return sha

    def stored_password(self, doc_id: str) -> str | None:
        """The password in a document's metadata file (None for an unknown document)."""
        try:
            password = load_metadata(self.collection.find(doc_id).meta_path).get("password")
        except NotFound:
            return None
        return str(password) if password else None

    def read(
        self,
        staged: Path,
        name: str,
        password: str | None,
        progress: ProgressCallback | None = None,
    ) -> ReadDocument:
        """The PDF's pages, through the reader (slow; `UnreadablePdf` under `name`)."""
        try:
            return self.reader(staged, name, password, progress)
        except UnreadablePdf as error:
            raise error.under_name(name) from error

    def propose(self, staged: Path, read: ReadDocument, name: str) -> Proposal:
        """What the confirm form shows: metadata detected from the pages that were read."""
        sha = file_sha256(staged)
        return propose(read, name, sha, self.collection.pdf_hashes().get(sha))

    # -- adding ----------------------------------------------------------------------------

    def add(
        self,
        staged: Path,
        given: dict[str, Any],
        actor: str,
        name: str,
        read: ReadDocument | None = None,
    ) -> Change:
        """Store and index a staged PDF with the librarian's metadata over detected values
        (`read`: its pages, when a job has read them already)."""
        password = given.get("password")
        sha = self.screen(staged, name, {"password": password})
        if read is None:
            read = self.read(staged, name, password)
        proposal = propose(read, name, sha, None)
        metadata = {**proposal.detected, **{k: v for k, v in given.items() if v is not None}}
        metadata.setdefault("title", Path(name).stem)
        metadata.setdefault("kind", "report")
        metadata["added"] = datetime.now(UTC).isoformat(timespec="seconds")
        self._check_law_number(metadata, None)
        with self._reserved(sha, str(metadata["title"])) as doc_id:
            staged_meta = self.collection.stage_metadata(dump_metadata(metadata))
            try:
                probe = CorpusFile(doc_id, staged, staged_meta, content_hash_of(sha, staged_meta))
                document = self._describe(probe, read, name)
                corpus_file = self.collection.place(
                    doc_id, kind_folder(metadata["kind"]), staged, staged_meta
                )
            finally:
                staged_meta.unlink(missing_ok=True)
            document = dataclasses.replace(document, corpus_file=corpus_file)
            entry = self._index(document)
        self.audit.record(
            actor,
            "add",
            doc_id,
            document.meta.title,
            upload=name,
            units=len(document.units),
            changes=field_changes({}, without_secrets(metadata)),
        )
        return Change("add", doc_id, entry, warnings_for(document))

    @contextmanager
    def _reserved(self, sha: str, title: str) -> Iterator[str]:
        """A free doc_id from the title, held (with the PDF's hash) until the add is done, so
        that two uploads never take one name and one PDF is never added twice."""
        with self._lock:
            self._refuse_duplicate(sha)
            taken = self.collection.stems_in_use() | set(self._pending.values()) | self._busy
            doc_id = unique_stem(short_doc_id(title), taken)
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

    def recover(self, sha: str, actor: str, name: str, doc_id: str | None = None) -> Change | None:
        """Finish the add (or, with `doc_id`, the replacement) of the PDF `sha` that a job had
        already placed in the corpus when the service died: index it if the index does not
        show it yet and answer the change. None when the corpus does not hold that PDF (at
        `doc_id`), so the job has to run again."""
        with self._lock:
            found = self.collection.pdf_hashes().get(sha)
        if found is None or (doc_id is not None and found != doc_id):
            return None
        with self._changing(found):
            corpus_file = self.collection.find(found)
            entry = self.store.read_manifest().get(found)
            warnings: list[Notice] = []
            if entry is None or entry.content_hash != corpus_file.content_hash:
                password = load_metadata(corpus_file.meta_path).get("password")
                document = self._extract(corpus_file, name, password)
                entry = self._index(document)
                warnings = warnings_for(document)
        action = "replace" if doc_id is not None else "add"
        self.audit.record(actor, action, found, entry.title or "", upload=name)
        return Change(action, found, entry, warnings)

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
                document = self._extract(probe, corpus_file.source, metadata.get("password"))
                corpus_file = self.collection.commit_metadata(corpus_file, staged_meta)
            finally:
                staged_meta.unlink(missing_ok=True)
            document = dataclasses.replace(document, corpus_file=corpus_file)
            entry = self._index(document)
        changed = field_changes(without_secrets(stored), without_secrets(metadata))
        self.audit.record(
            actor, "update", doc_id, document.meta.title, fields=sorted(changed), changes=changed
        )
        return Change("update", doc_id, entry, warnings_for(document))

    def replace(
        self,
        doc_id: str,
        staged: Path,
        actor: str,
        name: str,
        read: ReadDocument | None = None,
        action: str = "replace",
    ) -> Change:
        """Put a new PDF in place of a document's (the old one goes to the trash). The
        language is proposed again from the new file's text."""
        with self._changing(doc_id):
            corpus_file = self.collection.find(doc_id)
            stored = load_metadata(corpus_file.meta_path)
            sha = self.screen(staged, name, replacing=doc_id)
            if read is None:
                read = self.read(staged, name, stored.get("password"))
            metadata = dict(stored)
            language = propose(read, name, sha, None).detected.get("lang")
            if language:
                metadata["lang"] = language
            staged_meta = self.collection.stage_metadata(dump_metadata(metadata))
            try:
                probe = CorpusFile(doc_id, staged, staged_meta, content_hash_of(sha, staged_meta))
                document = self._describe(probe, read, name)
                before = self.store.read_manifest().get(doc_id)
                title = (before and before.title) or stored.get("title") or ""
                trash = self.collection.swap_pdf(corpus_file, staged, actor, str(title))
                if metadata != stored:
                    corpus_file = self.collection.commit_metadata(corpus_file, staged_meta)
            finally:
                staged_meta.unlink(missing_ok=True)
            meta = corpus_file.meta_path
            corpus_file = CorpusFile(doc_id, corpus_file.pdf_path, meta, content_hash_of(sha, meta))
            document = dataclasses.replace(document, corpus_file=corpus_file)
            entry = self._index(document)
        changed = field_changes(without_secrets(stored), without_secrets(metadata))
        self.audit.record(
            actor,
            action,
            doc_id,
            document.meta.title,
            upload=name,
            old_file=trash.name,
            changes=changed or None,
        )
        return Change(action, doc_id, entry, warnings_for(document), trash)

    def remove(self, doc_id: str, actor: str) -> TrashEntry:
        """Move a document to the trash and drop it from the index."""
        with self._changing(doc_id):
            corpus_file = self.collection.find(doc_id)
            entry = self.store.read_manifest().get(doc_id)
            title = (entry and entry.title) or load_metadata(corpus_file.meta_path).get("title", "")
            trash = self.collection.trash(corpus_file, actor, str(title))
            self.writer.apply([], removed=[doc_id])
        self.audit.record(actor, "remove", doc_id, trash.title, trash=trash.name)
        return trash

    def restore(self, trash_name: str, actor: str) -> Change:
        """Bring a trashed document back and index it again; a replaced file's old version
        becomes the document's file again (the file it replaces goes to the trash)."""
        entry = self.collection.trash_entry(trash_name)
        current = corpus_pdf_paths(self.collection.corpus_dir)
        if entry.reason == "replaced" and entry.doc_id in current:
            return self.restore_version(entry, actor)
        with self._changing(entry.doc_id):
            self._check_law_number(load_metadata(entry.meta_path), entry.doc_id)
            probe = CorpusFile(
                entry.doc_id,
                entry.pdf_path,
                entry.meta_path,
                content_hash(entry.pdf_path, entry.meta_path),
            )
            password = load_metadata(entry.meta_path).get("password")
            document = self._extract(probe, entry.pdf_path.name, password)
            corpus_file = self.collection.restore(entry)
            document = dataclasses.replace(document, corpus_file=corpus_file)
            index_entry = self._index(document)
        self.audit.record(actor, "restore", entry.doc_id, document.meta.title, trash=entry.name)
        return Change("restore", entry.doc_id, index_entry, warnings_for(document))

    def restore_version(self, entry: TrashEntry, actor: str) -> Change:
        """An older file of a document made current again, as a replacement would: read,
        indexed, the current file kept in the trash; the restored version leaves it."""
        if not entry.pdf_path.is_file():
            raise NotFound("trashed_pdf_missing", name=entry.name)
        _, staged = self.collection.new_stage()
        try:
            shutil.copyfile(entry.pdf_path, staged)
            change = self.replace(
                entry.doc_id, staged, actor, entry.pdf_path.name, action="restore"
            )
        finally:
            self.collection.discard_stage(staged)
        shutil.rmtree(entry.path, ignore_errors=True)
        return change

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

    def _extract(self, probe: CorpusFile, name: str, password: str | None) -> ExtractedDocument:
        """Read and describe a file, as the store's reconcile would (limits, OCR cache)."""
        return self._describe(probe, self.read(probe.pdf_path, name, password), name)

    def _describe(self, probe: CorpusFile, read: ReadDocument, name: str) -> ExtractedDocument:
        try:
            return describe_document(probe, read)
        except UnreadablePdf as error:
            raise error.under_name(name) from error

    def _index(self, document: ExtractedDocument) -> ManifestEntry:
        """Index through the one writer; the manifest entry as it was stored."""
        self.writer.apply([document])
        return self.stored_entry(document)

    def stored_entry(self, document: ExtractedDocument) -> ManifestEntry:
        """The manifest entry the commit wrote (what the read routes show afterwards), not a
        second one made a moment apart (its `indexed_at` a second later on a loaded machine)."""
        stored = self.store.read_manifest().get(document.meta.doc_id)
        return stored if stored is not None else manifest_entry(document)

    def _check_law_number(self, metadata: dict[str, Any], doc_id: str | None) -> None:
        """Articles are addressed by law number: two documents may not claim one law."""
        number = metadata.get("law_number")
        if metadata.get("kind") != "law" or not number:
            return
        for other, entry in self.store.read_manifest().items():
            if other != doc_id and entry.kind == "law" and entry.law_number == number:
                raise Conflict("law_already_present", law_number=number, doc_id=other)


def without_secrets(metadata: dict[str, Any]) -> dict[str, Any]:
    """Metadata as the audit log may show it: a password only as "(set)"."""
    shown = {name: value for name, value in metadata.items() if name != "added"}
    if shown.get("password"):
        shown["password"] = "(set)"
    return shown
