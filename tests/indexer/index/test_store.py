"""The one writer path: incremental reconcile, removal, broken files, version rebuilds."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from indexer.analysis import (
    analyze,
    english_stem_analyzer,
    exact_analyzer,
    prefix_analyzer,
    turkish_stem_analyzer,
)
from indexer.index import INDEX_VERSION, IndexStore, unit_fields
from indexer.index.generations import STAMP_NAME, current_generation
from indexer.models import SearchUnit

CORPUS = Path(__file__).resolve().parents[3] / "corpus"
REPORT = CORPUS / "reports" / "reslog-turkey-project-en.pdf"
OTHER = CORPUS / "reports" / "mmu-migration-policy-center-brochure-en.pdf"


@pytest.fixture
def small_corpus(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(REPORT, corpus / REPORT.name)
    shutil.copy(REPORT.with_suffix(".toml"), corpus / REPORT.with_suffix(".toml").name)
    return corpus


def stamp_old_version(data: Path) -> None:
    """Make the served index look built by an older analysis and schema."""
    generation = current_generation(data)
    assert generation is not None and generation.version() == INDEX_VERSION
    (generation.path / STAMP_NAME).write_text("schema-0+analysis-0")


def test_second_run_does_no_work(small_corpus: Path, tmp_path: Path) -> None:
    store = IndexStore(tmp_path / "data", workers=1)
    first = store.reconcile(small_corpus)
    assert (first.added, first.documents) == (1, 1)
    assert first.units >= 1
    second = store.reconcile(small_corpus)
    assert second.work_done == 0
    assert second.unchanged == 1
    assert second.units == first.units


def test_added_changed_and_removed_files_are_each_handled(
    small_corpus: Path, tmp_path: Path
) -> None:
    store = IndexStore(tmp_path / "data", workers=1)
    store.reconcile(small_corpus)
    shutil.copy(OTHER, small_corpus / OTHER.name)
    assert store.reconcile(small_corpus).added == 1
    (small_corpus / REPORT.with_suffix(".toml").name).write_text('title = "Yeni başlık"\n')
    changed = store.reconcile(small_corpus)
    assert changed.changed == 1 and changed.added == 0
    assert store.read_manifest()[REPORT.stem].title == "Yeni başlık"
    (small_corpus / OTHER.name).unlink()
    removed = store.reconcile(small_corpus)
    assert removed.removed == 1
    with store.index.searcher() as searcher:
        assert searcher.document(doc_id=OTHER.stem) is None
        assert searcher.document(doc_id=REPORT.stem) is not None


def test_broken_files_are_skipped_with_reasons(small_corpus: Path, tmp_path: Path) -> None:
    (small_corpus / "empty.pdf").write_bytes(b"")
    (small_corpus / "text.pdf").write_text("this is not a pdf")
    (small_corpus / "cut.pdf").write_bytes(REPORT.read_bytes()[:900])
    summary = IndexStore(tmp_path / "data", workers=2).reconcile(small_corpus)
    reasons = dict(summary.skip_reasons)
    assert reasons["empty.pdf"] == "empty file"
    assert reasons["text.pdf"] == "not a PDF"
    assert "cut.pdf" in reasons
    assert summary.documents == 1
    assert "3 skipped" in summary.line()


def test_changed_analysis_version_rebuilds(small_corpus: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    IndexStore(data, workers=1).reconcile(small_corpus)
    stamp_old_version(data)
    store = IndexStore(data, workers=1)
    assert store.needs_rebuild()
    summary = store.reconcile(small_corpus)
    assert summary.added == 1 and summary.rebuilt
    assert not store.needs_rebuild()


def test_an_articles_own_title_is_kept_apart_from_its_laws_title() -> None:
    article = SearchUnit(
        unit_id="law:6458:62", doc_id="6458", kind="law", lang="tr", page=1, order=62,
        doc_title="Yabancılar ve Uluslararası Koruma Kanunu", text="…",
        article="62", article_key="62", article_title="Şartlı mülteci",
    )  # fmt: skip
    fields = unit_fields(article, "laws/6458.pdf")  # search fields: their analysed terms
    heading = "Şartlı mülteci Yabancılar ve Uluslararası Koruma Kanunu"
    assert fields["heading"] == analyze(exact_analyzer(), heading)
    assert fields["title_tr"] == analyze(turkish_stem_analyzer(), "Şartlı mülteci")
    assert fields["title_prefix"] == analyze(prefix_analyzer(), "Şartlı mülteci")
    assert fields["title_words"] == 2


def test_a_report_page_is_headed_by_its_documents_title() -> None:
    page = SearchUnit(
        unit_id="doc:r:p3", doc_id="r", kind="report", lang="en", page=3, order=3,
        doc_title="The Role of Municipalities in Migration", text="…",
    )  # fmt: skip
    fields = unit_fields(page, "reports/r.pdf")
    title = "The Role of Municipalities in Migration"
    assert fields["heading"] == analyze(exact_analyzer(), title)
    assert fields["title_en"] == analyze(english_stem_analyzer(), title)
    assert fields["title_words"] == 3  # "the", "of" and "in" carry no meaning of their own
    assert "title_tr" not in fields


def test_a_pdf_moved_to_another_folder_keeps_its_units_and_gets_its_new_path(
    small_corpus: Path, tmp_path: Path
) -> None:
    store = IndexStore(tmp_path / "data", workers=1)
    store.reconcile(small_corpus)
    moved = small_corpus / "elsewhere" / REPORT.name
    moved.parent.mkdir()
    (small_corpus / REPORT.name).rename(moved)
    (small_corpus / REPORT.with_suffix(".toml").name).rename(moved.with_suffix(".toml"))
    summary = store.reconcile(small_corpus)
    assert (summary.work_done, summary.unchanged, summary.moved) == (0, 1, 1)
    assert "1 unchanged, 1 moved)" in summary.line()
    assert store.read_manifest()[REPORT.stem].path == str(moved)
    assert store.reconcile(small_corpus).moved == 0
