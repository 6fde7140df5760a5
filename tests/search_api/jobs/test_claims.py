"""Jobs shared by processes: `kaynak add` and the service use one jobs folder. A job runs in
the one process holding its claim; a service (re)starting meanwhile neither runs it a second
time nor removes its staged file; the claim ends with its process, even under SIGKILL."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from collection_support import small_corpus
from pdf_factory import distinct_word, make_pdf

from indexer.corpus import Collection
from search_api.curation import AUDIT_FILE, AuditLog, Curator
from search_api.jobs import Job, JobRunner, JobStore, LeftoverSweeper
from search_api.settings import Settings

HOLD_CLAIM = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from search_api.jobs import JobStore
    with JobStore(Path(sys.argv[1])).claim(sys.argv[2]) as ours:
        print("held" if ours else "refused", flush=True)
        time.sleep(600)
    """
)


def runner_over(root: Path, corpus: Path) -> JobRunner:
    settings = Settings(corpus_dir=corpus, data_dir=root / "data", workers=1)
    curator = Curator(
        Collection(settings.corpus_dir), settings.index_store(), AuditLog(root / AUDIT_FILE)
    )
    return JobRunner(JobStore(settings.data_dir), curator)


@contextmanager
def claimed_by_another_process(data_dir: Path, job_id: str) -> Iterator[None]:
    """The job's claim held by a real process for the block, which is then SIGKILLed."""
    with subprocess.Popen(
        [sys.executable, "-c", HOLD_CLAIM, str(data_dir), job_id],
        stdout=subprocess.PIPE,
        text=True,
        env={"PYTHONPATH": ":".join(sys.path)},
    ) as holder:
        try:
            assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
            yield
        finally:
            holder.send_signal(signal.SIGKILL)
            holder.wait()


def staged(runner: JobRunner, job_id: str, state: str, attempts: int) -> Job:
    key, path = runner.curator.collection.new_stage()
    path.write_bytes(make_pdf(f"Paylasilan {distinct_word(attempts + 1, job_id)}"))
    job = Job(id=job_id, action="add", state=state, filename="p.pdf",  # type: ignore[arg-type]
              stage_key=key, actor="cli", attempts=attempts, source="cli")  # fmt: skip
    runner.jobs.save(job)
    return job


def test_a_job_another_process_runs_is_left_to_it_until_that_process_dies(tmp_path: Path) -> None:
    corpus = small_corpus(tmp_path)
    cli = runner_over(tmp_path, corpus)
    job = staged(cli, "a1b2", "running", 1)  # `kaynak add` is reading it
    with claimed_by_another_process(tmp_path / "data", job.id):
        service = runner_over(tmp_path, corpus)
        assert service.jobs.claimed_elsewhere(job.id)
        assert service.recover() == []  # neither retried nor reported
        sweeper = LeftoverSweeper(service, preview_seconds=3600)
        sweeper.sweep(grace_seconds=0)  # what a start-up sweep does
        assert service.curator.collection.stage_path(job.stage_key).is_file()
        queued = staged(cli, "c3d4", "queued", 0)
        with claimed_by_another_process(tmp_path / "data", queued.id):
            assert service.run(queued).state == "queued"  # not run here: its claim is taken
    restarted = runner_over(tmp_path, corpus)
    assert not restarted.jobs.claimed_elsewhere(job.id)  # the claim died with its process
    assert [waiting.id for waiting in restarted.recover()] == ["a1b2", "c3d4"]
    assert restarted.run(restarted.jobs.get("a1b2")).state == "done"  # type: ignore[arg-type]


def test_a_job_another_process_finished_is_not_run_again(tmp_path: Path) -> None:
    corpus = small_corpus(tmp_path)
    service = runner_over(tmp_path, corpus)
    job = staged(service, "e5f6", "queued", 0)
    assert [waiting.id for waiting in service.recover()] == ["e5f6"]
    cli = runner_over(tmp_path, corpus)
    finished = cli.run(cli.jobs.get("e5f6"))  # type: ignore[arg-type]
    assert finished.state == "done", finished.error
    seen = service.jobs.get(job.id)  # what the other process wrote is read again
    assert seen is not None and seen.state == "done" and seen.doc_id == finished.doc_id
    assert service.run(job).state == "done"  # the queued copy is not run a second time
    assert [entry.id for entry in service.jobs.all()] == ["e5f6"]
    assert not (tmp_path / "data" / "jobs" / "e5f6.lock").exists()  # finished: no claim left
