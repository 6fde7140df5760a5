"""Analyse: the Turkish- and English-aware Whoosh analyzers, one definition for indexing
and querying, the Turkish letter rules every comparison uses, and the words that carry no
meaning of their own. Pure.
"""

from __future__ import annotations

from indexer.analysis.analyzers import (
    ANALYSIS_VERSION,
    AnalyzerSet,
    analyze,
    english_stem_analyzer,
    exact_analyzer,
    prefix_analyzer,
    shared_analyzers,
    surface_analyzer,
    turkish_stem_analyzer,
)
from indexer.analysis.characters import fold_diacritics, fold_turkish, turkish_lower
from indexer.analysis.indexing import IndexTerms, index_terms
from indexer.analysis.tokenizer import surface_words
from indexer.analysis.words import content_word_count, is_stopword

__all__ = [
    "ANALYSIS_VERSION",
    "AnalyzerSet",
    "IndexTerms",
    "analyze",
    "content_word_count",
    "english_stem_analyzer",
    "exact_analyzer",
    "fold_diacritics",
    "fold_turkish",
    "index_terms",
    "is_stopword",
    "prefix_analyzer",
    "shared_analyzers",
    "surface_analyzer",
    "surface_words",
    "turkish_lower",
    "turkish_stem_analyzer",
]
