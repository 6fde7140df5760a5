"""What the search takes and gives: `SearchRequest` in, `SearchResult` (its `Hit`s, facet
counts, document groups, notice, suggestion and translations) out. Plain data: the web layer
and the CLI make HTML, URLs and sentences of it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from search_api.search.citations import Notice
from search_api.search.snippets import Snippet


@dataclass
class SearchRequest:
    q: str = ""
    kind: str | None = None
    law: str | None = None
    lang: str | None = None
    year_from: int | None = None
    year_to: int | None = None
    page: int = 1
    per_page: int = 10
    include_repealed: bool = False
    titles_only: bool = False
    sort: str = "relevance"  # or "date": newest first, then by relevance
    group_by_document: bool = False  # one entry per document, its best units under it
    translate: bool = True  # False: the words as typed, no glossary translations


@dataclass
class Hit:
    unit_id: str
    doc_id: str
    source: str
    title: str
    kind: str
    lang: str
    law_number: str | None
    article: str | None
    article_key: str | None
    article_title: str | None
    page: int
    snippet: Snippet
    score: float
    match: str = "text"  # "citation" for the article a citation names
    repealed: bool = False
    ocr: bool = False
    anchor: str = ""  # the cited paragraph or item on the article's page ("f2-a")
    passage_page: int | None = None  # an article's: the PDF page its snippet's passage is on


@dataclass
class FacetValue:
    value: str
    count: int


@dataclass
class SearchResult:
    query: str
    total: int
    page: int
    per_page: int
    took_ms: float
    hits: list[Hit] = field(default_factory=list)
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    notice: Notice | None = None  # e.g. a cited article that is not in the corpus
    citation: dict[str, Any] | None = None
    # "Did you mean": the whole query with misspelt or unknown words corrected, offered only
    # when the corrected query finds something.
    suggestion: str | None = None
    # The words a cross-language step (glossary, dictionary) added, in the other language.
    translations: list[str] = field(default_factory=list)
    # With `group_by_document`: the shown page's documents, each with its best hits (`hits`
    # then lists the same hits in order); `total_groups` counts every matching document.
    groups: list[DocumentGroup] = field(default_factory=list)
    total_groups: int = 0


@dataclass
class DocumentGroup:
    doc_id: str
    title: str
    hits: list[Hit]
    more: int  # the document's other matching units, not shown here
