"""JSON routes: they translate HTTP to the search service and the library, and back."""

from __future__ import annotations

import dataclasses
from typing import Any

from fastapi import APIRouter, Query, Request

from search_api.search import SearchService
from search_api.web.dependencies import IndexingDep, LibraryDep, ServiceDep, UrlsDep, part_of
from search_api.web.errors import message_language
from search_api.web.hits import result_json
from search_api.web.library import Library
from search_api.web.parameters import search_request_from

router = APIRouter()


def service_of(request: Request) -> SearchService:
    """The app's search service, for code that is not a route (routes declare `ServiceDep`)."""
    return part_of(request, SearchService)


def library_of(request: Request) -> Library:
    """The app's library, for code that is not a route (routes declare `LibraryDep`)."""
    return part_of(request, Library)


def lenient_int(value: str | None, default: int | None = None) -> int | None:
    """Query-string integers that never fail: junk means 'not given' (for values that
    only place a page, such as a document's `page` anchor)."""
    if value is None or not value.strip():
        return default
    try:
        return int(value.strip())
    except ValueError:
        return default


@router.get("/api/search")
def api_search(
    request: Request,
    service: ServiceDep,
    urls: UrlsDep,
    q: str = Query(default="", description='Words, "phrases" or a citation (6458 m. 91)'),
) -> dict[str, Any]:
    """The search; the service applies the query length and page size limits itself."""
    params: dict[str, str | None] = {**request.query_params, "q": q}
    checked = search_request_from(params, service.per_page_max)
    return result_json(service.search(checked), urls, message_language(request))


@router.get("/api/documents")
def api_documents(request: Request, library: LibraryDep) -> dict[str, Any]:
    documents = library.documents(message_language(request))
    return {"total": len(documents), "documents": documents}


@router.get("/api/documents/{doc_id}")
def api_document(request: Request, library: LibraryDep, doc_id: str) -> dict[str, Any]:
    return library.document(doc_id, message_language(request))


@router.get("/api/laws/{law_number}")
def api_law(request: Request, library: LibraryDep, law_number: str) -> dict[str, Any]:
    return library.law(law_number, message_language(request))


@router.get("/api/laws/{law_number}/regulations")
def api_law_regulations(library: LibraryDep, law_number: str) -> dict[str, Any]:
    """The regulations resting on a law (by their Dayanak article), whether or not the
    collection holds the law itself."""
    regulations = library.regulations_based_on(law_number)
    return {
        "law_number": law_number,
        "total": len(regulations),
        "regulations": [dataclasses.asdict(regulation) for regulation in regulations],
    }


@router.get("/api/laws/{law_number}/articles/{article:path}")
def api_article(library: LibraryDep, law_number: str, article: str) -> dict[str, Any]:
    return dataclasses.asdict(library.article(law_number, article))


@router.get("/healthz")
def healthz(library: LibraryDep, indexing: IndexingDep) -> dict[str, Any]:
    documents = library.documents()
    return {
        "status": "ok",
        "documents": len(documents),
        "units": sum(document["unit_count"] for document in documents),
        "indexing": indexing.status().as_dict(),
    }
