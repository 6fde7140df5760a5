"""The service's single index writer: one thread that commits queued changes in batches.

Whoosh allows one writer at a time. Requests never open a writer themselves: they read and
extract their PDF on their own thread (the slow part, in parallel), then hand the result to
this queue and wait for the commit that holds it. The writer thread takes whatever has queued
up meanwhile and commits it at once (group commit), so eight simultaneous uploads cost a few
commits, not eight, and nobody ever meets a lock error. Searches are untouched: they use
the shared searcher, which refreshes after each commit.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Iterable
from concurrent.futures import Future
from dataclasses import dataclass, field

from indexer.extraction import ExtractedDocument
from indexer.index.store import IndexStore

logger = logging.getLogger(__name__)

MAX_BATCH = 64


@dataclass
class IndexChange:
    """Documents to (re)index and doc_ids to drop, committed together."""

    documents: list[ExtractedDocument] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    done: Future[None] = field(default_factory=Future)

    @property
    def doc_ids(self) -> set[str]:
        return {document.meta.doc_id for document in self.documents} | set(self.removed)


class IndexQueue:
    """Queue changes with `apply` (blocks until committed) from any thread."""

    def __init__(self, store: IndexStore) -> None:
        self.store = store
        self._queue: queue.Queue[IndexChange | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._start_lock = threading.Lock()
        self.commits = 0

    def apply(
        self, documents: Iterable[ExtractedDocument] = (), removed: Iterable[str] = ()
    ) -> None:
        """Index `documents` and drop `removed`; returns once the commit is durable."""
        self.submit_change(documents, removed).result()

    def submit_change(
        self, documents: Iterable[ExtractedDocument], removed: Iterable[str]
    ) -> Future[None]:
        """Queue a change without waiting; its future resolves once committed."""
        return self.submit(IndexChange(list(documents), list(removed)))

    def submit(self, change: IndexChange) -> Future[None]:
        self._ensure_started()
        self._queue.put(change)
        return change.done

    def close(self) -> None:
        with self._start_lock:
            if self._thread is not None:
                self._queue.put(None)
                self._thread.join()
                self._thread = None

    def _ensure_started(self) -> None:
        with self._start_lock:
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="kaynak-index-writer", daemon=True
                )
                self._thread.start()

    def _run(self) -> None:
        carried: IndexChange | None = None
        while True:
            first = carried or self._queue.get()
            carried = None
            if first is None:
                return
            batch = [first]
            touched = set(first.doc_ids)
            while len(batch) < MAX_BATCH:
                try:
                    change = self._queue.get_nowait()
                except queue.Empty:
                    break
                if change is None:
                    self._commit(batch)
                    return
                # A change to a document already in the batch waits for the next commit, so
                # that "add X, remove X" is never reordered by one combined apply.
                if change.doc_ids & touched:
                    carried = change
                    break
                batch.append(change)
                touched |= change.doc_ids
            self._commit(batch)

    def _commit(self, batch: list[IndexChange]) -> None:
        try:
            summary = self.store.apply(
                [document for change in batch for document in change.documents],
                removed=[doc_id for change in batch for doc_id in change.removed],
            )
            self.store.write_summary(summary)  # the admin page's "latest indexing"
        except Exception as error:
            if len(batch) == 1:
                logger.exception("index commit failed")
                batch[0].done.set_exception(error)
                return
            # One bad change must not fail the others: commit them one by one.
            for change in batch:
                self._commit([change])
            return
        self.commits += 1
        for change in batch:
            change.done.set_result(None)
