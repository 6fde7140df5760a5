"""The audit log: who added, changed, replaced, removed or restored which document, and when.

One JSON object per line in `<data_dir>/audit.log`, appended (O_APPEND) and fsynced per event,
never rewritten. Lines that cannot be read (a torn last line after a power cut) are skipped.
A change records its fields' old and new values (`details["changes"]`: `{field: [old,
new]}`); times are UTC, and the days a librarian filters by are Istanbul's.
"""

from __future__ import annotations

import json
import os
import threading
from collections import deque
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

AUDIT_FILE = "audit.log"


def istanbul_zone() -> tzinfo:
    """Europe/Istanbul (UTC+3 all year since 2016, the fixed offset without a tz database)."""
    try:
        return ZoneInfo("Europe/Istanbul")
    except ZoneInfoNotFoundError:
        return timezone(timedelta(hours=3), "TRT")


ISTANBUL = istanbul_zone()


def in_istanbul(at: str) -> datetime | None:
    """An event's UTC time stamp in Istanbul time (None if it cannot be read)."""
    try:
        moment = datetime.fromisoformat(at)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(ISTANBUL)


@dataclass(frozen=True)
class AuditQuery:
    """Which events to show: by librarian, action, and Istanbul days (both ends included)."""

    actor: str | None = None
    action: str | None = None
    since: date | None = None
    until: date | None = None

    def matches(self, event: AuditEvent) -> bool:
        if self.actor and event.actor != self.actor:
            return False
        if self.action and event.action != self.action:
            return False
        if self.since or self.until:
            local = in_istanbul(event.at)
            if local is None:
                return False
            if self.since and local.date() < self.since:
                return False
            if self.until and local.date() > self.until:
                return False
        return True


@dataclass(frozen=True)
class AuditEvent:
    at: str
    actor: str
    action: str
    doc_id: str
    title: str = ""
    details: dict[str, Any] = field(default_factory=dict)


def field_changes(old: dict[str, Any], new: dict[str, Any]) -> dict[str, list[Any]]:
    """`{field: [old, new]}` for every field whose value differs (None: absent)."""
    return {
        name: [old.get(name), new.get(name)]
        for name in sorted(set(old) | set(new))
        if old.get(name) != new.get(name)
    }


class AuditLog:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()

    def record(
        self, actor: str, action: str, doc_id: str, title: str = "", **details: Any
    ) -> AuditEvent:
        event = AuditEvent(
            at=datetime.now(UTC).isoformat(timespec="seconds"),
            actor=actor,
            action=action,
            doc_id=doc_id,
            title=title,
            details={key: value for key, value in details.items() if value is not None},
        )
        line = json.dumps(asdict(event), ensure_ascii=False, sort_keys=True) + "\n"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._lock:
            handle = os.open(self.path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o640)
            try:
                size = os.fstat(handle).st_size
                if size and os.pread(handle, 1, size - 1) != b"\n":
                    line = "\n" + line  # a torn line (power cut) stays alone on its line
                os.write(handle, line.encode("utf-8"))
                os.fsync(handle)
            finally:
                os.close(handle)
        return event

    def latest(self, limit: int = 200, query: AuditQuery | None = None) -> list[AuditEvent]:
        """The newest `limit` events (those `query` matches), newest first."""
        kept: deque[AuditEvent] = deque(maxlen=limit)
        for event in self.events():
            if query is None or query.matches(event):
                kept.append(event)
        return list(reversed(kept))

    def events(self) -> Iterator[AuditEvent]:
        """Every readable event, oldest first."""
        if not self.path.is_file():
            return
        with self.path.open(encoding="utf-8", errors="replace") as lines:
            for line in lines:
                try:
                    data = json.loads(line)
                    yield AuditEvent(**data)
                except (json.JSONDecodeError, TypeError):
                    continue

    def actors(self) -> list[str]:
        """Everyone who changed something, for the filter."""
        return sorted({event.actor for event in self.events()})
