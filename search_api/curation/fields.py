"""Metadata a librarian types (upload form, API, command line): checked and typed, pure.

`clean_fields` turns raw values (strings from a form, JSON values from the API) into the
values a metadata file holds. `""` and `None` mean "not given" (or, in a correction,
"remove this field"). Anything else that does not fit is a `BadRequest` naming the field.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from typing import Any

from indexer.corpus import METADATA_FIELDS
from indexer.errors import BadRequest

# Every metadata field but the date the document was added, which only the system sets.
EDITABLE_FIELDS = tuple(field for field in METADATA_FIELDS if field != "added")
MAX_TITLE_CHARS = 300
MAX_TEXT_CHARS = 200
LAW_NUMBER_RE = re.compile(r"^\d{1,6}$")
DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
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
        raise ValueError(f"at most {limit} characters")
    return text


def clean_value(name: str, value: Any) -> Any:
    """One field's value, or None when empty. Raises ValueError with the reason."""
    if value is None:
        return None
    if name == "year":
        if isinstance(value, bool):
            raise ValueError("a year such as 2019")
        if isinstance(value, str):
            value = value.strip()
            if not value:
                return None
            if not value.isdigit():
                raise ValueError("a year such as 2019")
        if not isinstance(value, int | str):
            raise ValueError("a year such as 2019")
        year = int(value)
        if not 1800 <= year <= 2100:
            raise ValueError("a year between 1800 and 2100")
        return year
    if not isinstance(value, str):
        raise ValueError("text expected")
    if name == "password":
        if len(value) > MAX_TEXT_CHARS:
            raise ValueError(f"at most {MAX_TEXT_CHARS} characters")
        return value or None
    text = clean_text(value, MAX_TITLE_CHARS if name == "title" else MAX_TEXT_CHARS * 3)
    if not text:
        return None
    if name == "kind":
        if text not in ("law", "report"):
            raise ValueError("'law' or 'report'")
    elif name == "lang":
        if text not in ("tr", "en"):
            raise ValueError("'tr' or 'en'")
    elif name == "law_number":
        if not LAW_NUMBER_RE.match(text):
            raise ValueError("digits only, e.g. 6458")
    elif name == "date":
        if not DATE_RE.match(text):
            raise ValueError("YYYY-MM-DD")
    elif name == "source_url":
        if not URL_RE.match(text):
            raise ValueError("an http(s) address")
    elif name in ("publisher", "author") and len(text) > MAX_TEXT_CHARS:
        raise ValueError(f"at most {MAX_TEXT_CHARS} characters")
    return text


def clean_fields(
    raw: Mapping[str, Any], allowed: tuple[str, ...] = EDITABLE_FIELDS
) -> dict[str, Any]:
    """Checked values for the given fields (None: not given / remove); unknown names refused."""
    unknown = sorted(set(raw) - set(allowed))
    if unknown:
        raise BadRequest(f"Bilinmeyen alan: {', '.join(unknown)} (unknown field)")
    cleaned: dict[str, Any] = {}
    for name, value in raw.items():
        try:
            cleaned[name] = clean_value(name, value)
        except ValueError as error:
            raise BadRequest(f"{name}: {error}") from error
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
