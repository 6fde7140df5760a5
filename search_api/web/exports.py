"""Results to take away: the current search as CSV, and the citations of its law hits as a
list a legal officer can paste into a memo.

Both take the search page's parameters (query, filters, sort) and export at most
`Settings.export_max_hits` hits (`KAYNAK_EXPORT_MAX_HITS`, 500 by default), in the page's
order.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from fastapi import APIRouter, Request
from fastapi.responses import Response

from indexer.models import LEGISLATION_KINDS
from search_api.search import Hit, SearchRequest
from search_api.web.api import service_of
from search_api.web.hits import hit_pdf_url
from search_api.web.library import citation_text, owner_of
from search_api.web.pages import hit_url, query_of, settings_of
from search_api.web.parameters import search_request_from
from search_api.web.urls import ROOT

EXPORT_PAGE_SIZE = 50  # pages of this size (or the service's smaller per_page_max)
CSV_COLUMNS = ("rank", "title", "kind", "lang", "law", "article", "article_title", "page",
               "citation", "snippet", "url", "pdf_url")  # fmt: skip

router = APIRouter(include_in_schema=False)


def exported_hits(request: Request) -> Iterator[Hit]:
    """The hits of the search the request describes, page by page, up to the cap."""
    params = {name: value for name, value in request.query_params.items() if value != ""}
    params["q"] = query_of(request)
    base = search_request_from(params, settings_of(request).per_page_max)
    if not base.q:
        return
    cap = settings_of(request).export_max_hits
    service = service_of(request)
    size = min(EXPORT_PAGE_SIZE, service.per_page_max)
    count = 0
    for page in range(1, -(-cap // size) + 1):
        request_page = SearchRequest(**{**vars(base), "page": page, "per_page": size,
                                        "group_by_document": False})  # fmt: skip
        result = service.search(request_page)
        for hit in result.hits[: cap - count]:
            yield hit
            count += 1
        if not result.hits or count >= min(result.total, cap):
            return


def hit_citation(hit: Hit) -> str | None:
    if hit.kind not in LEGISLATION_KINDS or not hit.law_number or not hit.article:
        return None
    return citation_text(hit.law_number, hit.article, owner_of(hit.law_number, hit.kind, hit.title))


def csv_text(hits: Iterator[Hit], base_url: str, query: str) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for rank, hit in enumerate(hits, 1):
        writer.writerow([
            rank, hit.title, hit.kind, hit.lang, hit.law_number or "", hit.article or "",
            hit.article_title or "", hit.page, hit_citation(hit) or "",
            hit.snippet.text, base_url + hit_url(hit, query),
            base_url + hit_pdf_url(hit, ROOT),
        ])  # fmt: skip
    return out.getvalue()


def citation_lines(hits: Iterator[Hit]) -> list[str]:
    """One line per article, in the results' order, each article once:
    `6458 sayılı Yabancılar ve Uluslararası Koruma Kanunu m. 91 (Geçici koruma)`."""
    lines: dict[str, None] = {}
    for hit in hits:
        citation = hit_citation(hit)
        if citation is not None:
            title = f" ({hit.article_title})" if hit.article_title else ""
            named = citation.replace("sayılı Kanun", f"sayılı {hit.title}", 1)
            lines[f"{named}{title}"] = None
    return list(lines)


@router.get("/export.csv")
def export_csv(request: Request) -> Response:
    base_url = str(request.base_url).rstrip("/")
    text = csv_text(exported_hits(request), base_url, query_of(request))
    # A byte-order mark so that spreadsheet programs read the Turkish letters as UTF-8.
    return Response(
        "\ufeff" + text,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="kaynak-sonuclar.csv"'},
    )


@router.get("/export/citations.txt")
def export_citations(request: Request) -> Response:
    lines = citation_lines(exported_hits(request))
    return Response(
        "\n".join(lines) + ("\n" if lines else ""),
        media_type="text/plain; charset=utf-8",
        headers={"Content-Disposition": 'inline; filename="kaynak-atiflar.txt"'},
    )
