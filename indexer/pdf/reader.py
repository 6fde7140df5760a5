"""The PDF adapter: a PDF file in, pages of positioned words out.

Everything pdfplumber- and pdfminer-specific lives here; `layout` turns the words into text.
Each page is closed as soon as its words are taken, so memory stays bounded on long files
(pdfplumber otherwise keeps every parsed page alive: gigabytes for a few hundred pages).

What this adapter mends before layout sees the words (the pure parts are in `glyphs`):
- glyphs printed twice at (nearly) the same spot (fake bold) are dropped;
- text is read in its own direction: a page drawn sideways is turned upright, and short
  rotated runs on an upright page (an arXiv stamp, a print-shop slug, chart labels) become
  separate `side_lines` instead of being shredded into the body;
- right-to-left words are put back into logical order;
- a page pdfminer cannot parse (content-stream errors) is read through pdfium instead;
- a page taking longer than the per-page limit stops the file (`time_limit`).
"""

from __future__ import annotations

import contextlib
import logging
import signal
import threading
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdftypes import resolve1
from pdfminer.psparser import PSException
from pdfplumber.utils import extract_words
from pdfplumber.utils.exceptions import PdfminerException

from indexer.errors import PdfProblem, UnreadablePdf
from indexer.models import RawPage, Word
from indexer.notices import PageIssue, PageProblem
from indexer.pdf.glyphs import char_rotation, drop_duplicate_chars, logical_order, turn_upright
from indexer.pdf.pdfium_reader import PdfiumText

logger = logging.getLogger(__name__)

# pdfminer logs a warning for every odd object in a damaged file; they are not ours to fix.
logging.getLogger("pdfminer").setLevel(logging.ERROR)

PDF_MAGIC = b"%PDF-"
# Refusals a second reader may overturn (not a password, a size or an empty file).
SECOND_READER_PROBLEMS = (
    PdfProblem.DAMAGED,
    PdfProblem.DAMAGED_DETAIL,
    PdfProblem.SELF_REFERENCING,
)


@dataclass(frozen=True)
class PdfInfo:
    """What the file says about itself: its Info dictionary (plus the catalog's `Lang`)."""

    page_count: int
    metadata: dict[str, str]


@dataclass(frozen=True)
class OpenedPdf:
    """One open file: what it says about itself, and its pages read one at a time."""

    info: PdfInfo
    pages: Iterator[RawPage]


class PageTookTooLong(BaseException):
    """Raised by the page timer. A BaseException, so that pdfminer's broad
    `except Exception` blocks cannot swallow it halfway through a page."""


def check_pdf_file(path: Path, max_file_mb: float | None = None) -> None:
    """Refuse files that cannot be a PDF (or are over the size limit) before parsing."""
    try:
        size = path.stat().st_size
    except OSError as error:
        raise UnreadablePdf(path.name, PdfProblem.CANNOT_OPEN, detail=error.strerror) from error
    if size == 0:
        raise UnreadablePdf(path.name, PdfProblem.EMPTY)
    if max_file_mb is not None and size > max_file_mb * 1024 * 1024:
        raise UnreadablePdf(path.name, PdfProblem.TOO_LARGE, max_mb=max_file_mb)
    with path.open("rb") as handle:
        head = handle.read(1024)
    if PDF_MAGIC not in head:
        raise UnreadablePdf(path.name, PdfProblem.NOT_PDF)


@contextlib.contextmanager
def open_pdf(
    path: Path, password: str | None = None, max_file_mb: float | None = None
) -> Iterator[Any]:
    """Open with pdfplumber, translating its many failure types into `UnreadablePdf`."""
    check_pdf_file(path, max_file_mb)
    try:
        pdf = pdfplumber.open(path, password=password or "")
    except PdfminerException as error:
        cause = error.args[0] if error.args else error
        raise unreadable(path.name, cause, password) from error
    except Exception as error:
        raise unreadable(path.name, error, password) from error
    try:
        yield pdf
    finally:
        # pdfplumber's close walks the page tree again: on a damaged file it raises what
        # was already reported (and would hide that report behind a traceback).
        try:
            pdf.close()
        except Exception:
            stream = getattr(pdf, "stream", None)
            if stream is not None:
                stream.close()


