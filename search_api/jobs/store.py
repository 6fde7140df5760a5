"""Ingestion jobs on disk: one JSON file per job in `<data_dir>/jobs/`, so that they survive a
restart of the service.

A job is an upload (or a new file for a document) waiting to be read, being read, waiting
for the librarian's confirmation (`proposed`, admin uploads only), stored (`done`) or
refused (`failed`). What its reading produced is kept beside it (`<id>.read.pickle`, our
own data) until the job is over, so that the proposal and the stored document come from the
same extraction. Writes are atomic; progress is kept in memory and written at most every
`PROGRESS_WRITE_SECONDS` so that a 300-page job does not rewrite its file 300 times.
"""

from __future__ import annotations

import copy
import fcntl
import json
import os
import pickle
import secrets
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from indexer.errors import KaynakError, PdfProblem
from indexer.extraction import ReadDocument
from indexer.files import write_atomically
from indexer.index import ManifestEntry
from indexer.notices import Notice, notices_from_json

JOBS_DIR = "jobs"
PROGRESS_WRITE_SECONDS = 1.0
KEEP_FINISHED = 500  # finished jobs listed; older ones stay on disk but are not shown

JobState = Literal["queued", "running", "proposed", "done", "failed"]
JobAction = Literal["add", "replace"]
FINISHED: tuple[JobState, ...] = ("done", "failed")


def now_utc() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass
class JobProgress:
    pages_done: int = 0
    pages_total: int = 0
    ocr_pages: int = 0
    stage: str = "queued"  # queued, reading, ocr, proposed, indexing, done, failed


@dataclass
class JobError:
    """Why a job failed, kept as the typed error was (its code, message key, parameters and
    JSON details) so that the web layer says it in each reader's language."""

    code: str
    key: str
    params: dict[str, Any] = field(default_factory=dict)
    details: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def of(cls, error: KaynakError, code: str | None = None) -> JobError:
        params = {name: json_value(value) for name, value in error.params.items()}
        return cls(code or error.code, error.key, params, dict(error.details))

    def as_error(self) -> KaynakError:
        """The error again, as the message catalogue reads it (problem keys typed again)."""
        params = dict(self.params)
        problem = params.get("problem")
        if isinstance(problem, str) and problem in PDF_PROBLEM_VALUES:
            params["problem"] = PdfProblem(problem)
        error = KaynakError(self.key, **params)
        error.code = self.code
        error.details = dict(self.details)
        return error


PDF_PROBLEM_VALUES = frozenset(problem.value for problem in PdfProblem)


def json_value(value: Any) -> Any:
    """A parameter as JSON keeps it (enums by value, anything odd as text)."""
    if value is None or isinstance(value, bool | int | float | str):
        return str(value) if isinstance(value, str) else value
    return str(value)


@dataclass
class Job:
    id: str
    action: JobAction
    state: JobState
    filename: str
    stage_key: str  # the staged PDF in the corpus's `.incoming/`
    actor: str
    fields: dict[str, Any] = field(default_factory=dict)  # the librarian's metadata
    review: bool = False  # wait in `proposed` for the librarian's confirmation
    doc_id: str | None = None  # the document replaced, or the one stored
    attempts: int = 0
    created: str = field(default_factory=now_utc)
    updated: str = field(default_factory=now_utc)
    progress: JobProgress = field(default_factory=JobProgress)
    proposal: dict[str, Any] | None = None  # detected metadata, pages only OCR could read
    entry: ManifestEntry | None = None  # the manifest entry as stored (done)
    warnings: list[Notice] = field(default_factory=list)
    error: JobError | None = None
    batch: str = ""  # jobs uploaded together share a batch (confirm them all at once)
    source: str = "api"  # api, web, cli or inbox: where the file came from
    sha256: str = ""  # the staged PDF's, known before it is placed (a retry finds it by it)

    @property
    def finished(self) -> bool:
        return self.state in FINISHED

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Job:
        data = dict(data)
        data["progress"] = JobProgress(**data.get("progress", {}))
        error = data.get("error")
        data["error"] = JobError(**error) if error else None
        entry = data.get("entry")
        data["entry"] = ManifestEntry.from_json(entry) if entry else None
        data["warnings"] = notices_from_json(data.get("warnings"))
        return cls(**data)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["entry"] = self.entry.to_json() if self.entry else None
        data["warnings"] = [notice.as_json() for notice in self.warnings]
        return data


def new_job_id() -> str:
    return secrets.token_hex(8)


def is_job_id(value: str) -> bool:
    """A name `new_job_id` could have made (no path, no dots)."""
    return 0 < len(value) <= 64 and all(char in "0123456789abcdef" for char in value)


