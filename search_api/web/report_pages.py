"""The report page view: one page of a document on its own, as researchers cite it.

The page's text (what search indexed for it) with the searched words (`q`) marked and the
first one as the `#first-mark` anchor, the previous and next pages, and the link that opens
the PDF at that page. A law's page shows the articles that run over it.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from indexer.index import StoredUnit
from search_api.search import MarkedRun, MatchForms, mark_words
from search_api.web.api import library_of, service_of
from search_api.web.errors import NotFound
from search_api.web.pages import query_of, render
from search_api.web.urls import article_url, pdf_url, report_page_url

router = APIRouter(include_in_schema=False)


@dataclass
class PageSection:
    """A unit shown on the page: a report page's text, or an article running over it."""

    runs: list[MarkedRun]
    article: str | None = None
    article_title: str | None = None
    url: str | None = None
    ocr: bool = False


@dataclass
class MarkedText:
    """Marks a query's words in texts, numbering the first mark so a link can land on it."""

    forms: MatchForms | None
    lang: str
    first_seen: bool = False

    def runs(self, text: str) -> list[MarkedRun]:
        if self.forms is None:
            return [MarkedRun(text, False)]
        runs = mark_words(text, self.forms, self.lang)
        self.first_seen = self.first_seen or any(run.marked for run in runs)
        return runs


def page_sections(units: list[StoredUnit], number: int, marker: MarkedText) -> list[PageSection]:
    sections = []
    for unit in units:
        if not unit.page <= number <= unit.page_end:
            continue
        law_number, key = unit.law_number, unit.article_key
        sections.append(
            PageSection(
                runs=marker.runs(unit.text),
                article=unit.article,
                article_title=unit.article_title,
                url=article_url(law_number, key) if law_number and key else None,
                ocr=unit.ocr,
            )
        )
    return sections


def page_number(doc_id: str, segment: str, last: int) -> int:
    """The page asked for, or NotFound (said in the reader's language) when there is none."""
    if segment.isdigit() and 1 <= int(segment) <= last:
        return int(segment)
    raise NotFound("page_not_found", doc_id=doc_id, page=segment)


@router.get("/documents/{doc_id}/pages/{segment}", response_class=HTMLResponse)
def report_page(request: Request, doc_id: str, segment: str) -> Response:
    library = library_of(request)
    document = library.document(doc_id)
    units = library.document_pages(doc_id)
    last = max([int(document.get("page_count") or 0)] + [unit.page_end for unit in units])
    number = page_number(doc_id, segment, last)
    query = query_of(request)
    forms = service_of(request).words_to_mark(query) if query else None
    marker = MarkedText(forms, document.get("lang") or "tr")
    sections = page_sections(units, number, marker)
    return render(
        request,
        "report_page.html",
        {
            "document": document,
            "number": number,
            "last": last,
            "sections": sections,
            "query": query,
            "has_marks": marker.first_seen,
            "previous_url": report_page_url(doc_id, number - 1, query) if number > 1 else None,
            "next_url": report_page_url(doc_id, number + 1, query) if number < last else None,
            "pdf_page_url": pdf_url(doc_id, number),
            "search_url": f"/?{urlencode({'q': query})}" if query else None,
        },
    )
