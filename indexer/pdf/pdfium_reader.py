"""The second reader: a PDF pdfminer cannot open (a broken page tree, a damaged catalog) is
read through pdfium's text layer instead, page by page, when pdfium can open it.

Only `reader.open_document` calls this, after pdfminer refused the file as damaged; if
pdfium cannot read it either, that refusal stands.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Generator, Iterator
from pathlib import Path

import pypdfium2 as pdfium

from indexer.errors import UnreadablePdf
from indexer.models import RawPage
from indexer.pdf.reader import OpenedPdf, PdfInfo, segment_words

logger = logging.getLogger(__name__)


@contextlib.contextmanager
def pdfium_document(
    path: Path, password: str | None, refusal: UnreadablePdf
) -> Iterator[OpenedPdf]:
    """The file as pdfium reads it; raises `refusal` when pdfium cannot open it either."""
    try:
        document = pdfium.PdfDocument(path, password=password)
    except Exception:
        raise refusal from None
    try:
        count = len(document)
        if count == 0:
            raise refusal
        logger.warning("%s: %s for pdfminer; reading it with pdfium", path.name, refusal.reason)
        pages = pdfium_pages(document, count)
        try:
            yield OpenedPdf(PdfInfo(page_count=count, metadata={}), pages)
        finally:
            pages.close()
    finally:
        document.close()


def pdfium_pages(document: pdfium.PdfDocument, count: int) -> Generator[RawPage, None, None]:
    """Each page's words; a page pdfium cannot load either costs that page only."""
    for number in range(1, count + 1):
        try:
            page = document[number - 1]
        except Exception as error:
            yield unreadable_page(number, error)
            continue
        try:
            width, height = float(page.get_width()), float(page.get_height())
            words = segment_words(page.get_textpage(), height)
            raw = RawPage(number=number, width=width, height=height, words=words)
        except Exception as error:
            raw = unreadable_page(number, error)
        finally:
            page.close()
        yield raw


def unreadable_page(number: int, error: Exception) -> RawPage:
    problem = f"unreadable by pdfminer and pdfium ({type(error).__name__})"
    return RawPage(number=number, width=595.0, height=842.0, problem=problem)
