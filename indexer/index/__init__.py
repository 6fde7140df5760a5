"""Index: the Whoosh schema, the one writer path (`IndexStore`) with its manifest and index
generations, the batched reconcile, the extraction cache, and the service's write queue.
"""

from __future__ import annotations

from indexer.index.extraction_cache import ExtractionCache
from indexer.index.lengths import BYTE_LENGTHS, length_bytes
from indexer.index.manifest import Manifest, ManifestEntry, manifest_entry
from indexer.index.progress import (
    INTERRUPTED,
    PROGRESS_FILE,
    IndexingProgress,
    IndexingStatus,
    IndexSummary,
    process_alive,
)
from indexer.index.schema import FACET_FIELDS, INDEX_VERSION, StoredUnit, unit_fields
from indexer.index.store import IndexStore, write_units
from indexer.index.write_queue import IndexQueue

__all__ = [
    "BYTE_LENGTHS",
    "FACET_FIELDS",
    "INDEX_VERSION",
    "INTERRUPTED",
    "PROGRESS_FILE",
    "ExtractionCache",
    "IndexQueue",
    "IndexStore",
    "IndexSummary",
    "IndexingProgress",
    "IndexingStatus",
    "Manifest",
    "ManifestEntry",
    "StoredUnit",
    "length_bytes",
    "manifest_entry",
    "process_alive",
    "unit_fields",
    "write_units",
]
