"""Every unit a query matched, with its score, and the counts the search shows beside them,
without Whoosh's collector.

Whoosh's collector visits every match in Python to page, filter and count facets
(`groupedby` asks four column readers per match): at library size that cost more than the
scoring. Here a query's scores come as one `ScoreVector` (`query_scores`); filters and the
repealed mask are masks over the document numbers kept per index version (`FilterSets`,
bounded); facet counts read a per-version table of small codes (`FacetTable`) with
`bincount`; the best units are picked by a partial sort. All of it is array work, in C.
"""

from __future__ import annotations

import threading
from array import array
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from whoosh import query as wq

from search_api.search.scoring import query_scores
from search_api.search.vectors import DOCNUM, ScoreVector, as_array, mask_of

MAX_FILTER_SETS = 64  # distinct filters whose units are kept per index version


@dataclass(frozen=True)
class FacetTable:
    """Per field, each unit's value as a small code (0: none), and the values by code."""

    codes: dict[str, np.ndarray]
    values: dict[str, list[str]]

    @classmethod
    def from_reader(cls, reader: Any, fieldnames: Iterable[str]) -> FacetTable:
        codes: dict[str, np.ndarray] = {}
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
            codes[name], values[name] = as_array(column, np.int32), names
        return cls(codes, values)

    def counts(self, name: str, docnums: np.ndarray) -> dict[str, int]:
        """How many of `docnums` hold each value of `name` (units without one left out)."""
        names = self.values[name]
        counted = np.bincount(self.codes[name][docnums], minlength=len(names))
        return {names[code]: int(counted[code]) for code in np.flatnonzero(counted) if code}

    def members(self, name: str, docnums: Iterable[int]) -> dict[str, list[int]]:
        """The units of `docnums` by their value of `name`."""
        names, column = self.values[name], self.codes[name]
        found: dict[str, list[int]] = {}
        for docnum in docnums:
            found.setdefault(names[column[docnum]], []).append(docnum)
        return found


class FilterSets:
    """The units a filter query matches, per index version, for the last filters asked: a
    boolean per document number."""

    def __init__(self) -> None:
        self._masks: OrderedDict[wq.Query, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def units(self, query: wq.Query, searcher: Any) -> np.ndarray:
        with self._lock:
            found = self._masks.get(query)
            if found is not None:
                self._masks.move_to_end(query)
                return found
        found = mask_of(searcher.docs_for_query(query), searcher.doc_count_all())
        found.setflags(write=False)
        with self._lock:
            self._masks[query] = found
            while len(self._masks) > MAX_FILTER_SETS:
                self._masks.popitem(last=False)
        return found


@dataclass
class Matches:
    """The units a query matched after filters and mask, each with its score."""

    scores: ScoreVector

    @classmethod
    def of(
        cls,
        query: wq.Query,
        searcher: Any,
        allowed: np.ndarray | None = None,
        hidden: np.ndarray | None = None,
    ) -> Matches:
        """`allowed`: the units a filter lets through; `hidden`: the units masked out (each
        a boolean per document number, as `FilterSets` gives them)."""
        scores = query_scores(query, searcher)
        if allowed is not None:
            scores = scores.within(allowed)
        if hidden is not None:
            scores = scores.where(~hidden[scores.docnums])
        return cls(scores)

    def __len__(self) -> int:
        return len(self.scores)

    @property
    def docnums(self) -> np.ndarray:
        return self.scores.docnums

    def best(
        self,
        count: int | None,
        leaving_out: Sequence[int] | set[int] = (),
        first_key: Callable[[int], int] | None = None,
    ) -> list[tuple[int, float]]:
        """The `count` best (all when None): by `first_key` if given, then by score, ties
        in index order, leaving out `leaving_out`."""
        docnums, scores = self.scores.docnums, self.scores.scores
        if leaving_out:
            keep = ~np.isin(docnums, np.fromiter(leaving_out, DOCNUM))
            docnums, scores = docnums[keep], scores[keep]
        if count is not None and count < len(docnums) and first_key is None:
            # Everything scoring at least the count-th best score, then ordered exactly.
            cut = np.partition(scores, len(scores) - count)[len(scores) - count]
            chosen = scores >= cut
            docnums, scores = docnums[chosen], scores[chosen]
        keys: tuple[np.ndarray, ...] = (docnums, -scores)
        if first_key is not None:
            keys = (*keys, np.fromiter(map(first_key, docnums.tolist()), np.int64, len(docnums)))
        order = np.lexsort(keys)
        if count is not None:
            order = order[:count]
        return list(zip(docnums[order].tolist(), scores[order].tolist(), strict=True))
