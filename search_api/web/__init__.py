"""Render: the JSON API, the HTML pages, URLs, translations and the one error renderer.

The composition root (`search_api.app`) and the admin package use only what is listed here.
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.templating import Jinja2Templates

from search_api.web import api, exports, i18n, law_pages, pages, report_pages
from search_api.web.api import library_of, service_of
from search_api.web.catalogue import error_message, notice_message, refusal_message, say
from search_api.web.dependencies import (
    IndexingDep,
    IndexingReport,
    LibraryDep,
    ServiceDep,
    SettingsDep,
    StoreDep,
    TemplatesDep,
    UrlsDep,
    part,
    part_of,
    parts_of,
    provide,
)
from search_api.web.errors import (
    Forbidden,
    NotFound,
    TooManyRequests,
    Unauthorized,
    error_headers,
    error_text,
    install_error_handlers,
    message_language,
)
from search_api.web.hits import hit_view, result_json, snippet_html, template_helpers
from search_api.web.i18n import ui_language
from search_api.web.library import Library, document_json
from search_api.web.pages import document_sections, render
from search_api.web.urls import (
    ROOT,
    BasePath,
    Urls,
    article_url,
    document_url,
    law_url,
    pdf_url,
    urls_for,
)

# The reading routers, in the order the app includes them.
READING_ROUTERS: tuple[APIRouter, ...] = (
    api.router,
    pages.router,
    law_pages.router,
    report_pages.router,
    exports.router,
)


def install_templates(templates: Jinja2Templates) -> None:
    """Give every template the interface language, the request's URLs and the hit helpers."""
    i18n.install(templates)
    if template_helpers not in templates.context_processors:
        templates.context_processors.append(template_helpers)


__all__ = [
    "READING_ROUTERS",
    "ROOT",
    "BasePath",
    "Forbidden",
    "IndexingDep",
    "IndexingReport",
    "Library",
    "LibraryDep",
    "NotFound",
    "ServiceDep",
    "SettingsDep",
    "StoreDep",
    "TemplatesDep",
    "TooManyRequests",
    "Unauthorized",
    "Urls",
    "UrlsDep",
    "article_url",
    "document_json",
    "document_sections",
    "document_url",
    "error_headers",
    "error_message",
    "error_text",
    "hit_view",
    "install_error_handlers",
    "install_templates",
    "law_url",
    "library_of",
    "message_language",
    "notice_message",
    "part",
    "part_of",
    "parts_of",
    "pdf_url",
    "provide",
    "refusal_message",
    "render",
    "result_json",
    "say",
    "service_of",
    "snippet_html",
    "ui_language",
    "urls_for",
]
