"""Reconcile: bring an index generation in line with the corpus folder, in bounded batches.

Documents come from the extraction cache when it has them (no PDF is opened), else from
extraction on `store.workers` processes, with at most a few documents in flight per worker.
Every `BATCH_UNITS` units or `BATCH_SECONDS` seconds the batch is committed with its manifest
entries, so memory is bounded by the batch, not the corpus, and a reconcile that is killed
resumes where it stopped: the manifest already vouches for every committed document.

When the served index has another version (or on `rebuild`), the new generation is built
beside it, caught up once more with changes made meanwhile, and swapped in.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from pathlib import Path

from indexer.corpus import CorpusFile, find_corpus_files
from indexer.errors import PdfProblem, UnreadablePdf
from indexer.extraction import ExtractedDocument
from indexer.index import generations
from indexer.index.generations import Generation
from indexer.index.progress import IndexSummary, now
from indexer.index.schema import INDEX_VERSION
from indexer.index.store import RECONCILE_LOCK_NAME, IndexStore

logger = logging.getLogger(__name__)

BATCH_UNITS = 2000  # a batch this large is written on `store.workers` processes
BATCH_SECONDS = 5.0
IN_FLIGHT_PER_WORKER = 2
Progress = Callable[[str, int, int], None]
Outcome = tuple[CorpusFile, ExtractedDocument | UnreadablePdf]


class Reconciler:
    """One reconcile (or rebuild) run of `store` against `corpus_dir`."""

    def __init__(self, store: IndexStore, corpus_dir: Path, progress: Progress | None) -> None:
        self.store = store
        self.corpus_dir = corpus_dir
        self.progress = progress

    def run(self, fresh: bool) -> IndexSummary:
        started = time.perf_counter()
        try:
            with self.store.file_lock(RECONCILE_LOCK_NAME, "reconcile lock"):
                summary = self._run(fresh)
        except BaseException as error:
            self.store.progress.finish(error=f"{type(error).__name__}: {error}")
            raise
        summary.seconds = time.perf_counter() - started
        summary.finished_at = now()
        self.store.write_summary(summary)
        self.store.progress.finish()
        return summary

    def _run(self, fresh: bool) -> IndexSummary:
        served, _ = self.store.current()
        if not fresh and served.version() == INDEX_VERSION:
            return self.bring_up_to_date(served, building=False)
        target = self._generation_to_build(served, fresh)
        logger.info("building index %s beside %s", target.name, served.name)
        summary = self.bring_up_to_date(target, building=True)
        # Uploads committed to the served index while this one was built: catch up, then swap.
        catch_up = self.bring_up_to_date(target, building=True)
        summary.added += catch_up.added
        summary.changed += catch_up.changed
        summary.removed += catch_up.removed
        summary.moved += catch_up.moved
        summary.documents, summary.units = catch_up.documents, catch_up.units
        summary.skipped = catch_up.skipped
        summary.page_warnings = catch_up.page_warnings
        with self.store.exclusive():
            generations.swap_in(self.store.data_dir, target)
        summary.rebuilt = True
        return summary

    def _generation_to_build(self, served: Generation, fresh: bool) -> Generation:
        """Resume an interrupted build of this version (for a rebuild: one started after the
        served generation), else start an empty one."""
        unfinished = generations.unfinished_generation(self.store.data_dir, INDEX_VERSION)
        if unfinished is not None and (not fresh or generations.created_after(unfinished, served)):
            logger.info("resuming the interrupted build of %s", unfinished.name)
            return unfinished
        with self.store.exclusive():
            generation, _ = generations.new_generation(self.store.data_dir, INDEX_VERSION)
        return generation

    def bring_up_to_date(self, target: Generation, building: bool) -> IndexSummary:
        """One pass: index what was added or changed, drop what was removed, in batches."""
        store = self.store
        summary = IndexSummary()
        manifest = store.read_manifest(target)
        files = find_corpus_files(self.corpus_dir)
        present = {corpus_file.doc_id for corpus_file in files}
        removed = [doc_id for doc_id in manifest if doc_id not in present]
        todo = [
            f
            for f in files
            if f.doc_id not in manifest or manifest[f.doc_id].content_hash != f.content_hash
        ]
        summary.unchanged = len(files) - len(todo)
        moved = {
            f.doc_id: f.pdf_path
            for f in files
            if f.doc_id in manifest and manifest[f.doc_id].path != str(f.pdf_path)
        }
        if moved:
            store.record_moves(target, moved)
        summary.moved = len(moved)
        store.progress.start(len(todo), building)
        batch: list[ExtractedDocument] = []
        failed: list[tuple[CorpusFile, UnreadablePdf]] = []
        batch_units = 0
        last_commit = time.monotonic()
        for number, (corpus_file, result) in enumerate(self.documents(todo), start=1):
            if isinstance(result, ExtractedDocument):
                batch.append(result)
                batch_units += len(result.units)
                if corpus_file.doc_id in manifest:
                    summary.changed += 1
                else:
                    summary.added += 1
            else:
                failed.append((corpus_file, result))
            store.progress.advance(corpus_file.source, number)
            if self.progress:
                self.progress(corpus_file.source, number, len(todo))
            if batch_units >= BATCH_UNITS or time.monotonic() - last_commit >= BATCH_SECONDS:
                store.apply(batch, failed=failed, generation=target)
                batch, failed, batch_units = [], [], 0
                last_commit = time.monotonic()
        if batch or failed or removed:
            store.apply(batch, removed=removed, failed=failed, generation=target)
        summary.removed = len(removed)
        summary.count_totals(store.read_manifest(target))
        return summary

    def documents(self, todo: list[CorpusFile]) -> Iterator[Outcome]:
        """Each file's document, from the cache when it has it, else extracted."""
        to_extract = []
        for corpus_file in todo:
            cached = self.store.extraction_cache.load(corpus_file)
            if cached is None:
                to_extract.append(corpus_file)
            else:
                yield corpus_file, cached
        yield from self.extract_all(to_extract)

    def extract_all(self, todo: list[CorpusFile]) -> Iterator[Outcome]:
        """Extract on all workers, a few documents in flight each (bounded memory); a failure
        is a reason string, never an exception."""
        store = self.store
        if store.workers <= 1 or len(todo) <= 1:
            for corpus_file in todo:
                yield corpus_file, store.extractor.extract_safely(corpus_file)
            return
        waiting = iter(todo)
        with ProcessPoolExecutor(max_workers=store.workers) as pool:
            pending: dict[Future[ExtractedDocument | UnreadablePdf], CorpusFile] = {}

            def submit_next() -> None:
                corpus_file = next(waiting, None)
                if corpus_file is not None:
                    future = pool.submit(store.extractor.extract_safely, corpus_file)
                    pending[future] = corpus_file

            for _ in range(store.workers * IN_FLIGHT_PER_WORKER):
                submit_next()
            while pending:
                finished, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in finished:
                    corpus_file = pending.pop(future)
                    try:
                        result = future.result()
                    except Exception as error:  # a worker that died (memory, signal)
                        result = UnreadablePdf(
                            corpus_file.source, PdfProblem.UNPROCESSED,
                            detail=type(error).__name__,
                        )  # fmt: skip
                    submit_next()
                    yield corpus_file, result
