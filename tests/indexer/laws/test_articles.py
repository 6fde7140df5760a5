"""Article identity: every way an article is written comes from one `ArticleRef`."""

from __future__ import annotations

import pytest

from indexer.laws import ArticleRef, paragraph_anchor, parse_article_segment


@pytest.mark.parametrize(
    ("article", "key", "short_label", "label", "segment"),
    [
        (ArticleRef("madde", "91"), "91", "91", "Madde 91", "91"),
        (ArticleRef("madde", "57/a"), "57/a", "57/A", "Madde 57/A", "57-a"),
        (ArticleRef("madde", "29-30"), "29-30", "29-30", "Madde 29-30", "29-30"),
        (ArticleRef("gecici", "1"), "g1", "Geçici 1", "Geçici Madde 1", "gecici-1"),
        (ArticleRef("ek", "2"), "ek2", "Ek 2", "Ek Madde 2", "ek-2"),
    ],
)
def test_every_written_form(
    article: ArticleRef, key: str, short_label: str, label: str, segment: str
) -> None:
    assert (article.key, article.short_label, article.label, article.segment) == (
        key,
        short_label,
        label,
        segment,
    )
    assert ArticleRef.from_key(key) == article
    assert parse_article_segment(segment) == article
    assert article.unit_id("6458") == f"law:6458:{key}"


def test_citation_text_at_article_paragraph_and_item_level() -> None:
    article = ArticleRef("madde", "91")
    assert article.citation("6458") == "6458 sayılı Kanun m. 91"
    assert article.citation("6458", "2") == "6458 sayılı Kanun m. 91/2"
    assert article.citation("6458", "2", "a") == "6458 sayılı Kanun m. 91/2-a"
    assert ArticleRef("gecici", "1").citation("6458") == "6458 sayılı Kanun geçici m. 1"
    assert ArticleRef("ek", "2").citation("5393", "1") == "5393 sayılı Kanun ek m. 2/1"


def test_a_combined_article_covers_both_its_numbers() -> None:
    combined = ArticleRef("madde", "29-30")
    assert combined.numbers == ("29", "30")
    assert combined.covers(ArticleRef("madde", "29"))
    assert combined.covers(ArticleRef("madde", "30"))
    assert not combined.covers(ArticleRef("madde", "31"))
    assert not combined.covers(ArticleRef("gecici", "29"))


def test_paragraph_anchors() -> None:
    assert paragraph_anchor("2") == "f2"
    assert paragraph_anchor("2", "a") == "f2-a"
    assert paragraph_anchor(None) == ""


@pytest.mark.parametrize("key", ["", "x1", "g", "91/", "57/ab"])
def test_not_a_key(key: str) -> None:
    assert ArticleRef.from_key(key) is None
