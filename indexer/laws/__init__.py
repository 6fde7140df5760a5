"""Structure: the page text of a Turkish law or regulation → parts, chapters, articles,
paragraphs and notes; citations in queries and in article text; laws by name; the law a
regulation rests on (its Dayanak article). Pure.
"""

from __future__ import annotations

from indexer.laws.amendments import Amendment
from indexer.laws.articles import ArticleKind, ArticleRef, citation_owner, paragraph_anchor
from indexer.laws.basis import (
    ArticleText,
    Basis,
    DecreeBasis,
    basis_article,
    find_basis,
    find_decrees,
)
from indexer.laws.citations import (
    Citation,
    LawAliases,
    load_law_aliases,
    parse_article_segment,
    parse_citation,
)
from indexer.laws.document import ArticleStructure
from indexer.laws.paragraphs import Item, Paragraph
from indexer.laws.references import Reference, find_references
from indexer.laws.regulations import RegulationMention, RegulationName, find_regulation
from indexer.laws.structure import ACCEPTED_DATE_RE, LAW_NUMBER_RE, LawDocument, parse_law

__all__ = [
    "ACCEPTED_DATE_RE",
    "LAW_NUMBER_RE",
    "Amendment",
    "ArticleKind",
    "ArticleRef",
    "ArticleStructure",
    "ArticleText",
    "Basis",
    "Citation",
    "DecreeBasis",
    "Item",
    "LawAliases",
    "LawDocument",
    "Paragraph",
    "Reference",
    "RegulationMention",
    "RegulationName",
    "basis_article",
    "citation_owner",
    "find_basis",
    "find_decrees",
    "find_references",
    "find_regulation",
    "load_law_aliases",
    "paragraph_anchor",
    "parse_article_segment",
    "parse_citation",
    "parse_law",
]
