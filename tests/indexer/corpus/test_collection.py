"""Corpus file changes: placing, trash and restore, repair after a crash (names: test_names)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pdf_factory import make_pdf

from indexer.corpus import Collection, dump_metadata, find_corpus_files
from indexer.errors import Conflict, NotFound


def staged(collection: Collection, text: str) -> tuple[Path, Path]:
    _, pdf = collection.new_stage()
    pdf.write_bytes(make_pdf(text))
    return pdf, collection.stage_metadata(dump_metadata({"title": text}))


def test_placed_files_are_found_and_staging_is_not(tmp_path: Path) -> None:
    collection = Collection(tmp_path / "corpus")
    pdf, meta = staged(collection, "bir")
    assert find_corpus_files(collection.corpus_dir) == []  # staging is hidden
    placed = collection.place("bir", "reports", pdf, meta)
    assert [f.doc_id for f in collection.files()] == ["bir"]
    assert placed.meta_path.read_text() == 'title = "bir"\n'
    assert not pdf.exists() and not meta.exists()
    other_pdf, other_meta = staged(collection, "iki")
    with pytest.raises(Conflict):  # a link never overwrites
        collection.place("bir", "reports", other_pdf, other_meta)
    assert placed.pdf_path.read_bytes() == make_pdf("bir")


def test_trash_and_restore_move_both_files_and_keep_who_and_why(tmp_path: Path) -> None:
    collection = Collection(tmp_path / "corpus")
    placed = collection.place("bir", "laws", *staged(collection, "bir"))
    entry = collection.trash(placed, "ayse (web)", "Bir")
    assert collection.files() == []
    assert entry.pdf_path.is_file() and entry.meta_path.is_file()
    assert (entry.folder, entry.by, entry.reason, entry.title) == (
        "laws",
        "ayse (web)",
        "removed",
        "Bir",
    )
    assert "bir" in collection.stems_in_use()  # a trashed name is not given away
    assert collection.latest_trash_entry("bir") == entry
    restored = collection.restore(entry)
    assert restored.pdf_path == placed.pdf_path
    assert restored.content_hash == placed.content_hash
    assert collection.trashed() == []
    with pytest.raises(NotFound):
        collection.trash_entry(entry.name)


def test_restoring_over_a_document_with_the_same_id_is_refused(tmp_path: Path) -> None:
    collection = Collection(tmp_path / "corpus")
    placed = collection.place("bir", "reports", *staged(collection, "bir"))
    entry = collection.trash(placed, "ayse", "")
    collection.place("bir", "reports", *staged(collection, "yeni bir"))
    with pytest.raises(Conflict):
        collection.restore(entry)


def test_a_swapped_pdf_keeps_the_old_one_in_the_trash(tmp_path: Path) -> None:
    collection = Collection(tmp_path / "corpus")
    placed = collection.place("bir", "reports", *staged(collection, "eski"))
    new_pdf, _ = staged(collection, "yeni")
    entry = collection.swap_pdf(placed, new_pdf, "ayse", "Eski Rapor")
    assert placed.pdf_path.read_bytes() == make_pdf("yeni")
    assert entry.pdf_path.read_bytes() == make_pdf("eski")
    assert entry.reason == "replaced"
    assert [(e.name, e.title) for e in collection.trashed()] == [(entry.name, "Eski Rapor")]


def test_repair_finishes_an_interrupted_removal_and_clears_temporary_files(tmp_path: Path) -> None:
    collection = Collection(tmp_path / "corpus")
    placed = collection.place("bir", "reports", *staged(collection, "bir"))
    # A crash between moving the PDF and moving its metadata file:
    entry = collection.trash(placed, "ayse", "")
    os.replace(entry.meta_path, placed.meta_path)
    (collection.corpus_dir / "reports" / ".tmp-abc.pdf").write_bytes(b"%PDF-half")
    old_upload = collection.incoming_dir / ("0" * 32 + ".pdf")
    old_upload.write_bytes(b"old")
    os.utime(old_upload, (1, 1))
    fresh_upload, _ = staged(collection, "now")
    done = collection.repair()
    assert len(done) == 3
    assert entry.meta_path.is_file() and not placed.meta_path.exists()
    assert not (collection.corpus_dir / "reports" / ".tmp-abc.pdf").exists()
    assert not old_upload.exists() and fresh_upload.exists()


def test_stage_keys_from_forms_never_reach_outside_staging(tmp_path: Path) -> None:
    collection = Collection(tmp_path / "corpus")
    for key in ("../../etc/passwd", "0" * 31, "g" * 32, ""):
        with pytest.raises(NotFound):
            collection.stage_path(key)
    key, path = collection.new_stage()
    path.write_bytes(b"x")
    assert collection.stage_path(key) == path
