"""Hits as readers see them: the search's typed hits (marked runs, unit references) made
into HTML snippets and URLs, for the JSON API and the pages alike.

The JSON contract (README "Using it") is `HitView`: the hit's fields plus `snippet_html`,
`url` and `pdf_url`, made here and nowhere else.
"""

from __future__ import annotations

import dataclasses
import html
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup
from starlette.requests import Request

from indexer.models import LEGISLATION_KINDS
from search_api.search import FacetValue, Hit, SearchResult, Snippet
from search_api.settings import Settings
from search_api.web.catalogue import say
from search_api.web.dependencies import parts_of
from search_api.web.urls import Urls, urls_for


def snippet_html(snippet: Snippet) -> Markup:
    """The passage as safe HTML: every character escaped, matched words in `<mark>`."""
    out = ["…" if snippet.cut_before else ""]
    for run in snippet.runs:
        text = html.escape(run.text)
        out.append(f"<mark>{text}</mark>" if run.marked else text)
    out.append("…" if snippet.cut_after else "")
    return Markup(" ".join("".join(out).split()))


def hit_json_url(hit: Hit, urls: Urls) -> str:
    """Where a hit's JSON `url` points: the law (a hit standing for a whole law), its article
    page (at the cited paragraph), or its document at its page."""
    if hit.match == "law" and hit.law_number:
        return urls.law(hit.law_number)
    if hit.kind in LEGISLATION_KINDS and hit.law_number and hit.article_key:
        url = urls.article(hit.law_number, hit.article_key)
        return f"{url}#{hit.anchor}" if hit.anchor else url
    return urls.document(hit.doc_id, hit.page)


def hit_pdf_url(hit: Hit, urls: Urls) -> str:
    """The PDF at the hit's page, an article's at the page of its passage (a whole law: the
    PDF itself)."""
    return urls.pdf(hit.doc_id, None if hit.match == "law" else hit.passage_page or hit.page)


@dataclass
class HitView:
    unit_id: str
    doc_id: str
    source: str
    title: str
    kind: str
    lang: str
    law_number: str | None
    article: str | None
    article_key: str | None
    article_title: str | None
    page: int
    snippet_html: str
    score: float
    url: str
    pdf_url: str
    match: str
    repealed: bool
    ocr: bool


def hit_view(hit: Hit, urls: Urls) -> HitView:
    shown = (
        f.name
        for f in dataclasses.fields(hit)
        if f.name not in ("snippet", "anchor", "passage_page")
    )
    fields = {name: getattr(hit, name) for name in shown}
    return HitView(
        **fields,
        snippet_html=str(snippet_html(hit.snippet)),
        url=hit_json_url(hit, urls),
        pdf_url=hit_pdf_url(hit, urls),
    )


def template_helpers(request: Request) -> dict[str, Any]:
    """What every template gets for hits and links: `urls` under the request's base path,
    `snippet_html`, and the app's `settings` (limits a form states)."""
    return {
        "urls": urls_for(request),
        "snippet_html": snippet_html,
        "settings": parts_of(request).find(Settings),
    }


def hit_json(hit: Hit, urls: Urls) -> dict[str, Any]:
    return dataclasses.asdict(hit_view(hit, urls))


def notice_text(result: SearchResult, lang: str) -> str | None:
    """The result's notice (a cited article not in the corpus...) said in `lang`."""
    notice = result.notice
    return say(notice.key, lang, **notice.params) if notice else None


@dataclass
class GroupView:
    doc_id: str
    title: str
    hits: list[HitView]
    more: int


@dataclass
class SearchResultView:
    """The JSON API's search answer: the search's result with its hits rendered and its
    notice said as `message`."""

    query: str
    total: int
    page: int
    per_page: int
    took_ms: float
    hits: list[HitView]
    facets: dict[str, list[FacetValue]]
    message: str | None
    citation: dict[str, Any] | None
    suggestion: str | None
    translations: list[str]
    groups: list[GroupView]
    total_groups: int


def result_view(result: SearchResult, urls: Urls, lang: str) -> SearchResultView:
    return SearchResultView(
        query=result.query,
        total=result.total,
        page=result.page,
        per_page=result.per_page,
        took_ms=result.took_ms,
        hits=[hit_view(hit, urls) for hit in result.hits],
        facets=result.facets,
        message=notice_text(result, lang),
        citation=result.citation,
        suggestion=result.suggestion,
        translations=result.translations,
        groups=[
            GroupView(
                group.doc_id, group.title, [hit_view(h, urls) for h in group.hits], group.more
            )
            for group in result.groups
        ],
        total_groups=result.total_groups,
    )


def result_json(result: SearchResult, urls: Urls, lang: str) -> dict[str, Any]:
    """The search result as the JSON API answers it: hits with `snippet_html`, `url` and
    `pdf_url`, the notice as `message` in `lang`; every other field as the search gave it."""
    return dataclasses.asdict(result_view(result, urls, lang))
