"""The append-only audit log."""

from __future__ import annotations

from pathlib import Path

from search_api.curation import AuditLog


def test_events_are_appended_as_json_lines_and_read_newest_first(tmp_path: Path) -> None:
    log = AuditLog(tmp_path / "audit.log")
    log.record("ayse (web)", "add", "rapor", "Rapor", units=3)
    log.record("ayse (api)", "remove", "rapor", "Rapor", trash="x")
    lines = (tmp_path / "audit.log").read_text().splitlines()
    assert len(lines) == 2 and lines[0].startswith("{")
    events = log.latest()
    assert [(e.action, e.actor) for e in events] == [
        ("remove", "ayse (api)"),
        ("add", "ayse (web)"),
    ]
    assert events[1].details == {"units": 3}
    assert [e.action for e in log.latest(1)] == ["remove"]


def test_a_torn_last_line_is_skipped(tmp_path: Path) -> None:
    log = AuditLog(tmp_path / "audit.log")
    log.record("ayse", "add", "a")
    with (tmp_path / "audit.log").open("a") as handle:
        handle.write('{"at": "2025-01-01", "act')  # a power cut mid-write
    log.record("ayse", "add", "b")
    assert [e.doc_id for e in log.latest()] == ["b", "a"]
