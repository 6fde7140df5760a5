"""The pipeline, top to bottom: one corpus PDF → document metadata and search units
(`Extractor.extract`, over `extract_document`), with the metadata detected from its text.
The slow half (`read_document`: pages, OCR) and the cheap half (`describe_document`:
metadata, units) are apart so that a job reads a PDF once and describes it with the
librarian's metadata later.
"""

from __future__ import annotations

from indexer.extraction.extractor import Extractor
from indexer.extraction.metadata import detect_metadata
from indexer.extraction.pipeline import (
    ExtractedDocument,
    ExtractionLimits,
    ProgressCallback,
    ReadDocument,
    ReadProgress,
    describe_document,
    extract_document,
    read_document,
)

__all__ = [
    "ExtractedDocument",
    "ExtractionLimits",
    "Extractor",
    "ProgressCallback",
    "ReadDocument",
    "ReadProgress",
    "describe_document",
    "detect_metadata",
    "extract_document",
    "read_document",
]
