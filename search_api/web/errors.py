"""Typed errors rendered in one place: a fixed JSON shape under /api, an HTML page elsewhere.

Shape: `{"error": {"code": "...", "message": "..."}}` with the error's HTTP status. The
message is the error's key said in the request's language (`catalogue.error_message`):
Turkish by default, English with `?ui=en` or the ui cookie (and, for JSON, `Accept-Language`).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import urlencode

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from indexer.errors import (
    BadRequest,
    Conflict,
    DuplicateDocument,
    FieldProblem,
    InvalidField,
    KaynakError,
    NotFound,
    PayloadTooLarge,
    UnreadablePdf,
)
from search_api.web.catalogue import error_message, has_text, say
from search_api.web.dependencies import parts_of
from search_api.web.i18n import api_language, ui_language

__all__ = [
    "BadRequest",
    "Conflict",
    "DuplicateDocument",
    "FieldProblem",
    "Forbidden",
    "InvalidField",
    "KaynakError",
    "NotFound",
    "PayloadTooLarge",
    "TooManyRequests",
    "Unauthorized",
    "UnreadablePdf",
    "error_text",
    "install_error_handlers",
    "message_language",
]


class Unauthorized(KaynakError):
    status_code = 401
    code = "unauthorized"


class Forbidden(KaynakError):
    status_code = 403
    code = "forbidden"


class TooManyRequests(KaynakError):
    status_code = 429
    code = "too_many_requests"
    detail_names = ("retry_after",)


logger = logging.getLogger(__name__)

HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "payload_too_large",
    422: "invalid_request",
    429: "too_many_requests",
}


def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/healthz"


def message_language(request: Request) -> str:
    """The language this request's messages are said in (JSON may pick by Accept-Language)."""
    return api_language(request) if wants_json(request) else ui_language(request)


def error_text(request: Request, error: KaynakError) -> str:
    """What the person behind `request` is told about `error`, in their language."""
    return error_message(error, message_language(request))


def render_error(
    request: Request,
    status: int,
    code: str,
    message: str,
    details: Mapping[str, Any] | None = None,
) -> Response:
    headers = error_headers(details)
    body = {"error": {"code": code, "message": message, **(details or {})}}
    if wants_json(request):
        return JSONResponse(body, status_code=status, headers=headers)
    if status == 401:
        # A page that needs a librarian sends the visitor to the login form, and back after.
        return RedirectResponse(login_url(request), status_code=303)
    templates = parts_of(request).find(Jinja2Templates)
    if templates is None:
        return JSONResponse(body, status_code=status, headers=headers)
    return templates.TemplateResponse(
        request,
        "error.html",
        {"status": status, "code": code, "message": message},
        status_code=status,
        headers=headers,
    )


def error_headers(details: Mapping[str, Any] | None) -> dict[str, str]:
    """`Retry-After` for an error that says when to try again (a 429), else nothing."""
    if details and "retry_after" in details:
        return {"Retry-After": str(details["retry_after"])}
    return {}


def login_url(request: Request) -> str:
    """The login form, remembering the page to come back to (GET pages only)."""
    if request.method != "GET" or request.url.path.startswith("/admin/login"):
        return "/admin/login"
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return f"/admin/login?{urlencode({'next': target})}"


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(KaynakError)
    async def handle_kaynak_error(request: Request, error: KaynakError) -> Response:
        text = error_text(request, error)
        return render_error(request, error.status_code, error.code, text, error.details)

    @app.exception_handler(StarletteHTTPException)
    async def handle_http_error(request: Request, error: StarletteHTTPException) -> Response:
        code = HTTP_CODES.get(error.status_code, "error")
        key = f"http_{error.status_code}"
        text = say(key if key in HTTP_MESSAGE_KEYS else "http_error", message_language(request))
        return render_error(request, error.status_code, code, text)

    @app.exception_handler(RequestValidationError)
    async def handle_validation_error(request: Request, error: RequestValidationError) -> Response:
        lang = message_language(request)
        # An invalid value (a path or query parameter, a JSON body field) is a 422 in the
        # error shape, never a 500 and never silently ignored.
        text = validation_message(error.errors(), lang) or say("http_422", lang)
        return render_error(request, 422, "invalid_request", text)

    @app.exception_handler(Exception)
    async def handle_unexpected(request: Request, error: Exception) -> Response:
        logger.exception("unexpected error on %s", request.url.path)
        text = say("internal_error", message_language(request))
        return render_error(request, 500, "internal_error", text)


HTTP_MESSAGE_KEYS = {f"http_{status}" for status in HTTP_CODES}


def validation_message(problems: Sequence[Mapping[str, Any]], lang: str) -> str:
    """FastAPI's (pydantic's) field errors said in `lang`: `page: a whole number expected`.

    The field is the last part of the error's location (`query.page` → `page`); an error
    type the catalogue does not know is an "invalid value"."""
    said = []
    for problem in problems:
        location = [str(part) for part in problem.get("loc", ()) if part not in ("query", "body")]
        kind = str(problem.get("type", "invalid"))
        reason = kind if has_text(f"field.{kind}") else "invalid"
        if location:
            said.append(say("invalid_parameter", lang, parameter=location[-1], problem=reason))
        else:
            said.append(say("invalid_body", lang, problem=reason))
    return "; ".join(said)
