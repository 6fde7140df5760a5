"""Bulk posting writing: the same files' content as Whoosh's own writer, posting for posting,
term statistics and block statistics included, with spilled runs and with merged segments."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import W3Codec
from whoosh.formats import Frequency, Positions
from whoosh.writing import SegmentWriter

from indexer.index import unit_fields
from indexer.index.postings import GroupedPostingPool, TermGroups, term_postings_of
from indexer.index.schema import build_schema
from indexer.index.writing import BulkSegmentWriter, TieredMerge, WritingCodec
from indexer.models import SearchUnit

WORDS = (
    "belediye", "göç", "mülteci", "koruma", "kanun", "uyum", "hizmet", "kent", "sınır",
    "başvuru", "geçici", "uluslararası", "refugees", "municipal", "services", "Ankara",
)  # fmt: skip


def unit(n: int) -> SearchUnit:
    english = n % 3 == 0
    words = " ".join(WORDS[(n * k + k * k) % len(WORDS)] for k in range(1, 9 + n % 23))
    return SearchUnit(
        unit_id=f"doc:r{n // 40}:p{n}", doc_id=f"r{n // 40}", kind="report",
        lang="en" if english else "tr", page=n % 40 + 1, order=n, year=1995 + n % 30,
        doc_title=f"Rapor {WORDS[n % 7]} {n // 40}", text=f"{words} {n} {words[: n % 50]}",
    )  # fmt: skip


def fields_of(count: int, start: int = 0) -> list[dict[str, Any]]:
    return [unit_fields(unit(n), "r.pdf") for n in range(start, start + count)]


def write(folder: Path, batches: list[list[dict[str, Any]]], bulk: bool, **options: Any) -> Any:
    folder.mkdir()
    ix = whoosh_index.create_in(str(folder), build_schema())
    for batch in batches:
        if bulk:
            writer: SegmentWriter = BulkSegmentWriter(ix, codec=WritingCodec(), **options)
        else:
            writer = SegmentWriter(ix, codec=W3Codec(), **options)
        writer.mergetype = TieredMerge(factor=2, base=10)
        for fields in batch:
            writer.add_document(**fields)
        writer.commit()
    return whoosh_index.open_dir(str(folder))


def everything(ix: Any) -> dict[object, object]:
    """Stored fields, lengths, each term's statistics and postings, each block's statistics."""
    found: dict[object, object] = {}
    with ix.reader() as top:
        found["segments"] = [r.doc_count() for r, _ in top.leaf_readers()]
        for leaf, offset in top.leaf_readers():
            found[offset] = _segment(leaf)
    return found


def _segment(reader: Any) -> dict[object, object]:
    found: dict[object, object] = {}
    if True:
        for docnum, stored in reader.iter_docs():
            found[docnum] = stored
            for fieldname in reader.indexed_field_names():
                found[docnum, fieldname] = reader.doc_field_length(docnum, fieldname)
        for fieldname, text in reader.all_terms():
            info = reader.term_info(fieldname, text)
            found["info", fieldname, text] = (
                info.weight(), info.doc_frequency(), info.min_length(), info.max_length(),
                info.max_weight(), info.min_id(), info.max_id(),
            )  # fmt: skip
            matcher = reader.postings(fieldname, text)
            postings, blocks = [], []
            while matcher.is_active():
                blocks.append((matcher.block_max_weight(), matcher.block_max_length()))
                postings.append((matcher.id(), matcher.weight(), matcher.value()))
                matcher.next()
            found[fieldname, text] = (postings, blocks)
    return found


def test_one_segment_is_written_as_whoosh_writes_it(tmp_path: Path) -> None:
    batches = [fields_of(300)]
    plain = everything(write(tmp_path / "plain", batches, bulk=False))
    bulk = everything(write(tmp_path / "bulk", batches, bulk=True))
    assert any(len(postings) > 128 for postings, _ in _posting_lists(plain))  # several blocks
    assert bulk == plain


def test_spilled_runs_and_merged_segments_are_written_as_whoosh_writes_them(
    tmp_path: Path,
) -> None:
    # Four commits of 12: the tier policy merges two segments at a time (10–19, 20–39...).
    batches = [fields_of(12, start) for start in range(0, 48, 12)]
    plain = everything(write(tmp_path / "plain", batches, bulk=False, limitmb=1))
    bulk = everything(write(tmp_path / "bulk", batches, bulk=True, limitmb=1))
    assert len(plain["segments"]) < len(batches)  # some merged
    assert bulk == plain


def test_the_pool_spills_when_full_and_gives_each_term_in_document_order(tmp_path: Path) -> None:
    folder = tmp_path / "pool"
    folder.mkdir()
    ix = whoosh_index.create_in(str(folder), build_schema())
    writer = BulkSegmentWriter(ix, codec=WritingCodec(), limitmb=1)
    try:
        pool = writer.pool
        assert isinstance(pool, GroupedPostingPool)
        for docnum in range(50_000):
            pool.add(("body", b"term%d" % (docnum % 7), docnum, 1.0, b"v"))
        assert len(pool.runs) >= 2  # spilled more than once
        postings = pool.iter_postings()
        assert isinstance(postings, TermGroups)
        items = list(postings)
        assert items == sorted(items) and len(items) == 50_000
    finally:
        writer.cancel()


def _posting_lists(found: dict[object, object]) -> list[tuple[list[object], list[object]]]:
    lists = []
    for segment in found.values():
        if isinstance(segment, dict):
            lists += [v for k, v in segment.items() if isinstance(k, tuple) and len(k) == 2]
    return [v for v in lists if isinstance(v, tuple)]


def test_a_term_list_gives_what_whoosh_indexes_of_it_in_every_search_field() -> None:
    terms = ["göç", "belediye", "göç", "sınır", "ılık", "göç", "belediye", "2016", "x"]
    schema = build_schema()
    checked = []
    for fieldname, field in schema.items():
        if field.indexed and type(field.format) in (Positions, Frequency):
            checked.append(fieldname)
            assert sorted(term_postings_of(field.format, terms) or []) == sorted(
                field.index(terms)
            ), fieldname
    assert {"body", "surface", "body_prefix"} <= set(checked)  # positions and frequencies
    assert term_postings_of(schema["unit_id"].format, terms) is None  # Existence: Whoosh's
