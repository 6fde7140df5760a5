"""Small in-memory Whoosh indexes for the query and scoring tests (real Whoosh, no files),
and the search service over one (the real schema and analysis, the real `SearchService`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from whoosh.fields import ID, TEXT, Schema
from whoosh.filedb.filestore import RamStorage
from whoosh.index import Index

from indexer.index.schema import build_schema
from indexer.index.store import unit_fields
from indexer.models import SearchUnit


def body_index(documents: Mapping[str, str]) -> Index:
    """One document per (id, body text), in one segment, with Whoosh's default analysis."""
    index = RamStorage().create_index(Schema(id=ID(stored=True), body=TEXT()))
    with index.writer() as writer:
        for name, text in documents.items():
            writer.add_document(id=name, body=text)
    return index


class MemoryStore:
    """The part of `IndexStore` the search service uses: the index."""

    def __init__(self, index: Index) -> None:
        self.index = index


def law_unit(number: str, article: str, title: str, text: str) -> SearchUnit:
    """Article `article` (in order `number`) of a Turkish test law, 9999."""
    key = article.lower()
    return SearchUnit(
        unit_id=f"law:9999:{key}",
        doc_id="9999-deneme-kanunu",
        kind="law",
        lang="tr",
        doc_title="Deneme Kanunu",
        text=text,
        page=1,
        law_number="9999",
        article=article,
        article_key=key,
        article_title=title,
        order=int(number),
    )


def unit_store(units: Sequence[SearchUnit]) -> MemoryStore:
    """An in-memory index of `units` with the real schema, in one segment."""
    index = RamStorage().create_index(build_schema())
    with index.writer() as writer:
        for unit in units:
            writer.add_document(**unit_fields(unit, "deneme.pdf"))
    return MemoryStore(index)
