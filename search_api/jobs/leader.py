"""Which worker process does a data folder's background work (`kaynak serve --workers N`).

Every worker serves searches; one, the leader, also runs what must run once per data
folder: the start-up repair and reconcile, the job runner, the leftover sweeper and the
inbox watcher. The leader is the process holding a lock on `<data_dir>/.leader.lock` for
its whole life. The lock is a POSIX record lock (`lockf`): it ends with its process however
that ends (SIGKILL included) and, unlike `flock`, is not inherited by the processes a worker
forks, so a reading process left behind cannot keep the role. The other workers try to take
it every `poll_seconds`: when the leader dies, one of them takes the role over.

A worker that starts while another leads waits, before it serves, until that leader has
done its start-up work (`leader.json` says "ready"), so that the leader's start-up clean-up
never races an upload a new worker is already receiving. A second lock,
`<data_dir>/.serving.lock`, is held shared by every worker that serves: a leader that takes
it exclusively as it is elected knows it is `alone`, and only then removes at once what no
one owns (a worker that is serving may be writing it).
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from indexer.files import write_atomically
from indexer.index import process_alive

logger = logging.getLogger(__name__)

LEADER_LOCK = ".leader.lock"
SERVING_LOCK = ".serving.lock"
LEADER_FILE = "leader.json"
POLL_SECONDS = 1.0
READY_WAIT_SECONDS = 300.0  # longest a starting worker waits for the leader's start-up work


@dataclass(frozen=True)
class Election:
    """How a worker came to lead its data folder."""

    alone: bool  # no other worker serves the folder now
    at_start: bool  # elected as it started, not taking over from a leader that died


def leader_record(data_dir: Path) -> dict[str, object]:
    """What the current leader wrote about itself (pid, since, ready), or {}."""
    try:
        record = json.loads((data_dir / LEADER_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return record if isinstance(record, dict) else {}


class Leadership:
    """This worker's part in electing its data folder's leader."""

    def __init__(
        self,
        data_dir: Path,
        on_elected: Callable[[Election], None],
        poll_seconds: float = POLL_SECONDS,
        ready_wait_seconds: float = READY_WAIT_SECONDS,
    ) -> None:
        self.data_dir = data_dir
        self.on_elected = on_elected
        self.poll_seconds = poll_seconds
        self.ready_wait_seconds = ready_wait_seconds
        self.leading = False
        self._leader_handle: int | None = None
        self._serving_handle: int | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Before serving: lead (doing the start-up work now) or wait until the leader has
        done it; then keep ready to take the role over, in the background."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        deadline = time.monotonic() + self.ready_wait_seconds
        while not self._try_to_lead(at_start=True) and not self._leader_ready():
            if time.monotonic() >= deadline:
                logger.warning("the leader is not ready after %.0f s", self.ready_wait_seconds)
                break
            self._stop.wait(min(0.2, self.poll_seconds))
        self._serve()
        self._thread = threading.Thread(target=self._loop, name="kaynak-leadership", daemon=True)
        self._thread.start()

    def close(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
        for handle in (self._leader_handle, self._serving_handle):
            if handle is not None:
                os.close(handle)  # closing releases the lock
        self._leader_handle = self._serving_handle = None
        self.leading = False

    def _loop(self) -> None:
        while not self._stop.wait(self.poll_seconds):
            if self.leading:
                return
            try:
                self._try_to_lead(at_start=False)
            except Exception:
                logger.exception("taking over the data folder's background work failed")

    def _try_to_lead(self, at_start: bool) -> bool:
        if self.leading:
            return True
        handle = self._open(LEADER_LOCK)
        try:
            fcntl.lockf(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:  # another worker leads
            os.close(handle)
            return False
        self._leader_handle = handle
        self.leading = True
        election = Election(alone=self._alone(), at_start=at_start)
        self._write_record(ready=False)
        logger.info(
            "worker %d leads %s (%s)",
            os.getpid(),
            self.data_dir,
            "at start" if at_start else "taking over",
        )
        self.on_elected(election)
        self._write_record(ready=True)
        return True

    def _alone(self) -> bool:
        """Whether no other worker serves the folder: the serving lock, taken exclusively
        (only a leader ever asks, and there is one), then held shared again."""
        if self._serving_handle is None:
            self._serving_handle = self._open(SERVING_LOCK)
        try:
            fcntl.lockf(self._serving_handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            alone = False
        else:
            alone = True
        fcntl.lockf(self._serving_handle, fcntl.LOCK_SH)  # ours alone again: never waits long
        return alone

    def _serve(self) -> None:
        """Count this worker among those serving the folder (the serving lock, shared)."""
        if self._serving_handle is None:
            self._serving_handle = self._open(SERVING_LOCK)
            fcntl.lockf(self._serving_handle, fcntl.LOCK_SH)

    def _leader_ready(self) -> bool:
        record = leader_record(self.data_dir)
        pid = record.get("pid")
        return bool(record.get("ready")) and isinstance(pid, int) and process_alive(pid)

    def _write_record(self, ready: bool) -> None:
        record = {"pid": os.getpid(), "since": time.time(), "ready": ready}
        write_atomically(self.data_dir / LEADER_FILE, json.dumps(record).encode("utf-8"))

    def _open(self, name: str) -> int:
        return os.open(self.data_dir / name, os.O_CREAT | os.O_RDWR, 0o600)
