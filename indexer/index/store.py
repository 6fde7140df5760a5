"""The one writer path: every change to the index and its manifest goes through `IndexStore`.

The index being served is the current generation (`generations`); a store opened on a data
folder whose index has another version serves it as it is and changes nothing until asked to
write: `reconcile` then builds the new version beside it (from the extraction cache where it
can) and swaps it in when complete. Only `rebuild` deletes superseded generations.

Whoosh allows one writer at a time. In one process a lock queues writers; across processes
(`kaynak index` while the service runs) a file lock does. Every wait has a timeout and ends
in `IndexBusy`, never a silent hang.
"""

from __future__ import annotations

import fcntl
import json
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from itertools import chain, islice
from pathlib import Path

from whoosh.index import LockError
from whoosh.searching import Searcher
from whoosh.writing import IndexWriter

from indexer.corpus import CorpusFile
from indexer.errors import IndexBusy, UnreadablePdf
from indexer.extraction import ExtractedDocument, Extractor
from indexer.files import write_atomically
from indexer.index import generations, writing
from indexer.index.extraction_cache import ExtractionCache
from indexer.index.generations import FreshReaderIndex, Generation
from indexer.index.manifest import (
    Manifest,
    failed_entry,
    manifest_entry,
    read_manifest,
    write_manifest,
)
from indexer.index.progress import PROGRESS_FILE, IndexingProgress, IndexSummary, now
from indexer.index.schema import INDEX_VERSION, unit_fields
from indexer.models import SearchUnit

LOCK_TIMEOUT_SECONDS = 120.0
WRITE_LOCK_NAME = ".write.lock"
RECONCILE_LOCK_NAME = ".reconcile.lock"
# Units a bulk write commits at a time: 100,000 units are four commits of two segments each
# (12,500 units, one tier), which never merge until the fifth.
BULK_BATCH_UNITS = 25_000


