"""The manifest's one encoder and decoder: entries written by older code still read, a
document's entry and a failed file's entry survive the round trip through the file."""

from __future__ import annotations

import json
from pathlib import Path

from indexer.errors import PdfProblem, UnreadablePdf
from indexer.index import ManifestEntry
from indexer.index.manifest import read_manifest, write_manifest
from indexer.notices import Notice, PageIssue, PageProblem

LAW = ManifestEntry(
    doc_id="6458", source="6458.pdf", path="/corpus/laws/6458.pdf", content_hash="abc",
    indexed_at="2026-12-01T09:00:00+00:00", unit_count=140, title="Yabancılar Kanunu",
    kind="law", lang="tr", year=2013, law_number="6458", page_count=40, ocr_pages=2,
    problems=(Notice.page(3, PageIssue(PageProblem.LAYOUT_FAILED, "ValueError: nan")),),
    law={"header": {"number": "6458"}, "divisions": []},
    added="2024-01-02",
)  # fmt: skip
FAILED = ManifestEntry(
    doc_id="bozuk", source="bozuk.pdf", path="/corpus/bozuk.pdf", content_hash="def",
    indexed_at="2026-12-01T09:00:01+00:00", error="not a PDF",
    refusal=UnreadablePdf("bozuk.pdf", PdfProblem.NOT_PDF).as_json(),
)  # fmt: skip


def test_entries_round_trip_through_the_file(tmp_path: Path) -> None:
    path = tmp_path / "manifest.json"
    write_manifest(path, {"6458": LAW, "bozuk": FAILED})
    assert read_manifest(path) == {"6458": LAW, "bozuk": FAILED}
    on_disk = json.loads(path.read_text(encoding="utf-8"))
    assert on_disk["6458"]["problems"] == [  # plain JSON, typed: said in either language
        {"warning": "PAGE", "page": 3, "problem": "LAYOUT_FAILED", "detail": "ValueError: nan"}
    ]
    assert on_disk["bozuk"]["error"] == "not a PDF"
    assert on_disk["bozuk"]["refusal"]["problem"] == "NOT_PDF"
    assert LAW.indexed and not FAILED.indexed


def test_an_entry_written_before_the_dataclass_reads_with_its_defaults(tmp_path: Path) -> None:
    """The dict format older code wrote: a failed file's entry had only these keys, and a
    key this code does not know (from a newer one) is ignored, not an error."""
    path = tmp_path / "manifest.json"
    old = {
        "bozuk": {"doc_id": "bozuk", "source": "bozuk.pdf", "path": "/c/bozuk.pdf",
                  "content_hash": "def", "error": "not a PDF", "unit_count": 0,
                  "indexed_at": "2026-11-30T10:00:00+00:00"},
        "rapor": {"doc_id": "rapor", "source": "rapor.pdf", "path": "/c/rapor.pdf",
                  "content_hash": "ghi", "indexed_at": "2026-11-30T10:00:00+00:00",
                  "title": "Rapor", "kind": "report", "lang": "tr", "unit_count": 3,
                  "problems": None, "from_a_newer_version": True},
        "eski": {"doc_id": "eski", "source": "eski.pdf", "path": "/c/eski.pdf",
                 "content_hash": "jkl", "indexed_at": "2026-11-30T10:00:00+00:00",
                 "problems": ["page 2: no readable text", "page 5: layout failed (E1); no text"]},
    }  # fmt: skip
    path.write_text(json.dumps(old), encoding="utf-8")
    manifest = read_manifest(path)
    assert manifest["bozuk"].error == "not a PDF" and manifest["bozuk"].title is None
    assert (manifest["rapor"].title, manifest["rapor"].unit_count) == ("Rapor", 3)
    assert manifest["rapor"].problems == () and manifest["rapor"].ocr_pages == 0
    # the English texts older code wrote are read back into their typed form
    assert manifest["eski"].problems == (
        Notice.page(2, PageIssue(PageProblem.NO_TEXT)),
        Notice.page(5, PageIssue(PageProblem.LAYOUT_FAILED, "E1")),
    )


def test_an_unreadable_manifest_reads_as_empty(tmp_path: Path) -> None:
    """Every document is then indexed again: never a crash at start-up."""
    path = tmp_path / "manifest.json"
    for text in ("{not json", '["a list"]', '{"x": {"doc_id": "x"}}'):
        path.write_text(text, encoding="utf-8")
        assert read_manifest(path) == {}
    assert read_manifest(tmp_path / "missing.json") == {}


def test_a_moved_entry_keeps_everything_but_its_path() -> None:
    moved = LAW.moved_to(Path("/corpus/elsewhere/6458.pdf"))
    assert moved.path == "/corpus/elsewhere/6458.pdf"
    assert moved == ManifestEntry.from_json({**LAW.to_json(), "path": moved.path})
