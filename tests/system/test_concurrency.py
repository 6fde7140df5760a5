"""Many librarians changing the collection while readers search, against the real service in
its own process.

8 clients upload 40 distinct PDFs while 2 clients search without pause; after its upload,
each client also edits every 2nd document's title, replaces every 3rd one's file (with a
new word) and deletes every 5th. Every change must be accepted, every job must end `done`,
the collection must hold exactly the documents expected (by id, title and word, not by
count), no search may fail, searches stay fast under the load (p50/p95 printed), nothing
is left in `.incoming/`, and a restart must find the same corpus and index (with nothing
left to do).
"""

from __future__ import annotations

import json
import statistics
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from collection_support import (
    SMALL_REPORT,
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
    replacements = [distinct_word(number, "repl") for number in range(UPLOADS)]
    search_seconds: list[float] = []
    uploads_done = threading.Event()
    search_statuses: list[int] = []
    search_errors: list[str] = []

    def upload(numbers: list[int]) -> list[tuple[str, str, str]]:
        """Each document's final word, the last job's state, and its id ("" once deleted)."""
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
                word, state = words[number], job["state"]
                if doc_id and number % 2 == 0:
                    edited = client.patch(
                        f"/api/documents/{doc_id}", json={"title": f"Düzeltilmiş {number}"}
                    )
                    state = state if edited.status_code == 200 else f"edit {edited.status_code}"
                if doc_id and number % 3 == 0:
                    word = replacements[number]
                    pdf = make_pdf(f"Degistirilen dosya {word}\nBelediye raporu")
                    answer = client.put(
                        f"/api/documents/{doc_id}/file", files={"file": ("new.pdf", pdf)}
                    )
                    state = follow_job(client, answer)["state"]
                if doc_id and number % 5 == 0:
                    removed = client.delete(f"/api/documents/{doc_id}")
                    state = state if removed.status_code == 200 else f"delete {removed.status_code}"
                    doc_id = ""
                results.append((word, state, doc_id))
        return results

    def search() -> None:
        with httpx.Client(base_url=process.url, timeout=60) as client:
            while not uploads_done.is_set():
                try:
                    started = time.perf_counter()
                    response = client.get("/api/search", params={"q": "belediye göç"})
                    search_seconds.append(time.perf_counter() - started)
                    search_statuses.append(response.status_code)
                except httpx.HTTPError as error:
                    search_errors.append(repr(error))

    started = time.perf_counter()
    with ThreadPoolExecutor(UPLOADERS + SEARCHERS) as pool:
        searches = [pool.submit(search) for _ in range(SEARCHERS)]
        batches = [list(range(i, UPLOADS, UPLOADERS)) for i in range(UPLOADERS)]
        uploads = [pool.submit(upload, batch) for batch in batches]
        per_batch = [future.result() for future in uploads]
        results = [result for batch in per_batch for result in batch]
        results_by_number = {
            number: doc_id
            for batch, outcomes in zip(batches, per_batch, strict=True)
            for number, (_, _, doc_id) in zip(batch, outcomes, strict=True)
        }
        seconds = time.perf_counter() - started
        uploads_done.set()
        for future in searches:
            future.result()

    p50, p95 = (statistics.quantiles(search_seconds, n=100)[q] * 1000 for q in (49, 94))
    print(  # the figures the README quotes (run with -s)
        f"\n{UPLOADS} uploads (with edits, replacements, deletions) by {UPLOADERS} clients in "
        f"{seconds:.1f} s while {SEARCHERS} clients ran {len(search_statuses)} searches: "
        f"p50 {p50:.0f} ms, p95 {p95:.0f} ms"
    )
    assert sorted(state for _, state, _ in results) == ["done"] * UPLOADS
    assert search_errors == []
    assert search_statuses and set(search_statuses) == {200}
    kept = {doc_id: word for word, _, doc_id in results if doc_id}
    assert len(kept) == UPLOADS - UPLOADS // 5

    def found(client: httpx.Client) -> dict[str, str]:
        """The top hit for each kept document's own word (prefix matches of the other
        made-up words, which share their first letters, may follow it)."""
        return {
            client.get("/api/search", params={"q": word}).json()["hits"][0]["doc_id"]: word
            for word in kept.values()
        }

    def titles(client: httpx.Client) -> dict[str, str]:
        documents = client.get("/api/documents").json()["documents"]
        return {document["doc_id"]: document["title"] for document in documents}

    expected_titles = {
        doc_id: f"Düzeltilmiş {number}" if number % 2 == 0 else f"Eşzamanlı Belge {number}"
        for number in range(UPLOADS)
        for doc_id in [results_by_number[number]]
        if doc_id
    }
    with httpx.Client(base_url=process.url, timeout=60) as client:
        assert found(client) == kept
        shown = titles(client)
        assert set(shown) == set(kept) | {SMALL_REPORT.stem}  # exactly these documents
        assert {d: t for d, t in shown.items() if d in kept} == expected_titles
    assert not list((corpus / ".incoming").glob("*"))
    before = sorted(p.relative_to(corpus) for p in corpus_pdfs(corpus))
    assert len(before) == len(kept) + 1

    process.stop()
    process.start()
    with httpx.Client(base_url=process.url, timeout=60) as client:
        assert client.get("/healthz").json()["documents"] == len(kept) + 1
        assert found(client) == kept
        assert titles(client) == shown
    assert sorted(p.relative_to(corpus) for p in corpus_pdfs(corpus)) == before
    summary = json.loads((corpus.parent / "data" / "last-index-summary.json").read_text())
    assert (summary["added"], summary["changed"], summary["removed"]) == (0, 0, 0)