class IndexStore:
    """The index on disk and its manifest; the only code that writes either."""

    def __init__(
        self,
        data_dir: Path,
        workers: int = 2,
        extractor: Extractor | None = None,
        lock_timeout: float = LOCK_TIMEOUT_SECONDS,
    ) -> None:
        self.data_dir = data_dir
        self.ocr_cache_dir = data_dir / "ocr-cache"  # OCR'd pages, kept across runs
        self.extractor = extractor or Extractor(self.ocr_cache_dir)  # what reads each PDF
        self.extraction_cache = ExtractionCache(data_dir / "extraction-cache")
        self.summary_path = data_dir / "last-index-summary.json"
        self.workers = workers
        self.lock_timeout = lock_timeout
        self.progress = IndexingProgress(data_dir / PROGRESS_FILE)  # every process shows it
        self._lock = threading.RLock()
        self._depth = 0  # nesting of `exclusive` in the thread that holds `_lock`
        self._opened: tuple[tuple[int, int] | None, Generation, FreshReaderIndex] | None = None

    # -- the generation being served -------------------------------------------------------

    def current(self) -> tuple[Generation, FreshReaderIndex]:
        """The served generation and its index, reopened when another process swapped in a
        new one. A data folder without any index gets an empty one of this version."""
        signature = generations.pointer_signature(self.data_dir)
        opened = self._opened
        if opened is not None and opened[0] == signature:
            return opened[1], opened[2]
        generation = generations.current_generation(self.data_dir)
        if generation is None:
            with self.exclusive():
                generation = generations.current_generation(self.data_dir)
                if generation is None:
                    generation, _ = generations.new_generation(self.data_dir, INDEX_VERSION)
                    generations.swap_in(self.data_dir, generation)
            signature = generations.pointer_signature(self.data_dir)
        self._opened = (signature, generation, generations.open_generation(generation))
        return self._opened[1], self._opened[2]

    @property
    def index(self) -> FreshReaderIndex:
        return self.current()[1]

    @property
    def manifest_path(self) -> Path:
        return self.current()[0].manifest_path

    def served_version(self) -> str | None:
        return self.current()[0].version()

    def needs_rebuild(self) -> bool:
        """The served index was built by another analysis or schema version."""
        return self.served_version() != INDEX_VERSION

    def is_current(self, searcher: Searcher) -> bool:
        """Whether `searcher` still shows the served index at its latest commit."""
        opened = self._opened
        return (
            opened is not None
            and opened[0] == generations.pointer_signature(self.data_dir)
            and searcher._ix is opened[2]
            and searcher.up_to_date()
        )

    # -- manifest --------------------------------------------------------------------------

    def read_manifest(self, generation: Generation | None = None) -> Manifest:
        return read_manifest((generation or self.current()[0]).manifest_path)

    # -- locks -----------------------------------------------------------------------------

    @contextmanager
    def exclusive(self) -> Iterator[None]:
        """Held for a whole change (index commit and manifest): one thread of this process,
        and one process (`kaynak index` or `kaynak add` beside the service), at a time."""
        if not self._lock.acquire(timeout=self.lock_timeout):
            raise IndexBusy("write lock", self.lock_timeout)
        try:
            self._depth += 1
            if self._depth > 1:  # this thread holds the file lock already
                yield
                return
            with self.file_lock(WRITE_LOCK_NAME, "write lock"):
                yield
        finally:
            self._depth -= 1
            self._lock.release()

    @contextmanager
    def file_lock(self, name: str, what: str) -> Iterator[None]:
        """An exclusive `flock` on `<data_dir>/<name>`, waited for at most `lock_timeout`."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        handle = os.open(self.data_dir / name, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            deadline = time.monotonic() + self.lock_timeout
            while True:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise IndexBusy(what, self.lock_timeout) from None
                    time.sleep(0.05)
            yield
        finally:
            os.close(handle)  # closing releases the lock

    @contextmanager
    def _writer(self, index: FreshReaderIndex, units: int = 0) -> Iterator[IndexWriter]:
        """A writer for a change of `units` units (on `workers` processes when it is large),
        committed when the block ends."""
        try:
            with writing.committing(
                index, writing.writer_procs(units, self.workers), self.lock_timeout
            ) as writer:
                yield writer
        except LockError:
            raise IndexBusy("Whoosh writer lock", self.lock_timeout) from None

    # -- writing ---------------------------------------------------------------------------

    def apply(
        self,
        documents: Iterable[ExtractedDocument],
        removed: Iterable[str] = (),
        failed: Iterable[tuple[CorpusFile, UnreadablePdf]] = (),
        generation: Generation | None = None,
    ) -> IndexSummary:
        """Replace the given documents' units, drop removed ones, record failures: one commit,
        into the served generation unless another (being built) is given. Returns what the
        change did, with the index's totals after it.

        The manifest is written after the commit: a crash in between leaves documents the
        manifest does not know, which the next reconcile indexes again (never the reverse,
        a manifest that vouches for units the index does not hold).
        """
        started = time.perf_counter()
        documents = list(documents)
        removed = list(removed)
        for document in documents:
            self.extraction_cache.store(document)
        with self.exclusive():
            if generation is None:
                generation, target = self.current()
            else:
                target = generations.open_generation(generation)
            manifest = read_manifest(generation.manifest_path)
            summary = IndexSummary(
                added=sum(1 for d in documents if d.meta.doc_id not in manifest),
                changed=sum(1 for d in documents if d.meta.doc_id in manifest),
                removed=sum(1 for doc_id in removed if doc_id in manifest),
            )
            units = sum(len(document.units) for document in documents)
            with self._writer(target, units) as writer:
                for doc_id in removed:
                    writer.delete_by_term("doc_id", doc_id)
                    manifest.pop(doc_id, None)
                for document in documents:
                    writer.delete_by_term("doc_id", document.meta.doc_id)
                    write_units(writer, document.units, document.corpus_file.source)
                    manifest[document.meta.doc_id] = manifest_entry(document)
                for corpus_file, refusal in failed:
                    writer.delete_by_term("doc_id", corpus_file.doc_id)
                    manifest[corpus_file.doc_id] = failed_entry(corpus_file, refusal)
            write_manifest(generation.manifest_path, manifest)
        summary.count_totals(manifest)
        summary.unchanged = summary.documents - summary.added - summary.changed
        summary.seconds = time.perf_counter() - started
        summary.finished_at = now()
        return summary

    def record_moves(self, generation: Generation, moved: dict[str, Path]) -> None:
        """Unchanged PDFs moved to another folder keep their units; only their paths change."""
        with self.exclusive():
            manifest = read_manifest(generation.manifest_path)
            for doc_id, path in moved.items():
                if doc_id in manifest:
                    manifest[doc_id] = manifest[doc_id].moved_to(path)
            write_manifest(generation.manifest_path, manifest)

    def add_units(
        self,
        units: Iterable[SearchUnit],
        source: str | Callable[[SearchUnit], str],
        batch_units: int = BULK_BATCH_UNITS,
    ) -> None:
        """Bulk write without a manifest (benchmarks' synthetic units), one commit per
        `batch_units` units; `source` is their PDF's name, or gives each unit's.

        Units are taken from `units` while the writing processes write (a batch is never
        held whole); only the first few are read ahead, to tell a large batch from a small
        one."""
        source_of = source if callable(source) else (lambda _unit: source)
        iterator = iter(units)
        while head := list(islice(iterator, min(batch_units, writing.MULTIPROCESS_UNITS))):
            with self.exclusive(), self._writer(self.index, len(head)) as writer:
                for unit in chain(head, islice(iterator, batch_units - len(head))):
                    writer.add_document(**unit_fields(unit, source_of(unit)))

    def write_summary(self, summary: IndexSummary) -> None:
        write_atomically(self.summary_path, json.dumps(summary.as_dict()).encode())

    # -- reconciling with the corpus -------------------------------------------------------

    def reconcile(
        self, corpus_dir: Path, progress: Callable[[str, int, int], None] | None = None
    ) -> IndexSummary:
        """Bring the index in line with the corpus folder, touching only what changed; a new
        index version is built beside the served one and swapped in when complete."""
        from indexer.index.reconcile import Reconciler

        return Reconciler(self, corpus_dir, progress).run(fresh=False)

    def rebuild(
        self, corpus_dir: Path, progress: Callable[[str, int, int], None] | None = None
    ) -> IndexSummary:
        """Build a whole new index (from the extraction cache where it can), swap it in, and
        delete every superseded generation: the only operation that deletes an index."""
        from indexer.index.reconcile import Reconciler

        summary = Reconciler(self, corpus_dir, progress).run(fresh=True)
        with self.exclusive():
            generations.remove_superseded(self.data_dir)
        return summary


def write_units(writer: IndexWriter, units: Iterable[SearchUnit], source: str) -> None:
    """Add units through an open writer: the one place units become Whoosh documents."""
    for unit in units:
        writer.add_document(**unit_fields(unit, source))
