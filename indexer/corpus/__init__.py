"""The corpus folder, the source of truth: which PDFs and metadata files it holds, and every
change to it (place, rewrite, swap, trash, restore), crash-safe.
"""

from __future__ import annotations

from indexer.corpus.collection import Collection, TrashEntry
from indexer.corpus.folder import (
    METADATA_FIELDS,
    CorpusFile,
    content_hash,
    content_hash_of,
    corpus_pdf_paths,
    dump_metadata,
    find_corpus_files,
    load_metadata,
)
from indexer.corpus.names import display_name, kind_folder, slugify, unique_stem

__all__ = [
    "METADATA_FIELDS",
    "Collection",
    "CorpusFile",
    "TrashEntry",
    "content_hash",
    "content_hash_of",
    "corpus_pdf_paths",
    "display_name",
    "dump_metadata",
    "find_corpus_files",
    "kind_folder",
    "load_metadata",
    "slugify",
    "unique_stem",
]
