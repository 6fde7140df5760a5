"""Analyse: the Turkish- and English-aware Whoosh analyzers, one definition for indexing
and querying, and the words that carry no meaning of their own. Pure.
"""

from __future__ import annotations

from indexer.analysis.analyzers import (
    ANALYSIS_VERSION,
    analyze,
    english_stem_analyzer,
    exact_analyzer,
    fold_diacritics,
    prefix_analyzer,
    surface_analyzer,
    surface_words,
    turkish_lower,
    turkish_stem_analyzer,
)
from indexer.analysis.words import content_word_count, is_stopword

__all__ = [
    "ANALYSIS_VERSION",
    "analyze",
    "content_word_count",
    "english_stem_analyzer",
    "exact_analyzer",
    "fold_diacritics",
    "is_stopword",
    "prefix_analyzer",
    "surface_analyzer",
    "surface_words",
    "turkish_lower",
    "turkish_stem_analyzer",
]
