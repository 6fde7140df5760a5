"""A segment's length bytes read whole equal Whoosh's, unit by unit."""

from __future__ import annotations

from pathlib import Path

from whoosh.fields import ID, TEXT, Schema
from whoosh.filedb.filestore import FileStorage

from indexer.index import BYTE_LENGTHS, length_bytes


def test_length_bytes_are_whooshs_and_none_without_the_field(tmp_path: Path) -> None:
    schema = Schema(id=ID(stored=True), body=TEXT(), empty=TEXT())
    index = FileStorage(str(tmp_path)).create_index(schema)
    with index.writer() as writer:
        for number in range(40):
            words = number * 37 if number % 3 else 0  # every third unit has no body
            body = {"body": "söz " * words} if words else {}
            writer.add_document(id=str(number), **body)
        writer.add_document(id="last")  # the last unit has no body: past the stored bytes
    with index.searcher() as searcher:
        reader = searcher.reader()
        perdoc = reader._perdoc
        raw = length_bytes(perdoc, "body", reader.doc_count_all())
        assert raw is not None
        theirs = [reader.doc_field_length(d, "body", 0) or 0 for d in range(41)]
        assert BYTE_LENGTHS[raw].tolist() == theirs
        assert raw[-1] == 0 and raw[1] > 0
        assert length_bytes(perdoc, "empty", reader.doc_count_all()) is None
