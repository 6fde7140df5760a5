"""A Whoosh query whose score rewards documents that match more of the query's words.

Whoosh's own coordination bonus (`Or(scale=...)`) counts matching *terms*, and every word is
queried in nine fields, so a document matching one word in every field counts like one
matching every word once, and the bonus (a few thousandths) never changes an order. Here
each counted subquery is one word of the query (with its spellings, stems and translations),
and a document's summed score is multiplied by (matched words / all words) ** exponent: an
article holding every word of the query beats one repeating a single word many times.
Bonus subqueries (proximity) add to the score but are not counted.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from whoosh import query as wq
from whoosh.matching import Matcher


class CoordinatedOr(wq.CompoundQuery):
    """Matches what any subquery matches; the first `counted` subqueries are the words."""

    JOINT = " OR "

    def __init__(
        self,
        subqueries: Sequence[wq.Query],
        counted: int | None = None,
        exponent: float = 1.0,
        boost: float = 1.0,
    ) -> None:
        super().__init__(list(subqueries), boost=boost)
        self.counted = len(self.subqueries) if counted is None else counted
        self.exponent = exponent

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, CoordinatedOr)
            and self.subqueries == other.subqueries
            and (self.counted, self.exponent, self.boost)
            == (other.counted, other.exponent, other.boost)
        )

    def __hash__(self) -> int:
        return super().__hash__() ^ hash((self.counted, self.exponent))

    def apply(self, fn: Any) -> CoordinatedOr:
        subqueries = [fn(q) for q in self.subqueries]
        return CoordinatedOr(subqueries, self.counted, self.exponent, self.boost)

    def normalize(self) -> wq.Query:
        # Keep every subquery in place (a Null one simply never matches): positions decide
        # which subqueries are counted.
        subqueries = [q.normalize() for q in self.subqueries]
        return CoordinatedOr(subqueries, self.counted, self.exponent, self.boost)

    def requires(self) -> set[wq.Query]:
        return set()

    def matcher(self, searcher: Any, context: Any = None) -> Matcher:
        matchers = [q.matcher(searcher, context) for q in self.subqueries]
        return CoordinationMatcher(
            matchers[: self.counted], matchers[self.counted :], self.exponent, self.boost
        )


class CoordinationMatcher(Matcher):
    """The union of its children; the score is their sum scaled by the counted share."""

    def __init__(
        self,
        counted: list[Matcher],
        bonus: list[Matcher],
        exponent: float = 1.0,
        boost: float = 1.0,
    ) -> None:
        self._counted = counted
        self._bonus = bonus
        self._children = counted + bonus
        self._exponent = exponent
        self._boost = boost

    def __repr__(self) -> str:
        return f"CoordinationMatcher({self._counted!r}, {self._bonus!r})"

    def _at(self, docnum: int) -> Iterator[Matcher]:
        return (m for m in self._children if m.is_active() and m.id() == docnum)

    def is_active(self) -> bool:
        return any(m.is_active() for m in self._children)

    def id(self) -> int:
        return min(m.id() for m in self._children if m.is_active())

    def next(self) -> None:
        for m in list(self._at(self.id())):
            m.next()

    def skip_to(self, id: int) -> None:
        for m in self._children:
            if m.is_active() and m.id() < id:
                m.skip_to(id)

    def reset(self) -> None:
        for m in self._children:
            m.reset()

    def copy(self) -> CoordinationMatcher:
        return CoordinationMatcher(
            [m.copy() for m in self._counted],
            [m.copy() for m in self._bonus],
            self._exponent,
            self._boost,
        )

    def children(self) -> list[Matcher]:
        return list(self._children)

    def term_matchers(self) -> Iterator[Matcher]:
        for m in self._children:
            yield from m.term_matchers()

    def supports_block_quality(self) -> bool:
        return False  # the coordination factor has no useful upper bound per block

    def supports(self, astype: str) -> bool:
        return False

    def weight(self) -> float:
        return sum(m.weight() for m in self._at(self.id()))

    def score(self) -> float:
        docnum = self.id()
        matched = 0
        total = 0.0
        for m in self._counted:
            if m.is_active() and m.id() == docnum:
                matched += 1
                total += m.score()
        total += sum(m.score() for m in self._bonus if m.is_active() and m.id() == docnum)
        if not self._counted:
            return total * self._boost
        share = matched / len(self._counted)
        return total * self._boost * share**self._exponent
