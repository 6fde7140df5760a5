"""Leftovers cleaned by ownership, at start-up and on a schedule (issue 12 §9).

A file in the corpus's `.incoming/` belongs to a job while that job is queued, running or
proposed (waiting for the librarian's confirmation); otherwise it belongs to no one: a crash
left it, or an upload was refused or given up. Such files are removed:

- at start-up, all of them, whatever their age (no upload is in flight before the service
  answers its first request);
- every `interval` seconds, those not written to for `grace_seconds` (an upload still
  streaming in, or a `kaynak add` copying, writes to its file all along).

A proposal (an admin preview) not confirmed within `preview_seconds` is abandoned: its job
fails as expired and its staged file, up to the upload limit in size, goes with it.
"""

from __future__ import annotations

import logging
import threading
import time
from datetime import datetime

from indexer.errors import KaynakError
from search_api.jobs.runner import JobRunner

logger = logging.getLogger(__name__)

OWNING_STATES = ("queued", "running", "proposed")
SWEEP_INTERVAL_SECONDS = 600.0
STAGE_GRACE_SECONDS = 600.0


class LeftoverSweeper:
    """Removes what no job owns from `.incoming/`, and abandoned proposals."""

    def __init__(
        self,
        jobs: JobRunner,
        preview_seconds: float,
        interval: float = SWEEP_INTERVAL_SECONDS,
        grace_seconds: float = STAGE_GRACE_SECONDS,
    ) -> None:
        self.jobs = jobs
        self.preview_seconds = preview_seconds
        self.interval = interval
        self.grace_seconds = grace_seconds
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self, grace_seconds: float = 0.0) -> list[str]:
        """Sweep what no job owns now (by default whatever its age: at start-up, when no
        other process may be writing one), then keep sweeping in the background."""
        done = self.sweep(grace_seconds)
        self._thread = threading.Thread(target=self._loop, name="kaynak-sweeper", daemon=True)
        self._thread.start()
        return done

    def close(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)

    def _loop(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                self.sweep(self.grace_seconds)
            except OSError as error:  # a full or read-only disk: try again next time
                logger.warning("sweeping leftovers failed: %s", error)

    def sweep(self, grace_seconds: float) -> list[str]:
        """One pass; returns what was removed, for the log."""
        done = self.abandon_old_proposals()
        owned = {job.stage_key for job in self.jobs.jobs.all() if job.state in OWNING_STATES}
        incoming = self.jobs.curator.collection.incoming_dir
        cutoff = time.time() - grace_seconds
        if incoming.is_dir():
            for path in sorted(incoming.iterdir()):
                if path.is_file() and path.stem not in owned and path.stat().st_mtime <= cutoff:
                    path.unlink(missing_ok=True)
                    done.append(f"removed {path.name} (no job owns it)")
        for line in done:
            logger.info("leftovers: %s", line)
        return done

    def abandon_old_proposals(self) -> list[str]:
        now = time.time()
        done = []
        for job in self.jobs.jobs.all():
            if job.state == "proposed" and now - timestamp(job.updated) > self.preview_seconds:
                self.jobs.expire(job, KaynakError("job_abandoned"))
                done.append(f"abandoned the unconfirmed upload {job.filename} (job {job.id})")
        return done


def timestamp(iso: str) -> float:
    try:
        return datetime.fromisoformat(iso).timestamp()
    except ValueError:
        return 0.0
