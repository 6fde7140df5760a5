"""Jobs on disk after a restart, with a real curator over a small corpus: a queued job runs
again, a job the service died in is retried once, then reported; a failure keeps its key
and parameters so that it is said in each reader's language."""

from __future__ import annotations

from pathlib import Path

from collection_support import small_corpus

from indexer.corpus import Collection
from indexer.errors import PdfProblem, UnreadablePdf
from search_api.curation import AUDIT_FILE, AuditLog, Curator
from search_api.jobs import JobRunner, JobStore
from search_api.jobs.store import Job, JobError
from search_api.settings import Settings
from search_api.web import error_message


def runner_for(root: Path) -> JobRunner:
    settings = Settings(corpus_dir=small_corpus(root), data_dir=root / "data", workers=1)
    store = settings.index_store()
    curator = Curator(Collection(settings.corpus_dir), store, AuditLog(root / AUDIT_FILE))
    return JobRunner(JobStore(settings.data_dir), curator)


def test_after_a_restart_queued_jobs_run_a_running_one_is_retried_once(tmp_path: Path) -> None:
    runner = runner_for(tmp_path)
    jobs = [
        Job(id="a1", action="add", state="queued", filename="a.pdf", stage_key="", actor="x"),
        Job(id="b2", action="add", state="running", filename="b.pdf", stage_key="", actor="x",
            attempts=1),
        Job(id="c3", action="add", state="running", filename="c.pdf", stage_key="", actor="x",
            attempts=2),
        Job(id="d4", action="add", state="done", filename="d.pdf", stage_key="", actor="x"),
    ]  # fmt: skip
    for job in jobs:
        runner.jobs.save(job)
    restarted = runner_for_existing(tmp_path)
    assert [job.id for job in restarted.recover()] == ["a1", "b2"]
    reported = restarted.jobs.get("c3")
    assert reported is not None and reported.state == "failed" and reported.error is not None
    said = error_message(reported.error.as_error(), "en")
    assert said == "The service stopped 2 times during this job; nothing was stored."
    assert restarted.jobs.get("d4").state == "done"  # type: ignore[union-attr]


def runner_for_existing(root: Path) -> JobRunner:
    settings = Settings(corpus_dir=root / "corpus", data_dir=root / "data", workers=1)
    curator = Curator(
        Collection(settings.corpus_dir), settings.index_store(), AuditLog(root / AUDIT_FILE)
    )
    return JobRunner(JobStore(settings.data_dir), curator)


def test_a_jobs_error_is_said_again_in_either_language_from_disk(tmp_path: Path) -> None:
    store = JobStore(tmp_path)
    error = UnreadablePdf("x.pdf", PdfProblem.PAGE_TOO_SLOW, page=3, seconds=5.0)
    job = Job(id="e5", action="add", state="failed", filename="x.pdf", stage_key="", actor="x")
    job.error = JobError.of(error)
    store.save(job)
    again = JobStore(tmp_path).get("e5")
    assert again is not None and again.error is not None
    assert error_message(again.error.as_error(), "en") == (
        "x.pdf: stopped: page 3 took longer than 5 s"
    )
    assert error_message(again.error.as_error(), "tr") == (
        "x.pdf: durduruldu: 3. sayfa 5 saniyeden uzun sürdü"
    )
