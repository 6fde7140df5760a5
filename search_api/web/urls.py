"""URLs of pages and files, in one place so that API hits and HTML links agree.

Every URL is made here. `Urls(base)` makes them under a base path, the service's FastAPI
`root_path` (Settings `base_path`, e.g. `/kaynak` behind a reverse proxy); `urls_for(request)`
gives the request's. The module-level functions make them at the root (no base path).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, urlencode

from starlette.requests import HTTPConnection
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from indexer.laws import ArticleRef


def article_segment(article_key: str) -> str:
    """The URL path segment for an article key: `57/a` → `57-a`, `g1` → `gecici-1`."""
    reference = ArticleRef.from_key(article_key)
    return reference.segment if reference else article_key.replace("/", "-")


def with_query(url: str, query: str) -> str:
    """A page's URL carrying the searched words (`q`) so that it marks them; the fragment
    scrolls to the first one."""
    if not query:
        return url
    path, _, fragment = url.partition("#")
    joiner = "&" if "?" in path else "?"
    return f"{path}{joiner}{urlencode({'q': query})}#{fragment or 'first-mark'}"


@dataclass(frozen=True)
class Urls:
    """The service's URLs under `base` (`""` or a path such as `/kaynak`, no trailing `/`)."""

    base: str = ""

    def path(self, path: str) -> str:
        """Any of the service's own paths (`/`, `/documents`, `/admin/login`) under the base."""
        return f"{self.base}{path}"

    def law(self, law_number: str) -> str:
        return self.path(f"/laws/{quote(law_number)}")

    def article(self, law_number: str, article_key: str) -> str:
        segment = quote(article_segment(article_key))
        return self.path(f"/laws/{quote(law_number)}/articles/{segment}")

    def document(self, doc_id: str, page: int | None = None) -> str:
        url = self.path(f"/documents/{quote(doc_id)}")
        return f"{url}?page={page}#page-{page}" if page else url

    def pdf(self, doc_id: str, page: int | None = None) -> str:
        url = self.path(f"/files/{quote(doc_id)}.pdf")
        return f"{url}#page={page}" if page else url

    def report_page(self, doc_id: str, page: int, query: str = "") -> str:
        """One page of a document shown on its own, with the searched words marked."""
        url = self.path(f"/documents/{quote(doc_id)}/pages/{page}")
        return f"{url}?{urlencode({'q': query})}#first-mark" if query else url


ROOT = Urls()


def urls_for(connection: HTTPConnection) -> Urls:
    """The URLs as this request must see them: under the app's `root_path`."""
    return Urls(str(connection.scope.get("root_path", "")).rstrip("/"))


class BasePath:
    """ASGI middleware: serve the app under `base` (the ASGI `root_path`), whether the
    reverse proxy strips the prefix from the path or passes it on; a redirect to one of the
    app's own paths (`Location: /admin`) gets the base too."""

    def __init__(self, app: ASGIApp, base: str) -> None:
        self.app = app
        self.base = base.rstrip("/")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not self.base or scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        path = scope["path"]
        if path != self.base and not path.startswith(f"{self.base}/"):
            path = f"{self.base}{path}"  # ASGI: `path` includes `root_path`
        base = self.base.encode()

        async def send_under_base(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [
                    (name, base + value if name == b"location" and value.startswith(b"/")
                     and not value.startswith((b"//", base + b"/")) else value)
                    for name, value in message.get("headers", [])
                ]}  # fmt: skip
            await send(message)

        await self.app({**scope, "root_path": self.base, "path": path}, receive, send_under_base)


def law_url(law_number: str) -> str:
    return ROOT.law(law_number)


def article_url(law_number: str, article_key: str) -> str:
    return ROOT.article(law_number, article_key)


def document_url(doc_id: str, page: int | None = None) -> str:
    return ROOT.document(doc_id, page)


def pdf_url(doc_id: str, page: int | None = None) -> str:
    return ROOT.pdf(doc_id, page)


def report_page_url(doc_id: str, page: int, query: str = "") -> str:
    return ROOT.report_page(doc_id, page, query)
