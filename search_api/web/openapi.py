"""The API reference: a complete OpenAPI document for the JSON routes.

FastAPI derives the paths from the routes; this module adds what the routes cannot say
themselves, without changing how they read a request:
- every query parameter of `/api/search` (the search reads them leniently from the query
  string, shared with the HTML page);
- a response model for every route (the dataclasses the service returns, and the JSON shapes
  of documents, laws, trash and audit), and the real error shape
  `{"error": {"code", "message"}}` for every error status a route can answer;
- multipart bodies for uploads (read from the raw request, so FastAPI cannot see them);
- the bearer-token security scheme on the routes that require a librarian's token, so that
  "Authorize" in `/docs` works.

`/docs` serves Swagger UI from `fastapi-offline`'s bundled assets (see `app.py`), so it renders
on a network without a CDN.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from typing import Any

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute, iter_route_contexts
from pydantic import BaseModel, ConfigDict, RootModel
from pydantic.json_schema import models_json_schema

from indexer.models import DOCUMENT_KINDS
from search_api.web.basis import BasedRegulation, LawBasis
from search_api.web.hits import SearchResultView
from search_api.web.library import ArticleSummary, ArticleView

BEARER_SCHEME = "bearerAuth"
REF = "#/components/schemas/{model}"


def query(name: str, description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": False, "description": description,
            "schema": schema}  # fmt: skip


TEXT = {"type": "string"}
YEAR = {"type": "integer", "minimum": 0}
FLAG = {"type": "string", "enum": ["1", "0", "true", "false"]}
SEARCH_PARAMETERS = [
    query("kind", "Only this kind of document", {"type": "string", "enum": list(DOCUMENT_KINDS)}),
    query("law", "Only this law, by number (6458)", TEXT),
    query("lang", "Only documents in this language", {"type": "string", "enum": ["tr", "en"]}),
    query("year_from", "Only documents of this year or later", YEAR),
    query("year_to", "Only documents of this year or earlier", YEAR),
    query(
        "page",
        "Page of results, from 1 (at most 1000)",
        {"type": "integer", "minimum": 1, "default": 1},
    ),
    query(
        "per_page",
        "Results per page (at most KAYNAK_PER_PAGE_MAX, 50 by default)",
        {"type": "integer", "minimum": 1, "default": 10},
    ),
    query("repealed", "1: include repealed (Mülga) articles, hidden by default", FLAG),
    query("titles", "1: search titles only", FLAG),
    query(
        "sort",
        "relevance, or date (newest first)",
        {"type": "string", "enum": ["relevance", "date"], "default": "relevance"},
    ),
    query(
        "group",
        "document: one entry per document with its best units (`groups`)",
        {"type": "string", "enum": ["document"]},
    ),
    query("translate", "0: the words as typed, without glossary translations", FLAG),
]


class ErrorBody(BaseModel):
    model_config = ConfigDict(extra="allow")  # a duplicate carries `document`, a 429 `retry_after`
    code: str
    message: str


class Error(BaseModel):
    """Every error: its status, a stable code and a message in the request's language."""

    error: ErrorBody


class Document(BaseModel):
    doc_id: str
    source: str | None
    title: str
    kind: str
    lang: str
    year: int | None
    date: str | None
    publisher: str | None
    law_number: str | None
    source_url: str | None
    author: str | None
    page_count: int | None
    unit_count: int
    ocr_pages: int
    problems: list[str]
    indexed_at: str | float | None
    url: str
    pdf_url: str


class DocumentList(BaseModel):
    total: int
    documents: list[Document]


class DocumentChange(Document):
    """A document after a change, with what to know about it (only OCR could read it, say)."""

    warnings: list[str]
    old_file: str | None = None  # a replaced PDF: its name in the trash


class Law(Document):
    """A law, or a regulation (`kind`), with its table of contents."""

    header: dict[str, Any] | None
    divisions: list[dict[str, Any]]
    amendment_list: str
    notes: list[str]
    articles: list[ArticleSummary]
    based_on: list[LawBasis]  # a regulation: the laws, decrees (and articles) its Dayanak names
    regulations: list[BasedRegulation]  # a law: the regulations resting on it
    basis_article_url: str | None  # a regulation's Dayanak article, when it has one


class LawRegulations(BaseModel):
    law_number: str
    total: int
    regulations: list[BasedRegulation]


class Article(RootModel[ArticleView]):
    pass


class SearchResponse(RootModel[SearchResultView]):
    pass


class Health(BaseModel):
    status: str
    documents: int
    units: int


class TrashEntry(BaseModel):
    name: str
    doc_id: str
    title: str | None
    folder: str | None
    removed_at: str | None
    by: str | None
    reason: str | None


class TrashList(BaseModel):
    total: int
    entries: list[TrashEntry]


class Removed(BaseModel):
    doc_id: str
    trash: TrashEntry


class AuditEvent(BaseModel):
    at: str
    actor: str
    action: str
    doc_id: str
    title: str
    details: dict[str, Any]


class AuditList(BaseModel):
    events: list[AuditEvent]


class JobSummary(BaseModel):
    id: str
    state: str
    url: str  # where to follow it: GET /api/jobs/{id}


class JobAccepted(BaseModel):
    """An upload is read in the background: follow the job until it is done or failed."""

    job: JobSummary


class Job(JobSummary):
    action: str
    filename: str
    created: str
    updated: str
    progress: dict[str, Any]
    doc_id: str | None
    proposal: dict[str, Any] | None = None  # detected metadata awaiting confirmation
    document: DocumentChange | None = None  # done: the document as stored
    warnings: list[str] | None = None
    error: ErrorBody | None = None  # failed: why, in the error shape


