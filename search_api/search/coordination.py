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

Scores are computed eagerly, one dictionary per subquery (docnum → score), term postings
read block by block (`search_api.search.postings`), several times cheaper than Whoosh's
matcher trees; proximity bonuses only for the `BONUS_CANDIDATES` units that lead on their
words. The result is served to Whoosh's collector as an ordinary matcher.
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from whoosh import query as wq
from whoosh.matching import Matcher, NullMatcher
from whoosh.query.spans import SpanNear2, SpanOr, SpanQuery, SpanWrappingMatcher

from search_api.search.postings import Scores, term_scores


class Memo:
    """Scores of the subqueries a query holds more than once (a glossary repeats a word's
    clause in every term holding it), each kept only until its last use."""

    def __init__(self, queries: Iterable[wq.Query | None]) -> None:
        self._uses: Counter[wq.Query] = Counter()
        self._saved: dict[wq.Query, Scores] = {}
        for query in queries:
            if query is not None:
                self._count(query)

    def _count(self, query: wq.Query) -> None:
        self._uses[query] += 1
        if self._uses[query] == 1 and type(query) in NESTED:
            for subquery in query.subqueries:
                self._count(subquery)

    def scores(self, query: wq.Query, compute: Callable[[], Scores]) -> Scores:
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


# Units, best first on their words, for which proximity bonuses are read.
BONUS_CANDIDATES = 300
# Units, best first on the other words of an `And`, for which its positional parts are read.
POSITION_CANDIDATES = 500


@dataclass(frozen=True)
class TitleMatch:
    """Per query word, a query for it in the unit's own title and one for it in the unit's
    headings; `length_column` holds each unit's own-title length in content words."""

    own: tuple[wq.Query | None, ...]
    above: tuple[wq.Query | None, ...]
    boost: float
    length_column: str = "title_words"

    def factors(
        self, searcher: Any, context: Any, docnums: Sequence[int], memo: Memo | None = None
    ) -> dict[int, float]:
        """docnum → score multiplier (1 where no title matches)."""
        if self.boost <= 0 or not self.own or self.length_column not in searcher.schema:
            return {}
        if not docnums:
            return {}  # (an empty index has no columns to read)
        own = [set(query_scores(q, searcher, context, memo)) if q else set() for q in self.own]
        above = [set(query_scores(q, searcher, context, memo)) if q else set() for q in self.above]
        lengths = searcher.reader().column_reader(self.length_column)
        count = len(self.own)
        found: dict[int, float] = {}
        for docnum in docnums:
            length = lengths[docnum]
            if not length or sum(docnum in hits for hits in own) < length:
                continue  # no title, or one the query does not cover whole
            in_headings = sum(
                docnum in own_hits or docnum in above_hits
                for own_hits, above_hits in zip(own, above, strict=True)
            )
            found[docnum] = 1.0 + self.boost * in_headings / count
        return found


@dataclass(frozen=True)
class TypedWords:
    """Per counted subquery, its part made of the words as typed (None: it has none), for
    the subqueries that also hold translations; a unit that matches a word only through a
    translation counts `credit` of a word (words in the query's own language come first,
    unless a translation matches far better)."""

    parts: tuple[tuple[int, wq.Query | None], ...]  # (subquery position, typed part)
    credit: float


class CoordinatedOr(wq.CompoundQuery):
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

    def requires(self) -> set[wq.Query]:
        return set()

    def matcher(self, searcher: Any, context: Any = None) -> Matcher:
        return score_list_matcher(self.scores(searcher, context))

    def scores(self, searcher: Any, context: Any = None) -> Scores:
        counted = self.subqueries[: self.counted]
        titles = [*self.titles.own, *self.titles.above] if self.titles else []
        typed = dict(self.typed.parts) if self.typed is not None else {}
        memo = Memo([*counted, *titles, *typed.values()])
        words = [query_scores(q, searcher, context, memo) for q in counted]
        matched: dict[int, float] = {}
        total: Scores = {}
        for position, found in enumerate(words):
            credit = 1.0
            if position in typed and self.typed is not None:
                part = typed[position]
                as_typed = query_scores(part, searcher, context, memo) if part else {}
                credit = self.typed.credit
            for docnum, score in found.items():
                counts = 1.0 if credit == 1.0 or docnum in as_typed else credit
                matched[docnum] = matched.get(docnum, 0.0) + counts
                total[docnum] = total.get(docnum, 0.0) + score
        count = len(words)
        titled = self.titles.factors(searcher, context, list(total), memo) if self.titles else {}
        factor = {
            docnum: self.boost
            * ((matched[docnum] / count) ** self.exponent if count else 1.0)
            * titled.get(docnum, 1.0)
            for docnum in total
        }
        scored = {docnum: score * factor[docnum] for docnum, score in total.items()}
        bonus = self.subqueries[self.counted :]
        if not bonus or not scored:
            return scored
        # Proximity is read from positions, the dearest thing to read: only for the units
        # that rank near the top on their words, which are the ones it can reorder.
        leaders = sorted(heapq.nlargest(BONUS_CANDIDATES, scored, key=scored.__getitem__))
        for query in bonus:
            for docnum, score in scores_at(query, searcher, context, leaders).items():
                total[docnum] += score
        for docnum in leaders:
            scored[docnum] = total[docnum] * factor[docnum]
        return scored


