"""HTML routes of a law (or a regulation) and its articles: the table of contents under the
law's divisions, the article's text by paragraph and item with its links, footnotes,
amendment records, the articles that cite it and the regulations resting on it.

Routes only translate HTTP to the library; what a template needs beyond its results comes
from the small pure functions below (the search page's are in `search_api.web.pages`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from indexer.errors import NotFound
from indexer.laws import Amendment, ArticleRef
from search_api.web import i18n
from search_api.web.api import library_of, service_of
from search_api.web.article_parts import PartView, TextLinker, article_parts, footnote_list
from search_api.web.library import ArticleView
from search_api.web.pages import query_of, render

router = APIRouter(include_in_schema=False)


@dataclass
class TocSection:
    """A run of articles under one division heading (none before the first division)."""

    kind: str | None  # "kitap", "kisim", "bolum"
    heading: str | None
    articles: list[dict[str, Any]] = field(default_factory=list)


def table_of_contents(
    articles: list[dict[str, Any]], divisions: list[dict[str, Any]]
) -> list[TocSection]:
    """A law's articles grouped under its KİTAP / KISIM / BÖLÜM headings, in order.

    The divisions say which article each one starts at; a law parsed without divisions falls
    back to the part and chapter each article carries.
    """
    starts: dict[str, list[tuple[str, str]]] = {}
    for division in divisions:
        heading = " — ".join(p for p in (division.get("label"), division.get("title")) if p)
        starts.setdefault(division["first_article_key"], []).append((division["kind"], heading))
    sections = [TocSection(None, None)]
    previous: dict[str, Any] = {}
    for article in articles:
        if divisions:
            headings = starts.pop(article["key"], [])
        else:
            headings = [
                (kind, article[name])
                for name, kind in (("part", "kisim"), ("chapter", "bolum"))
                if article.get(name) and article.get(name) != previous.get(name)
            ]
        sections += [TocSection(kind, heading) for kind, heading in headings]
        sections[-1].articles.append(article)
        previous = article
    return [section for section in sections if section.heading or section.articles]


@dataclass
class AmendmentRow:
    """One amendment record of an article, with where in the article it applies."""

    where: str  # "article", "paragraph", "item"
    where_label: str | None
    kind: str
    date: str | None
    law: str | None
    article: str | None
    scope: str | None
    text: str


def amendment_rows(view: ArticleView) -> list[AmendmentRow]:
    """The article's own records first, then its paragraphs', items' and sub-items'."""

    def rows(records: Iterable[Amendment], where: str, label: str | None) -> list[AmendmentRow]:
        return [
            AmendmentRow(
                where, label, record.kind, record.date, record.law, record.article,
                record.scope, record.text,
            )
            for record in records
        ]  # fmt: skip

    found = rows(view.amendments, "article", None)
    for paragraph in view.paragraphs:
        found += rows(paragraph.amendments, "paragraph", paragraph.number)
        for item in paragraph.items:
            found += rows(item.amendments, "item", item.label)
            for sub in item.subitems:
                found += rows(sub.amendments, "item", f"{item.label}-{sub.label}")
    return found


# --- Routes --------------------------------------------------------------------------------------


@router.get("/laws/{law_number}", response_class=HTMLResponse)
def law_page(request: Request, law_number: str) -> Response:
    law = library_of(request).law(law_number, i18n.ui_language(request))
    return render(
        request,
        "law.html",
        {"law": law, "contents": table_of_contents(law["articles"], law["divisions"])},
    )


@router.get("/regulations/{doc_id}")
@router.get("/regulations/{doc_id}/articles/{segment:path}")
def regulation_alias(request: Request, doc_id: str, segment: str | None = None) -> Response:
    """`/regulations/<doc_id>`: the name a reader may guess for a regulation's page. Its one
    address stays `/laws/<doc_id>` (laws and regulations are read, cited and linked alike,
    and every link the service makes goes there), so this redirects there for good (308),
    the article and the query string kept; what is not a regulation is a 404."""
    library = library_of(request)
    if library.law_entry(doc_id).kind != "regulation":
        raise NotFound("regulation_not_found", doc_id=doc_id)
    target = library.urls.law(doc_id)
    if segment:
        target += f"/articles/{quote(segment, safe='')}"  # `..` stays inside the segment
    if request.url.query:
        target += f"?{request.url.query}"
    return RedirectResponse(target, status_code=308)


@router.get("/laws/{law_number}/articles/{segment:path}", response_class=HTMLResponse)
def article_page(request: Request, law_number: str, segment: str) -> Response:
    library = library_of(request)
    view = library.article(law_number, segment)
    query = query_of(request)
    linker = TextLinker(
        law_number,
        service_of(request).aliases,
        library.reference_resolver(view),
        service_of(request).words_to_mark(query) if query else None,
    )
    reference = ArticleRef.from_key(view.key) or ArticleRef("madde", view.key)
    paragraphs = article_parts(view.paragraphs, reference, law_number, linker, view.owner)
    whole = PartView(None, "", view.citation, linker.pieces(view.text))
    return render(
        request,
        "article.html",
        {
            "article": view,
            "paragraphs": paragraphs or [whole],
            "footnotes": footnote_list(view.note_numbers, view.notes),
            "amendments": amendment_rows(view),
        },
    )
