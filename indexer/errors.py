"""Typed errors. Each carries the HTTP status, a stable code, a message key and its
parameters; `search_api.web` turns the key into a sentence in the reader's language.

They live here, upstream of the web layer, because the indexer raises them too (an unreadable
PDF is the same error whether it came from `kaynak index` or from an upload). Nothing here is
a sentence a user reads: the core says *what* went wrong (`DuplicateDocument(doc_id)`,
`UnreadablePdf(source, PdfProblem.ENCRYPTED)`); the web layer's message catalogue
(`search_api/web/catalogue.py`, texts in `search_api/web/texts/`) says it in Turkish or English.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Any, ClassVar


class KaynakError(Exception):
    """Base of every error we raise on purpose: safe to show once translated.

    `key` names the message in the web layer's catalogue; `params` fill its `{fields}`.
    A key the catalogue does not know is shown as it is (so a plain sentence still works).
    The parameters named in `detail_names` are also members of the JSON error object (e.g.
    the `doc_id` of a duplicate, the `retry_after` of a 429); callers may add more details.
    """

    status_code = 500
    code = "internal_error"
    detail_names: ClassVar[tuple[str, ...]] = ()

    def __init__(self, key: str, /, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params: dict[str, Any] = dict(params)
        self.details: dict[str, Any] = {
            name: params[name] for name in self.detail_names if name in params
        }

    @property
    def message(self) -> str:
        """The untranslated key and parameters, for logs (users see the catalogue's text)."""
        if not self.params:
            return self.key
        values = ", ".join(f"{name}={value}" for name, value in self.params.items())
        return f"{self.key} ({values})"

    def __str__(self) -> str:
        return self.message

    def __reduce__(self) -> tuple[Any, ...]:
        # Raised inside worker processes: must survive pickling whatever the subclass's
        # signature, so it is rebuilt bare and given back its attributes.
        return (_bare, (type(self),), self.__dict__)


def _bare(kind: type[KaynakError]) -> KaynakError:
    return kind.__new__(kind)


class BadRequest(KaynakError):
    status_code = 400
    code = "bad_request"


class NotFound(KaynakError):
    status_code = 404
    code = "not_found"


class Conflict(KaynakError):
    status_code = 409
    code = "conflict"
    detail_names = ("doc_id",)


class DuplicateDocument(Conflict):
    """An upload whose PDF (same sha256) is already a document of the collection."""

    code = "duplicate_document"

    def __init__(self, doc_id: str) -> None:
        super().__init__("duplicate_document", doc_id=doc_id)
        self.doc_id = doc_id


class PayloadTooLarge(KaynakError):
    status_code = 413
    code = "payload_too_large"


class InvalidField(BadRequest):
    """A metadata field whose value does not fit: `problem` is a `FieldProblem` key."""

    detail_names = ("field",)

    def __init__(self, field: str, problem: FieldProblem, **params: Any) -> None:
        super().__init__("invalid_field", field=field, problem=problem, **params)
        self.field = field
        self.problem = problem


class FieldProblem(StrEnum):
    """Why a field's value was refused (the web layer says it in the reader's language)."""

    TOO_LONG = "too_long"  # limit
    YEAR = "year"
    YEAR_RANGE = "year_range"  # first, last
    TEXT_EXPECTED = "text_expected"
    KIND = "kind"
    LANG = "lang"
    LAW_NUMBER = "law_number"
    DATE = "date"
    URL = "url"


class PdfProblem(StrEnum):
    """Why a PDF cannot be read. The value is the English log text (manifest, `kaynak
    index`); the web layer translates the member for readers."""

    CANNOT_OPEN = "cannot be read: {detail}"
    EMPTY = "empty file"
    TOO_LARGE = "file larger than {max_mb:g} MB"
    NOT_PDF = "not a PDF"
    ENCRYPTED = "encrypted and needs a password"
    WRONG_PASSWORD = "the password is wrong"
    DAMAGED = "damaged beyond repair"
    SELF_REFERENCING = "damaged beyond repair (self-referencing objects)"
    DAMAGED_DETAIL = "damaged beyond repair ({detail})"
    NO_PAGES = "no pages"
    TOO_MANY_PAGES = "too many pages ({pages} > {limit})"
    PAGE_TOO_SLOW = "page {page} took longer than {seconds:g} s"
    DOCUMENT_TOO_SLOW = "stopped: the document took longer than {seconds:g} s"
    TOO_MUCH_MEMORY = "stopped: reading it needed more than {limit_mb} MB of memory"
    READER_ENDED = "stopped: the reading process ended unexpectedly (exit code {code})"
    NO_TEXT = "no readable text"
    UNPROCESSED = "could not be processed ({detail})"
    UNEXPECTED = "could not be read ({detail})"

    def text(self, **params: Any) -> str:
        """The English log text with its parameters filled in."""
        try:
            return self.value.format(**params)
        except (KeyError, ValueError):
            return self.value


class UnreadablePdf(KaynakError):
    """A file that cannot be turned into text, with the reason a librarian can act on.

    `reason` is the English log text; `problem` (None for a free-text reason) and `params`
    are what the web layer translates.
    """

    status_code = 422
    code = "unreadable_pdf"

    def __init__(self, source: str, problem: PdfProblem | str, **params: Any) -> None:
        super().__init__("unreadable_pdf", source=source, problem=problem, **params)
        self.source = source
        self.problem = problem

    @property
    def reason(self) -> str:
        params = {k: v for k, v in self.params.items() if k not in ("source", "problem")}
        if isinstance(self.problem, PdfProblem):
            return self.problem.text(**params)
        return str(self.problem)

    @property
    def message(self) -> str:
        return f"{self.source}: {self.reason}"

    def as_json(self) -> dict[str, Any]:
        """The refusal as the manifest keeps it: the problem's member name and parameters."""
        problem = self.problem.name if isinstance(self.problem, PdfProblem) else None
        params = {k: v for k, v in self.params.items() if k not in ("source", "problem")}
        return {"problem": problem, "text": None if problem else str(self.problem), **params}

    @classmethod
    def from_json(cls, source: str, data: object, reason: str = "") -> UnreadablePdf:
        """A refusal as `as_json` wrote it; without one (an older manifest), the English
        `reason` as it was logged."""
        if not isinstance(data, dict):
            return cls.from_reason(source, reason)
        params = {k: v for k, v in data.items() if k not in ("problem", "text", "source")}
        try:
            problem: PdfProblem | str = PdfProblem[str(data.get("problem"))]
        except KeyError:
            problem = str(data.get("text") or reason)
        return cls(source, problem, **params)

    @classmethod
    def from_reason(cls, source: str, reason: str) -> UnreadablePdf:
        """The refusal an English log text names (an older manifest kept only the text)."""
        for problem in PdfProblem:  # in order: the exact texts come before the patterns
            found = template_pattern(problem.value).fullmatch(reason)
            if found:
                params = {name: number_or_text(value) for name, value in found.groupdict().items()}
                return cls(source, problem, **params)
        return cls(source, reason)

    def under_name(self, source: str) -> UnreadablePdf:
        """The same refusal, naming the file as the client called it."""
        params = {k: v for k, v in self.params.items() if k not in ("source", "problem")}
        return UnreadablePdf(source, self.problem, **params)


def template_pattern(template: str) -> re.Pattern[str]:
    """`"too many pages ({pages} > {limit})"` → a pattern that reads the values back."""
    parts = re.split(r"\{(\w+)(?::[^}]*)?\}", template)
    pattern = "".join(
        f"(?P<{part}>.+?)" if index % 2 else re.escape(part) for index, part in enumerate(parts)
    )
    return re.compile(pattern, re.S)


def number_or_text(value: str) -> int | float | str:
    for kind in (int, float):
        try:
            return kind(value)
        except ValueError:
            continue
    return value


class IndexBusy(KaynakError):
    """The index's lock was not free within its timeout: another writer holds it."""

    status_code = 503
    code = "index_busy"

    def __init__(self, what: str, seconds: float) -> None:
        super().__init__("index_busy", seconds=round(seconds))
        self.what = what
        self.seconds = seconds
