"""JSON routes: they translate HTTP to the search service and the library, and back."""

from __future__ import annotations

import dataclasses
from typing import Any

from fastapi import APIRouter, Query, Request

from search_api.search import SearchResult, SearchService, clean_query_text
from search_api.web.library import Library
from search_api.web.parameters import search_request_from

router = APIRouter()


def service_of(request: Request) -> SearchService:
    service: SearchService = request.app.state.service
    return service


def library_of(request: Request) -> Library:
    library: Library = request.app.state.library
    return library


def lenient_int(value: str | None, default: int | None = None) -> int | None:
    """Query-string integers that never fail: junk means 'not given' (for values that
    only place a page, such as a document's `page` anchor)."""
    if value is None or not value.strip():
        return default
    try:
        return int(value.strip())
    except ValueError:
        return default


def result_json(result: SearchResult) -> dict[str, Any]:
    return dataclasses.asdict(result)


@router.get("/api/search")
def api_search(
    request: Request,
    q: str = Query(default="", description='Words, "phrases" or a citation (6458 m. 91)'),
) -> dict[str, Any]:
    params: dict[str, str | None] = dict(request.query_params)
    settings = request.app.state.settings
    params["q"] = clean_query_text(q, settings.max_query_chars)
    checked = search_request_from(params, settings.per_page_max)
    return result_json(service_of(request).search(checked))


@router.get("/api/documents")
def api_documents(request: Request) -> dict[str, Any]:
    documents = library_of(request).documents()
    return {"total": len(documents), "documents": documents}


@router.get("/api/documents/{doc_id}")
def api_document(request: Request, doc_id: str) -> dict[str, Any]:
    return library_of(request).document(doc_id)


@router.get("/api/laws/{law_number}")
def api_law(request: Request, law_number: str) -> dict[str, Any]:
    return library_of(request).law(law_number)


@router.get("/api/laws/{law_number}/articles/{article:path}")
def api_article(request: Request, law_number: str, article: str) -> dict[str, Any]:
    return dataclasses.asdict(library_of(request).article(law_number, article))


@router.get("/healthz")
def healthz(request: Request) -> dict[str, Any]:
    library = library_of(request)
    documents = library.documents()
    return {
        "status": "ok",
        "documents": len(documents),
        "units": sum(document["unit_count"] for document in documents),
        "indexing": request.app.state.indexing.status().as_dict(),
    }