class Fallback(wq.CompoundQuery):
    """What `primary` matches; only when it matches nothing in the index, what `fallback`
    matches (a recall net that adds no noise where the precise fields already succeed)."""

    JOINT = " ELSE "

    def __init__(self, primary: wq.Query, fallback: wq.Query, boost: float = 1.0) -> None:
        super().__init__([primary, fallback], boost=boost)

    def apply(self, fn: Any) -> Fallback:
        return Fallback(fn(self.subqueries[0]), fn(self.subqueries[1]), self.boost)

    def normalize(self) -> wq.Query:
        return Fallback(self.subqueries[0].normalize(), self.subqueries[1].normalize(), self.boost)

    def requires(self) -> set[wq.Query]:
        return set()

    def matcher(self, searcher: Any, context: Any = None) -> Matcher:
        return score_list_matcher(query_scores(self, searcher, context))


class WordsTogether(wq.Query):
    """Matches (scoring nothing) where every word stands within `slop` words of the others,
    in any order, in the positional field `fieldname`. A word is given as the prefixes of
    its index terms: the stemmer reads `erişimi` as `eris` and `erişimleri` as `erisim`, so
    a term's words are found together whichever inflection the text uses."""

    MAX_TERMS_PER_WORD = 200

    def __init__(self, fieldname: str, prefixes: Sequence[Sequence[str]], slop: int) -> None:
        self.fieldname = fieldname
        self.prefixes = tuple(tuple(word) for word in prefixes)
        self.slop = slop
        self.boost = 1.0

    def __repr__(self) -> str:
        return f"WordsTogether({self.fieldname!r}, {self.prefixes!r}, slop={self.slop})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, WordsTogether) and (
            self.fieldname,
            self.prefixes,
            self.slop,
        ) == (other.fieldname, other.prefixes, other.slop)

    def __hash__(self) -> int:
        return hash((self.fieldname, self.prefixes, self.slop))

    def is_leaf(self) -> bool:
        return True

    def requires(self) -> set[wq.Query]:
        return set()

    def matcher(self, searcher: Any, context: Any = None) -> Matcher:
        reader = searcher.reader()
        words: list[wq.Query] = []
        for prefixes in self.prefixes:
            terms: set[str] = set()
            for prefix in prefixes:
                for term in reader.expand_prefix(self.fieldname, prefix):
                    terms.add(term.decode("utf-8") if isinstance(term, bytes) else term)
                    if len(terms) > self.MAX_TERMS_PER_WORD:
                        break
            if not terms:
                return NullMatcher()
            options = [wq.Term(self.fieldname, term, boost=0.0) for term in sorted(terms)]
            words.append(options[0] if len(options) == 1 else SpanOr(options))
        near = SpanNear2(words, slop=self.slop, ordered=False)
        return near.matcher(searcher, context)


def score_list_matcher(scores: Scores) -> Matcher:
    if not scores:
        return NullMatcher()
    docnums = sorted(scores)
    return ScoreListMatcher(docnums, [scores[d] for d in docnums])


# The compound queries `query_scores` reads through (and a `Memo` counts inside).
NESTED = (wq.Or, wq.And, wq.DisjunctionMax, Fallback)


def query_scores(
    query: wq.Query, searcher: Any, context: Any = None, memo: Memo | None = None
) -> Scores:
    """Every matching document's score under `query`, as Whoosh would score it. With a
    `memo`, a subquery met again is not read again (the result must not be changed)."""
    if memo is None:
        return _query_scores(query, searcher, context, None)
    return memo.scores(query, lambda: _query_scores(query, searcher, context, memo))


