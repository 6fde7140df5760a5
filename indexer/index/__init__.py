"""Index: the Whoosh schema, the one writer path (`IndexStore`) with its manifest, and the
service's single write queue.
"""

from __future__ import annotations

from indexer.index.schema import FACET_FIELDS
from indexer.index.store import IndexStore, IndexSummary, manifest_entry
from indexer.index.write_queue import IndexQueue

__all__ = [
    "FACET_FIELDS",
    "IndexQueue",
    "IndexStore",
    "IndexSummary",
    "manifest_entry",
]
