"""One tokenisation for every indexed field: the terms each analyzer would make of a text,
computed in one pass.

A unit's body goes into five fields (exact, surface, stemmed, prefix) whose analyzers share
the tokenizer and the Turkish lowercasing and differ only in the last filters. Indexing gives
Whoosh these term lists instead of the text: Whoosh indexes a list of strings as the tokens
themselves, one position each, which is what the analyzers yield (no filter drops or adds a
token). So the terms, positions and lengths indexed are the same as the analyzers' own,
at a fraction of the cost (`tests/indexer/analysis/test_indexing.py` checks them against the
analyzers); queries still go through the analyzers.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from indexer.analysis.filters import _fold_word, _lower_word
from indexer.analysis.stemming import stem_english, stem_turkish
from indexer.analysis.tokenizer import surface_words

PREFIX_LENGTH = 5  # `prefix_analyzer`'s default


@dataclass(frozen=True)
class IndexTerms:
    """A text's terms under each analyzer, in order: what `analyze(analyzer, text)` gives."""

    surface: list[str]  # `surface_analyzer`
    exact: list[str]  # `exact_analyzer`
    stemmed: list[str]  # `turkish_stem_analyzer`, or `english_stem_analyzer` for English
    prefix: list[str]  # `prefix_analyzer`


@lru_cache(maxsize=1 << 17)
def _word_terms(word: str) -> tuple[str, str, str]:
    """A token's lowercase, folded and prefix forms."""
    lower = _lower_word(word)
    folded = _fold_word(lower)
    prefix = folded if any(ch.isdigit() for ch in folded) else folded[:PREFIX_LENGTH]
    return lower, folded, prefix


@lru_cache(maxsize=1 << 17)
def _turkish_term(lower: str) -> str:
    return _fold_word(stem_turkish(lower))


@lru_cache(maxsize=1 << 16)
def _english_term(lower: str) -> str:
    return _fold_word(stem_english(lower))


def index_terms(text: str, english: bool = False) -> IndexTerms:
    """The terms of `text` under the four kinds of analyzer, from one tokenisation; the stemmed
    ones in English when `english`, else in Turkish."""
    stem = _english_term if english else _turkish_term
    surface: list[str] = []
    exact: list[str] = []
    stemmed: list[str] = []
    prefix: list[str] = []
    for _, _, word in surface_words(text):
        lower, folded, cut = _word_terms(word)
        surface.append(lower)
        exact.append(folded)
        stemmed.append(stem(lower))
        prefix.append(cut)
    return IndexTerms(surface=surface, exact=exact, stemmed=stemmed, prefix=prefix)
