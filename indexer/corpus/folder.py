"""The corpus folder: which PDFs it holds, their metadata files, their content hashes.

The corpus folder is the source of truth. A document is a PDF; its `doc_id` is the file
stem; its metadata lives beside it as `<stem>.toml`, a file a librarian can edit by hand.
"""

from __future__ import annotations

import hashlib
import logging
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tomli_w

from indexer.files import file_sha256, write_atomically

logger = logging.getLogger(__name__)

METADATA_SUFFIX = ".toml"
TRASH_DIR_NAME = ".trash"
METADATA_FIELDS = (
    "title",
    "kind",
    "lang",
    "year",
    "date",
    "publisher",
    "law_number",
    "source_url",
    "author",
    "password",
    "added",
)


@dataclass(frozen=True)
class CorpusFile:
    """A PDF in the corpus, with the hash of its bytes and of its metadata file."""

    doc_id: str
    pdf_path: Path
    meta_path: Path
    content_hash: str

    @property
    def source(self) -> str:
        return self.pdf_path.name


def metadata_path_for(pdf_path: Path) -> Path:
    return pdf_path.with_suffix(METADATA_SUFFIX)


def find_corpus_files(corpus_dir: Path) -> list[CorpusFile]:
    """Every PDF below `corpus_dir` (hidden folders and the trash excluded), by doc_id."""
    found = []
    for doc_id, path in corpus_pdf_paths(corpus_dir).items():
        meta_path = metadata_path_for(path)
        found.append(CorpusFile(doc_id, path, meta_path, content_hash(path, meta_path)))
    return found


def corpus_pdf_paths(corpus_dir: Path) -> dict[str, Path]:
    """doc_id → PDF path for `find_corpus_files`, without reading (hashing) any PDF.

    Two PDFs with the same stem would share a doc_id: the first (in path order) wins and the
    other is logged, never silently merged.
    """
    found: dict[str, Path] = {}
    if not corpus_dir.is_dir():
        return found
    for path in sorted(corpus_dir.rglob("*")):
        relative = path.relative_to(corpus_dir)
        if any(part.startswith(".") for part in relative.parts):
            continue
        if not path.is_file() or path.suffix.lower() != ".pdf":
            continue
        doc_id = path.stem
        if doc_id in found:
            logger.warning("%s: same doc_id as %s; ignored", path, found[doc_id])
            continue
        found[doc_id] = path
    return found


def content_hash(pdf_path: Path, meta_path: Path | None = None) -> str:
    """sha256 of the PDF, extended by its metadata file so that edited metadata re-indexes."""
    return content_hash_of(file_sha256(pdf_path), meta_path)


def content_hash_of(pdf_sha256: str, meta_path: Path | None) -> str:
    """`content_hash` for a PDF whose sha256 is already known (the PDF is not read again)."""
    digest = hashlib.sha256()
    digest.update(pdf_sha256.encode())
    if meta_path is not None and meta_path.is_file():
        digest.update(meta_path.read_bytes())
    return digest.hexdigest()


def load_metadata(meta_path: Path) -> dict[str, Any]:
    """The metadata file as a dict; an absent or unreadable file gives {} (logged)."""
    if not meta_path.is_file():
        return {}
    try:
        with meta_path.open("rb") as handle:
            data = tomllib.load(handle)
    except (tomllib.TOMLDecodeError, OSError, UnicodeDecodeError) as error:
        logger.warning("%s: unreadable metadata (%s); using detected values", meta_path, error)
        return {}
    return {key: value for key, value in data.items() if key in METADATA_FIELDS}


def dump_metadata(metadata: Mapping[str, Any]) -> bytes:
    clean = {
        key: metadata[key]
        for key in METADATA_FIELDS
        if key in metadata and metadata[key] not in (None, "")
    }
    return tomli_w.dumps(clean).encode()


def save_metadata(meta_path: Path, metadata: Mapping[str, Any]) -> None:
    write_atomically(meta_path, dump_metadata(metadata))
