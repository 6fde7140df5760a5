"""`ArticleStructure`: the one stored form of an article's structure, encoded and decoded."""

from __future__ import annotations

import json

from indexer.laws import Amendment, ArticleStructure, Item, Paragraph

NOTE = Amendment("Değişik", "12/11/2012", "6360", "7", "Değişik: 12/11/2012-6360/7 md.", None)
STRUCTURE = ArticleStructure(
    paragraphs=(
        Paragraph("1", "Birinci fıkra.", own="Birinci fıkra."),
        Paragraph(
            "2",
            "Şunlar: a) bir 1. alt",
            items=[
                Item("a", "bir 1. alt", [NOTE], [Item("1", "alt", own="alt")], own="bir"),
            ],
            amendments=[NOTE],
            own="Şunlar:",
        ),
    ),
    amendments=(NOTE,),
    book="BİRİNCİ KİTAP — Genel Hükümler",
    kind="gecici",
    note_numbers=("3", "10"),
    page_breaks=((40, 12),),
)


def test_a_structure_survives_its_trip_through_json() -> None:
    stored = json.loads(json.dumps(STRUCTURE.to_json(), ensure_ascii=False))
    assert ArticleStructure.from_json(stored) == STRUCTURE


def test_an_article_without_a_structure_reads_as_empty() -> None:
    assert ArticleStructure.from_json(None) == ArticleStructure()
    assert ArticleStructure.from_json({}) == ArticleStructure()


def test_a_structure_written_before_a_field_existed_reads_with_its_default() -> None:
    older = STRUCTURE.to_json()
    del older["note_numbers"], older["kind"]
    read = ArticleStructure.from_json(older)
    assert (read.note_numbers, read.kind) == ((), "madde")
    assert read.paragraphs == STRUCTURE.paragraphs


def test_the_page_of_a_passage_comes_from_the_page_breaks() -> None:
    structure = ArticleStructure(page_breaks=((100, 19), (250, 20)))
    assert [structure.page_at(offset, 18) for offset in (0, 99, 100, 249, 250, 900)] == [
        18, 18, 19, 19, 20, 20,
    ]  # fmt: skip
    assert ArticleStructure().page_at(500, 7) == 7
    again = ArticleStructure.from_json(json.loads(json.dumps(structure.to_json())))
    assert again.page_breaks == structure.page_breaks
