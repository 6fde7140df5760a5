"""The one writer path: every change to the index and its manifest goes through `IndexStore`.

The index lives in `<data_dir>/index`, stamped with `schema.INDEX_VERSION`; a different stamp
means the analysis or schema changed, and the index is rebuilt from the corpus. Beside it,
`manifest.json` records each document's content hash, metadata, unit count and problems, so
that `reconcile` touches only what was added, changed or removed.

Whoosh allows one writer at a time. In one process a lock queues writers; across processes
(`kaynak index` while the service runs) Whoosh's own lock is waited for, never failed on.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import shutil
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from whoosh import index
from whoosh.filedb.filestore import FileStorage
from whoosh.writing import IndexWriter

from indexer.analysis import content_word_count
from indexer.corpus import CorpusFile, find_corpus_files, load_metadata
from indexer.errors import PdfProblem, UnreadablePdf
from indexer.extraction import ExtractedDocument, Extractor
from indexer.files import write_atomically
from indexer.index.schema import INDEX_VERSION, build_schema
from indexer.models import SearchUnit

logger = logging.getLogger(__name__)

WRITER_TIMEOUT_SECONDS = 120.0
WRITE_LOCK_NAME = ".write.lock"
ProgressCallback = Callable[[str, int, int], None]


@dataclass
class IndexSummary:
    """What one reconcile did, for the one-line summary and the admin page."""

    documents: int = 0
    units: int = 0
    added: int = 0
    changed: int = 0
    removed: int = 0
    unchanged: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0
    rebuilt: bool = False

    @property
    def work_done(self) -> int:
        return self.added + self.changed + self.removed

    def line(self) -> str:
        skipped = "; ".join(f"{source}: {reason}" for source, reason in self.skipped)
        return (
            f"{self.documents} documents, {self.units} units "
            f"(+{self.added} ~{self.changed} -{self.removed}, {self.unchanged} unchanged), "
            f"{len(self.skipped)} skipped{f' ({skipped})' if skipped else ''}, "
            f"{self.seconds:.1f} s"
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "units": self.units,
            "added": self.added,
            "changed": self.changed,
            "removed": self.removed,
            "unchanged": self.unchanged,
            "skipped": [{"source": s, "reason": r} for s, r in self.skipped],
            "seconds": round(self.seconds, 2),
            "rebuilt": self.rebuilt,
        }


def unit_headings(unit: SearchUnit) -> tuple[str, str]:
    """A unit's own title, and its heading: an article's title with its law's title after it
    (so "uluslararası koruma başvurusu" finds `Başvuru` in the Uluslararası Koruma law), or a
    report's title on each of its pages."""
    if not unit.article:
        return unit.doc_title, unit.doc_title
    own = unit.article_title or ""
    return own, " ".join(part for part in (own, unit.doc_title) if part)


def unit_fields(unit: SearchUnit, source: str) -> dict[str, Any]:
    """A search unit as Whoosh document fields."""
    own_title, heading = unit_headings(unit)
    stemmed_body = "body_en" if unit.lang == "en" else "body_tr"
    stemmed_heading = "heading_en" if unit.lang == "en" else "heading_tr"
    stemmed_title = "title_en" if unit.lang == "en" else "title_tr"
    fields: dict[str, Any] = {
        "unit_id": unit.unit_id,
        "doc_id": unit.doc_id,
        "kind": unit.kind,
        "lang": unit.lang,
        "article": unit.article,
        "article_title": unit.article_title,
        "doc_title": unit.doc_title,
        "source": source,
        "page": unit.page,
        "page_end": unit.page_end or unit.page,
        "order": unit.order,
        "repealed": unit.repealed,
        "ocr": unit.ocr,
        "text": unit.text,
        "payload": json.dumps(
            {
                "notes": unit.notes,
                "part": unit.part,
                "chapter": unit.chapter,
                "structure": json.loads(unit.payload) if unit.payload else None,
            },
            ensure_ascii=False,
        ),
        "body": unit.text,
        "surface": f"{heading}\n{unit.text}",
        stemmed_body: unit.text,
        "body_prefix": unit.text,
        "heading": heading,
        stemmed_heading: heading,
        "heading_prefix": heading,
        stemmed_title: own_title,
        "title_prefix": own_title,
        "title_words": content_word_count(own_title),
        "notes": " ".join(unit.notes),
    }
    if unit.law_number:
        fields["law_number"] = unit.law_number
    if unit.article_key:
        fields["article_key"] = unit.article_key
    if unit.year is not None:
        fields["year"] = str(unit.year)
        fields["year_number"] = unit.year
    return fields


