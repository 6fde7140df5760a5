"""Who may change the collection: librarian sessions (web), bearer tokens (API), CSRF, throttling.

- The web admin uses a signed session cookie (itsdangerous, keyed by `Settings.secret_key`,
  or a random key generated once into `<data_dir>/secret_key`). The cookie holds the user
  name and a CSRF token; every changing form posts that token back.
- The JSON API takes `Authorization: Bearer <token>` (tokens from `kaynak token create`).
- Failed logins are counted per user name and per client address; past the limit, 429.
- Reading is anonymous unless `Settings.require_login`.

The FastAPI dependencies at the bottom are what routes use; they raise typed errors, which
`search_api.web.errors` renders (a 401 on an HTML page becomes a redirect to the login form).
"""

from __future__ import annotations

import hmac
import secrets
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fastapi import Request
from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.datastructures import FormData
from starlette.responses import Response

from search_api.admin.accounts import Accounts
from search_api.settings import Settings
from search_api.web import Forbidden, TooManyRequests, Unauthorized

SESSION_COOKIE = "kaynak_session"
CSRF_FIELD = "csrf_token"
SECRET_FILE = "secret_key"
MAX_TRACKED_KEYS = 10_000


def secret_key_for(settings: Settings) -> str:
    """The configured key, or the one generated into the data folder on first use."""
    if settings.secret_key:
        return settings.secret_key
    path = settings.data_dir / SECRET_FILE
    if path.is_file() and (stored := path.read_text().strip()):
        return stored
    from indexer.files import write_atomically

    write_atomically(path, secrets.token_hex(32).encode())
    return path.read_text().strip()


@dataclass(frozen=True)
class Librarian:
    name: str
    via: str  # "web" (session) or "api" (token)

    @property
    def actor(self) -> str:
        """How the audit log names them."""
        return f"{self.name} ({self.via})"


@dataclass
class Session:
    csrf: str
    user: str | None = None


