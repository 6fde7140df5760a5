"""Scores of many units at once: document numbers and their scores as two arrays.

A search at library size scores tens of thousands of units per word, in ten fields; kept as
a dictionary per subquery, every posting cost a few Python steps to score, merge, count and
rank (measured at 100,000 units: nine tenths of a search). Here a subquery's scores are a
`ScoreVector`, ascending document numbers beside their scores, and merging (sum, maximum,
intersection), restricting, counting and ranking are array operations, in C. The arithmetic
is the same, in the same order, so the scores are the same.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

import numpy as np

DOCNUM = np.int64
SCORE = np.float64


class ScoreVector:
    """Ascending, distinct document numbers and each one's score."""

    __slots__ = ("docnums", "scores")

    def __init__(self, docnums: np.ndarray, scores: np.ndarray) -> None:
        self.docnums = docnums
        self.scores = scores

    @classmethod
    def empty(cls) -> ScoreVector:
        return cls(np.empty(0, DOCNUM), np.empty(0, SCORE))

    @classmethod
    def from_mapping(cls, scores: Mapping[int, float]) -> ScoreVector:
        if not scores:
            return cls.empty()
        docnums = np.fromiter(scores.keys(), DOCNUM, len(scores))
        values = np.fromiter(scores.values(), SCORE, len(scores))
        order = np.argsort(docnums, kind="stable")
        return cls(docnums[order], values[order])

    def __len__(self) -> int:
        return len(self.docnums)

    def __bool__(self) -> bool:
        return len(self.docnums) > 0

    def __repr__(self) -> str:
        return f"ScoreVector({len(self)} units)"

    def __contains__(self, docnum: object) -> bool:
        if not isinstance(docnum, (int, np.integer)):
            return False
        at = int(np.searchsorted(self.docnums, docnum))
        return at < len(self.docnums) and int(self.docnums[at]) == docnum

    def __iter__(self) -> Iterator[int]:
        return iter(self.docnums.tolist())

    def items(self) -> Iterator[tuple[int, float]]:
        return zip(self.docnums.tolist(), self.scores.tolist(), strict=True)

    def as_dict(self) -> dict[int, float]:
        return dict(self.items())

    def scaled(self, boost: float) -> ScoreVector:
        return self if boost == 1.0 else ScoreVector(self.docnums, self.scores * boost)

    def where(self, keep: np.ndarray) -> ScoreVector:
        """The units for which `keep` (a boolean per unit of this vector) holds."""
        return ScoreVector(self.docnums[keep], self.scores[keep])

    def within(self, mask: np.ndarray) -> ScoreVector:
        """The units `mask` (a boolean per document number of the index) lets through."""
        return self.where(mask[self.docnums])

    def at(self, docnums: np.ndarray) -> np.ndarray:
        """The scores of `docnums` (each one in this vector)."""
        return self.scores[np.searchsorted(self.docnums, docnums)]

    def membership(self, docnums: np.ndarray) -> np.ndarray:
        """For each of `docnums` (ascending), whether this vector holds it."""
        if not len(self.docnums):
            return np.zeros(len(docnums), bool)
        at = np.searchsorted(self.docnums, docnums)
        at[at == len(self.docnums)] = 0
        return self.docnums[at] == docnums


def size_of(parts: Iterable[ScoreVector]) -> int:
    """One more than the largest document number among `parts` (0 when all are empty)."""
    return max((int(part.docnums[-1]) + 1 for part in parts if len(part)), default=0)


def sum_of(parts: Sequence[ScoreVector]) -> ScoreVector:
    """What any part holds, its scores added in the parts' order."""
    parts = [part for part in parts if len(part)]
    if not parts:
        return ScoreVector.empty()
    if len(parts) == 1:
        return parts[0]
    size = size_of(parts)
    total = np.zeros(size, SCORE)
    held = np.zeros(size, bool)
    for part in parts:
        total[part.docnums] += part.scores
        held[part.docnums] = True
    docnums = np.flatnonzero(held).astype(DOCNUM, copy=False)
    return ScoreVector(docnums, total[docnums])


def max_of(parts: Sequence[ScoreVector]) -> ScoreVector:
    """What any part scores above 0, with its highest score (as Whoosh's `DisjunctionMax`
    is read here: a unit scoring 0 everywhere is not kept)."""
    parts = [part for part in parts if len(part)]
    if not parts:
        return ScoreVector.empty()
    if len(parts) == 1:
        return parts[0].where(parts[0].scores > 0.0)
    size = size_of(parts)
    best = np.zeros(size, SCORE)
    for part in parts:
        best[part.docnums] = np.maximum(best[part.docnums], part.scores)
    docnums = np.flatnonzero(best > 0.0).astype(DOCNUM, copy=False)
    return ScoreVector(docnums, best[docnums])


def common_docnums(parts: Sequence[ScoreVector]) -> np.ndarray:
    """The document numbers every part holds, ascending."""
    if not parts:
        return np.empty(0, DOCNUM)
    found = parts[0].docnums
    for part in parts[1:]:
        found = np.intersect1d(found, part.docnums, assume_unique=True)
    return found


def mask_of(docnums: Iterable[int] | np.ndarray, size: int) -> np.ndarray:
    """A boolean per document number below `size`: whether it is among `docnums`."""
    mask = np.zeros(size, bool)
    found = docnums if isinstance(docnums, np.ndarray) else np.fromiter(docnums, DOCNUM)
    found = found[found < size]
    mask[found] = True
    return mask


def as_array(values: Any, dtype: Any) -> np.ndarray:
    """A buffer (an `array.array`) seen as a NumPy array, without copying."""
    return np.frombuffer(values, dtype=dtype) if len(values) else np.empty(0, dtype)