class FreshReaderIndex(index.FileIndex):
    """The Whoosh index, with readers that always reflect the latest commit.

    whoosh-reloaded's `reader(reuse=old)` (what `Searcher.refresh()` calls) keeps segments a
    commit merged away and reuses segment readers whose deletions changed, so a refreshed
    searcher still finds removed documents, and finds re-added ones twice. Open fresh
    readers instead, and close the old one as the `reuse` contract says.
    """

    def reader(self, reuse: Any = None) -> Any:
        fresh = super().reader()
        if reuse is not None:
            reuse.close()
        return fresh


class IndexStore:
    """The index on disk and its manifest; the only code that writes either."""

    def __init__(
        self, data_dir: Path, workers: int = 2, extractor: Extractor | None = None
    ) -> None:
        self.data_dir = data_dir
        self.ocr_cache_dir = data_dir / "ocr-cache"  # OCR'd pages, kept across runs
        self.extractor = extractor or Extractor(self.ocr_cache_dir)  # what reads each PDF
        self.index_dir = data_dir / "index"
        self.manifest_path = data_dir / "manifest.json"
        self.summary_path = data_dir / "last-index-summary.json"
        self.workers = workers
        self._lock = threading.Lock()
        self.rebuilt = False
        self.index = self._open_or_create()

    # -- opening ---------------------------------------------------------------------------

    def _open_or_create(self) -> index.Index:
        stamp = self.index_dir / "KAYNAK_VERSION"
        if index.exists_in(str(self.index_dir)) and stamp.is_file():
            if stamp.read_text().strip() == INDEX_VERSION:
                return FreshReaderIndex(FileStorage(str(self.index_dir)))
            logger.info("index version changed: rebuilding")
        if self.index_dir.exists():
            shutil.rmtree(self.index_dir)
        self.manifest_path.unlink(missing_ok=True)
        self.index_dir.mkdir(parents=True)
        created = FreshReaderIndex.create(FileStorage(str(self.index_dir)), build_schema())
        stamp.write_text(INDEX_VERSION)
        self.rebuilt = True
        return created

    # -- manifest --------------------------------------------------------------------------

    def read_manifest(self) -> dict[str, dict[str, Any]]:
        if not self.manifest_path.is_file():
            return {}
        try:
            return dict(json.loads(self.manifest_path.read_text(encoding="utf-8")))
        except (json.JSONDecodeError, OSError):
            logger.warning("manifest unreadable: every document will be re-indexed")
            return {}

    def _write_manifest(self, manifest: dict[str, dict[str, Any]]) -> None:
        data = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True)
        write_atomically(self.manifest_path, data.encode("utf-8"))

    # -- writing ---------------------------------------------------------------------------

    @contextmanager
    def _exclusive(self) -> Iterator[None]:
        """Held for a whole change (index commit and manifest): one thread of this process,
        and one process (`kaynak index` or `kaynak add` beside the service), at a time."""
        with self._lock:
            self.data_dir.mkdir(parents=True, exist_ok=True)
            handle = os.open(self.data_dir / WRITE_LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                fcntl.flock(handle, fcntl.LOCK_EX)
                yield
            finally:
                os.close(handle)  # closing releases the lock

    @contextmanager
    def _writer(self) -> Iterator[IndexWriter]:
        writer = self.index.writer(timeout=WRITER_TIMEOUT_SECONDS)
        try:
            yield writer
        except BaseException:
            writer.cancel()
            raise
        else:
            writer.commit()

    def apply(
        self,
        documents: Iterable[ExtractedDocument],
        removed: Iterable[str] = (),
        failed: Iterable[tuple[CorpusFile, str]] = (),
    ) -> None:
        """Replace the given documents' units, drop removed ones, record failures: one commit.

        The manifest is written after the commit: a crash in between leaves documents the
        manifest does not know, which the next reconcile indexes again (never the reverse,
        a manifest that vouches for units the index does not hold).
        """
        with self._exclusive():
            manifest = self.read_manifest()
            with self._writer() as writer:
                for doc_id in removed:
                    writer.delete_by_term("doc_id", doc_id)
                    manifest.pop(doc_id, None)
                for document in documents:
                    self._replace(writer, document)
                    manifest[document.meta.doc_id] = manifest_entry(document)
                for corpus_file, reason in failed:
                    writer.delete_by_term("doc_id", corpus_file.doc_id)
                    manifest[corpus_file.doc_id] = failed_entry(corpus_file, reason)
            self._write_manifest(manifest)

    def _replace(self, writer: IndexWriter, document: ExtractedDocument) -> None:
        writer.delete_by_term("doc_id", document.meta.doc_id)
        for unit in document.units:
            writer.add_document(**unit_fields(unit, document.corpus_file.source))

    # -- reconciling with the corpus -------------------------------------------------------

    def reconcile(self, corpus_dir: Path, progress: ProgressCallback | None = None) -> IndexSummary:
        """Bring the index in line with the corpus folder, touching only what changed."""
        started = time.perf_counter()
        summary = IndexSummary(rebuilt=self.rebuilt)
        manifest = self.read_manifest()
        files = find_corpus_files(corpus_dir)
        present = {corpus_file.doc_id for corpus_file in files}
        removed = [doc_id for doc_id in manifest if doc_id not in present]
        todo = [
            f for f in files if manifest.get(f.doc_id, {}).get("content_hash") != f.content_hash
        ]
        summary.unchanged = len(files) - len(todo)
        self._record_moves(files, manifest)
        done: list[ExtractedDocument] = []
        failed: list[tuple[CorpusFile, str]] = []
        for corpus_file, result in self._extract_all(todo, progress):
            if isinstance(result, ExtractedDocument):
                done.append(result)
                if corpus_file.doc_id in manifest:
                    summary.changed += 1
                else:
                    summary.added += 1
            else:
                failed.append((corpus_file, result.reason))
        if done or removed or failed:
            self.apply(done, removed=removed, failed=failed)
        summary.removed = len(removed)
        manifest = self.read_manifest()
        summary.skipped = sorted(
            (entry["source"], entry["error"]) for entry in manifest.values() if entry.get("error")
        )
        summary.documents = sum(1 for entry in manifest.values() if not entry.get("error"))
        summary.units = sum(entry.get("unit_count", 0) for entry in manifest.values())
        summary.seconds = time.perf_counter() - started
        self.rebuilt = False
        write_atomically(self.summary_path, json.dumps(summary.as_dict()).encode())
        return summary

    def _record_moves(self, files: list[CorpusFile], manifest: dict[str, dict[str, Any]]) -> None:
        """An unchanged PDF moved to another folder keeps its units; only its path changes."""
        moved = {
            f.doc_id: str(f.pdf_path)
            for f in files
            if f.doc_id in manifest and manifest[f.doc_id].get("path") != str(f.pdf_path)
        }
        if not moved:
            return
        with self._exclusive():
            current = self.read_manifest()
            for doc_id, path in moved.items():
                if doc_id in current:
                    current[doc_id]["path"] = path
            self._write_manifest(current)

    def _extract_all(
        self, todo: list[CorpusFile], progress: ProgressCallback | None
    ) -> Iterator[tuple[CorpusFile, ExtractedDocument | UnreadablePdf]]:
        """Extract files on all workers; a failure is returned, never raised."""
        if not todo:
            return
        if self.workers <= 1 or len(todo) == 1:
            for number, corpus_file in enumerate(todo, start=1):
                yield corpus_file, self.extractor.extract_safely(corpus_file)
                if progress:
                    progress(corpus_file.source, number, len(todo))
            return
        with ProcessPoolExecutor(max_workers=self.workers) as pool:
            futures = {pool.submit(self.extractor.extract_safely, f): f for f in todo}
            for number, future in enumerate(as_completed(futures), start=1):
                corpus_file = futures[future]
                try:
                    result = future.result()
                except Exception as error:  # a worker that died (memory, signal)
                    detail = type(error).__name__
                    result = UnreadablePdf(
                        corpus_file.source, PdfProblem.UNPROCESSED, detail=detail
                    )
                yield corpus_file, result
                if progress:
                    progress(corpus_file.source, number, len(todo))


def manifest_entry(document: ExtractedDocument) -> dict[str, Any]:
    meta = document.meta
    return {
        "doc_id": meta.doc_id,
        "source": document.corpus_file.source,
        "path": str(document.corpus_file.pdf_path),
        "content_hash": document.corpus_file.content_hash,
        "title": meta.title,
        "kind": meta.kind,
        "lang": meta.lang,
        "year": meta.year,
        "date": meta.date,
        "publisher": meta.publisher,
        "law_number": (meta.law_number or meta.doc_id) if meta.kind == "law" else None,
        "source_url": meta.source_url,
        "author": meta.author,
        "page_count": document.page_count,
        "unit_count": len(document.units),
        "ocr_pages": document.ocr_pages,
        "problems": document.problems,
        "law": document.law,
        "added": added_date(document.corpus_file),
        "indexed_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }


def added_date(corpus_file: CorpusFile) -> str | None:
    """When the document joined the collection: its metadata's `added`, else the PDF's mtime."""
    added = load_metadata(corpus_file.meta_path).get("added")
    if added:
        return str(added)
    try:
        mtime = corpus_file.pdf_path.stat().st_mtime
    except OSError:
        return None
    return datetime.fromtimestamp(mtime, UTC).isoformat(timespec="seconds")


def failed_entry(corpus_file: CorpusFile, reason: str) -> dict[str, Any]:
    return {
        "doc_id": corpus_file.doc_id,
        "source": corpus_file.source,
        "path": str(corpus_file.pdf_path),
        "content_hash": corpus_file.content_hash,
        "error": reason,
        "unit_count": 0,
        "indexed_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
