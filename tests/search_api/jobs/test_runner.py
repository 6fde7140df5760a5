"""Jobs on disk after a restart, with a real curator over a small corpus: a queued job runs
again, a job the service died in is retried once, then reported; a failure keeps its key
and parameters so that it is said in each reader's language."""

from __future__ import annotations

from pathlib import Path

from collection_support import small_corpus
from pdf_factory import distinct_word, make_pdf

from indexer.corpus import Collection, dump_metadata
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


def staged_job(runner: JobRunner, pdf: bytes, job_id: str) -> tuple[Job, Path]:
    """A job whose PDF is staged and screened, as the runner leaves it just before placing."""
    key, staged = runner.curator.collection.new_stage()
    staged.write_bytes(pdf)
    job = Job(id=job_id, action="add", state="running", filename="kesik.pdf", stage_key=key,
              actor="x", attempts=1, fields={"title": "Kesik yükleme"})  # fmt: skip
    job.sha256 = runner.curator.screen(staged, job.filename)
    runner.jobs.save(job)
    return job, staged


def test_a_job_the_service_died_in_after_storing_its_file_is_done_not_a_duplicate(
    tmp_path: Path,
) -> None:
    runner = runner_for(tmp_path)
    job, staged = staged_job(runner, make_pdf(f"Kesik {distinct_word(1, 'placed')}"), "f6")
    # The interrupted run had stored and indexed the file; the job was still "running".
    stored = runner.curator.add(staged, job.fields, job.actor, job.filename)
    restarted = runner_for_existing(tmp_path)
    [again] = restarted.recover()
    finished = restarted.run(again)
    assert finished.state == "done", finished.error
    assert finished.doc_id == stored.doc_id
    assert finished.entry is not None and finished.entry.title == "Kesik yükleme"
    assert not staged.exists()
    assert restarted.jobs.get("f6").state == "done"  # type: ignore[union-attr]


def test_a_job_the_service_died_in_after_placing_its_file_indexes_it(tmp_path: Path) -> None:
    runner = runner_for(tmp_path)
    word = distinct_word(2, "placed")
    _, staged = staged_job(runner, make_pdf(f"Kesik {word}"), "g7")
    collection = runner.curator.collection
    meta = collection.stage_metadata(dump_metadata({"title": "Yerinde", "kind": "report"}))
    collection.place("yerinde", "reports", staged, meta)  # placed, never indexed
    restarted = runner_for_existing(tmp_path)
    [again] = restarted.recover()
    finished = restarted.run(again)
    assert finished.state == "done", finished.error
    assert finished.doc_id == "yerinde"
    manifest = restarted.curator.store.read_manifest()
    assert manifest["yerinde"].title == "Yerinde"
    assert manifest["yerinde"].unit_count >= 1


def test_a_retried_job_whose_file_was_never_placed_runs_again(tmp_path: Path) -> None:
    runner = runner_for(tmp_path)
    _, staged = staged_job(runner, make_pdf(f"Kesik {distinct_word(3, 'placed')}"), "h8")
    restarted = runner_for_existing(tmp_path)
    [again] = restarted.recover()
    finished = restarted.run(again)
    assert finished.state == "done", finished.error
    assert finished.entry is not None and finished.entry.title == "Kesik yükleme"
    assert finished.attempts == 2
    assert not staged.exists()
