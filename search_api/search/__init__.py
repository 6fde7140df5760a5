"""Search: the one search function (`SearchService.search`), query planning, ranking,
snippets, suggestions and the glossary; and the retrieval evaluation.
"""

from __future__ import annotations

from search_api.search.citations import find_article
from search_api.search.evaluation import evaluate, load_queries
from search_api.search.query import MAX_QUERY_CHARS, clean_query_text, parse_user_query
from search_api.search.service import (
    GROUP_HITS,
    MAX_PER_PAGE,
    DocumentGroup,
    FacetValue,
    Hit,
    Notice,
    SearchRequest,
    SearchResult,
    SearchService,
)
from search_api.search.snippets import MarkedRun, MatchForms, Snippet, mark_words

__all__ = [
    "GROUP_HITS",
    "MAX_PER_PAGE",
    "MAX_QUERY_CHARS",
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
    "clean_query_text",
    "evaluate",
    "find_article",
    "load_queries",
    "mark_words",
    "parse_user_query",
]
