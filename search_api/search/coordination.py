"""A Whoosh query whose score rewards documents that match more of the query's words.

Whoosh's own coordination bonus (`Or(scale=...)`) counts matching *terms*, and every word is
queried in nine fields, so a document matching one word in every field counts like one
matching every word once, and the bonus (a few thousandths) never changes an order. Here
each counted subquery is one word of the query (with its spellings, stems and translations),
and a document's summed score is multiplied by (matched words / all words) ** exponent: an
article holding every word of the query beats one repeating a single word many times.
Bonus subqueries (proximity) add to the score but are not counted.

Title match: legal officers name an article by what it is called and where it sits
("uluslararası koruma başvurusu" is the article `Başvuru` of the Uluslararası Koruma law).
A unit whose own title the query covers whole is what was asked for, the more so the more
of the query its headings (its own title, and its law's) hold: its score is multiplied by
1 + boost × (query words in its headings / query words). A title the query covers only in
part gets nothing (measured: partial credit lifts `Belge kontrolü` for "seyahat belgesi" and
`Yardım ve hizmetlere erişim` for "adli yardım"). `Mülteci` (6458 m. 61) is then preferred
to `Şartlı mülteci` (m. 62) for "mültecinin tanımı", and `Başvuru` to `Uluslararası koruma
başvuru sahibi kimlik belgesi` for "uluslararası koruma başvurusu".

Scores are computed eagerly (`search_api.search.scoring`); proximity bonuses only for the
`BONUS_CANDIDATES` units that lead on their words.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from whoosh import query as wq

from search_api.search.postings import column_values, term_mask
from search_api.search.scoring import (
    EagerQuery,
    Memo,
    matches_anywhere,
    query_scores,
    scores_at,
    top_positions,
)
from search_api.search.vectors import SCORE, ScoreVector, as_array, size_of

# Units, best first on their words, for which proximity bonuses are read.
BONUS_CANDIDATES = 100


@dataclass(frozen=True)
class TitleMatch:
    """Per query word, a query for it in the unit's own title and one for it in the unit's
    headings; `length_column` holds each unit's own-title length in content words."""

    own: tuple[wq.Query | None, ...]
    above: tuple[wq.Query | None, ...]
    boost: float
    length_column: str = "title_words"

    def factors(
        self, searcher: Any, context: Any, docnums: np.ndarray, memo: Memo | None = None
    ) -> np.ndarray:
        """Each of `docnums`' score multiplier (1 where no title matches)."""
        found = np.ones(len(docnums), SCORE)
        if self.boost <= 0 or not self.own or self.length_column not in searcher.schema:
            return found
        if not len(docnums):
            return found  # (an empty index has no columns to read)
        lengths = as_array(column_values(searcher.reader(), self.length_column), np.int64)
        length = lengths[docnums]
        covered = np.zeros(len(docnums), np.int64)  # query words in the unit's own title
        in_headings = np.zeros(len(docnums), np.int64)
        for own_query, above_query in zip(self.own, self.above, strict=True):
            own = self._held(own_query, searcher, context, memo, docnums)
            above = self._held(above_query, searcher, context, memo, docnums)
            covered += own
            in_headings += own | above
        # No title, or one the query does not cover whole: nothing.
        whole = (length > 0) & (covered >= length)
        found[whole] = 1.0 + self.boost * in_headings[whole] / len(self.own)
        return found

    @staticmethod
    def _held(
        query: wq.Query | None,
        searcher: Any,
        context: Any,
        memo: Memo | None,
        docnums: np.ndarray,
    ) -> np.ndarray:
        if query is None:
            return np.zeros(len(docnums), bool)
        return query_scores(query, searcher, context, memo).membership(docnums)


@dataclass(frozen=True)
class TypedWords:
    """Per counted subquery that also holds translations, the query for its word as typed
    (None: the index has it nowhere); a unit that matches a word only through a
    translation counts `credit` of a word (words in the query's own language come first,
    unless a translation matches far better)."""

    parts: tuple[tuple[int, wq.Query | None], ...]  # (subquery position, typed part)
    credit: float


