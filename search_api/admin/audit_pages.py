"""The audit trail as a person reads it: each change with its fields' old → new values, in
Istanbul time, with the document's title; filtered by librarian, action and day; and the
same rows as CSV.

GET /admin/audit[?actor=&action=&since=&until=]      the table
GET /admin/audit.csv[?…the same filters]             the table as CSV (UTF-8 with BOM)
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from indexer.errors import FieldProblem, InvalidField
from search_api.admin.auth import Librarian, web_librarian
from search_api.admin.pages import curator_of, document_titles, render
from search_api.curation import AuditEvent, AuditQuery, in_istanbul

router = APIRouter(prefix="/admin", include_in_schema=False)
ACTIONS = ("add", "update", "replace", "remove", "restore")
SHOWN = 500
CSV_MAX = 100_000
HIDDEN_DETAILS = ("changes", "fields")  # shown as the change list instead


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class AuditRow:
    """One event as the table shows it."""

    when: str  # Istanbul time, "2026-12-01 23:41"
    actor: str
    action: str
    doc_id: str
    title: str
    changes: tuple[FieldChange, ...]
    details: tuple[tuple[str, str], ...]


def shown_value(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value)
    return str(value)


def audit_row(event: AuditEvent, titles: Mapping[str, str]) -> AuditRow:
    local = in_istanbul(event.at)
    raw_changes = event.details.get("changes") or {}
    changes = tuple(
        FieldChange(name, shown_value(pair[0]), shown_value(pair[1]))
        for name, pair in sorted(raw_changes.items())
        if isinstance(pair, list | tuple) and len(pair) == 2
    )
    details = tuple(
        (name, shown_value(value))
        for name, value in sorted(event.details.items())
        if name not in HIDDEN_DETAILS
    )
    return AuditRow(
        when=local.strftime("%Y-%m-%d %H:%M:%S") if local else event.at,
        actor=event.actor,
        action=event.action,
        doc_id=event.doc_id,
        title=event.title or titles.get(event.doc_id, ""),
        changes=changes,
        details=details,
    )


def parse_day(name: str, value: str | None) -> date | None:
    """A filter day typed as 2026-12-01 or 01.12.2026 (empty: no bound)."""
    text = (value or "").strip()
    if not text:
        return None
    try:
        if "." in text:
            day, month, year = (int(part) for part in text.split("."))
            return date(year, month, day)
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidField(name, FieldProblem.DATE) from None


def query_of(params: Mapping[str, str]) -> AuditQuery:
    action = params.get("action") or None
    return AuditQuery(
        actor=params.get("actor") or None,
        action=action if action in ACTIONS else None,
        since=parse_day("since", params.get("since")),
        until=parse_day("until", params.get("until")),
    )


@router.get("/audit")
def audit_page(request: Request, librarian: Librarian = Depends(web_librarian)) -> Response:
    params = dict(request.query_params)
    audit = curator_of(request).audit
    query = query_of(params)
    titles = document_titles(request)
    rows = [audit_row(event, titles) for event in audit.latest(SHOWN, query)]
    context = {
        "rows": rows,
        "params": params,
        "actors": audit.actors(),
        "actions": ACTIONS,
        "csv_url": "/admin/audit.csv" + (f"?{request.url.query}" if request.url.query else ""),
    }
    return render(request, "admin_audit.html", context)


@router.get("/audit.csv")
def audit_csv(request: Request, librarian: Librarian = Depends(web_librarian)) -> Response:
    audit = curator_of(request).audit
    titles = document_titles(request)
    rows = [
        audit_row(event, titles) for event in audit.latest(CSV_MAX, query_of(request.query_params))
    ]
    return Response(
        csv_text(rows),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="kaynak-audit.csv"'},
    )


def csv_text(rows: Iterable[AuditRow]) -> str:
    """The rows as CSV with a BOM (so that spreadsheet programs read the Turkish letters)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["time_istanbul", "actor", "action", "doc_id", "title", "changes", "details"])
    for row in rows:
        changes = "; ".join(f"{c.field}: {c.old} → {c.new}" for c in row.changes)
        details = json.dumps(dict(row.details), ensure_ascii=False) if row.details else ""
        writer.writerow([row.when, row.actor, row.action, row.doc_id, row.title, changes, details])
    return "\ufeff" + buffer.getvalue()
