"""Small in-memory Whoosh indexes for the query and scoring tests (real Whoosh, no files)."""

from __future__ import annotations

from collections.abc import Mapping

from whoosh.fields import ID, TEXT, Schema
from whoosh.filedb.filestore import RamStorage
from whoosh.index import Index


def body_index(documents: Mapping[str, str]) -> Index:
    """One document per (id, body text), in one segment, with Whoosh's default analysis."""
    index = RamStorage().create_index(Schema(id=ID(stored=True), body=TEXT()))
    with index.writer() as writer:
        for name, text in documents.items():
            writer.add_document(id=name, body=text)
    return index
