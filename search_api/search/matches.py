"""Every unit a query matched, with its score, and the counts the search shows beside them,
without Whoosh's collector.

Whoosh's collector visits every match in Python to page, filter and count facets
(`groupedby` asks four column readers per match): at library size that cost more than the
scoring. Here a query's scores come as one dictionary (`query_scores`); filters and the
repealed mask are sets of document numbers kept per index version (`FilterSets`, bounded);
facet counts read a per-version table of small codes (`FacetTable`) through `Counter`, in C.
"""

from __future__ import annotations

import heapq
import threading
from array import array
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from whoosh import query as wq

from search_api.search.postings import Scores
from search_api.search.scoring import query_scores

MAX_FILTER_SETS = 64  # distinct filters whose units are kept per index version


@dataclass(frozen=True)
class FacetTable:
    """Per field, each unit's value as a small code (0: none), and the values by code."""

    codes: dict[str, array]
    values: dict[str, list[str]]

    @classmethod
    def from_reader(cls, reader: Any, fieldnames: Iterable[str]) -> FacetTable:
        codes: dict[str, array] = {}
        values: dict[str, list[str]] = {}
        size = reader.doc_count_all()
        for name in fieldnames:
            column = array("i", bytes(4 * size))
            names = [""]
            for term in reader.field_terms(name):
                names.append(str(term))
                code = len(names) - 1
                for docnum in reader.postings(name, term).all_ids():
                    column[docnum] = code
            codes[name], values[name] = column, names
        return cls(codes, values)

    def counts(self, name: str, docnums: Iterable[int]) -> dict[str, int]:
        """How many of `docnums` hold each value of `name` (units without one left out)."""
        names = self.values[name]
        counted = Counter(map(self.codes[name].__getitem__, docnums))
        return {names[code]: count for code, count in counted.items() if code}

    def members(self, name: str, docnums: Iterable[int]) -> dict[str, list[int]]:
        """The units of `docnums` by their value of `name`."""
        names, column = self.values[name], self.codes[name]
        found: dict[str, list[int]] = {}
        for docnum in docnums:
            found.setdefault(names[column[docnum]], []).append(docnum)
        return found


class FilterSets:
    """The units a filter query matches, per index version, for the last filters asked."""

    def __init__(self) -> None:
        self._sets: OrderedDict[wq.Query, frozenset[int]] = OrderedDict()
        self._lock = threading.Lock()

    def units(self, query: wq.Query, searcher: Any) -> frozenset[int]:
        with self._lock:
            found = self._sets.get(query)
            if found is not None:
                self._sets.move_to_end(query)
                return found
        found = frozenset(searcher.docs_for_query(query))
        with self._lock:
            self._sets[query] = found
            while len(self._sets) > MAX_FILTER_SETS:
                self._sets.popitem(last=False)
        return found


@dataclass
class Matches:
    """The units a query matched after filters and mask, each with its score."""

    scores: Scores

    @classmethod
    def of(
        cls,
        query: wq.Query,
        searcher: Any,
        allowed: frozenset[int] | None = None,
        hidden: frozenset[int] = frozenset(),
    ) -> Matches:
        scores = query_scores(query, searcher)
        if allowed is not None or hidden:
            scores = {
                docnum: score
                for docnum, score in scores.items()
                if (allowed is None or docnum in allowed) and docnum not in hidden
            }
        return cls(scores)

    def __len__(self) -> int:
        return len(self.scores)

    def best(
        self,
        count: int | None,
        leaving_out: Sequence[int] | set[int] = (),
        first_key: Callable[[int], int] | None = None,
    ) -> list[tuple[int, float]]:
        """The `count` best (all when None): by `first_key` if given, then by score, ties
        in index order, leaving out `leaving_out`."""
        left_out = set(leaving_out)
        items = [(d, s) for d, s in self.scores.items() if d not in left_out]

        def key(item: tuple[int, float]) -> tuple[int, float, int]:
            return (first_key(item[0]) if first_key else 0, -item[1], item[0])

        if count is None or count >= len(items):
            return sorted(items, key=key)
        return heapq.nsmallest(count, items, key=key)
