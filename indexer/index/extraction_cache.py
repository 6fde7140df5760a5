"""What extraction made of each PDF, kept by content hash, so a rebuild never reads a PDF again.

A new analysis or schema version changes how units are indexed, not what a PDF says: the
rebuild takes each document's units and law structure from here. An entry is keyed by the
document's content hash (PDF and metadata file) and by a fingerprint of the extraction code
itself (`indexer/pdf`, `layout`, `laws`, `extraction`, `models.py`), so a change to how PDFs
are read or cut never serves a stale extraction, while a change to `analysis` or the schema
keeps every entry. Entries are gzipped JSON, written atomically; an unreadable one is a miss.
"""

from __future__ import annotations

import dataclasses
import gzip
import hashlib
import json
import logging
from functools import cache
from pathlib import Path
from typing import Any

from indexer.corpus import CorpusFile
from indexer.extraction import ExtractedDocument
from indexer.files import write_atomically
from indexer.laws import ArticleStructure
from indexer.models import DocumentMeta, SearchUnit
from indexer.notices import notices_from_json

logger = logging.getLogger(__name__)

INDEXER_DIR = Path(__file__).resolve().parents[1]
EXTRACTION_SOURCES = ("pdf", "layout", "laws", "extraction", "models.py")


@cache
def extraction_fingerprint() -> str:
    """A hash of the code that turns a PDF into units: it changes when that code changes."""
    digest = hashlib.sha256()
    for name in EXTRACTION_SOURCES:
        root = INDEXER_DIR / name
        paths = [root] if root.is_file() else sorted(root.rglob("*"))
        for path in paths:
            if path.is_file() and path.suffix in (".py", ".toml"):
                digest.update(str(path.relative_to(INDEXER_DIR)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def encode_document(document: ExtractedDocument) -> bytes:
    data = dataclasses.asdict(document)
    del data["corpus_file"]  # where the PDF is now comes from the corpus, never the cache
    data["problems"] = [notice.as_json() for notice in document.problems]
    return gzip.compress(json.dumps(data, ensure_ascii=False).encode(), compresslevel=3)


def decode_document(data: bytes, corpus_file: CorpusFile) -> ExtractedDocument:
    fields: dict[str, Any] = json.loads(gzip.decompress(data))
    return ExtractedDocument(
        corpus_file=corpus_file,
        meta=DocumentMeta(**fields["meta"]),
        page_count=fields["page_count"],
        units=[decode_unit(unit) for unit in fields["units"]],
        law=fields["law"],
        problems=notices_from_json(fields["problems"]),
        ocr_pages=fields["ocr_pages"],
    )


def decode_unit(fields: dict[str, Any]) -> SearchUnit:
    structure = fields.get("structure")
    return SearchUnit(
        **{**fields, "structure": ArticleStructure.from_json(structure) if structure else None}
    )


class ExtractionCache:
    """Extracted documents in `<data_dir>/extraction-cache`, by content hash."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def path_for(self, content_hash: str) -> Path:
        return self.folder / content_hash[:2] / f"{content_hash}.{extraction_fingerprint()}.json.gz"

    def load(self, corpus_file: CorpusFile) -> ExtractedDocument | None:
        path = self.path_for(corpus_file.content_hash)
        try:
            return decode_document(path.read_bytes(), corpus_file)
        except FileNotFoundError:
            return None
        except (OSError, EOFError, ValueError, KeyError, TypeError) as error:
            logger.warning("%s: unreadable extraction cache entry (%s)", path, error)
            return None

    def store(self, document: ExtractedDocument) -> None:
        path = self.path_for(document.corpus_file.content_hash)
        if not path.is_file():
            write_atomically(path, encode_document(document))
