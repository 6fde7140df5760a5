"""The token filters of the analyzers, each a small generator over Whoosh's reused token
(Turkish lowercasing, diacritic folding, Turkish and English stemming, prefixes).

The filters are pickled into the index's schema; they are re-exported from
`indexer.analysis.analyzers`, where older indexes look for them. They hold only plain data:
their caches are module-level functions.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from whoosh.analysis import Filter, Token

from indexer.analysis.characters import fold_diacritics, turkish_lower
from indexer.analysis.stemming import is_stemmable, snowball_turkish, stem_english, stem_turkish


# Tokens repeat far more than texts do, so the filters look words up in these caches.
@lru_cache(maxsize=1 << 17)
def _lower_word(word: str) -> str:
    return turkish_lower(word)


@lru_cache(maxsize=1 << 17)
def _fold_word(word: str) -> str:
    return fold_diacritics(word)


class WordFilter(Filter):
    """Replaces each token's text with `word_map` of it; each filter below names its own."""

    @staticmethod
    def word_map(word: str) -> str:
        return word

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        word_map = self.word_map
        for token in tokens:
            token.text = word_map(token.text)
            yield token


class TurkishLowercaseFilter(WordFilter):
    """Lowercases with `turkish_lower` (İSTANBUL → istanbul, IŞIK → ışık)."""

    word_map = staticmethod(_lower_word)


class DiacriticFoldFilter(WordFilter):
    """Folds with `fold_diacritics`, so `göç` and `goc` meet."""

    word_map = staticmethod(_fold_word)


class TurkishStemFilter(WordFilter):
    """Stems with `stem_turkish`. Put it before `DiacriticFoldFilter`: Snowball needs ç, ğ, ı."""

    is_morph = True
    word_map = staticmethod(stem_turkish)


class SnowballTurkishFilter(WordFilter):
    """Plain Snowball Turkish, without the fixes of `stem_turkish`: the baseline that
    `scripts/compare_analyzers.py` measures the fixes against. Not used by the index."""

    is_morph = True

    @staticmethod
    def word_map(word: str) -> str:
        return snowball_turkish(word) if is_stemmable(word) else word


class EnglishStemFilter(WordFilter):
    """Stems with `stem_english`, for the English reports."""

    is_morph = True
    word_map = staticmethod(stem_english)


class PrefixFilter(Filter):
    """Keeps the first `length` characters of a word, a crude stem that never over-reads a suffix.
    Numbers stay whole (article 1234 must not match article 12345)."""

    def __init__(self, length: int = 5) -> None:
        self.length = length

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for token in tokens:
            if not any(ch.isdigit() for ch in token.text):
                token.text = token.text[: self.length]
            yield token
