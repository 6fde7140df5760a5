"""Leftovers are cleaned by ownership (issue 12 §9), against the real service over HTTP: what a
crash left in `corpus/.incoming/` goes at start-up whatever its age, a proposal waiting for
the librarian's confirmation keeps its staged file, and one abandoned past `preview_hours`
goes with its file."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import httpx
from collection_support import (
    SMALL_REPORT,
    add_librarian,
    corpus_pdfs,
    csrf_of,
    logged_in_client,
    small_corpus,
)
from conftest import LiveServer
from pdf_factory import distinct_word, make_pdf

from search_api.settings import Settings


def staged_files(corpus: Path) -> list[str]:
    incoming = corpus / ".incoming"
    return sorted(path.name for path in incoming.iterdir()) if incoming.is_dir() else []


def test_what_a_crash_left_in_incoming_goes_at_start_up(tmp_path: Path) -> None:
    corpus = small_corpus(tmp_path)
    incoming = corpus / ".incoming"
    incoming.mkdir()
    (incoming / f"{'a' * 32}.pdf").write_bytes(make_pdf("yarim kalan yukleme"))
    (incoming / f"{'b' * 32}.toml").write_text('title = "yarım"\n')
    placed = corpus / "reports" / SMALL_REPORT.name
    os.link(placed, incoming / f"{'c' * 32}.pdf")  # a second link of a corpus PDF
    settings = Settings(corpus_dir=corpus, data_dir=tmp_path / "data", workers=1)
    with LiveServer(settings) as live:
        assert staged_files(corpus) == []
        assert httpx.get(f"{live.url}/healthz").json()["documents"] == 1
    assert placed.read_bytes() == SMALL_REPORT.read_bytes()
    assert corpus_pdfs(corpus) == [placed]


def wait_for_proposal(client: httpx.Client, data: Path, timeout: float = 120) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for path in (data / "jobs").glob("[!.]*.json"):  # not a write in progress
            job = json.loads(path.read_text())
            if job["state"] in ("proposed", "failed"):
                return job
        time.sleep(0.2)
    raise AssertionError("no proposal")


def test_a_proposal_keeps_its_file_until_abandoned(tmp_path: Path) -> None:
    corpus = small_corpus(tmp_path)
    data = tmp_path / "data"
    add_librarian(data)
    settings = Settings(corpus_dir=corpus, data_dir=data, workers=1, preview_hours=1)
    pdf = make_pdf(f"Onay bekleyen belge {distinct_word(1, 'left')}\nBelediye raporu")
    with LiveServer(settings) as live, logged_in_client(live.url) as admin:
        token = csrf_of(admin.get("/admin/upload").text)
        answer = admin.post(
            "/admin/upload", data={"csrf_token": token}, files={"file": ("bekleyen.pdf", pdf)}
        )
        assert answer.status_code == 303, answer.text
        job = wait_for_proposal(admin, data)
        assert job["state"] == "proposed"
    assert staged_files(corpus) == [f"{job['stage_key']}.pdf"]
    with LiveServer(settings):  # a restart keeps what a waiting proposal owns
        assert staged_files(corpus) == [f"{job['stage_key']}.pdf"]
    job_file = data / "jobs" / f"{job['id']}.json"
    stored = json.loads(job_file.read_text())
    stored["updated"] = "2020-01-01T00:00:00+00:00"  # as if left for years
    job_file.write_text(json.dumps(stored))
    with LiveServer(settings) as live:
        assert staged_files(corpus) == []
        assert json.loads(job_file.read_text())["state"] == "failed"
        assert httpx.get(f"{live.url}/healthz").json()["documents"] == 1
