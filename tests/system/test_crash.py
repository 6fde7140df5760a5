"""A crash in the middle of uploads loses nothing that was accepted, and leaves no half file.

The service runs in its own process and is killed with SIGKILL (no shutdown code runs) while
four clients are uploading. After a restart, every upload that had been accepted (202, a
job) is finished by its job, in the corpus and searchable, every PDF in the corpus is
whole, and nothing is left half-done.
"""

from __future__ import annotations

import threading
import time
import tomllib
from pathlib import Path

import httpx
import pytest
from collection_support import (
    SMALL_REPORT,
    ServerProcess,
    add_librarian,
    bearer,
    corpus_pdfs,
    small_corpus,
    wait_for_job,
)
from conftest import free_port
from pdf_factory import distinct_word, make_pdf

CLIENTS = 4
KILL_AFTER = 10  # accepted uploads
POOL = 60


@pytest.mark.slow
def test_a_killed_service_keeps_every_accepted_upload(tmp_path: Path) -> None:
    corpus = small_corpus(tmp_path)
    token = add_librarian(tmp_path / "data")
    process = ServerProcess(corpus, tmp_path / "data", free_port(), tmp_path / "server.log")
    process.start()
    words = [distinct_word(number, "crash") for number in range(POOL)]
    pdfs = [make_pdf(f"Cokme denemesi {word}\n" + "dolgu satiri\n" * 40) for word in words]
    accepted: dict[str, str] = {}  # word → job url, for uploads answered 202
    lock = threading.Lock()
    next_number = iter(range(POOL))

    def upload() -> None:
        with httpx.Client(base_url=process.url, timeout=60, headers=bearer(token)) as client:
            for number in next_number:
                try:
                    response = client.post(
                        "/api/documents",
                        files={"file": ("x.pdf", pdfs[number])},
                        data={"title": f"Çökme {number}"},
                    )
                except httpx.HTTPError:
                    return  # the service is gone
                if response.status_code == 202:
                    with lock:
                        accepted[words[number]] = response.json()["job"]["url"]

    threads = [threading.Thread(target=upload) for _ in range(CLIENTS)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 120
    while len(accepted) < KILL_AFTER and time.monotonic() < deadline:
        time.sleep(0.005)
    process.kill()
    with lock:
        acknowledged = dict(accepted)  # answered before the kill
    for thread in threads:
        thread.join(timeout=60)
    assert len(acknowledged) >= KILL_AFTER

    # Before any repair: every PDF the corpus shows is whole, every metadata file readable.
    known = {**dict(zip(pdfs, words, strict=True)), SMALL_REPORT.read_bytes(): "report"}
    for pdf in corpus_pdfs(corpus):
        assert pdf.read_bytes() in known, f"{pdf.name} is not a whole upload"
        tomllib.loads(pdf.with_suffix(".toml").read_text())

    process.start()
    try:
        with httpx.Client(base_url=process.url, timeout=60, headers=bearer(token)) as client:
            for word, url in acknowledged.items():
                job = wait_for_job(client, url)
                assert job["state"] == "done", job  # interrupted once: retried, not lost
                hits = client.get("/api/search", params={"q": word}).json()["hits"]
                assert hits and hits[0]["doc_id"] == job["document"]["doc_id"], word
            documents = client.get("/healthz").json()["documents"]
        # Uploads cut short before their 202 are absent (or, done, whole and indexed too).
        assert documents == len(corpus_pdfs(corpus))
        assert not [p for p in corpus.rglob(".tmp-*")]
    finally:
        process.stop()
    print(
        f"\nkilled after {len(acknowledged)} accepted uploads; {documents} documents after restart"
    )
