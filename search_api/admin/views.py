"""Pure helpers for the admin pages: the document table's rows, filters and sort order, and
the metadata form's values. Plain data in, plain data out, testable without the app."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from indexer.index import ManifestEntry
from indexer.notices import Notice
from search_api.curation import EDITABLE_FIELDS

SORT_KEYS = ("title", "kind", "lang", "added", "units", "ocr", "problems")
FORM_FIELDS = tuple(name for name in EDITABLE_FIELDS if name != "password")
NOTICES = ("added", "saved", "replaced", "removed", "restored", "logged_out", "queued")


@dataclass(frozen=True)
class AdminRow:
    """One document in the admin table (indexed, or skipped with its reason)."""

    doc_id: str
    title: str
    kind: str
    lang: str
    year: int | None
    added: str
    units: int
    pages: int
    ocr_pages: int
    problems: tuple[Notice, ...]
    error: str | None  # the English log text of why it was not indexed
    refusal: dict[str, Any] | None = None  # the same, typed (`UnreadablePdf.as_json`)

    @property
    def ocr(self) -> bool:
        return self.ocr_pages > 0

    @property
    def ocr_only(self) -> bool:
        return self.pages > 0 and self.ocr_pages >= self.pages

    @property
    def has_problems(self) -> bool:
        return bool(self.error or self.problems)


def admin_rows(manifest: Mapping[str, ManifestEntry]) -> list[AdminRow]:
    return [
        AdminRow(
            doc_id=doc_id,
            title=entry.title or doc_id,
            kind=entry.kind or "",
            lang=entry.lang or "",
            year=entry.year,
            added=entry.added or entry.indexed_at or "",
            units=entry.unit_count,
            pages=entry.page_count or 0,
            ocr_pages=entry.ocr_pages,
            problems=entry.problems,
            error=entry.error,
            refusal=entry.refusal,
        )
        for doc_id, entry in manifest.items()
    ]


def filter_rows(rows: Iterable[AdminRow], params: Mapping[str, str]) -> list[AdminRow]:
    """Rows matching `q` (title or id), `kind`, `lang`, `ocr` (yes/no), `problems` (yes)."""
    words = (params.get("q") or "").casefold().split()
    kept = []
    for row in rows:
        haystack = f"{row.title} {row.doc_id}".casefold()
        if any(word not in haystack for word in words):
            continue
        if params.get("kind") and row.kind != params["kind"]:
            continue
        if params.get("lang") and row.lang != params["lang"]:
            continue
        if params.get("ocr") in ("yes", "no") and row.ocr != (params["ocr"] == "yes"):
            continue
        if params.get("problems") == "yes" and not row.has_problems:
            continue
        kept.append(row)
    return kept


def sort_rows(rows: list[AdminRow], key: str, descending: bool) -> list[AdminRow]:
    """Rows by `key` (one of SORT_KEYS; unknown keys sort by title), ties by title."""
    keys = {
        "title": lambda row: (row.title.casefold(),),
        "kind": lambda row: (row.kind, row.title.casefold()),
        "lang": lambda row: (row.lang, row.title.casefold()),
        "added": lambda row: (row.added, row.title.casefold()),
        "units": lambda row: (row.units, row.title.casefold()),
        "ocr": lambda row: (row.ocr_pages, row.title.casefold()),
        "problems": lambda row: (row.has_problems, row.title.casefold()),
    }
    return sorted(rows, key=keys.get(key, keys["title"]), reverse=descending)


def form_values(stored: Mapping[str, Any], entry: ManifestEntry) -> dict[str, str]:
    """What the edit form shows: the metadata file's values, else what indexing settled on."""
    values = {}
    for name in FORM_FIELDS:
        value = stored.get(name)
        if value in (None, ""):
            value = getattr(entry, name, None)
        values[name] = "" if value is None else str(value)
    return values


def form_changes(form: Mapping[str, Any], stored: Mapping[str, Any]) -> dict[str, Any]:
    """Raw changes from a posted metadata form: every shown field (empty removes it), and
    the password only when one was typed (the form never shows it)."""
    raw: dict[str, Any] = {name: form.get(name, "") for name in FORM_FIELDS}
    password = form.get("password")
    if isinstance(password, str) and password:
        raw["password"] = password
    elif form.get("clear_password") and stored.get("password"):
        raw["password"] = None
    return raw


def notice_key(value: str | None) -> str | None:
    """A `?done=` value, only if it names a notice we have (never echoed otherwise)."""
    return value if value in NOTICES else None
