"""Eager scoring: every matching unit's score under a query, one `ScoreVector` per subquery
(document numbers and scores as arrays), term postings read whole
(`search_api.search.postings`), many times cheaper than Whoosh's matcher trees; served back
to Whoosh's collector as an ordinary matcher (`ScoreListMatcher`). Compound queries of our
own (`coordination`) score themselves through `EagerQuery.eager_scores`; positional parts
are read only for the units asked about.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import Any, ClassVar

import numpy as np
from whoosh import query as wq
from whoosh.matching import Matcher, NullMatcher
from whoosh.query.spans import SpanQuery, SpanWrappingMatcher

from search_api.search.positions import is_term_near, term_near_scores_at
from search_api.search.postings import Scores, stops_at, term_scores
from search_api.search.proximity import WordsTogether
from search_api.search.vectors import SCORE, ScoreVector, common_docnums, max_of, sum_of

# Units, best first on the other words of an `And`, for which its positional parts are read.
POSITION_CANDIDATES = 150


class EagerQuery(wq.CompoundQuery):
    """A compound query of our own that `query_scores` scores by asking it (`eager_scores`),
    served to Whoosh as a score list."""

    # Whether a `Memo` counts the subqueries inside it (read through the same memo).
    MEMO_READS_INSIDE: ClassVar[bool] = False

    def eager_scores(self, searcher: Any, context: Any, memo: Memo | None) -> ScoreVector:
        raise NotImplementedError

    def requires(self) -> set[wq.Query]:
        return set()

    def matcher(self, searcher: Any, context: Any = None) -> Matcher:
        return score_list_matcher(query_scores(self, searcher, context))


# The compound queries of Whoosh's that `query_scores` reads through (and a `Memo` counts
# inside).
NESTED = (wq.Or, wq.And, wq.DisjunctionMax)


def reads_inside(query: wq.Query) -> bool:
    """Whether `query_scores` reads `query`'s subqueries through the memo it was given."""
    return type(query) in NESTED or (isinstance(query, EagerQuery) and query.MEMO_READS_INSIDE)


class Memo:
    """Scores of the subqueries a query holds more than once (a glossary repeats a word's
    clause in every term holding it), each kept only until its last use."""

    def __init__(self, queries: Iterable[wq.Query | None]) -> None:
        self._uses: Counter[wq.Query] = Counter()
        self._saved: dict[wq.Query, ScoreVector] = {}
        for query in queries:
            if query is not None:
                self._count(query)

    def _count(self, query: wq.Query) -> None:
        self._uses[query] += 1
        if self._uses[query] == 1 and reads_inside(query):
            for subquery in query.subqueries:
                self._count(subquery)

    def scores(self, query: wq.Query, compute: Callable[[], ScoreVector]) -> ScoreVector:
        left = self._uses.get(query, 0)
        if left <= 1:  # met once (or not counted): nothing to keep
            self._uses.pop(query, None)
            found = self._saved.pop(query, None)
            return found if found is not None else compute()
        self._uses[query] = left - 1
        found = self._saved.get(query)
        if found is None:
            found = self._saved[query] = compute()
        return found


def query_scores(
    query: wq.Query, searcher: Any, context: Any = None, memo: Memo | None = None
) -> ScoreVector:
    """Every matching document's score under `query`, as Whoosh would score it. With a
    `memo`, a subquery met again is not read again (the result must not be changed)."""
    if memo is None:
        return _query_scores(query, searcher, context, None)
    return memo.scores(query, lambda: _query_scores(query, searcher, context, memo))


def _query_scores(query: wq.Query, searcher: Any, context: Any, memo: Memo | None) -> ScoreVector:
    kind = type(query)
    if isinstance(query, EagerQuery):
        return query.eager_scores(searcher, context, memo)
    if kind is wq.And:
        return and_scores(query.subqueries, searcher, context, memo).scaled(query.boost)
    if kind in (wq.Or, wq.DisjunctionMax):
        parts = [query_scores(q, searcher, context, memo) for q in query.subqueries]
        merged = sum_of(parts) if kind is wq.Or else max_of(parts)
        return merged.scaled(query.boost)
    if kind is wq.Term:
        return term_scores(query, searcher, context)
    found: Scores = {}
    for subsearcher, offset in searcher.leaf_searchers():
        matcher = query.matcher(subsearcher, context)
        while matcher.is_active():
            found[matcher.id() + offset] = matcher.score()
            matcher.next()
    return ScoreVector.from_mapping(found)


def reads_positions(query: wq.Query) -> bool:
    """Whether a query reads term positions (phrases, words near each other), in part."""
    if isinstance(query, (WordsTogether, SpanQuery, wq.Phrase)):
        return True
    return type(query) in (wq.Or, wq.DisjunctionMax) and any(
        reads_positions(q) for q in query.subqueries
    )


