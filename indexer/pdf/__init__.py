"""Extract: the only door to pdfplumber, pdfium and Tesseract. A PDF file in, pages of
positioned words (`indexer.models.RawPage`) out.
"""

from __future__ import annotations

from indexer.pdf.glyphs import is_right_to_left_text
from indexer.pdf.ocr import OcrCache, OcrEngine, PageOcr, TesseractEngine, tesseract_available
from indexer.pdf.probe import probe_pdf
from indexer.pdf.reader import check_pdf_file, open_document, read_info, read_pages

__all__ = [
    "OcrCache",
    "OcrEngine",
    "PageOcr",
    "TesseractEngine",
    "check_pdf_file",
    "is_right_to_left_text",
    "open_document",
    "probe_pdf",
    "read_info",
    "read_pages",
    "tesseract_available",
]