def unreadable(source: str, error: object, password: str | None = None) -> UnreadablePdf:
    """The refusal a librarian can act on for a pdfminer/pdfplumber failure: a wrong
    password is told apart from a missing one."""
    locked = PdfProblem.WRONG_PASSWORD if password else PdfProblem.ENCRYPTED
    if isinstance(error, PDFPasswordIncorrect | PDFEncryptionError):
        return UnreadablePdf(source, locked)
    if isinstance(error, PSException):
        return UnreadablePdf(source, PdfProblem.DAMAGED)
    if isinstance(error, RecursionError):
        return UnreadablePdf(source, PdfProblem.SELF_REFERENCING)
    text = f"{type(error).__name__}: {error}"
    if "password" in text.lower() or "encrypt" in text.lower():
        return UnreadablePdf(source, locked)
    return UnreadablePdf(source, PdfProblem.DAMAGED_DETAIL, detail=text[:120])


@contextlib.contextmanager
def open_document(
    path: Path,
    password: str | None = None,
    seconds_per_page: float | None = None,
    max_file_mb: float | None = None,
) -> Iterator[OpenedPdf]:
    """The file's info and its pages from one open: opening it again would parse its
    cross-reference table and page tree again (a full scan for a damaged file)."""
    with contextlib.ExitStack() as stack:
        try:
            pdf = stack.enter_context(open_pdf(path, password, max_file_mb))
            info = info_of(pdf, path)
        except UnreadablePdf as refusal:
            if refusal.problem not in SECOND_READER_PROBLEMS:
                raise
            stack.close()
            from indexer.pdf.pdfium_reader import pdfium_document  # it builds on this module

            opened = stack.enter_context(pdfium_document(path, password, refusal))
        else:
            opened = OpenedPdf(info, pages_of(pdf, path, password, seconds_per_page))
        try:
            yield opened
        finally:
            close = getattr(opened.pages, "close", None)
            if close is not None:
                close()


def read_info(path: Path, password: str | None = None) -> PdfInfo:
    """Page count and the Info dictionary as plain strings; `Lang` from the catalog."""
    with open_pdf(path, password) as pdf:
        return info_of(pdf, path)


def info_of(pdf: Any, path: Path) -> PdfInfo:
    """`read_info` on a file pdfplumber has open."""
    metadata = {
        str(key): decode_info_value(value)
        for key, value in (pdf.metadata or {}).items()
        if decode_info_value(value)
    }
    try:
        language = decode_info_value(resolve1(pdf.doc.catalog.get("Lang")))
    except Exception:  # a damaged catalog: the language is only a hint
        language = ""
    if language:
        metadata["Lang"] = language
    try:
        page_count = len(pdf.pages)
    except Exception as error:
        raise unreadable(path.name, error) from error
    return PdfInfo(page_count=page_count, metadata=metadata)


def decode_info_value(value: object) -> str:
    if isinstance(value, bytes):
        for encoding in ("utf-16", "utf-8", "latin-1"):
            try:
                return value.decode(encoding).strip("\x00 ").strip()
            except UnicodeDecodeError:
                continue
    if isinstance(value, str):
        return value.strip("\x00 ").strip()
    return ""


