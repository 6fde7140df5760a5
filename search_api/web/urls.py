"""URLs of pages and files, in one place so that API hits and HTML links agree."""

from __future__ import annotations

from urllib.parse import quote, urlencode

from indexer.laws import ArticleRef


def article_segment(article_key: str) -> str:
    """The URL path segment for an article key: `57/a` → `57-a`, `g1` → `gecici-1`."""
    reference = ArticleRef.from_key(article_key)
    return reference.segment if reference else article_key.replace("/", "-")


def law_url(law_number: str) -> str:
    return f"/laws/{quote(law_number)}"


def article_url(law_number: str, article_key: str) -> str:
    return f"/laws/{quote(law_number)}/articles/{quote(article_segment(article_key))}"


def document_url(doc_id: str, page: int | None = None) -> str:
    url = f"/documents/{quote(doc_id)}"
    return f"{url}?page={page}#page-{page}" if page else url


def pdf_url(doc_id: str, page: int | None = None) -> str:
    url = f"/files/{quote(doc_id)}.pdf"
    return f"{url}#page={page}" if page else url


def report_page_url(doc_id: str, page: int, query: str = "") -> str:
    """One page of a document shown on its own, with the searched words marked."""
    url = f"/documents/{quote(doc_id)}/pages/{page}"
    return f"{url}?{urlencode({'q': query})}#first-mark" if query else url


def with_query(url: str, query: str) -> str:
    """A page's URL carrying the searched words (`q`) so that it marks them; the fragment
    scrolls to the first one."""
    if not query:
        return url
    path, _, fragment = url.partition("#")
    joiner = "&" if "?" in path else "?"
    return f"{path}{joiner}{urlencode({'q': query})}#{fragment or 'first-mark'}"
