"""Running ingestion jobs: a few background threads take queued jobs in order, have the
curator read each PDF (in a worker process, see `worker`) and store it.

Jobs outlive the process: at start, `recover` queues again what was queued, retries once a
job that was running when the service died, and reports one that was interrupted twice. A
clean stop (SIGTERM) ends the worker processes at once and leaves their jobs queued for the
next start; nothing half-read is ever stored, because storing happens only after a read.
"""

from __future__ import annotations

import contextlib
import logging
import queue
import shutil
import threading
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from indexer.errors import Conflict, DuplicateDocument, KaynakError, NotFound
from indexer.extraction import ProgressCallback, ReadDocument, ReadProgress
from search_api.curation import Change, Curator
from search_api.jobs.store import Job, JobAction, JobError, JobProgress, JobStore, new_job_id
from search_api.jobs.worker import ReadInterrupted

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 2  # a job the service died in is retried once, then reported
WATCH_SECONDS = 0.5  # how often the runner looks for jobs other processes submitted


class JobInterrupted(KaynakError):
    status_code = 500
    code = "job_interrupted"


class JobRunner:
    def __init__(
        self,
        jobs: JobStore,
        curator: Curator,
        stop: threading.Event | None = None,
        threads: int = 1,
        watch_seconds: float = WATCH_SECONDS,
    ) -> None:
        self.jobs = jobs
        self.curator = curator
        self.stop = stop or threading.Event()
        self.thread_count = max(1, threads)
        self.watch_seconds = watch_seconds
        self._queue: queue.Queue[str | None] = queue.Queue()
        self._queued: set[str] = set()  # ids in the queue, not yet taken
        self._queued_lock = threading.Lock()
        self._threads: list[threading.Thread] = []
        self.refused_dir: Path | None = None  # where a refused inbox file is kept
        # How the note beside a refused inbox file says why (the web layer's catalogue).
        self.describe: Callable[[KaynakError], str] = str

    # -- life cycle ------------------------------------------------------------------------

    def start(self) -> None:
        """Recover the jobs on disk, then start the threads that run them, and the one that
        takes the jobs other processes submit (the service's other workers: only one worker
        of a data folder runs jobs)."""
        for job in self.recover():
            self._enqueue(job.id)
        for number in range(self.thread_count):
            thread = threading.Thread(target=self._loop, name=f"kaynak-jobs-{number}", daemon=True)
            thread.start()
            self._threads.append(thread)
        watcher = threading.Thread(target=self._watch, name="kaynak-jobs-watch", daemon=True)
        watcher.start()
        self._threads.append(watcher)

    @property
    def running(self) -> bool:
        """Whether this process runs jobs (else it only submits them, for the leader)."""
        return bool(self._threads)

    def _enqueue(self, job_id: str) -> None:
        with self._queued_lock:
            if job_id in self._queued:
                return
            self._queued.add(job_id)
        self._queue.put(job_id)

    def _watch(self) -> None:
        """Queue the jobs that appear on disk queued (submitted by another worker): looked
        for when the jobs folder changed, every `watch_seconds`."""
        seen = -1
        while not self.stop.wait(self.watch_seconds):
            try:
                changed = self.jobs.folder.stat().st_mtime_ns
            except OSError:
                continue
            if changed == seen:
                continue
            seen = changed
            for job in self.jobs.all():
                if job.state == "queued" and not self.jobs.claimed_elsewhere(job.id):
                    self._enqueue(job.id)

    def recover(self) -> list[Job]:
        """The jobs to run after a restart, oldest first; a job interrupted twice fails."""
        waiting = []
        for job in sorted(self.jobs.all(), key=lambda job: (job.created, job.id)):
            if not job.finished and self.jobs.claimed_elsewhere(job.id):
                continue  # `kaynak add` (another process) is running it now
            if job.state == "running":
                if job.attempts >= MAX_ATTEMPTS:
                    self._fail(job, JobInterrupted("job_interrupted", times=job.attempts))
                    continue
                job.state = "queued"
                job.progress = JobProgress()
                self.jobs.save(job)
            if job.state == "queued":
                waiting.append(job)
        return waiting

    def close(self, timeout: float = 10) -> None:
        """Stop: running reads end now (their jobs stay queued for the next start)."""
        self.stop.set()
        for _ in range(self.thread_count):
            self._queue.put(None)
        for thread in self._threads:
            thread.join(timeout=timeout)

    # -- submitting ------------------------------------------------------------------------

    def submit(
        self,
        action: JobAction,
        stage_key: str,
        filename: str,
        actor: str,
        fields: dict[str, Any] | None = None,
        *,
        review: bool = False,
        doc_id: str | None = None,
        batch: str = "",
        source: str = "api",
        job_id: str | None = None,
    ) -> Job:
        """A new job for a staged PDF; it runs as soon as a thread is free."""
        job = Job(
            id=job_id or new_job_id(),
            action=action,
            state="queued",
            filename=filename,
            stage_key=stage_key,
            actor=actor,
            fields=dict(fields or {}),
            review=review,
            doc_id=doc_id,
            batch=batch,
            source=source,
        )
        self.jobs.save(job)
        if self.running:
            self._enqueue(job.id)
        return job

    def refuse(
        self,
        filename: str,
        error: KaynakError,
        actor: str,
        *,
        batch: str = "",
        source: str = "web",
    ) -> Job:
        """A failed job for a file refused before it could become one (shown with the
        others of its batch, so that no file of a drop goes unmentioned)."""
        job = Job(
            id=new_job_id(),
            action="add",
            state="failed",
            filename=filename,
            stage_key="",
            actor=actor,
            batch=batch,
            source=source,
        )
        self._fail(job, error)
        return job

    def _loop(self) -> None:
        while not self.stop.is_set():
            job_id = self._queue.get()
            if job_id is None or self.stop.is_set():
                return
            with self._queued_lock:
                self._queued.discard(job_id)
            job = self.jobs.get(job_id)
            if job is not None and job.state == "queued":
                self.run(job)

    # -- running ---------------------------------------------------------------------------

    def run(self, job: Job) -> Job:
        """Read the job's PDF, then store it (or, for review, propose it). Never raises for
        the file's faults: they become the job's error. A job that another process runs (or
        ran meanwhile) is left to it."""
        with self.jobs.claim(job.id) as ours:
            current = self.jobs.get(job.id) or job
            if not ours or current.state != "queued":
                return current
            return self._run(current)

    def _run(self, job: Job) -> Job:
        job.state = "running"
        job.attempts += 1
        job.progress = JobProgress(stage="reading")
        self.jobs.save(job)
        try:
            if job.attempts > 1 and self._finish_placed(job):
                return job
            staged = self.curator.collection.stage_path(job.stage_key)
            if job.action == "add":
                sha = self.curator.screen(staged, job.filename, job.fields)
            else:
                sha = self.curator.screen(staged, job.filename, replacing=job.doc_id)
            if job.sha256 != sha:
                job.sha256 = sha  # on disk before the file is placed: a retry looks for it
                self.jobs.save(job)
            read = self.curator.read(
                staged, job.filename, job.fields.get("password"), self._progress_of(job)
            )
            if job.review:
                self.jobs.keep_read(job, read)
                proposal = self.curator.propose(staged, read, job.filename)
                job.proposal = asdict(proposal)
                job.state = "proposed"
                job.progress.stage = "proposed"
                self.jobs.save(job)
                return job
            self._store(job, staged, read)
        except ReadInterrupted:
            job.state = "queued"  # the service is stopping: run it again at the next start
            job.attempts -= 1
            job.progress = JobProgress()
            self.jobs.save(job)
        except KaynakError as error:
            self._fail(job, error)
        except Exception:
            logger.exception("job %s (%s) failed", job.id, job.filename)
            self._fail(job, KaynakError("internal_error"))
        return job

    def confirm(self, job_id: str, fields: dict[str, Any], actor: str) -> Job:
        """Store a proposed job with the librarian's metadata. A mistake the librarian can
        fix (a law number already taken) is raised and the job stays proposed; a duplicate
        ends it."""
        job = self.jobs.get(job_id)
        if job is None or job.state != "proposed":
            raise NotFound("job_not_proposed", job_id=job_id)
        try:
            staged = self.curator.collection.stage_path(job.stage_key)
        except NotFound:  # a confirmation the service died in had placed the file already
            change = self.curator.recover(job.sha256, actor, job.filename) if job.sha256 else None
            if change is None:
                raise
            self._finish(job, change)
            return job
        password = job.fields.get("password")
        read = self.jobs.load_read(job) or self.curator.read(staged, job.filename, password)
        job.fields = {**job.fields, **fields}
        job.actor = actor
        try:
            self._store(job, staged, read)
        except DuplicateDocument as error:
            self._fail(job, error)
            raise
        except Conflict:
            raise
        except KaynakError as error:
            self._fail(job, error)
            raise
        return job

    def cancel(self, job_id: str) -> None:
        """Give up a proposed job: its staged file is discarded, nothing is stored."""
        job = self.jobs.get(job_id)
        if job is None or job.state != "proposed":
            return
        self._fail(job, KaynakError("job_cancelled"), code="cancelled")

    def expire(self, job: Job, error: KaynakError) -> None:
        """Give up a job no one will finish (an unconfirmed proposal): its staged file goes."""
        self._fail(job, error, code="expired")

    def _finish_placed(self, job: Job) -> bool:
        """A retried job whose file the interrupted run had already placed in the corpus is
        done (indexed now if need be), not refused as a duplicate of itself."""
        if not job.sha256 or job.review:
            return False
        doc_id = job.doc_id if job.action == "replace" else None
        change = self.curator.recover(job.sha256, job.actor, job.filename, doc_id)
        if change is None:
            return False
        self._finish(job, change)
        with contextlib.suppress(NotFound):
            self.curator.collection.discard_stage(job.stage_key)
        return True

    def _store(self, job: Job, staged: Path, read: ReadDocument) -> None:
        job.progress.stage = "indexing"
        self.jobs.save(job)
        change: Change
        if job.action == "replace" and job.doc_id:
            change = self.curator.replace(job.doc_id, staged, job.actor, job.filename, read)
        else:
            change = self.curator.add(staged, job.fields, job.actor, job.filename, read)
        self._finish(job, change)
        self.curator.collection.discard_stage(staged)

    def _finish(self, job: Job, change: Change) -> None:
        job.doc_id = change.doc_id
        job.entry = change.entry
        job.warnings = list(change.warnings)
        if change.trash is not None:
            job.proposal = {**(job.proposal or {}), "old_file": change.trash.name}
        job.state = "done"
        job.progress.stage = "done"
        job.fields.pop("password", None)  # kept in the metadata file; not in the job's
        self.jobs.save(job)
        self.jobs.drop_read(job)

    def _fail(self, job: Job, error: KaynakError, code: str | None = None) -> None:
        job.state = "failed"
        job.progress.stage = "failed"
        job.error = JobError.of(error, code)
        job.fields.pop("password", None)
        self.jobs.save(job)
        self.jobs.drop_read(job)
        if job.source == "inbox" and self.refused_dir is not None:
            self._keep_refused(job)
        with contextlib.suppress(NotFound):
            self.curator.collection.discard_stage(job.stage_key)

    def _keep_refused(self, job: Job) -> None:
        """A refused inbox file goes to `refused/`, with the reason beside it."""
        assert self.refused_dir is not None and job.error is not None
        with contextlib.suppress(NotFound, OSError):
            staged = self.curator.collection.stage_path(job.stage_key)
            self.refused_dir.mkdir(parents=True, exist_ok=True)
            target = self.refused_dir / f"{job.id}-{Path(job.filename).name}"
            shutil.move(staged, target)
            reason = self.describe(job.error.as_error())
            target.with_suffix(".txt").write_text(reason + "\n", encoding="utf-8")

    def _progress_of(self, job: Job) -> ProgressCallback:
        def report(step: ReadProgress) -> None:
            done, total = step.pages_done, step.pages_total
            job.progress = JobProgress(done, total, step.ocr_pages, step.stage)
            self.jobs.save(job, progress_only=True)

        return report
