"""Librarian-typed metadata: checked, typed, cleaned."""

from __future__ import annotations

import pytest

from indexer.errors import BadRequest, InvalidField
from search_api.curation import clean_fields
from search_api.curation.fields import apply_changes


def test_values_are_typed_and_cleaned() -> None:
    assert clean_fields(
        {"title": "  Göç\x00 raporu\n 2023 ", "year": "2023", "kind": "law", "lang": "en",
         "law_number": "6458", "date": "2013-04-04", "source_url": "https://x.org/a"}
    ) == {"title": "Göç raporu 2023", "year": 2023, "kind": "law", "lang": "en",
          "law_number": "6458", "date": "2013-04-04", "source_url": "https://x.org/a"}  # fmt: skip


def test_empty_values_mean_not_given() -> None:
    assert clean_fields({"title": "", "year": "", "publisher": None}) == {
        "title": None,
        "year": None,
        "publisher": None,
    }


@pytest.mark.parametrize(
    "raw",
    [
        {"year": "MMXX"},
        {"year": 1500},
        {"year": True},
        {"kind": "book"},
        {"lang": "de"},
        {"law_number": "64a"},
        {"date": "4 Nisan"},
        {"source_url": "javascript:alert(1)"},
        {"title": "x" * 301},
        {"title": ["a"]},
        {"colour": "red"},
    ],
)
def test_values_that_do_not_fit_are_refused_by_name(raw: dict[str, object]) -> None:
    with pytest.raises(BadRequest) as refused:
        clean_fields(raw)
    name = next(iter(raw))
    if isinstance(refused.value, InvalidField):
        assert refused.value.field == name
    else:  # an unknown field
        assert refused.value.params == {"names": name}


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("01.12.2026", "2026-12-01"),
        ("1.2.2019", "2019-02-01"),
        ("04/04/2013", "2013-04-04"),
        ("2013-04-04", "2013-04-04"),
        ("2013-04", "2013-04"),
        ("2013", "2013"),
    ],
)
def test_dates_are_accepted_the_turkish_way_and_stored_as_iso(typed: str, stored: str) -> None:
    assert clean_fields({"date": typed}) == {"date": stored}


@pytest.mark.parametrize("typed", ["31.02.2026", "2026-13-01", "01.12.1700", "12/2026"])
def test_impossible_dates_are_refused(typed: str) -> None:
    with pytest.raises(InvalidField) as refused:
        clean_fields({"date": typed})
    assert refused.value.field == "date"


def test_changes_apply_over_stored_values_and_none_removes() -> None:
    stored = {"title": "Eski", "year": 2001, "added": "2024-01-01"}
    assert apply_changes(stored, {"title": "Yeni", "year": None}) == {
        "title": "Yeni",
        "added": "2024-01-01",
    }


def test_every_document_kind_is_accepted() -> None:
    for kind in ("law", "regulation", "report"):
        assert clean_fields({"kind": kind}) == {"kind": kind}
