"""The pipeline, top to bottom: one corpus PDF → document metadata and search units
(`extract_document`), with the metadata detected from its text.
"""

from __future__ import annotations

from indexer.extraction.metadata import detect_metadata
from indexer.extraction.pipeline import ExtractedDocument, ExtractionLimits, extract_document

__all__ = ["ExtractedDocument", "ExtractionLimits", "detect_metadata", "extract_document"]