class LoginThrottle:
    """Failed logins in a sliding window, per user name and per client address."""

    def __init__(
        self,
        per_user: int,
        per_client: int,
        window_seconds: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.per_user = per_user
        self.per_client = per_client
        self.window = window_seconds
        self.clock = clock
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> deque[float]:
        times = self._failures.get(key)
        if times is None:
            return deque()
        while times and times[0] <= now - self.window:
            times.popleft()
        if not times:
            del self._failures[key]
        return times

    def check(self, user: str, client: str) -> None:
        """Raise TooManyRequests while either count is at its limit."""
        with self._lock:
            now = self.clock()
            by_user = self._recent(f"user:{user}", now)
            by_client = self._recent(f"client:{client}", now)
            if len(by_user) >= self.per_user or len(by_client) >= self.per_client:
                oldest = min(t for t in (*by_user, *by_client))
                wait = max(1, int(oldest + self.window - now))
                raise TooManyRequests("too_many_failed_logins", retry_after=wait)

    def failed(self, user: str, client: str) -> None:
        with self._lock:
            if len(self._failures) > MAX_TRACKED_KEYS:  # bounded memory under a flood
                self._failures.clear()
            now = self.clock()
            for key in (f"user:{user}", f"client:{client}"):
                self._failures.setdefault(key, deque()).append(now)

    def succeeded(self, user: str) -> None:
        with self._lock:
            self._failures.pop(f"user:{user}", None)


class Authenticator:
    """Sessions, tokens, CSRF and login for one app."""

    def __init__(
        self,
        accounts: Accounts,
        secret_key: str,
        throttle: LoginThrottle,
        session_seconds: int,
    ) -> None:
        self.accounts = accounts
        self.throttle = throttle
        self.session_seconds = session_seconds
        self.serializer = URLSafeTimedSerializer(secret_key, salt="kaynak-session")

    # -- sessions --------------------------------------------------------------------------

    def session(self, request: Request) -> Session | None:
        """The request's valid session, if any (cached on the request)."""
        if hasattr(request.state, "kaynak_session"):
            cached: Session | None = request.state.kaynak_session
            return cached
        session = None
        cookie = request.cookies.get(SESSION_COOKIE)
        if cookie:
            try:
                data = self.serializer.loads(cookie, max_age=self.session_seconds)
                if isinstance(data, dict) and isinstance(data.get("csrf"), str):
                    user = data.get("user")
                    session = Session(data["csrf"], user if isinstance(user, str) else None)
            except BadSignature:
                session = None
        request.state.kaynak_session = session
        return session

    def ensure_session(self, request: Request) -> Session:
        """The session, or a new anonymous one (it carries the login form's CSRF token)."""
        session = self.session(request)
        if session is None:
            session = Session(csrf=secrets.token_urlsafe(32))
            request.state.kaynak_session = session
        return session

    def save(self, request: Request, response: Response) -> None:
        """(Re)issue the session cookie: each page a librarian sees extends the session."""
        session = self.session(request)
        if session is None:
            return
        response.set_cookie(
            SESSION_COOKIE,
            self.serializer.dumps({"csrf": session.csrf, "user": session.user}),
            max_age=self.session_seconds,
            httponly=True,
            samesite="lax",
            secure=request.url.scheme == "https",
            path="/",
        )

    def end_session(self, request: Request, response: Response) -> None:
        request.state.kaynak_session = None
        response.delete_cookie(SESSION_COOKIE, path="/")

    # -- who is asking ---------------------------------------------------------------------

    def web_librarian(self, request: Request) -> Librarian | None:
        session = self.session(request)
        if session is None or session.user is None:
            return None
        if self.accounts.get(session.user) is None:  # removed since they logged in
            return None
        return Librarian(session.user, "web")

    def token_librarian(self, request: Request) -> Librarian | None:
        """The bearer token's librarian; None without a header; Unauthorized if it is bad."""
        header = request.headers.get("authorization")
        if header is None:
            return None
        scheme, _, token = header.partition(" ")
        account = self.accounts.token_account(token.strip()) if scheme.lower() == "bearer" else None
        if account is None:
            raise Unauthorized("invalid_token")
        return Librarian(account.name, "api")

    # -- logging in ------------------------------------------------------------------------

    def login(self, request: Request, name: str, password: str) -> Librarian:
        client = request.client.host if request.client else "unknown"
        name = name.strip().lower()[:64]
        self.throttle.check(name, client)
        account = self.accounts.verify_password(name, password[:1024])
        if account is None:
            self.throttle.failed(name, client)
            raise Unauthorized("wrong_credentials")
        self.throttle.succeeded(name)
        # A fresh session (and CSRF token) at login: a token seen before login is worthless.
        request.state.kaynak_session = Session(csrf=secrets.token_urlsafe(32), user=account.name)
        return Librarian(account.name, "web")

    def check_csrf(self, request: Request, submitted: object) -> None:
        session = self.session(request)
        if (
            session is None
            or not isinstance(submitted, str)
            or not hmac.compare_digest(submitted.encode(), session.csrf.encode())
        ):
            raise Forbidden("bad_csrf")


# --- Dependencies ------------------------------------------------------------------------------


def authenticator_of(request: Request) -> Authenticator:
    authenticator: Authenticator = request.app.state.authenticator
    return authenticator


def api_librarian(request: Request) -> Librarian:
    """JSON routes that change the collection: a bearer token is required."""
    librarian = authenticator_of(request).token_librarian(request)
    if librarian is None:
        raise Unauthorized("token_required")
    return librarian


def web_librarian(request: Request) -> Librarian:
    """Admin pages: a librarian session is required (else the login form)."""
    librarian = authenticator_of(request).web_librarian(request)
    if librarian is None:
        raise Unauthorized("login_required")
    return librarian


async def checked_form(request: Request) -> FormData:
    """The posted form of a logged-in librarian, its CSRF token checked."""
    web_librarian(request)
    form = await request.form()
    authenticator_of(request).check_csrf(request, form.get(CSRF_FIELD))
    return form


def require_reader(request: Request) -> None:
    """Reading routes: open to all unless `require_login`, then a session or token."""
    settings: Settings = request.app.state.settings
    if not settings.require_login or request.url.path == "/healthz":
        return
    authenticator = authenticator_of(request)
    if authenticator.web_librarian(request) or authenticator.token_librarian(request):
        return
    raise Unauthorized("login_required")


def template_context(request: Request) -> dict[str, Any]:
    """What every template knows about the visitor: the librarian's name, or None."""
    authenticator: Authenticator | None = getattr(request.app.state, "authenticator", None)
    librarian = authenticator.web_librarian(request) if authenticator else None
    return {"librarian": librarian.name if librarian else None}
