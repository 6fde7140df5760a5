"""Render: the JSON API, the HTML pages, URLs, translations and the one error renderer."""

from __future__ import annotations

from search_api.web.errors import (
    Forbidden,
    NotFound,
    TooManyRequests,
    Unauthorized,
    error_headers,
    install_error_handlers,
)
from search_api.web.urls import article_url, document_url, pdf_url

__all__ = [
    "Forbidden",
    "NotFound",
    "TooManyRequests",
    "Unauthorized",
    "article_url",
    "document_url",
    "error_headers",
    "install_error_handlers",
    "pdf_url",
]