def _query_scores(query: wq.Query, searcher: Any, context: Any, memo: Memo | None) -> Scores:
    kind = type(query)
    if kind is Fallback:
        primary, fallback = query.subqueries
        chosen = query_scores(primary, searcher, context, memo)
        if not chosen and not matches_anywhere(primary, searcher):
            chosen = query_scores(fallback, searcher, context, memo)
        boost = query.boost
        return chosen if boost == 1.0 else {d: s * boost for d, s in chosen.items()}
    if kind is wq.And:
        common = and_scores(query.subqueries, searcher, context, memo)
        boost = query.boost
        return common if boost == 1.0 else {d: s * boost for d, s in common.items()}
    if kind in (wq.Or, wq.DisjunctionMax):
        parts = [query_scores(q, searcher, context, memo) for q in query.subqueries]
        if kind is wq.Or:
            merged: Scores = {}
            for part in parts:
                for docnum, score in part.items():
                    merged[docnum] = merged.get(docnum, 0.0) + score
        else:
            merged = {}
            for part in parts:
                for docnum, score in part.items():
                    if score > merged.get(docnum, 0.0):
                        merged[docnum] = score
        boost = query.boost
        return merged if boost == 1.0 else {d: s * boost for d, s in merged.items()}
    if kind is wq.Term:
        return term_scores(query, searcher, context)
    if kind is CoordinatedOr:
        return query.scores(searcher, context)
    found: Scores = {}
    for subsearcher, offset in searcher.leaf_searchers():
        matcher = query.matcher(subsearcher, context)
        while matcher.is_active():
            found[matcher.id() + offset] = matcher.score()
            matcher.next()
    return found


def reads_positions(query: wq.Query) -> bool:
    """Whether a query reads term positions (phrases, words near each other), in part."""
    if isinstance(query, (WordsTogether, SpanQuery, wq.Phrase)):
        return True
    return type(query) in (wq.Or, wq.DisjunctionMax) and any(
        reads_positions(q) for q in query.subqueries
    )


def and_scores(
    subqueries: Sequence[wq.Query], searcher: Any, context: Any, memo: Memo | None = None
) -> Scores:
    """What every subquery matches, scores added. Subqueries that read positions (phrases,
    words near each other) are asked only about the units the others have in common."""
    cheap = [q for q in subqueries if not reads_positions(q)]
    dear = [q for q in subqueries if reads_positions(q)]
    if not cheap:
        cheap, dear = dear[:1], dear[1:]
    parts = [query_scores(q, searcher, context, memo) for q in cheap]
    common = set(parts[0]).intersection(*parts[1:]) if parts else set()
    if dear and len(common) > POSITION_CANDIDATES:
        # Positions for the units that lead on the other subqueries only.
        cheap_score = {d: sum(part[d] for part in parts) for d in common}
        common = set(heapq.nlargest(POSITION_CANDIDATES, common, key=cheap_score.__getitem__))
    for query in dear:
        if not common:
            break
        part = scores_at(query, searcher, context, sorted(common))
        common &= part.keys()
        parts.append(part)
    return {docnum: sum(part[docnum] for part in parts) for docnum in common}


def scores_at(query: wq.Query, searcher: Any, context: Any, docnums: Sequence[int]) -> Scores:
    """The scores of `query` for the given documents (ascending) only, skipping the rest."""
    kind = type(query)
    if kind in (wq.Or, wq.DisjunctionMax):
        parts = [scores_at(q, searcher, context, docnums) for q in query.subqueries]
        merged: Scores = {}
        for part in parts:
            for docnum, score in part.items():
                if kind is wq.Or:
                    merged[docnum] = merged.get(docnum, 0.0) + score
                elif score > merged.get(docnum, 0.0):
                    merged[docnum] = score
        boost = query.boost
        return merged if boost == 1.0 else {d: s * boost for d, s in merged.items()}
    found: Scores = {}
    for subsearcher, offset in searcher.leaf_searchers():
        end = offset + subsearcher.doc_count_all()
        local = [docnum - offset for docnum in docnums if offset <= docnum < end]
        if local:
            matcher = query.matcher(subsearcher, context)
            for docnum, score in matcher_scores_at(matcher, local).items():
                found[docnum + offset] = score
    return found


def matcher_scores_at(matcher: Matcher, docnums: Sequence[int]) -> Scores:
    """A matcher's scores for the given documents (ascending) of its segment."""
    found: Scores = {}
    # A span matcher's own skip_to reads positions in every unit up to its next match:
    # move the matcher beneath instead, and read positions only where asked.
    spans = isinstance(matcher, SpanWrappingMatcher)
    moved = matcher.child if spans else matcher
    for docnum in docnums:
        if not moved.is_active():
            break
        if moved.id() < docnum:
            moved.skip_to(docnum)
            if not moved.is_active():
                break
        if moved.id() == docnum and (not spans or matcher._get_spans()):
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
