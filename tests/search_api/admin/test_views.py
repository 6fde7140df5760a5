"""The admin table's rows, filters and sorting, and the metadata form's values (pure)."""

from __future__ import annotations

from typing import Any

from indexer.index import ManifestEntry
from indexer.notices import Notice, PageIssue, PageProblem
from search_api.admin.views import (
    AdminRow,
    admin_rows,
    filter_rows,
    form_changes,
    form_values,
    notice_key,
    sort_rows,
)

NO_TEXT_ON_2 = Notice.page(2, PageIssue(PageProblem.NO_TEXT))


def entry(doc_id: str, **fields: Any) -> ManifestEntry:
    return ManifestEntry(
        doc_id=doc_id, source=f"{doc_id}.pdf", path=f"corpus/{doc_id}.pdf", content_hash="h",
        indexed_at="2025-06-01T10:00:00+00:00", **fields,
    )  # fmt: skip


MANIFEST = {
    "yukk": entry("yukk", title="Yabancılar Kanunu", kind="law", lang="tr", unit_count=140,
                  page_count=40, ocr_pages=0, added="2024-01-02"),
    "scan": entry("scan", title="Taranmış Rapor", kind="report", lang="tr", unit_count=3,
                  page_count=3, ocr_pages=3, added="2024-03-01", problems=(NO_TEXT_ON_2,)),
    # A file that could not be read: dated when it was tried.
    "broken": ManifestEntry(doc_id="broken", source="broken.pdf", path="corpus/broken.pdf",
                            content_hash="h", indexed_at="2023-01-01T08:00:00+00:00",
                            error="not a PDF"),
    "english": entry("english", title="City Profile", kind="report", lang="en", unit_count=9,
                     page_count=9, ocr_pages=1, added="2023-05-05"),
}  # fmt: skip


def ids(rows: list[AdminRow]) -> list[str]:
    return [row.doc_id for row in rows]


def test_rows_know_ocr_and_problems() -> None:
    rows = {row.doc_id: row for row in admin_rows(MANIFEST)}
    assert rows["scan"].ocr_only and rows["scan"].has_problems
    assert rows["english"].ocr and not rows["english"].ocr_only
    assert rows["broken"].has_problems and rows["broken"].title == "broken"
    assert not rows["yukk"].ocr and not rows["yukk"].has_problems


def test_filters() -> None:
    rows = admin_rows(MANIFEST)
    assert ids(filter_rows(rows, {"kind": "law"})) == ["yukk"]
    assert ids(filter_rows(rows, {"lang": "en"})) == ["english"]
    assert ids(filter_rows(rows, {"ocr": "yes"})) == ["scan", "english"]
    assert ids(filter_rows(rows, {"ocr": "no"})) == ["yukk", "broken"]
    assert ids(filter_rows(rows, {"problems": "yes"})) == ["scan", "broken"]
    assert ids(filter_rows(rows, {"q": "rapor TARAN"})) == ["scan"]
    assert ids(filter_rows(rows, {"q": "yuk"})) == ["yukk"]  # the id too


def test_sorting() -> None:
    rows = admin_rows(MANIFEST)
    assert ids(sort_rows(rows, "units", True)) == ["yukk", "english", "scan", "broken"]
    assert ids(sort_rows(rows, "added", False)) == ["broken", "english", "yukk", "scan"]
    assert ids(sort_rows(rows, "title", False)) == ["broken", "english", "scan", "yukk"]
    assert ids(sort_rows(rows, "nonsense", False)) == ids(sort_rows(rows, "title", False))


def test_form_values_prefer_the_metadata_file() -> None:
    values = form_values({"title": "Dosyadaki"}, entry("x", title="Dizindeki", year=2020))
    assert values["title"] == "Dosyadaki" and values["year"] == "2020"
    assert "password" not in values


def test_the_password_changes_only_when_typed_or_cleared() -> None:
    form = {"title": "T", "password": ""}
    assert "password" not in form_changes(form, {"password": "eski"})
    assert form_changes({**form, "password": "yeni"}, {})["password"] == "yeni"
    cleared = form_changes({**form, "clear_password": "1"}, {"password": "eski"})
    assert cleared["password"] is None


def test_only_known_notices_are_shown() -> None:
    assert notice_key("saved") == "saved"
    assert notice_key("<script>") is None
