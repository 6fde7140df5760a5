"""Many librarians uploading while readers search, against the real service in its own process.

8 clients upload 40 distinct PDFs while 2 clients search without pause. Every upload must
be accepted (202), its job must end `done` and the document be searchable, no search may
fail, and a restart must find the same corpus and index (with nothing left to do).
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
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
)
from conftest import free_port
from pdf_factory import distinct_word, make_pdf

UPLOADERS = 8
SEARCHERS = 2
UPLOADS = 40


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[ServerProcess, Path, str]]:
    corpus = small_corpus(tmp_path)
    token = add_librarian(tmp_path / "data")
    process = ServerProcess(corpus, tmp_path / "data", free_port(), tmp_path / "server.log")
    process.start()
    try:
        yield process, corpus, token
    finally:
        process.stop()


@pytest.mark.slow
def test_concurrent_uploads_and_searches(server: tuple[ServerProcess, Path, str]) -> None:
    process, corpus, token = server
    words = [distinct_word(number, "conc") for number in range(UPLOADS)]
    uploads_done = threading.Event()
    search_statuses: list[int] = []
    search_errors: list[str] = []

    def upload(numbers: list[int]) -> list[tuple[str, str, str]]:
        results = []
        with httpx.Client(base_url=process.url, timeout=120, headers=bearer(token)) as client:
            for number in numbers:
                pdf = make_pdf(f"Eszamanli yukleme {words[number]}\nBelediye raporu")
                response = client.post(
                    "/api/documents",
                    files={"file": (f"{number}.pdf", pdf)},
                    data={"title": f"Eşzamanlı Belge {number}"},
                )
                job = follow_job(client, response)
                doc_id = job["document"]["doc_id"] if job["state"] == "done" else ""
                results.append((words[number], job["state"], doc_id))
        return results

    def search() -> None:
        with httpx.Client(base_url=process.url, timeout=60) as client:
            while not uploads_done.is_set():
                try:
                    response = client.get("/api/search", params={"q": "belediye göç"})
                    search_statuses.append(response.status_code)
                except httpx.HTTPError as error:
                    search_errors.append(repr(error))

    started = time.perf_counter()
    with ThreadPoolExecutor(UPLOADERS + SEARCHERS) as pool:
        searches = [pool.submit(search) for _ in range(SEARCHERS)]
        batches = [list(range(i, UPLOADS, UPLOADERS)) for i in range(UPLOADERS)]
        uploads = [pool.submit(upload, batch) for batch in batches]
        results = [result for future in uploads for result in future.result()]
        seconds = time.perf_counter() - started
        uploads_done.set()
        for future in searches:
            future.result()

    print(  # the figures the README quotes (run with -s)
        f"\n{UPLOADS} uploads by {UPLOADERS} clients in {seconds:.1f} s "
        f"({UPLOADS / seconds:.1f}/s) while {SEARCHERS} clients ran {len(search_statuses)} searches"
    )
    assert sorted(state for _, state, _ in results) == ["done"] * UPLOADS
    assert search_errors == []
    assert search_statuses and set(search_statuses) == {200}
    assert len({doc_id for _, _, doc_id in results}) == UPLOADS

    def found(client: httpx.Client) -> dict[str, str]:
        """The top hit for each upload's own word (prefix matches of the other made-up
        words, which share their first letters, may follow it)."""
        return {
            word: client.get("/api/search", params={"q": word}).json()["hits"][0]["doc_id"]
            for word, _, _ in results
        }

    expected = {word: doc_id for word, _, doc_id in results}
    with httpx.Client(base_url=process.url, timeout=60) as client:
        assert found(client) == expected
    before = sorted(p.relative_to(corpus) for p in corpus_pdfs(corpus))
    assert len(before) == UPLOADS + 1

    process.stop()
    process.start()
    with httpx.Client(base_url=process.url, timeout=60) as client:
        assert client.get("/healthz").json()["documents"] == UPLOADS + 1
        assert found(client) == expected
    assert sorted(p.relative_to(corpus) for p in corpus_pdfs(corpus)) == before
    summary = json.loads((corpus.parent / "data" / "last-index-summary.json").read_text())
    assert (summary["added"], summary["changed"], summary["removed"]) == (0, 0, 0)
