"""The manifest: what the index holds for each document (content hash, metadata, unit count,
problems), so that `reconcile` touches only what was added, changed, moved or removed.

Each index generation has its own manifest beside it (`generations.Generation.manifest_path`):
it vouches for exactly the units of that index, and is written after each commit.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from indexer.corpus import CorpusFile, load_metadata
from indexer.extraction import ExtractedDocument
from indexer.files import write_atomically

logger = logging.getLogger(__name__)

Manifest = dict[str, dict[str, Any]]


def read_manifest(path: Path) -> Manifest:
    if not path.is_file():
        return {}
    try:
        return dict(json.loads(path.read_text(encoding="utf-8")))
    except (json.JSONDecodeError, OSError):
        logger.warning("manifest unreadable: every document will be re-indexed")
        return {}


def write_manifest(path: Path, manifest: Manifest) -> None:
    data = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True)
    write_atomically(path, data.encode("utf-8"))


def manifest_entry(document: ExtractedDocument) -> dict[str, Any]:
    meta = document.meta
    return {
        "doc_id": meta.doc_id,
        "source": document.corpus_file.source,
        "path": str(document.corpus_file.pdf_path),
        "content_hash": document.corpus_file.content_hash,
        "title": meta.title,
        "kind": meta.kind,
        "lang": meta.lang,
        "year": meta.year,
        "date": meta.date,
        "publisher": meta.publisher,
        "law_number": (meta.law_number or meta.doc_id) if meta.kind == "law" else None,
        "source_url": meta.source_url,
        "author": meta.author,
        "page_count": document.page_count,
        "unit_count": len(document.units),
        "ocr_pages": document.ocr_pages,
        "problems": document.problems,
        "law": document.law,
        "added": added_date(document.corpus_file),
        "indexed_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }


def added_date(corpus_file: CorpusFile) -> str | None:
    """When the document joined the collection: its metadata's `added`, else the PDF's mtime."""
    added = load_metadata(corpus_file.meta_path).get("added")
    if added:
        return str(added)
    try:
        mtime = corpus_file.pdf_path.stat().st_mtime
    except OSError:
        return None
    return datetime.fromtimestamp(mtime, UTC).isoformat(timespec="seconds")


def failed_entry(corpus_file: CorpusFile, reason: str) -> dict[str, Any]:
    return {
        "doc_id": corpus_file.doc_id,
        "source": corpus_file.source,
        "path": str(corpus_file.pdf_path),
        "content_hash": corpus_file.content_hash,
        "error": reason,
        "unit_count": 0,
        "indexed_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
