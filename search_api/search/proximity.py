"""A positional query: the words of a term near each other, whatever their inflection."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from whoosh import query as wq
from whoosh.matching import Matcher, NullMatcher
from whoosh.query.spans import SpanNear2, SpanOr

from search_api.search.positions import near_spans, word_positions_at


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

    def word_terms(self, reader: Any) -> list[list[str]] | None:
        """Each word's index terms in one segment (None when a word has none there)."""
        words: list[list[str]] = []
        for prefixes in self.prefixes:
            terms: set[str] = set()
            for prefix in prefixes:
                for term in reader.expand_prefix(self.fieldname, prefix):
                    terms.add(term.decode("utf-8") if isinstance(term, bytes) else term)
                    if len(terms) > self.MAX_TERMS_PER_WORD:
                        break
            if not terms:
                return None
            words.append(sorted(terms))
        return words

    def scores_at(self, searcher: Any, docnums: Sequence[int]) -> dict[int, float]:
        """The units of `docnums` (ascending, of one segment) where the words stand
        together, each scoring 0, read from their positions there alone."""
        reader = searcher.reader()
        words = self.word_terms(reader)
        if words is None:
            return {}
        spans = [word_positions_at(reader, self.fieldname, terms, docnums) for terms in words]
        common = set(spans[0]).intersection(*spans[1:])
        return {
            docnum: 0.0
            for docnum in sorted(common)
            if near_spans([found[docnum] for found in spans], self.slop, ordered=False)
        }

    def matcher(self, searcher: Any, context: Any = None) -> Matcher:
        words = self.word_terms(searcher.reader())
        if words is None:
            return NullMatcher()
        spans: list[wq.Query] = []
        for terms in words:
            options = [wq.Term(self.fieldname, term, boost=0.0) for term in terms]
            spans.append(options[0] if len(options) == 1 else SpanOr(options))
        near = SpanNear2(spans, slop=self.slop, ordered=False)
        return near.matcher(searcher, context)
