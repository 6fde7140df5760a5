"""Who may change the collection: librarian sessions (web), bearer tokens (API), CSRF, throttling.

- The web admin uses a signed session cookie (itsdangerous, keyed by `Settings.secret_key`,
  or a random key generated once into `<data_dir>/secret_key`). The cookie holds a CSRF
  token (every changing form posts it back) and, once logged in, a session id whose record
  is kept on the server (`sessions`): logout, a password change or the librarian's removal
  ends it, and it ends `session_max_hours` after login however active it is.
- The JSON API takes `Authorization: Bearer <token>` (tokens from `kaynak token create`).
- Failed logins are counted per user name and per client address; past the limit, 429
  (`throttle`). The password check runs off the event loop (see `admin.pages.login`).
- Reading is anonymous unless `Settings.require_login`.

The FastAPI dependencies at the bottom are what routes use; they raise typed errors, which
`search_api.web.errors` renders (a 401 on an HTML page becomes a redirect to the login form).
"""

from __future__ import annotations

import hmac
import secrets
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from fastapi import Request
from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.datastructures import FormData
from starlette.responses import Response

from search_api.admin.accounts import Accounts
from search_api.admin.sessions import SessionStore, password_stamp
from search_api.admin.throttle import LoginThrottle, Network, client_address
from search_api.settings import Settings
from search_api.web import Forbidden, Unauthorized, part_of, parts_of

SESSION_COOKIE = "kaynak_session"
CSRF_FIELD = "csrf_token"
SECRET_FILE = "secret_key"
CONCURRENT_PASSWORD_CHECKS = 2


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
    session_id: str | None = None  # the server-side session, once logged in


class Authenticator:
    """Sessions, tokens, CSRF and login for one app."""

    def __init__(
        self,
        accounts: Accounts,
        secret_key: str,
        throttle: LoginThrottle,
        session_seconds: int,
        sessions: SessionStore,
        trusted_proxies: Sequence[Network] = (),
    ) -> None:
        self.accounts = accounts
        self.throttle = throttle
        self.session_seconds = session_seconds  # idle: the cookie's signed age
        self.sessions = sessions  # absolute lifetime and revocation
        self.trusted_proxies = list(trusted_proxies)
        # argon2 takes a core for tens of milliseconds by design: a few at a time, so that
        # a flood of logins leaves the other requests their share of the machine.
        self._checking = threading.BoundedSemaphore(CONCURRENT_PASSWORD_CHECKS)
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
                    session = Session(data["csrf"])
                    session_id = data.get("sid")
                    if isinstance(session_id, str) and (user := self.live_user(session_id)):
                        session.user, session.session_id = user, session_id
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
            self.serializer.dumps({"csrf": session.csrf, "sid": session.session_id}),
            max_age=self.session_seconds,
            httponly=True,
            samesite="lax",
            secure=request.url.scheme == "https",
            path="/",
        )

    def live_user(self, session_id: str) -> str | None:
        """Whose the server-side session is, while it lives and their password is the one
        it was opened with."""
        record = self.sessions.get(session_id)
        if record is None:
            return None
        account = self.accounts.get(record.user)
        if account is None or password_stamp(account.password_hash) != record.password_stamp:
            return None
        return record.user

    def end_session(self, request: Request, response: Response) -> None:
        """Log out: the server forgets the session, so a copy of the cookie opens nothing."""
        session = self.session(request)
        if session is not None and session.session_id:
            self.sessions.end(session.session_id)
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
        """Check the password (slow on purpose: call it off the event loop) and open a
        server-side session on the request, for `save` to put in the cookie."""
        client = client_address(request, self.trusted_proxies)
        name = name.strip().lower()[:64]
        self.throttle.check(name, client)
        with self._checking:
            account = self.accounts.verify_password(name, password[:1024])
        if account is None:
            self.throttle.failed(name, client)
            raise Unauthorized("wrong_credentials")
        self.throttle.succeeded(name, client)
        session_id = self.sessions.open(account.name, account.password_hash)
        # A fresh session (and CSRF token) at login: a token seen before login is worthless.
        request.state.kaynak_session = Session(secrets.token_urlsafe(32), account.name, session_id)
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
    """The app's authenticator, for code that is not a route."""
    return part_of(request, Authenticator)


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
    settings = part_of(request, Settings)
    if not settings.require_login or request.url.path == "/healthz":
        return
    authenticator = authenticator_of(request)
    if authenticator.web_librarian(request) or authenticator.token_librarian(request):
        return
    raise Unauthorized("login_required")


def template_context(request: Request) -> dict[str, Any]:
    """What every template knows about the visitor: the librarian's name, or None."""
    authenticator = parts_of(request).find(Authenticator)
    librarian = authenticator.web_librarian(request) if authenticator else None
    return {"librarian": librarian.name if librarian else None}
