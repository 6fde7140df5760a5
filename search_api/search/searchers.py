"""The searchers a service reads the index with: no process-wide lock, no user waiting for
someone else's commit.

A Whoosh searcher reads its files by seek-and-read, so two threads must not share one;
opening one is cheap next to a search, but reading the index's vocabulary is not. So an
`IndexVersion` is one commit of the index with what is read once per commit (vocabulary,
facet table, filter sets) and a pool of searchers (one per concurrent search, reused).
`LiveIndex` holds the current version: when a commit has
made it stale, a search keeps reading it while a background thread opens the new version
and swaps it in; a writer in this process calls `refresh()` to see its own change at once.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from whoosh.index import TOC, FileIndex, Index
from whoosh.scoring import WeightingModel
from whoosh.searching import Searcher

from indexer.index import FACET_FIELDS
from indexer.laws import RegulationName
from search_api.search.mapped import SharedSegments
from search_api.search.matches import FacetTable, FilterSets
from search_api.search.vocabulary import Vocabulary

logger = logging.getLogger(__name__)

MAX_IDLE_SEARCHERS = 8  # searchers kept open for reuse; more are closed after their search


class IndexVersion:
    """One commit of the index: its vocabulary and the searchers reading it."""

    def __init__(self, generation: int, open_searcher: Callable[[], Searcher]) -> None:
        self.generation = generation
        self._open_searcher = open_searcher
        first = open_searcher()
        self.vocabulary = Vocabulary.from_reader(first.reader())
        self.facets = FacetTable.from_reader(first.reader(), (*FACET_FIELDS, "doc_id"))
        self.filters = FilterSets()
        self.regulations = regulation_names(first)
        self._idle = [first]
        self.index: Index | None = None  # the index (generation) it reads
        self._lock = threading.Lock()
        self.retired = False

    def acquire(self) -> Searcher | None:
        """A searcher of this version, or None when its commit can no longer be opened (a
        later commit merged its segments away): then a newer version is wanted."""
        with self._lock:
            if self._idle:
                return self._idle.pop()
        try:
            return self._open_searcher()
        except OSError:
            return None

    def release(self, searcher: Searcher) -> None:
        with self._lock:
            if not self.retired and len(self._idle) < MAX_IDLE_SEARCHERS:
                self._idle.append(searcher)
                return
        searcher.close()

    def retire(self) -> None:
        """Close the idle searchers; busy ones close when their search is done."""
        with self._lock:
            self.retired = True
            idle, self._idle = self._idle, []
        for searcher in idle:
            searcher.close()


def regulation_names(searcher: Searcher) -> tuple[RegulationName, ...]:
    """The regulations of this commit, by address and title, for citations by name."""
    titles = {
        stored["law_number"]: stored.get("doc_title") or ""
        for stored in searcher.documents(kind="regulation")
        if stored.get("law_number")
    }
    return tuple(RegulationName(address, title) for address, title in sorted(titles.items()))


class LiveIndex:
    """The current `IndexVersion` of an index, swapped for a newer one after each commit."""

    def __init__(self, index_of: Callable[[], Index], weighting: WeightingModel) -> None:
        # The index being served, asked each time: a new generation may have been swapped in.
        self._index_of = index_of
        self._weighting = weighting
        self._current: IndexVersion | None = None
        self._opening = threading.Lock()  # one version opened at a time
        self._starting = threading.Lock()  # guards `_refreshing`; never held while opening
        self._refreshing = False

    def _open(self) -> IndexVersion:
        index = self._index_of()
        toc = TOC.read(index.storage, index.indexname)
        weighting = self._weighting
        # Every searcher of a version reads that commit, not whatever is newest when a busy
        # moment needs one more (the facet table and filter sets hold its docnums), and
        # from one shared map of each segment file.
        segments = SharedSegments().segments(list(toc.segments))

        def open_searcher() -> Searcher:
            reader = FileIndex._reader(index.storage, toc.schema, segments, toc.generation)
            return Searcher(reader, weighting=weighting, fromindex=index)

        version = IndexVersion(toc.generation, open_searcher)
        version.index = index
        return version

    def _is_stale(self, version: IndexVersion) -> bool:
        index = self._index_of()
        swapped = id(index) != id(version.index)  # another generation is served now
        return swapped or index.latest_generation() != version.generation

    def _swap(self, version: IndexVersion) -> None:
        old, self._current = self._current, version
        if old is not None:
            old.retire()

    def current(self) -> IndexVersion:
        """The version to search: the newest opened. A newer commit starts a background
        refresh; only the very first search opens the index itself."""
        version = self._current
        if version is None:
            with self._opening:
                if self._current is None:
                    self._swap(self._open())
                version = self._current
            assert version is not None
        elif self._is_stale(version):
            self._refresh_in_background()
        return version

    def refresh(self) -> None:
        """Open the newest commit now if it is not the current version (for a writer that
        wants its change searchable when it returns)."""
        with self._opening:
            current = self._current
            if current is None or self._is_stale(current):
                self._swap(self._open())

    def _refresh_in_background(self) -> None:
        with self._starting:
            if self._refreshing:
                return
            self._refreshing = True

        def run() -> None:
            try:
                self.refresh()
            except Exception:
                logger.exception("refreshing the searcher failed; the old one stays")
            finally:
                self._refreshing = False

        threading.Thread(target=run, name="kaynak-searcher-refresh", daemon=True).start()

    @contextmanager
    def searcher(self) -> Iterator[tuple[Searcher, IndexVersion]]:
        """A searcher of its own for one search, and the version it reads."""
        while True:
            version = self.current()
            searcher = version.acquire()
            if searcher is None:
                self.refresh()  # its commit is gone: open the newest now
                continue
            if not version.retired or version is self._current:
                break
            version.release(searcher)  # swapped while we took it: take the newer one
        try:
            yield searcher, version
        finally:
            version.release(searcher)

    def close(self) -> None:
        with self._opening:
            if self._current is not None:
                self._current.retire()
                self._current = None
