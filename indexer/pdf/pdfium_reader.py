"""pdfium's text layer, the second reader: for a page pdfminer found no words on
(`PdfiumText`), and for a whole PDF pdfminer cannot open — a broken page tree, a damaged
catalog — read page by page when pdfium can open it (`pdfium_document`, called by
`reader.open_document` after pdfminer refused the file as damaged; if pdfium cannot read
it either, that refusal stands).
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pypdfium2 as pdfium

from indexer.errors import UnreadablePdf
from indexer.models import RawPage, Word
from indexer.notices import PageIssue, PageProblem

if TYPE_CHECKING:
    from indexer.pdf.reader import OpenedPdf

logger = logging.getLogger(__name__)


@contextlib.contextmanager
def pdfium_document(
    path: Path, password: str | None, refusal: UnreadablePdf
) -> Iterator[OpenedPdf]:
    """The file as pdfium reads it; raises `refusal` when pdfium cannot open it either."""
    from indexer.pdf.reader import OpenedPdf, PdfInfo  # the reader builds on this module

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
    problem = PageIssue(PageProblem.BOTH_READERS_FAILED, type(error).__name__)
    return RawPage(number=number, width=595.0, height=842.0, problem=problem)


class PdfiumText:
    """pdfium's text layer, opened only when pdfminer found no words on some page."""

    def __init__(self, path: Path, password: str | None) -> None:
        self.path = path
        self.password = password
        self.document: pdfium.PdfDocument | None = None
        self.failed = False

    def __enter__(self) -> PdfiumText:
        return self

    def __exit__(self, *args: object) -> None:
        if self.document is not None:
            self.document.close()

    def words(self, number: int) -> list[Word]:
        """Text segments of page `number` as words; [] when pdfium has none either."""
        document = self._open()
        if document is None:
            return []
        try:
            page = document[number - 1]
        except Exception:
            return []
        try:
            return segment_words(page.get_textpage(), float(page.get_height()))
        except Exception as error:
            logger.warning("page %d: pdfium could not read it either (%s)", number, error)
            return []
        finally:
            page.close()

    def _open(self) -> pdfium.PdfDocument | None:
        if self.document is None and not self.failed:
            try:
                self.document = pdfium.PdfDocument(self.path, password=self.password)
            except Exception:
                self.failed = True
        return self.document


def segment_words(textpage: Any, height: float) -> list[Word]:
    words = []
    try:
        for index in range(textpage.count_rects()):
            left, bottom, right, top = textpage.get_rect(index)
            text = textpage.get_text_bounded(left, bottom, right, top).strip()
            if text:
                size = max(top - bottom, 1.0)
                words.append(Word(text, left, right, height - top, height - bottom, size))
    finally:
        textpage.close()
    return words
