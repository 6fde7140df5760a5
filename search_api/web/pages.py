"""HTML routes: the search page, the document list and a document (a law's and an
article's pages are `search_api.web.law_pages`).

Routes only translate HTTP to the search service and the library and pick a template. What a
template needs beyond those results (links that keep the query, page numbers, facet links,
page anchors) comes from the small pure functions below, so that templates stay simple and
the logic is testable on plain data. `render` and `query_of` serve every page module.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates

from indexer.index import StoredUnit
from indexer.models import LEGISLATION_KINDS
from search_api.search import (
    Hit,
    SearchRequest,
    SearchResult,
    clean_query_text,
    parse_user_query,
)
from search_api.settings import Settings
from search_api.web import i18n
from search_api.web.api import lenient_int, library_of, service_of
from search_api.web.dependencies import part_of
from search_api.web.errors import error_text
from search_api.web.hits import notice_text
from search_api.web.parameters import MAX_PAGE, InvalidParameter, search_request_from
from search_api.web.urls import ROOT, Urls, article_url, urls_for, with_query

# facet name → the query parameter that filters on it
FACET_PARAMETERS = {"kind": "kind", "law_number": "law", "lang": "lang"}
FILTER_PARAMETERS = ("kind", "law", "lang", "year_from", "year_to", "repealed", "titles")
# What a search page is asked to show beyond the filters (kept by every link it makes).
VIEW_PARAMETERS = ("sort", "group", "translate")

router = APIRouter(include_in_schema=False)


# --- Pure helpers ------------------------------------------------------------------------------


def url_with(path: str, params: Sequence[tuple[str, str]], **changes: object) -> str:
    """`path` with the current query parameters, `changes` applied (None or "" removes one)."""
    kept = [(name, value) for name, value in params if name not in changes and value != ""]
    kept += [(name, str(value)) for name, value in changes.items() if value not in (None, "")]
    return f"{path}?{urlencode(kept)}" if kept else path


@dataclass
class Pagination:
    page: int
    last: int
    numbers: list[int | None]  # None: a gap ("…")

    @property
    def previous(self) -> int | None:
        return self.page - 1 if self.page > 1 else None

    @property
    def next(self) -> int | None:
        return self.page + 1 if self.page < self.last else None


def paginate(total: int, page: int, per_page: int, width: int = 2) -> Pagination:
    """Page links around `page`, always with the first and the last."""
    last = max(1, min(math.ceil(total / max(per_page, 1)), MAX_PAGE))
    page = min(max(page, 1), last)
    wanted = {1, last, *range(page - width, page + width + 1)}
    numbers: list[int | None] = []
    for number in sorted(n for n in wanted if 1 <= n <= last):
        if numbers and number - (numbers[-1] or 0) > 1:
            numbers.append(None)
        numbers.append(number)
    return Pagination(page, last, numbers)


def shown_total(result: SearchResult) -> int:
    """What the pages count: documents when the result is grouped by document, else units."""
    return result.total_groups if result.groups else result.total


@dataclass
class FacetLink:
    value: str
    count: int
    url: str
    active: bool


@dataclass
class FacetGroup:
    name: str
    links: list[FacetLink]


def facet_groups(
    result: SearchResult, params: dict[str, str], link: Callable[..., str]
) -> list[FacetGroup]:
    """Each facet value as a link that filters on it, or removes the filter when it is on."""
    groups = []
    for name, values in result.facets.items():
        links = []
        for facet in values:
            value = facet.value
            if name == "year":
                active = params.get("year_from") == value and params.get("year_to") == value
                year = None if active else value
                url = link(year_from=year, year_to=year, page=None)
            else:
                parameter = FACET_PARAMETERS.get(name, name)
                active = params.get(parameter) == value
                url = link(**{parameter: None if active else value, "page": None})
            links.append(FacetLink(value, facet.count, url, active))
        if links:
            groups.append(FacetGroup(name, links))
    return groups


@dataclass
class LawOption:
    number: str
    title: str
    count: int | None


def law_options(
    documents: Iterable[dict[str, Any]], result: SearchResult | None
) -> list[LawOption]:
    """Every law in the collection for the law filter, with its hit count when searching."""
    counts = {fv.value: fv.count for fv in (result.facets.get("law_number", []) if result else [])}
    options = {
        document["law_number"]: LawOption(document["law_number"], document["title"], None)
        for document in documents
        if document.get("kind") in LEGISLATION_KINDS and document.get("law_number")
    }
    for number, count in counts.items():
        options.setdefault(number, LawOption(number, "", None)).count = count
    return sorted(options.values(), key=lambda option: (len(option.number), option.number))


@dataclass
class DocumentSection:
    """One stored unit of a document (an article, or a page of a report) as shown in full."""

    page: int
    page_end: int
    anchors: list[int]  # the `page-N` anchors that sit at the top of this section
    text: str
    notes: list[str]
    article: str | None = None
    article_title: str | None = None
    url: str | None = None
    repealed: bool = False
    ocr: bool = False


def document_sections(units: list[StoredUnit]) -> list[DocumentSection]:
    """The units in order, each page's anchor on the first unit that starts on that page
    (or, for a page no unit starts on, the unit that runs over it)."""
    owner: dict[int, int] = {}
    for index, unit in enumerate(units):
        owner.setdefault(unit.page, index)
    for index, unit in enumerate(units):
        for number in range(unit.page + 1, unit.page_end + 1):
            owner.setdefault(number, index)
    sections = []
    for index, unit in enumerate(units):
        law_number, key = unit.law_number, unit.article_key
        sections.append(
            DocumentSection(
                page=unit.page,
                page_end=unit.page_end,
                anchors=sorted(number for number, at in owner.items() if at == index),
                text=unit.text,
                notes=unit.notes,
                article=unit.article,
                article_title=unit.article_title,
                url=article_url(law_number, key) if law_number and key else None,
                repealed=unit.repealed,
                ocr=unit.ocr,
            )
        )
    return sections


# --- Routes --------------------------------------------------------------------------------------


def settings_of(request: Request) -> Settings:
    return part_of(request, Settings)


def query_of(request: Request) -> str:
    """The searched words (`q`), cleaned and cut to the longest query allowed."""
    return clean_query_text(
        request.query_params.get("q") or "", settings_of(request).max_query_chars
    )


def hit_url(hit: Hit, query: str, urls: Urls = ROOT) -> str:
    """Where a hit leads, with the searched words marked: its article, or its report page."""
    if hit.kind in LEGISLATION_KINDS and hit.law_number and hit.article_key:
        return with_query(urls.article(hit.law_number, hit.article_key), query)
    return urls.report_page(hit.doc_id, hit.page, query)


def render(
    request: Request, template: str, context: dict[str, Any], status_code: int = 200
) -> Response:
    """A page in the visitor's interface language (`i18n.install`ed once, in `create_app`)."""
    templates = part_of(request, Jinja2Templates)
    response = templates.TemplateResponse(request, template, context, status_code=status_code)
    i18n.remember_choice(request, response)
    return response


