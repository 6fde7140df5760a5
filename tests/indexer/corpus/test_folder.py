"""The corpus folder: discovery, doc_ids, hashes, metadata files, atomic writes."""

from __future__ import annotations

from pathlib import Path

from indexer.corpus import find_corpus_files, load_metadata
from indexer.corpus.folder import save_metadata

CORPUS = Path(__file__).resolve().parents[3] / "corpus"


def test_default_corpus_has_five_laws_and_five_reports_with_metadata() -> None:
    files = find_corpus_files(CORPUS)
    assert len(files) == 10
    kinds = sorted(load_metadata(f.meta_path)["kind"] for f in files)
    assert kinds == ["law"] * 5 + ["report"] * 5
    for corpus_file in files:
        metadata = load_metadata(corpus_file.meta_path)
        assert metadata["title"] and metadata["lang"] in {"tr", "en"}


def test_doc_id_is_the_file_stem_and_hidden_folders_are_skipped(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / ".trash").mkdir()
    (tmp_path / "a" / "rapor-2020.pdf").write_bytes(b"%PDF-1.4 x")
    (tmp_path / ".trash" / "old.pdf").write_bytes(b"%PDF-1.4 y")
    assert [f.doc_id for f in find_corpus_files(tmp_path)] == ["rapor-2020"]


def test_metadata_edit_changes_the_content_hash(tmp_path: Path) -> None:
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(b"%PDF-1.4 x")
    before = find_corpus_files(tmp_path)[0].content_hash
    save_metadata(tmp_path / "r.toml", {"title": "Yeni başlık", "year": 2021})
    after = find_corpus_files(tmp_path)[0].content_hash
    assert before != after
    assert load_metadata(tmp_path / "r.toml") == {"title": "Yeni başlık", "year": 2021}
    assert not list(tmp_path.glob(".tmp-*"))


def test_broken_metadata_file_reads_as_empty(tmp_path: Path) -> None:
    (tmp_path / "r.toml").write_text("title = [unclosed")
    assert load_metadata(tmp_path / "r.toml") == {}
