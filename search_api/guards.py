"""What every request passes before any route sees it (one pure ASGI middleware):

- security headers on every response: a Content-Security-Policy (scripts only from us or
  carrying this response's nonce), X-Frame-Options, X-Content-Type-Options, Referrer-Policy;
- `HEAD` answered as the `GET` it stands for, without the body;
- the API docs (`/docs`, `/openapi.json`) need a login when `require_login` does;
- authentication before a body is read: a changing API call needs a valid bearer token and
  a changing admin form a librarian session, or it is refused before its first byte is read;
- a body size limit on every route: PDF uploads up to `max_upload_mb` per file (the upload
  receiver checks each file), everything else up to `max_request_kb`. An announced length
  over the limit is refused at once; a body without one is counted as it arrives.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import MutableMapping
from typing import Any

from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from indexer.errors import KaynakError, PayloadTooLarge
from search_api.admin.auth import Authenticator
from search_api.admin.job_pages import MAX_FILES_PER_UPLOAD
from search_api.settings import Settings
from search_api.web import Unauthorized
from search_api.web.errors import error_text, render_error

CHANGING_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
DOCS_PATHS = ("/docs", "/openapi.json", "/redoc")
OPEN_ADMIN_POSTS = {"/admin/login"}  # its CSRF token is the anonymous session's
FORM_OVERHEAD_BYTES = 1 << 20  # multipart boundaries and fields around the PDFs
SINGLE_UPLOADS = (
    ("POST", re.compile(r"/api/documents/?")),
    ("PUT", re.compile(r"/api/documents/[^/]+/file/?")),
    ("POST", re.compile(r"/admin/documents/[^/]+/file/?")),
)
MULTI_UPLOADS = (("POST", re.compile(r"/admin/upload/?")),)
SCRIPT_NONCE_STATE = "csp_nonce"
HEADERS = {
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
}


def content_security_policy(path: str, nonce: str) -> str:
    """Our pages run only our scripts and those carrying the nonce; the Swagger UI page
    (`/docs`, from the fastapi-offline package) starts itself with an inline script."""
    scripts = "'self' 'unsafe-inline'" if is_docs(path) else f"'self' 'nonce-{nonce}'"
    return (
        f"default-src 'self'; script-src {scripts}; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; "
        "frame-ancestors 'none'"
    )


def is_docs(path: str) -> bool:
    return any(path == docs or path.startswith(docs + "/") for docs in DOCS_PATHS)


def script_nonce(request: Request) -> str:
    """This response's script nonce (for `<script nonce=...>` in templates)."""
    return str(getattr(request.state, SCRIPT_NONCE_STATE, ""))


class BodyTooLarge(StarletteHTTPException):
    """Raised into the route when a body without a length grows past the limit: an HTTP
    error, so that the framework's body parsing passes it on as the 413 it is."""

    def __init__(self) -> None:
        super().__init__(status_code=413)


class RequestGuard:
    """The middleware; `create_app` installs it around every route."""

    def __init__(self, app: ASGIApp, settings: Settings, authenticator: Authenticator) -> None:
        self.app = app
        self.settings = settings
        self.authenticator = authenticator

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        nonce = secrets.token_urlsafe(16)
        scope.setdefault("state", {})[SCRIPT_NONCE_STATE] = nonce
        head = scope["method"] == "HEAD"
        if head:
            scope = {**scope, "method": "GET"}
        send = guarded_send(send, scope["path"], nonce, head)
        request = Request(scope)
        refusal = self.refusal(request)
        if refusal is not None:
            await self.refuse(request, refusal, send)
            return
        limit = self.body_limit(scope["method"], scope["path"])
        counted = CountedReceive(receive, limit)
        started = False

        async def send_started(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, send_started)
        except BodyTooLarge:
            if started:
                raise
            await self.refuse(request, too_large(limit), send)

    def refusal(self, request: Request) -> KaynakError | None:
        """Why the request is refused before its body is read, if it is."""
        method, path = request.method, request.url.path
        try:
            if is_docs(path) and self.settings.require_login and not self.reader(request):
                return Unauthorized("login_required")
            if method in CHANGING_METHODS and path.startswith("/api/"):
                if self.authenticator.token_librarian(request) is None:
                    return Unauthorized("token_required")
            elif (
                method in CHANGING_METHODS
                and path.startswith("/admin/")
                and path not in OPEN_ADMIN_POSTS
                and self.authenticator.web_librarian(request) is None
            ):
                return Unauthorized("login_required")
        except KaynakError as error:  # a malformed or unknown token
            return error
        announced = request.headers.get("content-length", "")
        limit = self.body_limit(method, path)
        if announced.strip().isdigit() and int(announced) > limit:
            return too_large(limit)
        return None

    def reader(self, request: Request) -> bool:
        authenticator = self.authenticator
        return bool(authenticator.web_librarian(request) or authenticator.token_librarian(request))

    def body_limit(self, method: str, path: str) -> int:
        upload = (self.settings.max_upload_mb << 20) + FORM_OVERHEAD_BYTES
        if any(method == m and pattern.fullmatch(path) for m, pattern in SINGLE_UPLOADS):
            return upload
        if any(method == m and pattern.fullmatch(path) for m, pattern in MULTI_UPLOADS):
            return upload * MAX_FILES_PER_UPLOAD
        return self.settings.max_request_kb << 10

    async def refuse(self, request: Request, error: KaynakError, send: Send) -> None:
        text = error_text(request, error)
        response = render_error(request, error.status_code, error.code, text, error.details)
        # The body is left unread: the connection cannot carry another request after it.
        response.headers["connection"] = "close"
        await response(request.scope, noop_receive, send)


def too_large(limit: int) -> PayloadTooLarge:
    return PayloadTooLarge("request_too_large", max_kb=max(1, limit >> 10))


async def noop_receive() -> Message:
    return {"type": "http.disconnect"}


class CountedReceive:
    """`receive` that raises `BodyTooLarge` once more than `limit` body bytes arrived."""

    def __init__(self, receive: Receive, limit: int) -> None:
        self.receive = receive
        self.limit = limit
        self.received = 0

    async def __call__(self) -> Message:
        message = await self.receive()
        if message["type"] == "http.request":
            self.received += len(message.get("body", b""))
            if self.received > self.limit:
                raise BodyTooLarge
        return message


def guarded_send(send: Send, path: str, nonce: str, head: bool) -> Send:
    """`send` that adds the security headers, and drops the body of a HEAD response."""

    async def guarded(message: MutableMapping[str, Any]) -> None:
        if message["type"] == "http.response.start":
            headers = [(k, v) for k, v in message.get("headers", []) if k.lower() not in _OURS]
            headers += [(name.encode(), value.encode()) for name, value in HEADERS.items()]
            policy = content_security_policy(path, nonce)
            headers.append((b"content-security-policy", policy.encode()))
            message = {**message, "headers": headers}
        elif message["type"] == "http.response.body" and head:
            message = {**message, "body": b""}
        await send(message)

    return guarded


_OURS = {name.encode() for name in (*HEADERS, "content-security-policy")}
