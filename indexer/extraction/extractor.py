"""The one way in to extraction: `Extractor` carries what every extraction needs (the OCR
engine, its cache, the per-document limits), so that reconcile, uploads and `kaynak add`
extract a PDF the same way. Picklable: reconcile hands it to its worker processes.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from indexer.corpus import CorpusFile
from indexer.errors import PdfProblem, UnreadablePdf
from indexer.extraction.pipeline import (
    TESSERACT,
    ExtractedDocument,
    ExtractionLimits,
    ProgressCallback,
    ReadDocument,
    extract_document,
    read_document,
)
from indexer.pdf import OcrEngine

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Extractor:
    """Extracts corpus files with one OCR engine, OCR cache and set of limits."""

    ocr_cache_dir: Path | None = None
    limits: ExtractionLimits = field(default_factory=ExtractionLimits)
    ocr_engine: OcrEngine | None = TESSERACT  # None: pages without text stay unread

    def extract(self, corpus_file: CorpusFile) -> ExtractedDocument:
        """The document; raises `UnreadablePdf` with the reason."""
        return extract_document(corpus_file, self.ocr_cache_dir, self.limits, self.ocr_engine)

    def read(
        self,
        corpus_file: CorpusFile,
        password: str | None,
        progress: ProgressCallback | None = None,
    ) -> ReadDocument:
        """The slow half alone: the laid-out pages (an upload's job reads them once)."""
        return read_document(
            corpus_file, password, self.ocr_cache_dir, self.limits, self.ocr_engine, progress
        )

    def extract_safely(self, corpus_file: CorpusFile) -> ExtractedDocument | UnreadablePdf:
        """The document, or why it could not be read (`.reason` is the log text): never
        raises (worker-safe)."""
        try:
            return self.extract(corpus_file)
        except UnreadablePdf as error:
            return error
        except RecursionError:
            return UnreadablePdf(corpus_file.source, PdfProblem.SELF_REFERENCING)
        except Exception as error:
            logger.exception("%s: unexpected failure", corpus_file.pdf_path)
            detail = f"{type(error).__name__}: {str(error)[:100]}"
            return UnreadablePdf(corpus_file.source, PdfProblem.UNEXPECTED, detail=detail)
