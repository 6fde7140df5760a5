"""Typed errors rendered in one place: a fixed JSON shape under /api, an HTML page elsewhere.

Shape: `{"error": {"code": "...", "message": "..."}}` with the error's HTTP status.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from indexer.errors import (
    BadRequest,
    Conflict,
    DuplicateDocument,
    KaynakError,
    NotFound,
    PayloadTooLarge,
    UnreadablePdf,
)

__all__ = [
    "BadRequest",
    "Conflict",
    "DuplicateDocument",
    "Forbidden",
    "KaynakError",
    "NotFound",
    "PayloadTooLarge",
    "TooManyRequests",
    "Unauthorized",
    "UnreadablePdf",
    "install_error_handlers",
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
    templates = getattr(request.app.state, "templates", None)
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
        return render_error(request, error.status_code, error.code, error.message, error.details)

    @app.exception_handler(StarletteHTTPException)
    async def handle_http_error(request: Request, error: StarletteHTTPException) -> Response:
        code = HTTP_CODES.get(error.status_code, "error")
        return render_error(request, error.status_code, code, str(error.detail))

    @app.exception_handler(RequestValidationError)
    async def handle_validation_error(request: Request, error: RequestValidationError) -> Response:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in item.get('loc', ()))}: {item.get('msg', '')}"
            for item in error.errors()
        )
        return render_error(request, 400, "bad_request", problems or "invalid request")

    @app.exception_handler(Exception)
    async def handle_unexpected(request: Request, error: Exception) -> Response:
        logger.exception("unexpected error on %s", request.url.path)
        return render_error(request, 500, "internal_error", "internal error")
