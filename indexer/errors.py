"""Typed errors. Each carries the HTTP status and a stable code; `search_api.web.errors`
renders them.

They live here, upstream of the web layer, because the indexer raises them too (an unreadable
PDF is the same error whether it came from `kaynak index` or from an upload).
"""

from __future__ import annotations

from typing import Any


class KaynakError(Exception):
    """Base of every error we raise on purpose. Its message is safe to show to a user."""

    status_code = 500
    code = "internal_error"

    def __init__(self, message: str, **details: Any) -> None:
        super().__init__(message)
        self.message = message
        # Extra members of the JSON error object (e.g. the existing document of a duplicate).
        self.details: dict[str, Any] = dict(details)


class BadRequest(KaynakError):
    status_code = 400
    code = "bad_request"


class NotFound(KaynakError):
    status_code = 404
    code = "not_found"


class Conflict(KaynakError):
    status_code = 409
    code = "conflict"


class DuplicateDocument(Conflict):
    """An upload whose PDF (same sha256) is already a document of the collection."""

    code = "duplicate_document"

    def __init__(self, doc_id: str) -> None:
        super().__init__(
            f"Bu PDF derlemde zaten var: {doc_id} (this PDF is already in the collection)",
            doc_id=doc_id,
        )
        self.doc_id = doc_id

    def __reduce__(self) -> tuple[type[DuplicateDocument], tuple[str]]:
        return (DuplicateDocument, (self.doc_id,))


class PayloadTooLarge(KaynakError):
    status_code = 413
    code = "payload_too_large"


class UnreadablePdf(KaynakError):
    """A file that cannot be turned into text, with the reason a librarian can act on."""

    status_code = 422
    code = "unreadable_pdf"

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason

    def __reduce__(self) -> tuple[type[UnreadablePdf], tuple[str, str]]:
        # Raised inside worker processes: must survive pickling with both arguments.
        return (UnreadablePdf, (self.source, self.reason))
