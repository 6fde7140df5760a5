"""Metadata a librarian types (upload form, API, command line): checked and typed, pure.

`clean_fields` turns raw values (strings from a form, JSON values from the API) into the
values a metadata file holds. `""` and `None` mean "not given" (or, in a correction,
"remove this field"). Anything else that does not fit is an `InvalidField` naming the field
and a `FieldProblem` (the web layer says it in the librarian's language). Dates may be typed
the Turkish way (`01.12.2026`) or as ISO (`2026-12-01`); they are stored as ISO.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from datetime import date
from typing import Any

from indexer.corpus import METADATA_FIELDS
from indexer.errors import BadRequest, FieldProblem, InvalidField
from indexer.models import DOCUMENT_KINDS

# Every metadata field but the date the document was added, which only the system sets.
EDITABLE_FIELDS = tuple(field for field in METADATA_FIELDS if field != "added")
MAX_TITLE_CHARS = 300
MAX_TEXT_CHARS = 200
LAW_NUMBER_RE = re.compile(r"^\d{1,6}$")
DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
TURKISH_DATE_RE = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})$")
FIRST_YEAR, LAST_YEAR = 1800, 2100


class Refused(ValueError):
    """Why one value does not fit (turned into `InvalidField` with the field's name)."""

    def __init__(self, problem: FieldProblem, **params: Any) -> None:
        super().__init__(problem.value)
        self.problem = problem
        self.params = params


URL_RE = re.compile(r"^https?://[^\s<>\"']{1,500}$")


def clean_text(value: str, limit: int) -> str:
    """One line of text: control and format characters dropped, spaces collapsed."""
    kept = "".join(
        " " if char.isspace() else char
        for char in value
        if char.isspace() or unicodedata.category(char)[0] != "C"
    )
    text = " ".join(kept.split())
    if len(text) > limit:
        raise Refused(FieldProblem.TOO_LONG, limit=limit)
    return text


def clean_date(text: str) -> str:
    """`2026-12-01`, `2026-12`, `2026`, or the Turkish `01.12.2026` / `1/12/2026`, as ISO."""
    if match := TURKISH_DATE_RE.match(text):
        day, month, year = (int(part) for part in match.groups())
        return checked_date(year, month, day).isoformat()
    match = DATE_RE.match(text)
    if match is None:
        raise Refused(FieldProblem.DATE)
    year, month, day = (int(part) if part else 1 for part in match.groups())
    checked_date(year, month, day)
    return text


def checked_date(year: int, month: int, day: int) -> date:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Refused(FieldProblem.YEAR_RANGE, first=FIRST_YEAR, last=LAST_YEAR)
    try:
        return date(year, month, day)
    except ValueError:
        raise Refused(FieldProblem.DATE) from None


def clean_value(name: str, value: Any) -> Any:
    """One field's value, or None when empty. Raises ValueError with the reason."""
    if value is None:
        return None
    if name == "year":
        if isinstance(value, bool):
            raise Refused(FieldProblem.YEAR)
        if isinstance(value, str):
            value = value.strip()
            if not value:
                return None
            if not value.isdigit():
                raise Refused(FieldProblem.YEAR)
        if not isinstance(value, int | str):
            raise Refused(FieldProblem.YEAR)
        year = int(value)
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise Refused(FieldProblem.YEAR_RANGE, first=FIRST_YEAR, last=LAST_YEAR)
        return year
    if not isinstance(value, str):
        raise Refused(FieldProblem.TEXT_EXPECTED)
    if name == "password":
        if len(value) > MAX_TEXT_CHARS:
            raise Refused(FieldProblem.TOO_LONG, limit=MAX_TEXT_CHARS)
        return value or None
    text = clean_text(value, MAX_TITLE_CHARS if name == "title" else MAX_TEXT_CHARS * 3)
    if not text:
        return None
    if name == "kind":
        if text not in DOCUMENT_KINDS:
            raise Refused(FieldProblem.KIND)
    elif name == "lang":
        if text not in ("tr", "en"):
            raise Refused(FieldProblem.LANG)
    elif name == "law_number":
        if not LAW_NUMBER_RE.match(text):
            raise Refused(FieldProblem.LAW_NUMBER)
    elif name == "date":
        return clean_date(text)
    elif name == "source_url":
        if not URL_RE.match(text):
            raise Refused(FieldProblem.URL)
    elif name in ("publisher", "author") and len(text) > MAX_TEXT_CHARS:
        raise Refused(FieldProblem.TOO_LONG, limit=MAX_TEXT_CHARS)
    return text


def clean_fields(
    raw: Mapping[str, Any], allowed: tuple[str, ...] = EDITABLE_FIELDS
) -> dict[str, Any]:
    """Checked values for the given fields (None: not given / remove); unknown names refused."""
    unknown = sorted(set(raw) - set(allowed))
    if unknown:
        raise BadRequest("unknown_fields", names=", ".join(unknown))
    cleaned: dict[str, Any] = {}
    for name, value in raw.items():
        try:
            cleaned[name] = clean_value(name, value)
        except Refused as refused:
            raise InvalidField(name, refused.problem, **refused.params) from refused
    return cleaned


def apply_changes(stored: Mapping[str, Any], changes: Mapping[str, Any]) -> dict[str, Any]:
    """Stored metadata with checked changes applied (None removes a field)."""
    merged = dict(stored)
    for name, value in changes.items():
        if value is None:
            merged.pop(name, None)
        else:
            merged[name] = value
    return merged