@router.get("/", response_class=HTMLResponse)
def search_page(request: Request) -> Response:
    query = query_of(request)
    params = {name: value for name, value in request.query_params.items() if value != ""}
    params["q"] = query
    # Links carry the cleaned query, never a 10,000-character one again.
    current = [(n, v) for n, v in request.query_params.multi_items() if n != "q"]
    kept = [("q", query), *current] if query else current
    link = partial(url_with, request.url.path, kept)
    try:
        search_request = search_request_from(params, settings_of(request).per_page_max)
        invalid = None
    except InvalidParameter as error:  # the form again, saying which value was refused
        search_request, invalid = SearchRequest(q=query), error_text(request, error)
    result = service_of(request).search(search_request) if query and not invalid else None
    parsed = parse_user_query(query)
    return render(
        request,
        "search.html",
        {
            "invalid": invalid,
            "query": query,
            "search": search_request,
            "result": result,
            "only_excluded": bool(parsed.excluded) and parsed.is_empty,
            "pagination": paginate(shown_total(result), result.page, result.per_page)
            if result
            else None,
            "facets": facet_groups(result, params, link) if result else [],
            "laws": law_options(library_of(request).documents(), result),
            "filtered": any(params.get(name) for name in FILTER_PARAMETERS),
            "link": link,
            "open_url": partial(hit_url, query=query, urls=urls_for(request)),
            "notice": notice_text(result, i18n.ui_language(request)) if result else None,
            "export_url": lambda path: url_with(
                urls_for(request).path(path), kept, page=None, group=None, ui=None
            ),
            "export_cap": settings_of(request).export_max_hits,
        },
        status_code=422 if invalid else 200,
    )


@router.get("/documents", response_class=HTMLResponse)
def documents_page(request: Request) -> Response:
    return render(request, "documents.html", {"documents": library_of(request).documents()})


@router.get("/documents/{doc_id}", response_class=HTMLResponse)
def document_page(request: Request, doc_id: str) -> Response:
    library = library_of(request)
    document = library.document(doc_id, i18n.ui_language(request))
    sections = document_sections(library.document_pages(doc_id))
    return render(
        request,
        "document.html",
        {
            "document": document,
            "sections": sections,
            "current_page": lenient_int(request.query_params.get("page")),
        },
    )
