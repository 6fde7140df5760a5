"""Turkish-aware text analysis for the Whoosh index: four analyzers, each
`KaynakTokenizer() | filter | filter ...`, used both when indexing and when parsing queries.

The tokenizer (`tokenizer`), the filters (`filters`), the stemmers (`stemming`) and the
letter rules (`characters`) live in their own modules. The schema pickles the analyzers into
the index, and older indexes name the classes under `indexer.analysis.analyzers`: they are
re-exported here so that those paths keep loading. Any change to what an analyzer emits must
bump `ANALYSIS_VERSION` (the index is rebuilt when the stored version differs).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Final

from whoosh.analysis import Analyzer, Filter

from indexer.analysis.filters import (
    DiacriticFoldFilter,
    EnglishStemFilter,
    PrefixFilter,
    SnowballTurkishFilter,
    TurkishLowercaseFilter,
    TurkishStemFilter,
    WordFilter,
)
from indexer.analysis.tokenizer import KaynakTokenizer

ANALYSIS_VERSION: Final = "4"

# The pickled classes' old import path (see the module docstring).
__all__ = [
    "ANALYSIS_VERSION",
    "AnalyzerSet",
    "DiacriticFoldFilter",
    "EnglishStemFilter",
    "KaynakTokenizer",
    "PrefixFilter",
    "SnowballTurkishFilter",
    "TurkishLowercaseFilter",
    "TurkishStemFilter",
    "WordFilter",
    "analyze",
    "english_stem_analyzer",
    "exact_analyzer",
    "prefix_analyzer",
    "shared_analyzers",
    "surface_analyzer",
    "turkish_stem_analyzer",
]


def exact_analyzer() -> Analyzer:
    """Surface words, lowercased and folded: for phrases and highlighting."""
    return KaynakTokenizer() | TurkishLowercaseFilter() | DiacriticFoldFilter()


def surface_analyzer() -> Analyzer:
    """Surface words, lowercased but not folded: tells `sınır` from `sinir`, and its lexicon
    maps a word typed without Turkish letters back to the forms the documents use."""
    return KaynakTokenizer() | TurkishLowercaseFilter()


def turkish_stem_analyzer(stemmer: Filter | None = None) -> Analyzer:
    """Turkish stems, folded after stemming (folding first would hide suffixes from Snowball).
    `stemmer` stands in for `TurkishStemFilter` when comparing stemmers."""
    stem = TurkishStemFilter() if stemmer is None else stemmer
    return KaynakTokenizer() | TurkishLowercaseFilter() | stem | DiacriticFoldFilter()


def english_stem_analyzer() -> Analyzer:
    """English stems; Turkish lowercasing is harmless for English and keeps one tokenizer path."""
    return (
        KaynakTokenizer() | TurkishLowercaseFilter() | EnglishStemFilter() | DiacriticFoldFilter()
    )


def prefix_analyzer(length: int = 5) -> Analyzer:
    """Folded word prefixes of `length` characters: a language-blind safety net for recall."""
    return (
        KaynakTokenizer() | TurkishLowercaseFilter() | DiacriticFoldFilter() | PrefixFilter(length)
    )


def analyze(analyzer: Analyzer, text: str) -> list[str]:
    """The terms `analyzer` makes of `text`, in order."""
    return [token.text for token in analyzer(text)]


@dataclass(frozen=True)
class AnalyzerSet:
    """One instance of each analyzer, for code that analyses at query time."""

    exact: Analyzer
    surface: Analyzer
    turkish: Analyzer
    english: Analyzer
    prefix: Analyzer


@lru_cache(maxsize=1)
def shared_analyzers() -> AnalyzerSet:
    """The process's analyzers, built once (query planning, snippets, glossary, stopwords)."""
    return AnalyzerSet(
        exact=exact_analyzer(),
        surface=surface_analyzer(),
        turkish=turkish_stem_analyzer(),
        english=english_stem_analyzer(),
        prefix=prefix_analyzer(),
    )