@contextlib.contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise `PageTookTooLong` after `seconds` of wall time (SIGALRM, main thread only).

    The previous handler and timer state are restored on the way out, so arming it in the
    parent process (a one-worker run, an upload) leaves nothing behind. Where signals
    cannot be used (another thread, a platform without setitimer, a timer already
    running) the block runs unlimited.
    """
    if seconds is None or seconds <= 0:
        yield
        return
    usable = (
        hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        and signal.getitimer(signal.ITIMER_REAL)[0] == 0
    )
    if not usable:
        yield
        return

    def on_alarm(signum: int, frame: object) -> None:
        raise PageTookTooLong

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def read_pages(
    path: Path, password: str | None = None, seconds_per_page: float | None = None
) -> Iterator[RawPage]:
    """Yield each page's words, closing every page after use.

    A page that takes longer than `seconds_per_page` stops the file with `UnreadablePdf`.
    """
    with open_pdf(path, password) as pdf:
        yield from pages_of(pdf, path, password, seconds_per_page)


def pages_of(
    pdf: Any, path: Path, password: str | None, seconds_per_page: float | None
) -> Generator[RawPage, None, None]:
    """`read_pages` on a file pdfplumber has open."""
    with PdfiumText(path, password) as fallback:
        try:
            pages = pdf.pages
        except Exception as error:
            raise unreadable(path.name, error, password) from error
        if not pages:
            raise UnreadablePdf(path.name, PdfProblem.NO_PAGES)
        for number, page in enumerate(pages, start=1):
            try:
                with time_limit(seconds_per_page):
                    raw = extract_raw_page_safely(page, number)
                    if not raw.words:
                        raw.words = fallback.words(number)
                        if raw.problem and raw.words:
                            raw.problem = PageIssue(PageProblem.READ_BY_PDFIUM, raw.problem.detail)
            except PageTookTooLong:
                raise UnreadablePdf(
                    path.name, PdfProblem.PAGE_TOO_SLOW, page=number, seconds=seconds_per_page
                ) from None
            finally:
                page.close()
            yield raw


def extract_raw_page_safely(page: Any, number: int) -> RawPage:
    """The page's words; a page pdfminer cannot read (a bad content stream, objects that
    refer to themselves) comes back without words and with its `problem`, for pdfium."""
    try:
        return extract_raw_page(page, number)
    except PageTookTooLong:
        raise
    except Exception as error:  # one bad page must not lose the other pages
        reason = f"{type(error).__name__}: {error}"[:120]
        logger.warning("page %d: pdfminer failed (%s); trying pdfium", number, reason)
        return RawPage(
            number=number, width=page_size(page, "width"), height=page_size(page, "height"),
            problem=PageIssue(PageProblem.TEXT_LAYER_UNREADABLE, reason),
        )  # fmt: skip


def page_size(page: Any, name: str) -> float:
    """A page dimension, or A4's when the page box itself is broken."""
    try:
        return float(getattr(page, name))
    except Exception:
        return 595.0 if name == "width" else 842.0


def extract_raw_page(page: Any, number: int) -> RawPage:
    chars = drop_duplicate_chars(page.chars)
    width, height = float(page.width), float(page.height)
    groups: dict[int, list[dict[str, Any]]] = {}
    for char in chars:
        groups.setdefault(char_rotation(char), []).append(char)
    main = max(groups, key=lambda rotation: len(groups[rotation])) if groups else 0
    words = words_from_chars(turn_upright(groups.pop(main, []), main, width, height))
    side_lines = [
        line
        for rotation, group in sorted(groups.items())
        for line in lines_from_words(words_from_chars(turn_upright(group, rotation, width, height)))
    ]
    if main in (90, 270):
        width, height = height, width
    return RawPage(
        number=number,
        width=width,
        height=height,
        words=words,
        image_count=len(page.images),
        side_lines=side_lines,
    )


def words_from_chars(chars: list[dict[str, Any]]) -> list[Word]:
    if not chars:
        return []
    found = extract_words(
        chars, x_tolerance=1.5, y_tolerance=3, keep_blank_chars=False,
        extra_attrs=["size", "fontname"],
    )  # fmt: skip
    return [
        Word(
            text=logical_order(word["text"]),
            x0=float(word["x0"]),
            x1=float(word["x1"]),
            top=float(word["top"]),
            bottom=float(word["bottom"]),
            size=float(word["size"]),
            bold=is_bold_font(str(word.get("fontname", ""))),
        )
        for word in found
    ]


def lines_from_words(words: list[Word]) -> list[str]:
    """Rotated side text as plain lines (it is never body text, so no layout is spent)."""
    rows: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (w.top, w.x0)):
        if rows and abs(rows[-1][0].top - word.top) <= 3:
            rows[-1].append(word)
        else:
            rows.append([word])
    return [" ".join(w.text for w in sorted(row, key=lambda w: w.x0)) for row in rows]


BOLD_FONT_MARKS = ("bold", "black", "heavy", "semibold", "kalın", "kalin", "kal?n")  # tr: kalın


def is_bold_font(fontname: str) -> bool:
    lowered = fontname.lower()
    return any(mark in lowered for mark in BOLD_FONT_MARKS)
