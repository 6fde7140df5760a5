"""Reading one PDF in a worker process that can always be stopped.

The slow, risky half of an extraction (`read_document`: parsing, OCR) runs in a child
process started for the one file. The parent watches it from outside, so the limits hold
whatever thread asked and whatever the child is stuck in: a page that takes longer than the
per-page limit, a document longer than the per-document limit, or a process whose memory
grows past the ceiling ends the child (its whole process group, Tesseract included) and
the read fails with the reason. A stop request (the service shutting down) ends it too.

The child runs the extraction on its own main thread, where the reader's SIGALRM timer also
works; the parent's watch is the guarantee, the child's timer only the politer stop.

Children come from multiprocessing's forkserver, started once per service with the reading
modules already imported (`PRELOADED`): each read forks a warm process in milliseconds
instead of spawning a fresh interpreter that spends about a second on imports. The child is
still a process of its own (its own process group, its own memory, ended by a kill of that
group); only the import work is shared, copy-on-write, and nothing of the service's threads
or locks is copied into it (the forkserver is single-threaded). The service starts it at
start-up (`WorkerReader.warm_up`); one that has died is started again at the next read.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing import forkserver
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from indexer.corpus import CorpusFile
from indexer.errors import PdfProblem, UnreadablePdf
from indexer.extraction import ExtractionLimits, Extractor, ReadDocument, ReadProgress

logger = logging.getLogger(__name__)

POLL_SECONDS = 0.05
# What a reading child needs, imported once in the forkserver instead of in every child.
PRELOADED = ("indexer.extraction", "indexer.pdf", "search_api.jobs.worker")
GRACE_SECONDS = 0.5  # the child's own timer stops a page first, when it can
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


@dataclass(frozen=True)
class WorkerLimits:
    """What one read may cost before its process is ended (None: no limit)."""

    seconds_per_page: float | None = ExtractionLimits.seconds_per_page  # the same limit
    seconds_per_document: float | None = 3600.0
    memory_mb: int | None = 2048


class ReadInterrupted(Exception):
    """The read was stopped because the service is stopping (not the file's fault)."""


def read_in_worker(
    extractor: Extractor,
    pdf_path: Path,
    source: str,
    password: str | None,
    worker: WorkerLimits,
    progress: Callable[[ReadProgress], None] | None = None,
    stop: threading.Event | None = None,
) -> ReadDocument:
    """`Extractor.read` in a child process under `worker`'s limits. Raises `UnreadablePdf`
    (the file's fault, with the reason) or `ReadInterrupted` (`stop` was set)."""
    context = reading_context()
    receiving, sending = context.Pipe(duplex=False)
    limits = dataclasses.replace(extractor.limits, seconds_per_page=worker.seconds_per_page)
    child_extractor = dataclasses.replace(extractor, limits=limits)
    process = context.Process(
        target=child_main,
        args=(sending, child_extractor, pdf_path, source, password),
        name=f"kaynak-read-{source}",
        daemon=True,
    )
    process.start()
    sending.close()
    watch = Watch(worker, source)
    try:
        while True:
            if stop is not None and stop.is_set():
                raise ReadInterrupted
            if receiving.poll(POLL_SECONDS):
                try:
                    kind, value = receiving.recv()
                except EOFError:
                    raise ended(process, source) from None
                if kind == "ready":
                    watch.start_page(1)
                elif kind == "progress":
                    watch.start_page(value.pages_done + 1)
                    if progress is not None:
                        progress(value)
                elif kind == "done":
                    assert isinstance(value, ReadDocument)
                    return value
                else:
                    assert isinstance(value, UnreadablePdf)
                    raise value
            elif not process.is_alive() and not receiving.poll():
                raise ended(process, source)
            watch.check(process.pid)
    finally:
        end_process(process)
        receiving.close()


_context_lock = threading.Lock()
_context: multiprocessing.context.ForkServerContext | None = None


def reading_context() -> multiprocessing.context.ForkServerContext:
    """The forkserver context, its server to preload the reading modules (set once)."""
    global _context
    with _context_lock:
        if _context is None:
            context = multiprocessing.get_context("forkserver")
            assert isinstance(context, multiprocessing.context.ForkServerContext)
            context.set_forkserver_preload(list(PRELOADED))
            _context = context
        return _context


def start_forkserver() -> None:
    reading_context()
    try:
        forkserver.ensure_running()
    except OSError:  # the first read starts it, or says why it cannot
        logger.warning("the reading processes' forkserver did not start", exc_info=True)


class WorkerReader:
    """A curator's `Reader`: each PDF in its own worker process (with the store's
    `Extractor`: its OCR engine, cache and limits), under these limits, ended early when
    `stop` is set."""

    def __init__(
        self, extractor: Extractor, worker: WorkerLimits, stop: threading.Event | None = None
    ) -> None:
        self.extractor = extractor
        self.worker = worker
        self.stop = stop or threading.Event()

    def warm_up(self) -> None:
        """Start the forkserver now, in the background, so that the first upload does not
        wait for its imports either."""
        threading.Thread(target=start_forkserver, name="kaynak-forkserver", daemon=True).start()

    def __call__(
        self,
        pdf: Path,
        name: str,
        password: str | None,
        progress: Callable[[ReadProgress], None] | None,
    ) -> ReadDocument:
        return read_in_worker(self.extractor, pdf, name, password, self.worker, progress, self.stop)


class Watch:
    """The limits, checked from outside the child between messages."""

    def __init__(self, limits: WorkerLimits, source: str) -> None:
        self.limits = limits
        self.source = source
        self.started = time.monotonic()
        self.page = 0  # 0: the child is still starting (imports), not yet reading
        self.page_started = self.started

    def start_page(self, number: int) -> None:
        self.page = number
        self.page_started = time.monotonic()

    def check(self, pid: int | None) -> None:
        now = time.monotonic()
        per_page = self.limits.seconds_per_page
        if per_page and self.page and now - self.page_started > per_page + GRACE_SECONDS:
            self.fail(PdfProblem.PAGE_TOO_SLOW, page=self.page, seconds=per_page)
        per_document = self.limits.seconds_per_document
        if per_document and now - self.started > per_document:
            self.fail(PdfProblem.DOCUMENT_TOO_SLOW, seconds=per_document)
        ceiling = self.limits.memory_mb
        if ceiling and pid is not None and resident_mb(pid) > ceiling:
            self.fail(PdfProblem.TOO_MUCH_MEMORY, limit_mb=ceiling)

    def fail(self, problem: PdfProblem, **params: Any) -> None:
        error = UnreadablePdf(self.source, problem, **params)
        logger.warning("%s: %s", self.source, error.reason)
        raise error


def resident_mb(pid: int) -> float:
    """The process's resident memory in MB (0 when it cannot be read: it has ended)."""
    try:
        with open(f"/proc/{pid}/statm", encoding="ascii") as statm:
            return int(statm.read().split()[1]) * PAGE_SIZE / (1024 * 1024)
    except (OSError, IndexError, ValueError):
        return 0.0


def ended(process: multiprocessing.process.BaseProcess, source: str) -> UnreadablePdf:
    process.join(timeout=1)
    return UnreadablePdf(source, PdfProblem.READER_ENDED, code=process.exitcode)


def end_process(process: multiprocessing.process.BaseProcess) -> None:
    """End the child and everything it started (its own process group), then reap it."""
    if process.is_alive() and process.pid is not None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)
        with contextlib.suppress(ProcessLookupError):
            process.kill()
    process.join(timeout=10)


def child_main(
    sending: Connection,
    extractor: Extractor,
    pdf_path: Path,
    source: str,
    password: str | None,
) -> None:
    """In the child: its own process group (so one kill ends Tesseract too), then the read,
    reporting each page; the result or the refusal is the last message."""
    os.setsid()
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    sending.send(("ready", None))
    probe = CorpusFile(Path(source).stem or "upload", pdf_path, pdf_path.with_suffix(".none"), "")
    try:
        read = extractor.read(probe, password, lambda step: sending.send(("progress", step)))
    except UnreadablePdf as error:
        sending.send(("failed", error))
    except RecursionError:
        sending.send(("failed", UnreadablePdf(source, PdfProblem.SELF_REFERENCING)))
    except Exception as error:  # a bug or an unforeseen damage: reported, not fatal
        detail = f"{type(error).__name__}: {str(error)[:100]}"
        sending.send(("failed", UnreadablePdf(source, PdfProblem.UNEXPECTED, detail=detail)))
    else:
        sending.send(("done", read))
    finally:
        sending.close()
