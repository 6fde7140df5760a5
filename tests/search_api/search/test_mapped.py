"""Segment files read in place from one shared map: the same reads as Whoosh's copies, and one
map per segment however many searchers read a version (a real index on disk)."""

from __future__ import annotations

import io
import random
from pathlib import Path

import pytest
from whoosh import query as wq
from whoosh.fields import ID, TEXT, Schema
from whoosh.filedb.filestore import FileStorage
from whoosh.index import TOC, FileIndex

from search_api.search.mapped import MapView, SharedSegments

DATA = b"first line\nsecond\n\nlast, without a newline"


@pytest.mark.parametrize(
    "steps",
    [
        [("read", 5), ("tell",), ("read", -1), ("read", 3)],
        [("seek", 6, 0), ("readline",), ("readline",), ("readline",), ("readline",)],
        [("seek", -4, 2), ("read", 10), ("seek", -3, 1), ("tell",), ("read", None)],
        [("readline", 3), ("readline", 100), ("seek", 0, 0), ("read", 0)],
    ],
)
def test_a_map_view_reads_as_bytesio_does(steps: list[tuple]) -> None:  # type: ignore[type-arg]
    mine, theirs = MapView(b"padding" + DATA, start=7), io.BytesIO(DATA)
    for name, *arguments in steps:
        assert getattr(mine, name)(*arguments) == getattr(theirs, name)(*arguments)


@pytest.fixture
def index(tmp_path: Path) -> FileIndex:
    index = FileStorage(str(tmp_path)).create_index(Schema(id=ID(stored=True), body=TEXT()))
    rng = random.Random(3)
    words = ["göç", "belediye", "koruma", "izin", "kanun"]
    for segment in range(3):
        with index.writer() as writer:
            for number in range(300):
                text = " ".join(rng.choice(words) for _ in range(rng.randint(1, 20)))
                writer.add_document(id=f"{segment}-{number}", body=text)
    return index


def test_searchers_of_a_version_share_one_map_per_segment_and_read_as_whoosh(index) -> None:  # type: ignore[no-untyped-def]
    toc = TOC.read(index.storage, index.indexname)
    assert len(toc.segments) == 3
    shared = SharedSegments()
    segments = shared.segments(list(toc.segments))
    readers = [
        FileIndex._reader(index.storage, toc.schema, segments, toc.generation) for _ in range(3)
    ]
    assert len(shared._opened) == 3  # one map per segment, not per reader
    query = wq.And([wq.Term("body", "göç"), wq.Term("body", "kanun")])
    with index.searcher() as own:
        expected = [(hit.docnum, hit.score, hit["id"]) for hit in own.search(query, limit=None)]
    assert expected
    for reader in readers:
        with own.__class__(reader) as searcher:  # closing a reader leaves the map open
            found = [(h.docnum, h.score, h["id"]) for h in searcher.search(query, limit=None)]
            assert found == expected