class JobList(BaseModel):
    jobs: list[Job]


# (method, path) → the model of its success response
RESPONSE_MODELS: dict[tuple[str, str], type[BaseModel]] = {
    ("get", "/api/search"): SearchResponse,
    ("get", "/api/documents"): DocumentList,
    ("post", "/api/documents"): JobAccepted,
    ("get", "/api/documents/{doc_id}"): Document,
    ("patch", "/api/documents/{doc_id}"): DocumentChange,
    ("delete", "/api/documents/{doc_id}"): Removed,
    ("put", "/api/documents/{doc_id}/file"): JobAccepted,
    ("get", "/api/jobs/{job_id}"): Job,
    ("get", "/api/jobs"): JobList,
    ("get", "/api/laws/{law_number}"): Law,
    ("get", "/api/laws/{law_number}/articles/{article}"): Article,
    ("get", "/api/laws/{law_number}/regulations"): LawRegulations,
    ("get", "/healthz"): Health,
    ("get", "/api/trash"): TrashList,
    ("post", "/api/trash/{name}/restore"): DocumentChange,
    ("get", "/api/audit"): AuditList,
}
UPLOAD_FIELDS = ("title", "kind", "lang", "year", "date", "law_number", "publisher", "author",
                 "source_url", "password")  # fmt: skip
UPLOADS = {("post", "/api/documents"): UPLOAD_FIELDS, ("put", "/api/documents/{doc_id}/file"): ()}
ERROR_TEXT = {
    400: "Invalid parameter or body",
    401: "A librarian's bearer token is required",
    404: "Not found",
    409: "Conflict (the same PDF or law number is already a document)",
    413: "The upload is larger than KAYNAK_MAX_UPLOAD_MB",
    422: "Invalid value (for an upload: an unreadable PDF)",
}


def multipart_body(fields: Iterable[str]) -> dict[str, Any]:
    properties: dict[str, Any] = {"file": {"type": "string", "format": "binary"}}
    properties.update({name: {"type": "string"} for name in fields})
    schema = {"type": "object", "required": ["file"], "properties": properties}
    return {"required": True, "content": {"multipart/form-data": {"schema": schema}}}


def calls(dependant: Dependant) -> Iterable[Callable[..., Any]]:
    """Every dependency a route runs, nested ones included."""
    for dependency in dependant.dependencies:
        if dependency.call is not None:
            yield dependency.call
        yield from calls(dependency)


def error_statuses(operation: dict[str, Any], path: str, secured: bool, upload: bool) -> list[int]:
    """The error statuses an operation can answer, each with the one error shape."""
    parameters = operation.get("parameters", [])
    statuses = []
    if upload or "requestBody" in operation or any(p["in"] == "query" for p in parameters):
        statuses += [400, 422]
    if "{" in path:
        statuses.append(404)
    if secured:
        statuses.append(401)
    if upload:
        statuses += [409, 413]
    return statuses


def complete_openapi(
    app: FastAPI, token_dependencies: Collection[Callable[..., Any]]
) -> dict[str, Any]:
    """The app's OpenAPI document with parameters, models, errors, bodies and security."""
    spec = get_openapi(
        title=app.title, version=app.version, description=app.description, routes=app.routes
    )
    models: list[type[BaseModel]] = [*RESPONSE_MODELS.values(), Error]
    _, definitions = models_json_schema([(m, "serialization") for m in models], ref_template=REF)
    schemas = spec.setdefault("components", {}).setdefault("schemas", {})
    for name in ("HTTPValidationError", "ValidationError"):  # FastAPI's shape, never ours
        schemas.pop(name, None)
    schemas.update(definitions.get("$defs", {}))
    spec["components"]["securitySchemes"] = {
        BEARER_SCHEME: {"type": "http", "scheme": "bearer", "description": "kaynak token create"}
    }
    secured = {
        (method.lower(), route.path)
        for route in iter_route_contexts(app.routes)
        if isinstance(route.original_route, APIRoute)
        and any(call in token_dependencies for call in calls(route.dependant))
        for method in route.methods or ()
    }
    error_ref = {"$ref": REF.format(model="Error")}
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            key = (method, path)
            if key == ("get", "/api/search"):
                present = {parameter["name"] for parameter in operation.get("parameters", [])}
                operation.setdefault("parameters", []).extend(
                    p for p in SEARCH_PARAMETERS if p["name"] not in present
                )
            responses = operation.setdefault("responses", {})
            responses.pop("422", None)
            success = next((status for status in responses if status.startswith("2")), "200")
            model = RESPONSE_MODELS.get(key)
            if model is not None:
                responses[success] = {
                    "description": responses.get(success, {}).get("description", "OK"),
                    "content": {"application/json": {
                        "schema": {"$ref": REF.format(model=model.__name__)}}},
                }  # fmt: skip
            upload = key in UPLOADS
            for status in error_statuses(operation, path, key in secured, upload):
                responses[str(status)] = {
                    "description": ERROR_TEXT[status],
                    "content": {"application/json": {"schema": error_ref}},
                }
            if key in secured:
                operation["security"] = [{BEARER_SCHEME: []}]
            if key in UPLOADS:
                operation["requestBody"] = multipart_body(UPLOADS[key])
    return spec


def install_openapi(app: FastAPI, *token_dependencies: Callable[..., Any]) -> None:
    """Serve the completed document at /openapi.json (built once, on first use)."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = complete_openapi(app, token_dependencies)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
