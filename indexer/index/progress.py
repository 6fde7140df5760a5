"""What indexing is doing now (`IndexingProgress`, for `/healthz` and the admin page) and what
the last reconcile did (`IndexSummary`, the one-line summary kept in the data folder)."""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from indexer.files import write_atomically
from indexer.index.manifest import ManifestEntry

logger = logging.getLogger(__name__)

IndexingState = Literal["idle", "running", "done", "failed"]
SHOWN_PAGE_WARNINGS = 5  # in the one-line summary; the JSON summary has them all
PROGRESS_FILE = "indexing-progress.json"  # in the data folder: what every process shows
PROGRESS_WRITE_SECONDS = 1.0  # an advancing reconcile rewrites the file at most this often
INTERRUPTED = "interrupted"  # the error of a reconcile whose process is gone


@dataclass(frozen=True)
class SkippedFile:
    """A corpus file that could not be indexed: `reason` is the English log text, `refusal`
    the typed reason as the manifest keeps it (`UnreadablePdf.as_json`)."""

    source: str
    reason: str
    refusal: dict[str, Any] | None = None


@dataclass
class IndexSummary:
    """What one reconcile did, for the one-line summary and the admin page."""

    documents: int = 0
    units: int = 0
    added: int = 0
    changed: int = 0
    removed: int = 0
    unchanged: int = 0
    moved: int = 0  # unchanged PDFs found in another folder (their paths updated)
    skipped: list[SkippedFile] = field(default_factory=list)
    # Pages indexed without (all of) their text, by source: "page 3: layout failed (...)".
    page_warnings: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0
    rebuilt: bool = False
    finished_at: str = ""

    def count_totals(self, manifest: Mapping[str, ManifestEntry]) -> None:
        """The index's totals after the change, from the manifest that vouches for it."""
        self.skipped = sorted(
            (
                SkippedFile(entry.source, entry.error, entry.refusal)
                for entry in manifest.values()
                if entry.error is not None
            ),
            key=lambda skipped: (skipped.source, skipped.reason),
        )
        self.page_warnings = sorted(
            (entry.source, notice.text())
            for entry in manifest.values()
            for notice in entry.problems
        )
        self.documents = sum(1 for entry in manifest.values() if entry.indexed)
        self.units = sum(entry.unit_count for entry in manifest.values())

    @property
    def skip_reasons(self) -> list[tuple[str, str]]:
        """(source, English reason) of each skipped file."""
        return [(file.source, file.reason) for file in self.skipped]

    @property
    def work_done(self) -> int:
        return self.added + self.changed + self.removed

    def line(self) -> str:
        skipped = "; ".join(f"{file.source}: {file.reason}" for file in self.skipped)
        shown = self.page_warnings[:SHOWN_PAGE_WARNINGS]
        pages = "; ".join(f"{source}: {warning}" for source, warning in shown)
        more = len(self.page_warnings) - len(shown)
        pages += f"; {more} more" if more > 0 else ""
        return (
            f"{self.documents} documents, {self.units} units "
            f"(+{self.added} ~{self.changed} -{self.removed}, {self.unchanged} unchanged"
            + (f", {self.moved} moved" if self.moved else "")
            + "), "
            f"{len(self.skipped)} skipped{f' ({skipped})' if skipped else ''}, "
            + (f"{len(self.page_warnings)} page warnings ({pages}), " if pages else "")
            + f"{self.seconds:.1f} s"
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "units": self.units,
            "added": self.added,
            "changed": self.changed,
            "removed": self.removed,
            "unchanged": self.unchanged,
            "moved": self.moved,
            "skipped": [
                {"source": file.source, "reason": file.reason, "refusal": file.refusal}
                for file in self.skipped
            ],
            "page_warnings": [{"source": s, "warning": w} for s, w in self.page_warnings],
            "seconds": round(self.seconds, 2),
            "rebuilt": self.rebuilt,
            "finished_at": self.finished_at,
        }


