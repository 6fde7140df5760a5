"""The stored unit: what the writer stores is what readers get back, through a real index."""

from __future__ import annotations

from pathlib import Path

from indexer.index import IndexStore, StoredUnit
from indexer.laws import ArticleStructure, Paragraph
from indexer.models import SearchUnit

ARTICLE = SearchUnit(
    unit_id="law:6458:91", doc_id="6458", kind="law", lang="tr", page=40, page_end=41,
    order=91, year=2013, doc_title="Yabancılar ve Uluslararası Koruma Kanunu",
    text="(1) Geçici koruma sağlanabilir.", law_number="6458", article="91",
    article_key="91", article_title="Geçici koruma", part="ÜÇÜNCÜ KISIM", chapter="BEŞİNCİ BÖLÜM",
    notes=["¹ Değişik: 2016"], repealed=False,
    structure=ArticleStructure(paragraphs=(Paragraph("1", "Geçici koruma"),), note_numbers=("1",)),
)  # fmt: skip
PAGE = SearchUnit(
    unit_id="doc:rapor:p3", doc_id="rapor", kind="report", lang="en", page=3, order=3,
    doc_title="City Profile", text="Municipal services", ocr=True,
)  # fmt: skip


def stored_back(tmp_path: Path, unit: SearchUnit, source: str) -> StoredUnit:
    store = IndexStore(tmp_path / "data", workers=1)
    store.add_units([unit], source)
    with store.index.searcher() as searcher:
        stored = searcher.document(unit_id=unit.unit_id)
    assert stored is not None
    return StoredUnit.from_stored_fields(stored)


def test_an_article_reads_back_as_it_was_written(tmp_path: Path) -> None:
    unit = stored_back(tmp_path, ARTICLE, "6458.pdf")
    assert unit == StoredUnit.of(ARTICLE, "6458.pdf")
    assert (unit.law_number, unit.article_key, unit.year) == ("6458", "91", 2013)
    assert (unit.page, unit.page_end, unit.order) == (40, 41, 91)
    assert (unit.part, unit.chapter, unit.notes) == (
        "ÜÇÜNCÜ KISIM",
        "BEŞİNCİ BÖLÜM",
        ["¹ Değişik: 2016"],
    )
    assert unit.structure == ARTICLE.structure


def test_a_report_page_reads_back_without_article_fields(tmp_path: Path) -> None:
    unit = stored_back(tmp_path, PAGE, "rapor.pdf")
    assert unit == StoredUnit.of(PAGE, "rapor.pdf")
    assert (unit.law_number, unit.article, unit.article_key, unit.year) == (None, None, None, None)
    assert unit.page_end == 3  # a one-page unit ends where it starts
    assert unit.ocr and unit.structure == ArticleStructure() and unit.notes == []


def test_a_damaged_payload_reads_as_no_notes_and_no_structure() -> None:
    unit = StoredUnit.from_stored_fields({"unit_id": "u", "doc_id": "d", "payload": "{oops"})
    assert (unit.notes, unit.structure, unit.part) == ([], ArticleStructure(), None)
    assert (unit.kind, unit.lang, unit.page, unit.page_end) == ("report", "tr", 1, 1)
