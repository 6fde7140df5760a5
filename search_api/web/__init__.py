"""Render: the JSON API, the HTML pages, URLs, translations and the one error renderer."""

from __future__ import annotations

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
from search_api.web.messages import error_message, message
from search_api.web.urls import article_url, document_url, law_url, pdf_url

__all__ = [
    "Forbidden",
    "NotFound",
    "TooManyRequests",
    "Unauthorized",
    "article_url",
    "document_url",
    "error_headers",
    "error_message",
    "error_text",
    "install_error_handlers",
    "law_url",
    "message",
    "message_language",
    "pdf_url",
]
