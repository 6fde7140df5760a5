"""The manifest: what the index holds for each document (content hash, metadata, unit count,
problems), so that `reconcile` touches only what was added, changed, moved or removed.

Each index generation has its own manifest beside it (`generations.Generation.manifest_path`):
it vouches for exactly the units of that index, and is written after each commit. On disk it
is one JSON object of entries by `doc_id`; `ManifestEntry.to_json` and `from_json` are the one
encoder and decoder (an entry written before a field existed reads with its default).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from indexer.corpus import CorpusFile, load_metadata
from indexer.errors import UnreadablePdf
from indexer.extraction import ExtractedDocument
from indexer.files import write_atomically
from indexer.notices import Notice, notices_from_json

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ManifestEntry:
    """One document as the index holds it, or why it holds nothing of it (`error`)."""

    doc_id: str
    source: str  # the PDF's file name
    path: str  # where the PDF was when last indexed (the corpus, not this, is the truth)
    content_hash: str
    indexed_at: str
    unit_count: int = 0
    error: str | None = None  # why the PDF could not be indexed (then no metadata below)
    refusal: dict[str, Any] | None = None  # the same, typed (`UnreadablePdf.as_json`)
    title: str | None = None
    kind: str | None = None
    lang: str | None = None
    year: int | None = None
    date: str | None = None
    publisher: str | None = None
    law_number: str | None = None
    source_url: str | None = None
    author: str | None = None
    page_count: int | None = None
    ocr_pages: int = 0
    problems: tuple[Notice, ...] = ()  # pages indexed without (all of) their text
    # header, divisions, amendment list (laws and regulations); a regulation: `based_on`
    law: dict[str, Any] | None = None
    added: str | None = None  # when the document joined the collection

    @property
    def indexed(self) -> bool:
        """Its units are in the index (it was read, not refused)."""
        return self.error is None

    def moved_to(self, path: Path) -> ManifestEntry:
        return replace(self, path=str(path))

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["problems"] = [notice.as_json() for notice in self.problems]
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ManifestEntry:
        known = {name: data[name] for name in FIELD_NAMES if name in data}
        known["problems"] = tuple(notices_from_json(known.get("problems") or []))
        known["unit_count"] = int(known.get("unit_count") or 0)
        known["ocr_pages"] = int(known.get("ocr_pages") or 0)
        return cls(**known)


FIELD_NAMES = tuple(field.name for field in fields(ManifestEntry))
Manifest = dict[str, ManifestEntry]


def read_manifest(path: Path) -> Manifest:
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {doc_id: ManifestEntry.from_json(entry) for doc_id, entry in data.items()}
    except (json.JSONDecodeError, OSError, AttributeError, TypeError, ValueError):
        logger.warning("manifest unreadable: every document will be re-indexed")
        return {}


def write_manifest(path: Path, manifest: Manifest) -> None:
    entries = {doc_id: entry.to_json() for doc_id, entry in manifest.items()}
    data = json.dumps(entries, ensure_ascii=False, indent=1, sort_keys=True)
    write_atomically(path, data.encode("utf-8"))


def manifest_entry(document: ExtractedDocument) -> ManifestEntry:
    meta = document.meta
    return ManifestEntry(
        doc_id=meta.doc_id,
        source=document.corpus_file.source,
        path=str(document.corpus_file.pdf_path),
        content_hash=document.corpus_file.content_hash,
        indexed_at=indexed_now(),
        unit_count=len(document.units),
        title=meta.title,
        kind=meta.kind,
        lang=meta.lang,
        year=meta.year,
        date=meta.date,
        publisher=meta.publisher,
        law_number=meta.address,
        source_url=meta.source_url,
        author=meta.author,
        page_count=document.page_count,
        ocr_pages=document.ocr_pages,
        problems=tuple(document.problems),
        law=document.law,
        added=added_date(document.corpus_file),
    )


def failed_entry(corpus_file: CorpusFile, refusal: UnreadablePdf) -> ManifestEntry:
    """A file that could not be indexed: `error` is the English log text, `refusal` the
    typed reason the web layer translates (`UnreadablePdf.from_json`)."""
    return ManifestEntry(
        doc_id=corpus_file.doc_id,
        source=corpus_file.source,
        path=str(corpus_file.pdf_path),
        content_hash=corpus_file.content_hash,
        indexed_at=indexed_now(),
        error=refusal.reason,
        refusal=refusal.as_json(),
    )


def indexed_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


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