@dataclass(frozen=True)
class IndexingStatus:
    """A snapshot of the indexing in progress (or the last one)."""

    state: IndexingState = "idle"
    done: int = 0
    total: int = 0
    current: str = ""
    rebuilding: bool = False
    started_at: str | None = None
    finished_at: str | None = None
    error: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "state": self.state,
            "done": self.done,
            "total": self.total,
            "rebuilding": self.rebuilding,
            "started_at": self.started_at,
            "finished_at": self.finished_at,
            "error": self.error,
        }


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class IndexingProgress:
    """Thread-safe: the reconcile updates it, `/healthz` and the admin page read it.

    With a `path` the status is also kept on disk (`indexing-progress.json` in the data
    folder), so that every process serving that folder shows the same indexing: the one
    indexing answers from memory, the others read the file. A "running" status written by a
    process that is gone is shown as failed ("interrupted"), never as running forever.
    """

    def __init__(self, path: Path | None = None) -> None:
        self._lock = threading.Lock()
        self._status = IndexingStatus()
        self._path = path
        self._mine = False  # this process is the one indexing (its memory is the truth)
        self._written = 0.0
        self._read: tuple[int, IndexingStatus, int] | None = None  # mtime, status, writer

    def status(self) -> IndexingStatus:
        with self._lock:
            if self._path is None or self._mine:
                return self._status
            return self._status_on_disk(self._path)

    def start(self, total: int, rebuilding: bool) -> None:
        with self._lock:
            self._mine = True
            self._set(IndexingStatus("running", 0, total, "", rebuilding, now()), force=True)

    def advance(self, current: str, done: int) -> None:
        with self._lock:
            status = self._status
            self._set(
                IndexingStatus(
                    "running", done, status.total, current, status.rebuilding, status.started_at
                ),
                force=False,
            )

    def finish(self, error: str | None = None) -> None:
        with self._lock:
            status = self._status
            finished = IndexingStatus(
                "failed" if error else "done", status.done, status.total, "",
                status.rebuilding, status.started_at, now(), error,
            )  # fmt: skip
            self._set(finished, force=True)
            self._mine = False

    def _set(self, status: IndexingStatus, force: bool) -> None:
        """Keep `status` (call locked); on disk too, at most every `PROGRESS_WRITE_SECONDS`
        while it only advances."""
        self._status = status
        if self._path is None:
            return
        if not force and time.monotonic() - self._written < PROGRESS_WRITE_SECONDS:
            return
        record = {**status.as_dict(), "current": status.current, "pid": os.getpid()}
        try:
            write_atomically(self._path, json.dumps(record).encode("utf-8"))
            self._written = time.monotonic()
        except OSError as error:  # a full disk must not stop the indexing it reports
            logger.warning("indexing progress not written: %s", error)

    def _status_on_disk(self, path: Path) -> IndexingStatus:
        """The status another process wrote (call locked); idle when none was."""
        try:
            changed = path.stat().st_mtime_ns
            if self._read is None or self._read[0] != changed:
                record = json.loads(path.read_text(encoding="utf-8"))
                self._read = (changed, status_from_record(record), int(record.get("pid") or 0))
        except (OSError, ValueError, TypeError, AttributeError):
            return self._status
        _, status, writer = self._read
        if status.state == "running" and not process_alive(writer):
            return dataclasses.replace(status, state="failed", error=INTERRUPTED)
        return status


def status_from_record(record: dict[str, Any]) -> IndexingStatus:
    state = record.get("state")
    return IndexingStatus(
        state=state if state in ("idle", "running", "done", "failed") else "idle",
        done=int(record.get("done") or 0),
        total=int(record.get("total") or 0),
        current=str(record.get("current") or ""),
        rebuilding=bool(record.get("rebuilding")),
        started_at=record.get("started_at"),
        finished_at=record.get("finished_at"),
        error=record.get("error"),
    )


def process_alive(pid: int) -> bool:
    """Whether a process with this id exists (on this machine)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True