class JobStore:
    """The jobs of one data folder, kept in memory and on disk. Other processes (`kaynak add`,
    a restarted service) share the folder: what they wrote is read again when its file
    changed, and a job is run only by the process that holds its claim (`claim`)."""

    def __init__(self, data_dir: Path) -> None:
        self.folder = data_dir / JOBS_DIR
        self._lock = threading.Lock()
        self._jobs: dict[str, Job] = {}
        self._written: dict[str, float] = {}
        self._seen: dict[str, int] = {}  # job id → its file's mtime when we last read or wrote it
        self._claims: dict[str, tuple[int, int]] = {}  # job id → (locked claim file, thread)

    def _sync(self) -> None:
        """Read every job file that is new or changed since we last saw it (call locked)."""
        if not self.folder.is_dir():
            return
        with os.scandir(self.folder) as entries:
            names = sorted(entry.name for entry in entries)
        for name in names:
            if name.endswith(".json") and not name.startswith("."):  # not a write in progress
                self._sync_one(name.removesuffix(".json"))

    def _sync_one(self, job_id: str) -> None:
        path = self.folder / f"{job_id}.json"
        try:
            changed = path.stat().st_mtime_ns
        except OSError:
            return
        if self._seen.get(job_id) == changed:
            return
        try:
            job = Job.from_json(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError):
            return  # a file we cannot read is not a job we can run
        if job.id == job_id:
            self._jobs[job_id] = job
            self._seen[job_id] = changed

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            if not self._seen and not self._jobs:
                self._sync()
            elif is_job_id(job_id):
                self._sync_one(job_id)
            return self._jobs.get(job_id)

    def snapshot(self, job_id: str) -> Job | None:
        """The job as it stands now, copied (see `snapshots`)."""
        job = self.get(job_id)
        return copy.deepcopy(job) if job is not None else None

    def snapshots(self) -> list[Job]:
        """Every job as it stands now, newest first, copied: a page or an answer reads one
        state of each job, while the runner goes on changing the live ones (a page that
        listed a job as running and rendered it as proposed failed)."""
        return [copy.deepcopy(job) for job in self.all()]

    def all(self) -> list[Job]:
        """Every job, newest first (the live jobs, which the runner changes)."""
        with self._lock:
            self._sync()
            jobs = sorted(self._jobs.values(), key=lambda job: (job.created, job.id), reverse=True)
        unfinished = [job for job in jobs if not job.finished]
        finished = [job for job in jobs if job.finished][:KEEP_FINISHED]
        return unfinished + finished

    # -- claims: one process runs a job ------------------------------------------------------

    @contextmanager
    def claim(self, job_id: str) -> Iterator[bool]:
        """Hold the job's claim while the block runs: True when this thread holds it (or held
        it already, in an outer block), False when another thread or process does. The claim
        is a lock on a file, so it ends with its process, however that ends."""
        me = threading.get_ident()
        with self._lock:
            holder = self._claims.get(job_id)
            handle = None if holder else self._lock_claim_file(job_id)
            if handle is not None:
                self._claims[job_id] = (handle, me)
        if handle is None:
            yield holder is not None and holder[1] == me
            return
        try:
            yield True
        finally:
            with self._lock:
                self._claims.pop(job_id)
                job = self._jobs.get(job_id)
                if job is not None and job.finished:
                    self._claim_path(job_id).unlink(missing_ok=True)
                os.close(handle)

    def _lock_claim_file(self, job_id: str) -> int | None:
        """The claim file, open and locked by us; None when another process holds it."""
        self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        handle = os.open(self._claim_path(job_id), os.O_CREAT | os.O_RDWR, 0o600)
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(handle)
            return None
        return handle

    def claimed_elsewhere(self, job_id: str) -> bool:
        """Whether another process is running the job now."""
        with self._lock:
            if job_id in self._claims:
                return False
            try:
                handle = os.open(self._claim_path(job_id), os.O_RDWR)
            except OSError:
                return False
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return True
            finally:
                os.close(handle)  # closing releases a lock we took
            return False

    def _claim_path(self, job_id: str) -> Path:
        return self.folder / f"{job_id}.lock"

    def save(self, job: Job, *, progress_only: bool = False) -> None:
        """Keep `job` in memory; write it (atomically) unless only its progress changed and
        it was written less than `PROGRESS_WRITE_SECONDS` ago."""
        job.updated = now_utc()
        with self._lock:
            self._jobs[job.id] = job
            last = self._written.get(job.id, 0.0)
            if progress_only and time.monotonic() - last < PROGRESS_WRITE_SECONDS:
                return
            self._written[job.id] = time.monotonic()
            self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            data = json.dumps(job.to_json(), ensure_ascii=False, sort_keys=True).encode("utf-8")
            path = self.folder / f"{job.id}.json"
            write_atomically(path, data)
            self._seen[job.id] = path.stat().st_mtime_ns

    def keep_read(self, job: Job, read: ReadDocument) -> None:
        self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        write_atomically(self.read_path(job), pickle.dumps(read, pickle.HIGHEST_PROTOCOL))

    def load_read(self, job: Job) -> ReadDocument | None:
        try:
            read = pickle.loads(self.read_path(job).read_bytes())  # our own file, not input
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
            return None
        return read if isinstance(read, ReadDocument) else None

    def drop_read(self, job: Job) -> None:
        self.read_path(job).unlink(missing_ok=True)

    def read_path(self, job: Job) -> Path:
        return self.folder / f"{job.id}.read.pickle"
