"""Upload jobs against the real service in its own process: a pathological PDF is stopped by
its limits without touching the service, and a job the service dies in is finished after the
restart (or, interrupted twice, reported), never lost and never half-stored.

The pathological PDF is made here: one page whose 30 KB content stream inflates to 20 MB of
`0 0 m` operators (the issue's example kept a core busy and grew the service by 1.1 GB).
"""

from __future__ import annotations

import signal
import time
import zlib
from pathlib import Path

import httpx
import pytest
from collection_support import (
    ServerProcess,
    add_librarian,
    bearer,
    corpus_pdfs,
    follow_job,
    small_corpus,
    wait_for_job,
)
from conftest import free_port
from pdf_factory import distinct_word, make_pdf

from search_api.jobs.worker import resident_mb

SECONDS_PER_PAGE = 2


def inflating_pdf(megabytes: int = 20) -> bytes:
    """One page whose Flate content stream inflates to `megabytes` of `0 0 m` operators."""
    stream = zlib.compress(b"0 0 m\n" * (megabytes * 1024 * 1024 // 6), 9)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    output = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(output))
        output += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(output)
    output += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        output += b"%010d 00000 n \n" % offset
    output += b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(objects) + 1)
    output += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(output)


def long_pdf(word: str, pages: int = 60) -> bytes:
    """A PDF that takes some seconds to read (real words, different on every page)."""
    words = [
        "belediye",
        "hizmet",
        "uyum",
        "rapor",
        "kent",
        "calisma",
        "egitim",
        "saglik",
        "konut",
        "ulasim",
        "cevre",
    ]
    texts = [
        "\n".join(" ".join(words[(n * 5 + line + k) % len(words)] for k in range(9))
        for line in range(20))
        for n in range(pages)
    ]  # fmt: skip
    texts[pages // 2] += f"\nAranan {word}"
    return make_pdf(texts, title=f"Uzun Rapor {word}")


def service_files(corpus: Path) -> set[Path]:
    """Everything in the corpus but the trash: documents, metadata, staging."""
    return {path for path in corpus.rglob("*") if path.is_file() and ".trash" not in path.parts}


def start(tmp_path: Path, **settings: str) -> tuple[ServerProcess, Path, str]:
    corpus = tmp_path / "corpus"
    if not corpus.exists():
        small_corpus(tmp_path)
    token = add_librarian(tmp_path / "data")
    log = tmp_path / "server.log"
    process = ServerProcess(corpus, tmp_path / "data", free_port(), log, **settings)
    return process.start(), corpus, token


def pid_of(process: ServerProcess) -> int:
    assert process.process is not None
    return process.process.pid


@pytest.mark.slow
def test_a_page_slower_than_the_limit_stops_its_job_not_the_service(tmp_path: Path) -> None:
    process, corpus, token = start(tmp_path, KAYNAK_SECONDS_PER_PAGE=str(SECONDS_PER_PAGE))
    try:
        with httpx.Client(base_url=process.url, timeout=60, headers=bearer(token)) as client:
            before_files = service_files(corpus)
            before_mb = resident_mb(pid_of(process))
            started = time.monotonic()
            answer = client.post("/api/documents", files={"file": ("sonsuz.pdf", inflating_pdf())})
            assert time.monotonic() - started < 1.0
            job = wait_for_job(client, answer.json()["job"]["url"] + "?ui=en")
            took = time.monotonic() - started
            assert job["state"] == "failed", job
            assert job["error"]["code"] == "unreadable_pdf"
            message = f"sonsuz.pdf: stopped: page 1 took longer than {SECONDS_PER_PAGE} s"
            assert job["error"]["message"] == message
            turkish = client.get(answer.json()["job"]["url"]).json()["error"]["message"]
            said = f"durduruldu: 1. sayfa {SECONDS_PER_PAGE} saniyeden uzun sürdü"
            assert turkish == f"sonsuz.pdf: {said}"
            # The limit, plus a worker process's start (imports): generous on a loaded machine.
            assert took < SECONDS_PER_PAGE + 10, took
            assert resident_mb(pid_of(process)) - before_mb < 60  # the service did not grow
            assert service_files(corpus) == before_files  # nothing stored, nothing staged

            word = distinct_word(1, "serbest")
            normal = client.post(
                "/api/documents", files={"file": ("rapor.pdf", make_pdf(f"Rapor {word}"))}
            )
            done = follow_job(client, normal, timeout=30)  # the worker is free again
            assert done["state"] == "done", done
            hits = client.get("/api/search", params={"q": word}).json()["hits"]
            assert [hit["doc_id"] for hit in hits] == [done["document"]["doc_id"]]

            # A stop while such a read runs ends it at once: the service exits cleanly.
            again = client.post("/api/documents", files={"file": ("yine.pdf", inflating_pdf(40))})
            running(client, again.json()["job"]["url"], pages=0)
        workers = reading_processes(pid_of(process))
        servers = forkservers_of(pid_of(process))
        assert process.process is not None
        process.process.send_signal(signal.SIGTERM)
        # uvicorn re-raises the signal once it has shut down cleanly: -SIGTERM, not a hang.
        assert process.process.wait(timeout=20) in (0, -signal.SIGTERM)
        assert "Application shutdown complete" in (tmp_path / "server.log").read_text()
    finally:
        process.kill()
    assert [pid for pid in workers if alive(pid)] == []
    deadline = time.monotonic() + 10  # the forkserver leaves once the service is gone
    while [pid for pid in servers if alive(pid)] and time.monotonic() < deadline:
        time.sleep(0.1)
    assert [pid for pid in servers if alive(pid)] == []


def alive(pid: int) -> bool:
    """Whether the process still runs (a zombie waiting for its reaper does not count)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def reading_processes(pid: int, timeout: float = 30) -> list[int]:
    """The reading process of the running job (it starts a moment after the job is marked
    running: the file is screened first)."""
    deadline = time.monotonic() + timeout
    while not (found := children_of(pid)):
        assert time.monotonic() < deadline, "no reading process"
        time.sleep(0.05)
    return found


def children_of(pid: int) -> list[int]:
    """The reading processes of the service `pid`: the children of its forkserver (the child
    of the service that runs multiprocessing's forkserver; not its resource tracker, which
    leaves on its own once the service is gone)."""
    return [child for server in forkservers_of(pid) for child, _ in processes_under(server)]


def forkservers_of(pid: int) -> list[int]:
    return [child for child, command in processes_under(pid) if b"forkserver" in command]


def processes_under(pid: int) -> list[tuple[int, bytes]]:
    """(pid, command line) of each process whose parent is `pid`."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            command = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append((int(entry.name), command))
    return found


@pytest.mark.slow
def test_a_reading_past_the_memory_ceiling_is_ended(tmp_path: Path) -> None:
    process, corpus, token = start(
        tmp_path, KAYNAK_SECONDS_PER_PAGE="600", KAYNAK_WORKER_MEMORY_MB="150"
    )
    try:
        with httpx.Client(base_url=process.url, timeout=60, headers=bearer(token)) as client:
            before_files = service_files(corpus)
            before_mb = resident_mb(pid_of(process))
            answer = client.post("/api/documents", files={"file": ("dev.pdf", inflating_pdf(60))})
            job = wait_for_job(client, answer.json()["job"]["url"] + "?ui=en", timeout=180)
            assert job["state"] == "failed", job
            message = "dev.pdf: stopped: reading it needed more than 150 MB of memory"
            assert job["error"]["message"] == message
            assert resident_mb(pid_of(process)) - before_mb < 60
            assert service_files(corpus) == before_files
    finally:
        process.stop()


def running(client: httpx.Client, url: str, pages: int = 3) -> dict[str, object]:
    """The job once it is running and has read a few pages."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        job: dict[str, object] = client.get(url).json()
        progress = job["progress"]
        assert isinstance(progress, dict)
        if job["state"] == "running" and progress["pages_done"] >= pages:
            return job
        assert job["state"] in ("queued", "running"), job
        time.sleep(0.05)
    raise AssertionError("the job never ran")


@pytest.mark.slow
def test_a_job_the_service_died_in_is_finished_after_the_restart(tmp_path: Path) -> None:
    process, corpus, token = start(tmp_path)
    word = distinct_word(2, "kesinti")
    try:
        with httpx.Client(base_url=process.url, timeout=60, headers=bearer(token)) as client:
            answer = client.post("/api/documents", files={"file": ("uzun.pdf", long_pdf(word))})
            url = answer.json()["job"]["url"]
            running(client, url)
        process.kill()  # SIGKILL in the middle of the reading
        assert not [path for path in corpus_pdfs(corpus) if "uzun" in path.name]
        process.start()
        with httpx.Client(base_url=process.url, timeout=60, headers=bearer(token)) as client:
            job = wait_for_job(client, url)
            assert job["state"] == "done", job
            hits = client.get("/api/search", params={"q": word}).json()["hits"]
            assert hits and hits[0]["doc_id"] == job["document"]["doc_id"]
        assert not list(corpus.rglob(".tmp-*"))
        assert not list((corpus / ".incoming").glob("*"))
    finally:
        process.stop()


@pytest.mark.slow
def test_a_job_interrupted_twice_is_reported_and_nothing_is_stored(tmp_path: Path) -> None:
    process, corpus, token = start(tmp_path)
    word = distinct_word(3, "ikikez")
    try:
        with httpx.Client(base_url=process.url, timeout=60, headers=bearer(token)) as client:
            answer = client.post("/api/documents", files={"file": ("uzun.pdf", long_pdf(word))})
            url = answer.json()["job"]["url"]
            running(client, url)
        process.kill()
        process.start()
        with httpx.Client(base_url=process.url, timeout=60, headers=bearer(token)) as client:
            running(client, url)  # retried once after the restart
        process.kill()
        process.start()
        with httpx.Client(base_url=process.url, timeout=60, headers=bearer(token)) as client:
            job = wait_for_job(client, url)
            assert job["state"] == "failed", job
            assert job["error"]["code"] == "job_interrupted"
            said = "Hizmet bu iş sırasında 2 kez durdu; dosya saklanmadı."
            assert job["error"]["message"] == said
        assert not [path for path in corpus_pdfs(corpus) if "uzun" in path.name]
        assert not list((corpus / ".incoming").glob("*"))  # its staged file is gone too
    finally:
        process.stop()
