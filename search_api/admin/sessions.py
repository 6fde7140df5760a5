"""Librarian sessions kept on the server, so that they can be ended: `<data_dir>/sessions.json`.

The session cookie carries only a random session id (and the form's CSRF token); what the
id means lives here: whose session it is, when it began and when it must end whatever
happens (`absolute_seconds` after login, however active the librarian is), and a stamp
of the password it was opened with. A session ends when the librarian logs out (its record
is deleted), when their password changes (the stamp no longer matches) and when they are
removed (no account). Ids are stored only as their sha256, so the file opens no session.

The file is re-read when it changes on disk (so `kaynak user remove` in another process
takes effect) and rewritten atomically, each change under the file's lock (`updating`: the
service's worker processes share it); expired records are dropped on each write.
"""

from __future__ import annotations

import hashlib
import json
import logging
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from indexer.files import file_stamp, updating, write_atomically

logger = logging.getLogger(__name__)

SESSIONS_FILE = "sessions.json"
MAX_SESSIONS = 10_000  # logins are throttled; this bounds the file even so


@dataclass(frozen=True)
class SessionRecord:
    user: str
    started: float
    expires: float
    password_stamp: str


def session_digest(session_id: str) -> str:
    return hashlib.sha256(session_id.encode("utf-8", "replace")).hexdigest()


def password_stamp(password_hash: str) -> str:
    """A short fingerprint of the stored password hash: it changes with the password."""
    return hashlib.sha256(password_hash.encode()).hexdigest()[:16]


class SessionStore:
    """The server side of librarian sessions. Thread-safe."""

    def __init__(
        self,
        path: Path,
        absolute_seconds: float,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.path = path
        self.absolute_seconds = absolute_seconds
        self.clock = clock
        self._lock = threading.Lock()
        self._stamp: tuple[int, ...] | None = None
        self._records: dict[str, SessionRecord] = {}

    def _load(self) -> None:
        stamp = file_stamp(self.path)
        if stamp == self._stamp:
            return
        records: dict[str, SessionRecord] = {}
        if stamp:
            try:
                data = json.loads(self.path.read_text(encoding="utf-8"))
                records = {digest: SessionRecord(**fields) for digest, fields in data.items()}
            except (ValueError, TypeError, AttributeError):
                logger.warning("%s unreadable: every librarian logs in again", self.path)
        self._records = records
        self._stamp = stamp

    def _save(self) -> None:
        now = self.clock()
        live = {d: r for d, r in self._records.items() if r.expires > now}
        if len(live) > MAX_SESSIONS:  # the oldest logins go first
            kept = sorted(live.items(), key=lambda item: item[1].started)[-MAX_SESSIONS:]
            live = dict(kept)
        self._records = live
        data = {digest: asdict(record) for digest, record in live.items()}
        write_atomically(self.path, json.dumps(data).encode())
        self._stamp = file_stamp(self.path)

    def open(self, user: str, password_hash: str) -> str:
        """A new session for `user`; returns its id (for the cookie only)."""
        session_id = secrets.token_urlsafe(32)
        now = self.clock()
        record = SessionRecord(
            user, now, now + self.absolute_seconds, password_stamp(password_hash)
        )
        with self._lock, updating(self.path):
            self._load()
            self._records[session_digest(session_id)] = record
            self._save()
        return session_id

    def get(self, session_id: str) -> SessionRecord | None:
        """The live record of a session id, or None (unknown, ended or past its lifetime)."""
        with self._lock:
            self._load()
            record = self._records.get(session_digest(session_id))
        if record is None or record.expires <= self.clock():
            return None
        return record

    def end(self, session_id: str) -> None:
        with self._lock, updating(self.path):
            self._load()
            if self._records.pop(session_digest(session_id), None) is not None:
                self._save()

    def end_all(self, user: str) -> int:
        """End every session of `user` (password change, removal); how many there were."""
        with self._lock, updating(self.path):
            self._load()
            ended = [d for d, r in self._records.items() if r.user == user]
            for digest in ended:
                del self._records[digest]
            if ended:
                self._save()
            return len(ended)
