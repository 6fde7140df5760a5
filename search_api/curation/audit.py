"""The audit log: who added, changed, replaced, removed or restored which document, and when.

One JSON object per line in `<data_dir>/audit.log`, appended (O_APPEND) and fsynced per event,
never rewritten. Lines that cannot be read (a torn last line after a power cut) are skipped.
"""

from __future__ import annotations

import json
import os
import threading
from collections import deque
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

AUDIT_FILE = "audit.log"


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

    def latest(self, limit: int = 200) -> list[AuditEvent]:
        """The newest `limit` events, newest first."""
        if not self.path.is_file():
            return []
        kept: deque[AuditEvent] = deque(maxlen=limit)
        with self.path.open(encoding="utf-8", errors="replace") as lines:
            for line in lines:
                try:
                    data = json.loads(line)
                    kept.append(AuditEvent(**data))
                except (json.JSONDecodeError, TypeError):
                    continue
        return list(reversed(kept))
