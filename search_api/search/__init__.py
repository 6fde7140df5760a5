"""Search: the one search function (`SearchService.search`), query planning, ranking,
snippets, suggestions, the glossary and the general English-Turkish dictionary; and the
retrieval evaluation.
"""

from __future__ import annotations

from search_api.search.citations import Notice, find_article
from search_api.search.dictionary import (
    DICTIONARY_DIR,
    BilingualDictionary,
    build_dictionary,
    load_dictionary,
)
from search_api.search.evaluation import evaluate, load_queries
from search_api.search.parsing import MAX_QUERY_CHARS, clean_query_text, parse_user_query
from search_api.search.results import (
    DocumentGroup,
    FacetValue,
    Hit,
    SearchRequest,
    SearchResult,
)
from search_api.search.service import GROUP_HITS, MAX_PER_PAGE, SearchService
from search_api.search.snippets import MarkedRun, MatchForms, Snippet, mark_words

__all__ = [
    "DICTIONARY_DIR",
    "GROUP_HITS",
    "MAX_PER_PAGE",
    "MAX_QUERY_CHARS",
    "BilingualDictionary",
    "DocumentGroup",
    "FacetValue",
    "Hit",
    "MarkedRun",
    "MatchForms",
    "Notice",
    "SearchRequest",
    "SearchResult",
    "SearchService",
    "Snippet",
    "build_dictionary",
    "clean_query_text",
    "evaluate",
    "find_article",
    "load_dictionary",
    "load_queries",
    "mark_words",
    "parse_user_query",
]
