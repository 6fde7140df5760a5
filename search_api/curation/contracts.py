"""What the curator is given and what it answers: the `Reader` that reads a staged PDF (a
worker process in the service, the caller's own process in tools and tests), the index
writer it stores through (`IndexWriting`), and the outcome of one change (`Change`)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from indexer.corpus import CorpusFile, TrashEntry
from indexer.extraction import ExtractedDocument, Extractor, ProgressCallback, ReadDocument
from indexer.index import ManifestEntry
from indexer.notices import Notice

# (pdf, the client's name for it, password, progress) → its pages; raises `UnreadablePdf`.
Reader = Callable[[Path, str, str | None, ProgressCallback | None], ReadDocument]


def staged_probe(pdf: Path, name: str) -> CorpusFile:
    """A staged PDF as the extraction sees it (no metadata file yet, named as uploaded)."""
    return CorpusFile(Path(name).stem or "upload", pdf, pdf.with_suffix(".none.toml"), "")


class IndexWriting(Protocol):
    def apply(
        self, documents: Iterable[ExtractedDocument], removed: Iterable[str] = ()
    ) -> object: ...


def in_process_reader(extractor: Extractor) -> Reader:
    """Read in the caller's own process and thread (tests of the pure steps, tools)."""

    def read(
        pdf: Path, name: str, password: str | None, progress: ProgressCallback | None
    ) -> ReadDocument:
        return extractor.read(staged_probe(pdf, name), password, progress)

    return read


@dataclass
class Change:
    """The outcome of one change: the document's manifest entry and what to tell the user."""

    action: str
    doc_id: str
    entry: ManifestEntry
    warnings: list[Notice] = field(default_factory=list)
    trash: TrashEntry | None = None