class CoordinatedOr(EagerQuery):
    """Matches what any subquery matches; the first `counted` subqueries are the words."""

    JOINT = " OR "

    def __init__(
        self,
        subqueries: Sequence[wq.Query],
        counted: int | None = None,
        exponent: float = 1.0,
        boost: float = 1.0,
        titles: TitleMatch | None = None,
        typed: TypedWords | None = None,
    ) -> None:
        super().__init__(list(subqueries), boost=boost)
        self.counted = len(self.subqueries) if counted is None else counted
        self.exponent = exponent
        self.titles = titles
        self.typed = typed

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, CoordinatedOr)
            and self.subqueries == other.subqueries
            and (self.counted, self.exponent, self.boost, self.titles, self.typed)
            == (other.counted, other.exponent, other.boost, other.titles, other.typed)
        )

    def __hash__(self) -> int:
        return super().__hash__() ^ hash((self.counted, self.exponent))

    def apply(self, fn: Any) -> CoordinatedOr:
        subqueries = [fn(q) for q in self.subqueries]
        return CoordinatedOr(
            subqueries, self.counted, self.exponent, self.boost, self.titles, self.typed
        )

    def normalize(self) -> wq.Query:
        # Keep every subquery in place (a Null one simply never matches): positions decide
        # which subqueries are counted.
        subqueries = [q.normalize() for q in self.subqueries]
        typed = self.typed
        if typed is not None:
            parts = tuple((i, q.normalize() if q else None) for i, q in typed.parts)
            typed = TypedWords(parts, typed.credit)
        return CoordinatedOr(
            subqueries, self.counted, self.exponent, self.boost, self.titles, typed
        )

    def eager_scores(self, searcher: Any, context: Any, memo: Memo | None) -> ScoreVector:
        """Its words' scores, coordinated (a memo of its own: `memo` is not read inside)."""
        return self.scores(searcher, context)

    def scores(self, searcher: Any, context: Any = None) -> ScoreVector:
        counted = self.subqueries[: self.counted]
        titles = [*self.titles.own, *self.titles.above] if self.titles else []
        typed = dict(self.typed.parts) if self.typed is not None else {}
        memo = Memo([*counted, *titles, *typed.values()])
        words = [query_scores(q, searcher, context, memo) for q in counted]
        credit = self.typed.credit if self.typed is not None else 1.0
        size = size_of(words)
        matched = np.zeros(size, SCORE)  # words matched (a translation's: `credit`)
        total = np.zeros(size, SCORE)
        held = np.zeros(size, bool)
        for position, found in enumerate(words):
            counts: float | np.ndarray = 1.0  # every match has the word as typed
            if position in typed:
                part = typed[position]
                as_typed = query_scores(part, searcher, context, memo) if part else None
                counts = (
                    np.where(as_typed.membership(found.docnums), 1.0, credit)
                    if as_typed is not None
                    else credit
                )
            matched[found.docnums] += counts
            total[found.docnums] += found.scores
            held[found.docnums] = True
        docnums = np.flatnonzero(held)
        count = len(words)
        factor = np.full(len(docnums), self.boost, SCORE)
        if count:
            factor = factor * (matched[docnums] / count) ** self.exponent
        if self.titles:
            factor = factor * self.titles.factors(searcher, context, docnums, memo)
        sums = total[docnums]
        scored = sums * factor
        bonus = self.subqueries[self.counted :]
        if not bonus or not len(docnums):
            return ScoreVector(docnums, scored)
        # Proximity is read from positions, the dearest thing to read: only for the units
        # that rank near the top on their words, which are the ones it can reorder.
        leaders = np.sort(top_positions(scored, docnums, BONUS_CANDIDATES))
        leading = docnums[leaders]
        for query in bonus:
            extra = scores_at(query, searcher, context, leading.tolist())
            if extra:
                sums[leaders[np.searchsorted(leading, extra.docnums)]] += extra.scores
        scored[leaders] = sums[leaders] * factor[leaders]
        return ScoreVector(docnums, scored)


class Fallback(EagerQuery):
    """What `primary` matches; only when it matches nothing in the index, what `fallback`
    matches (a recall net that adds no noise where the precise fields already succeed)."""

    JOINT = " ELSE "
    MEMO_READS_INSIDE = True

    def __init__(self, primary: wq.Query, fallback: wq.Query, boost: float = 1.0) -> None:
        super().__init__([primary, fallback], boost=boost)

    def apply(self, fn: Any) -> Fallback:
        return Fallback(fn(self.subqueries[0]), fn(self.subqueries[1]), self.boost)

    def normalize(self) -> wq.Query:
        return Fallback(self.subqueries[0].normalize(), self.subqueries[1].normalize(), self.boost)

    def eager_scores(self, searcher: Any, context: Any, memo: Memo | None) -> ScoreVector:
        primary, fallback = self.subqueries
        chosen = query_scores(primary, searcher, context, memo)
        if not chosen and not matches_anywhere(primary, searcher):
            chosen = query_scores(fallback, searcher, context, memo)
        return chosen.scaled(self.boost)


class ScaledWhere(EagerQuery):
    """`query`'s scores, times `factor` for the units holding the term `where` (field, text):
    a report page's headings are its report's title, which every page of it repeats, so a
    word in them says less about the page than an article's own title says about the
    article."""

    JOINT = " SCALED "
    MEMO_READS_INSIDE = True

    def __init__(self, query: wq.Query, where: tuple[str, str], factor: float) -> None:
        super().__init__([query])
        self.where = where
        self.factor = factor

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, ScaledWhere)
            and self.subqueries == other.subqueries
            and (self.where, self.factor) == (other.where, other.factor)
        )

    def __hash__(self) -> int:
        return super().__hash__() ^ hash((self.where, self.factor))

    def apply(self, fn: Any) -> ScaledWhere:
        return ScaledWhere(fn(self.subqueries[0]), self.where, self.factor)

    def normalize(self) -> wq.Query:
        return ScaledWhere(self.subqueries[0].normalize(), self.where, self.factor)

    def eager_scores(self, searcher: Any, context: Any, memo: Memo | None) -> ScoreVector:
        found = query_scores(self.subqueries[0], searcher, context, memo)
        if not found:
            return found
        held = term_mask(searcher, *self.where)[found.docnums]
        return ScoreVector(found.docnums, np.where(held, found.scores * self.factor, found.scores))
