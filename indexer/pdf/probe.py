"""A cheap, bounded look at an upload before any job: is it locked (no password, or a wrong
one) or without pages? Those refusals are certain from the file's header, trailer and page
tree, so the upload's own request can give them; everything slow or risky stays in the job.

pdfium answers first (C code, a few milliseconds, no Python lock held while it works). Only
when it says "password" or "no pages" does pdfminer confirm, since the job reads with
pdfminer and pdfium misreads some files (a PDF without pages comes back as "incorrect
password"). Each step runs in a thread the request waits for at most `seconds`: a hostile
file cannot make the request slow, and an answer that does not come in time is no refusal
(the job, in a process with real limits, decides). pdfium is not thread-safe, so its calls
take a lock, and a probe that cannot get it in time gives up the same way.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pypdfium2 as pdfium
from pdfminer.pdfpage import PDFPage

from indexer.errors import PdfProblem, UnreadablePdf
from indexer.pdf.reader import open_pdf

logger = logging.getLogger(__name__)

PROBE_SECONDS = 2.0
PDFIUM_PASSWORD_ERROR = 4  # FPDF_ERR_PASSWORD
CERTAIN = (PdfProblem.ENCRYPTED, PdfProblem.WRONG_PASSWORD, PdfProblem.NO_PAGES)
PDFIUM_LOCK = threading.Lock()

T = TypeVar("T")


def probe_pdf(path: Path, password: str | None, seconds: float = PROBE_SECONDS) -> None:
    """Raise `UnreadablePdf` (encrypted, wrong password, no pages) when the file certainly
    is; return when it is not, or when the answer did not come within `seconds` per step."""
    if not bounded(lambda: pdfium_suspects(path, password, seconds), seconds):
        return
    refusal = bounded(lambda: pdfminer_refusal(path, password), seconds)
    if refusal is not None:
        raise refusal


def bounded(call: Callable[[], T], seconds: float) -> T | None:
    """`call()` in a daemon thread; None when it fails or has not finished in `seconds`."""
    result: list[T] = []

    def run() -> None:
        try:
            result.append(call())
        except Exception:
            logger.debug("pdf probe failed", exc_info=True)

    thread = threading.Thread(target=run, name="pdf-probe", daemon=True)
    thread.start()
    thread.join(seconds)
    return result[0] if result else None


def pdfium_suspects(path: Path, password: str | None, seconds: float) -> bool:
    """Whether pdfium finds the file locked or without pages (anything else: no)."""
    if not PDFIUM_LOCK.acquire(timeout=seconds):
        return False
    try:
        try:
            document = pdfium.PdfDocument(str(path), password=password)
        except pdfium.PdfiumError as error:
            return getattr(error, "err_code", None) == PDFIUM_PASSWORD_ERROR
        try:
            return len(document) == 0
        finally:
            document.close()
    finally:
        PDFIUM_LOCK.release()


def pdfminer_refusal(path: Path, password: str | None) -> UnreadablePdf | None:
    """The refusal pdfminer (the job's reader) certainly gives: locked or without pages."""
    try:
        with open_pdf(path, password) as pdf:
            if next(iter(PDFPage.create_pages(pdf.doc)), None) is None:
                return UnreadablePdf(path.name, PdfProblem.NO_PAGES)
    except UnreadablePdf as refusal:
        return refusal if refusal.problem in CERTAIN else None
    return None
