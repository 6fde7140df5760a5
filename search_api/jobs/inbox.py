"""A watched inbox folder (`KAYNAK_INBOX_DIR`, off by default): PDFs dropped into it become
jobs, stored with the metadata detected from their text.

A file is taken once its size and modification time have stayed the same for one poll (a
copy in progress is left alone), moved into the corpus's staging area and submitted. A file
that is refused (not a PDF, already in the collection, unreadable) is not lost: the runner
moves it to `<inbox>/refused/` with a `.txt` beside it saying why.
"""

from __future__ import annotations

import logging
import shutil
import threading
from pathlib import Path

from search_api.jobs.runner import JobRunner

logger = logging.getLogger(__name__)

REFUSED_DIR = "refused"
INBOX_ACTOR = "inbox"


class InboxWatcher:
    def __init__(self, folder: Path, runner: JobRunner, poll_seconds: float = 2.0) -> None:
        self.folder = folder
        self.runner = runner
        self.poll_seconds = poll_seconds
        self._seen: dict[Path, tuple[int, int]] = {}
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        self.runner.refused_dir = self.folder / REFUSED_DIR
        self._thread = threading.Thread(target=self._loop, name="kaynak-inbox", daemon=True)
        self._thread.start()

    def close(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)

    def _loop(self) -> None:
        while not self._stop.wait(self.poll_seconds):
            try:
                self.poll()
            except OSError:
                logger.exception("inbox %s", self.folder)

    def poll(self) -> list[str]:
        """Take the files that stopped changing; returns the ids of the jobs made."""
        made = []
        current: dict[Path, tuple[int, int]] = {}
        for path in sorted(self.folder.iterdir()):
            if not path.is_file() or path.name.startswith(".") or path.suffix.lower() != ".pdf":
                continue
            stat = path.stat()
            current[path] = (stat.st_size, stat.st_mtime_ns)
            if self._seen.get(path) == current[path]:
                made.append(self.take(path))
                del current[path]
        self._seen = current
        return made

    def take(self, path: Path) -> str:
        collection = self.runner.curator.collection
        key, staged = collection.new_stage()
        shutil.move(path, staged)
        job = self.runner.submit("add", key, path.name, INBOX_ACTOR, source="inbox")
        logger.info("inbox: %s → job %s", path.name, job.id)
        return job.id
