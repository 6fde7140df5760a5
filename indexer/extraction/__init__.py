"""The pipeline, top to bottom: one corpus PDF → document metadata and search units
(`Extractor.extract`, over `extract_document`), with the metadata detected from its text.
"""

from __future__ import annotations

from indexer.extraction.extractor import Extractor
from indexer.extraction.metadata import detect_metadata
from indexer.extraction.pipeline import ExtractedDocument, ExtractionLimits, extract_document

__all__ = [
    "ExtractedDocument",
    "ExtractionLimits",
    "Extractor",
    "detect_metadata",
    "extract_document",
]
