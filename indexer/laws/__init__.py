"""Structure: the page text of a Turkish law or regulation → parts, chapters, articles,
paragraphs and notes; citations in queries and in article text; laws by name. Pure.
"""

from __future__ import annotations

from indexer.laws.articles import ArticleKind, ArticleRef, paragraph_anchor
from indexer.laws.citations import (
    Citation,
    LawAliases,
    Reference,
    find_references,
    load_law_aliases,
    parse_article_segment,
    parse_citation,
)
from indexer.laws.structure import ACCEPTED_DATE_RE, LAW_NUMBER_RE, LawDocument, parse_law

__all__ = [
    "ACCEPTED_DATE_RE",
    "LAW_NUMBER_RE",
    "ArticleKind",
    "ArticleRef",
    "Citation",
    "LawAliases",
    "LawDocument",
    "Reference",
    "find_references",
    "load_law_aliases",
    "paragraph_anchor",
    "parse_article_segment",
    "parse_citation",
    "parse_law",
]
