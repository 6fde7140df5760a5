"""Jobs on disk: a finished job's manifest entry and warnings come back typed after a
restart."""

from __future__ import annotations

import json
from pathlib import Path

from indexer.index import ManifestEntry
from indexer.notices import DocumentWarning, Notice, PageIssue, PageProblem
from search_api.jobs import Job, JobStore


def test_a_done_jobs_manifest_entry_survives_a_restart(tmp_path: Path) -> None:
    entry = ManifestEntry(
        doc_id="rapor", source="rapor.pdf", path="/corpus/rapor.pdf", content_hash="abc",
        indexed_at="2026-12-01T09:00:00+00:00", unit_count=3, title="Göç Raporu",
        kind="report", lang="tr", problems=(Notice.page(2, PageIssue(PageProblem.NO_TEXT)),),
    )  # fmt: skip
    job = Job(id="d1", action="add", state="done", filename="rapor.pdf", stage_key="", actor="a")
    job.entry = entry
    job.warnings = [Notice(DocumentWarning.OCR_PAGES, {"count": 2}), *entry.problems]
    JobStore(tmp_path).save(job)
    on_disk = json.loads((tmp_path / "jobs" / "d1.json").read_text(encoding="utf-8"))
    assert on_disk["entry"]["title"] == "Göç Raporu"
    again = JobStore(tmp_path).get("d1")
    assert again is not None and again.entry == entry
    assert again.warnings == job.warnings  # typed again: said in each reader's language


def test_a_job_without_an_entry_reads_back_without_one(tmp_path: Path) -> None:
    job = Job(id="q1", action="add", state="queued", filename="a.pdf", stage_key="s", actor="a")
    JobStore(tmp_path).save(job)
    again = JobStore(tmp_path).get("q1")
    assert again is not None and again.entry is None and again.state == "queued"


def test_a_snapshot_keeps_one_state_of_a_job_while_the_runner_changes_the_live_one(
    tmp_path: Path,
) -> None:
    # The jobs page listed a job as running and then rendered it as proposed (the runner
    # changed it meanwhile), looking up a proposal it had not prepared: a 500.
    store = JobStore(tmp_path)
    store.save(
        Job(id="r1", action="add", state="running", filename="a.pdf", stage_key="", actor="a")
    )
    [listed], single = store.snapshots(), store.snapshot("r1")
    live = store.get("r1")
    assert live is not None and single is not None
    live.state = "proposed"
    live.proposal = {"title": "Göç Raporu"}
    live.progress.stage = "proposed"
    for copied in (listed, single):
        assert (copied.state, copied.proposal, copied.progress.stage) == ("running", None, "queued")
    assert store.snapshot("r1") is not live and store.get("r1") is live
    assert store.snapshot("missing") is None