def and_scores(
    subqueries: Sequence[wq.Query], searcher: Any, context: Any, memo: Memo | None = None
) -> ScoreVector:
    """What every subquery matches, scores added. Subqueries that read positions (phrases,
    words near each other) are asked only about the units the others have in common."""
    cheap = [q for q in subqueries if not reads_positions(q)]
    dear = [q for q in subqueries if reads_positions(q)]
    if not cheap:
        cheap, dear = dear[:1], dear[1:]
    parts = [query_scores(q, searcher, context, memo) for q in cheap]
    common = common_docnums(parts)
    if not len(common):
        return ScoreVector.empty()
    scores = [part.at(common) for part in parts]
    if dear and len(common) > POSITION_CANDIDATES:
        # Positions for the units that lead on the other subqueries only.
        cheap_score = _added(scores)
        leading = np.sort(top_positions(cheap_score, common, POSITION_CANDIDATES))
        scores = [score[leading] for score in scores]
        common = common[leading]
    for query in dear:
        if not len(common):
            break
        part = scores_at(query, searcher, context, common.tolist())
        held = part.membership(common)
        scores = [score[held] for score in scores]
        common = common[held]
        scores.append(part.at(common))
    return ScoreVector(common, _added(scores))


def _added(scores: Sequence[np.ndarray]) -> np.ndarray:
    """The parts' scores added one after the other (Python's `sum` order: 0 + a + b …)."""
    total = np.zeros(len(scores[0]) if scores else 0, SCORE)
    for score in scores:
        total = total + score
    return total


def top_positions(scores: np.ndarray, docnums: np.ndarray, count: int) -> np.ndarray:
    """Positions of the `count` highest scores, ties to the lower document number."""
    if count >= len(scores):
        return np.arange(len(scores))
    order = np.lexsort((docnums, -scores))
    return order[:count]


def scores_at(query: wq.Query, searcher: Any, context: Any, docnums: Sequence[int]) -> ScoreVector:
    """The scores of `query` for the given documents (ascending) only, skipping the rest."""
    kind = type(query)
    if kind in (wq.Or, wq.DisjunctionMax):
        parts = [scores_at(q, searcher, context, docnums) for q in query.subqueries]
        merged = sum_of(parts) if kind is wq.Or else max_of(parts)
        return merged.scaled(query.boost)
    found: Scores = {}
    for subsearcher, offset in searcher.leaf_searchers():
        end = offset + subsearcher.doc_count_all()
        local = [docnum - offset for docnum in docnums if offset <= docnum < end]
        if not local:
            continue
        if kind is WordsTogether:
            scored = query.scores_at(subsearcher, local)
        elif is_term_near(query):
            scored = term_near_scores_at(query, subsearcher, context, local)
        else:
            scored = matcher_scores_at(query.matcher(subsearcher, context), local)
        for docnum, score in scored.items():
            found[docnum + offset] = score
    return ScoreVector.from_mapping(found)


def matcher_scores_at(matcher: Matcher, docnums: Sequence[int]) -> Scores:
    """A matcher's scores for the given documents (ascending) of its segment."""
    found: Scores = {}
    # A span matcher's own skip_to reads positions in every unit up to its next match:
    # move the matcher beneath instead, and read positions only where asked.
    spans = isinstance(matcher, SpanWrappingMatcher)
    moved = matcher.child if spans else matcher
    for docnum in stops_at(moved, docnums):
        if not spans or matcher._get_spans():
            found[docnum] = matcher.score()
    return found


def matches_anywhere(query: wq.Query, searcher: Any) -> bool:
    """Whether `query` matches in the whole index, not only in the segment `searcher` reads:
    Whoosh scores a multi-segment index one segment at a time, and "nowhere in the index"
    must not mean "nowhere in this segment"."""
    parent = getattr(searcher, "parent", None)  # a weak reference, None at the top
    top = (parent() if callable(parent) else None) or searcher
    if top is searcher:
        return False  # `searcher` is the whole index, where `query` matched nothing
    return any(
        query_scores(query, segment)
        for segment, _ in top.leaf_searchers()
        if segment is not searcher
    )


class ScoreListMatcher(Matcher):
    """Precomputed (docnum, score) pairs, in docnum order."""

    def __init__(self, docnums: list[int], scores: list[float], position: int = 0) -> None:
        self._docnums = docnums
        self._scores = scores
        self._position = position

    def __repr__(self) -> str:
        return f"ScoreListMatcher({len(self._docnums)} documents)"

    def is_active(self) -> bool:
        return self._position < len(self._docnums)

    def id(self) -> int:
        return self._docnums[self._position]

    def next(self) -> None:
        self._position += 1

    def skip_to(self, id: int) -> None:
        while self._position < len(self._docnums) and self._docnums[self._position] < id:
            self._position += 1

    def reset(self) -> None:
        self._position = 0

    def copy(self) -> ScoreListMatcher:
        return ScoreListMatcher(self._docnums, self._scores, self._position)

    def all_ids(self) -> Any:
        return iter(self._docnums[self._position :])

    def supports_block_quality(self) -> bool:
        return False

    def max_quality(self) -> float:
        return max(self._scores[self._position :], default=0.0)

    def block_quality(self) -> float:
        return self.max_quality()

    def supports(self, astype: str) -> bool:
        return False

    def weight(self) -> float:
        return self._scores[self._position]

    def score(self) -> float:
        return self._scores[self._position]


def score_list_matcher(scores: ScoreVector) -> Matcher:
    if not scores:
        return NullMatcher()
    return ScoreListMatcher(scores.docnums.tolist(), scores.scores.tolist())
