"""Search: the one search function (`SearchService.search`), query planning, ranking,
snippets, suggestions and the glossary; and the retrieval evaluation.
"""

from __future__ import annotations

from search_api.search.evaluation import evaluate, load_queries
from search_api.search.query import clean_query_text
from search_api.search.service import SearchRequest, SearchResult, SearchService

__all__ = [
    "SearchRequest",
    "SearchResult",
    "SearchService",
    "clean_query_text",
    "evaluate",
    "load_queries",
]
