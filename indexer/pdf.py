"""The pdfplumber adapter: a PDF file in, pages of positioned words out.

Everything pdfplumber- and pdfminer-specific lives here; `layout` turns the words into text.
Each page is closed as soon as its words are taken, so memory stays bounded on long files
(pdfplumber otherwise keeps every parsed page alive: gigabytes for a few hundred pages).
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.psparser import PSException
from pdfplumber.utils.exceptions import PdfminerException

from indexer.errors import UnreadablePdf

logger = logging.getLogger(__name__)

# pdfminer logs a warning for every odd object in a damaged file; they are not ours to fix.
logging.getLogger("pdfminer").setLevel(logging.ERROR)

PDF_MAGIC = b"%PDF-"


@dataclass(frozen=True)
class Word:
    """A word as pdfplumber sees it, with the facts layout decisions need."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool = False


@dataclass
class RawPage:
    """The words of one page (1-based `number`) and its size."""

    number: int
    width: float
    height: float
    words: list[Word] = field(default_factory=list)
    image_count: int = 0


@dataclass(frozen=True)
class PdfInfo:
    """What the file says about itself: its Info dictionary and page count."""

    page_count: int
    metadata: dict[str, str]


def check_pdf_file(path: Path) -> None:
    """Refuse files that cannot be a PDF before pdfminer sees them."""
    try:
        size = path.stat().st_size
    except OSError as error:
        raise UnreadablePdf(path.name, f"cannot be read: {error.strerror}") from error
    if size == 0:
        raise UnreadablePdf(path.name, "empty file")
    with path.open("rb") as handle:
        head = handle.read(1024)
    if PDF_MAGIC not in head:
        raise UnreadablePdf(path.name, "not a PDF")


@contextlib.contextmanager
def open_pdf(path: Path, password: str | None = None) -> Iterator[Any]:
    """Open with pdfplumber, translating its many failure types into `UnreadablePdf`."""
    check_pdf_file(path)
    try:
        pdf = pdfplumber.open(path, password=password or "")
    except PdfminerException as error:
        raise UnreadablePdf(
            path.name, reason_for(error.args[0] if error.args else error)
        ) from error
    except Exception as error:
        raise UnreadablePdf(path.name, reason_for(error)) from error
    try:
        yield pdf
    finally:
        pdf.close()


def reason_for(error: object) -> str:
    """A librarian-readable reason for a pdfminer/pdfplumber failure."""
    if isinstance(error, PDFPasswordIncorrect | PDFEncryptionError):
        return "encrypted and needs a password"
    if isinstance(error, PSException):
        return "damaged beyond repair"
    if isinstance(error, RecursionError):
        return "damaged beyond repair (self-referencing objects)"
    text = f"{type(error).__name__}: {error}"
    if "password" in text.lower() or "encrypt" in text.lower():
        return "encrypted and needs a password"
    return f"damaged beyond repair ({text[:120]})"


def read_info(path: Path, password: str | None = None) -> PdfInfo:
    """Page count and the Info dictionary as plain strings."""
    with open_pdf(path, password) as pdf:
        metadata = {
            str(key): decode_info_value(value)
            for key, value in (pdf.metadata or {}).items()
            if decode_info_value(value)
        }
        return PdfInfo(page_count=len(pdf.pages), metadata=metadata)


def decode_info_value(value: object) -> str:
    if isinstance(value, bytes):
        for encoding in ("utf-16", "utf-8", "latin-1"):
            try:
                return value.decode(encoding).strip("\x00 ").strip()
            except UnicodeDecodeError:
                continue
    if isinstance(value, str):
        return value.strip()
    return ""


def read_pages(path: Path, password: str | None = None) -> Iterator[RawPage]:
    """Yield each page's words, closing every page after use."""
    with open_pdf(path, password) as pdf:
        try:
            pages = pdf.pages
        except Exception as error:
            raise UnreadablePdf(path.name, reason_for(error)) from error
        if not pages:
            raise UnreadablePdf(path.name, "no pages")
        for number, page in enumerate(pages, start=1):
            try:
                yield extract_raw_page(page, number)
            finally:
                page.close()


def extract_raw_page(page: Any, number: int) -> RawPage:
    source = page.dedupe_chars(tolerance=1) if has_duplicate_chars(page.chars) else page
    words = source.extract_words(
        x_tolerance=1.5,
        y_tolerance=3,
        keep_blank_chars=False,
        extra_attrs=["size", "fontname"],
    )
    return RawPage(
        number=number,
        width=float(page.width),
        height=float(page.height),
        words=[
            Word(
                text=word["text"],
                x0=float(word["x0"]),
                x1=float(word["x1"]),
                top=float(word["top"]),
                bottom=float(word["bottom"]),
                size=float(word["size"]),
                bold=is_bold_font(str(word.get("fontname", ""))),
            )
            for word in words
        ],
        image_count=len(page.images),
    )


def has_duplicate_chars(chars: list[dict[str, Any]]) -> bool:
    """Fake bold prints each glyph twice at (nearly) the same spot; deduping costs, so check."""
    seen: set[tuple[str, int, int]] = set()
    for char in chars:
        key = (char["text"], round(char["x0"]), round(char["top"]))
        if key in seen and not char["text"].isspace():
            return True
        seen.add(key)
    return False


def is_bold_font(fontname: str) -> bool:
    lowered = fontname.lower()
    return any(mark in lowered for mark in ("bold", "black", "heavy", "semibold"))
