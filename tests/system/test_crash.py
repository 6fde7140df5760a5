"""A crash in the middle of changes loses nothing that was accepted, and leaves no half file.

The service runs in its own process and is killed with SIGKILL (no shutdown code runs) while
four clients are uploading, editing titles and deleting documents, in several rounds.
After each restart, every upload that had been accepted (202, a job) is finished by its
job, in the corpus and searchable; every edit answered 200 shows, every deletion answered
200 stays done; every PDF in the corpus is whole, and nothing is left half-done — no
temporary file, and nothing in `.incoming/` once the jobs are finished. A change sent just
before the kill and never answered may have gone through: a later title for a document
(instead of the last one answered), or its deletion.
"""

from __future__ import annotations

import threading
import time
import tomllib
from dataclasses import dataclass, field
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
ROUNDS = 3
KILL_AFTER = 6  # accepted changes per round
POOL = 30  # uploads offered per round


@dataclass
class Accepted:
    uploads: dict[str, str] = field(default_factory=dict)  # word → job url (202)
    titles: dict[str, str] = field(default_factory=dict)  # doc_id → title (PATCH 200)
    deleted: set[str] = field(default_factory=set)  # doc_id (DELETE 200)
    deleting: set[str] = field(default_factory=set)  # doc_id (DELETE sent, maybe cut short)
    retitling: dict[str, set[str]] = field(default_factory=dict)  # doc_id → titles sent

    def count(self) -> int:
        return len(self.uploads) + len(self.titles) + len(self.deleted)


def run_round(
    process: ServerProcess, token: str, round_number: int, stored: list[str]
) -> tuple[Accepted, dict[bytes, str]]:
    """Clients change the collection until KILL_AFTER changes are accepted, then SIGKILL."""
    words = [distinct_word(number, f"crash{round_number}") for number in range(POOL)]
    pdfs = [make_pdf(f"Cokme denemesi {word}\n" + "dolgu satiri\n" * 40) for word in words]
    accepted, lock = Accepted(), threading.Lock()
    next_number = iter(range(POOL))

    def change() -> None:
        with httpx.Client(base_url=process.url, timeout=60, headers=bearer(token)) as client:
            for number in next_number:
                try:
                    if stored and number % 3 == 1:  # edit a stored document's title
                        doc_id, title = (
                            stored[number % len(stored)],
                            f"Düzeltme {round_number}-{number}",
                        )
                        with lock:
                            accepted.retitling.setdefault(doc_id, set()).add(title)
                        if (
                            client.patch(
                                f"/api/documents/{doc_id}", json={"title": title}
                            ).status_code
                            == 200
                        ):
                            with lock:
                                accepted.titles[doc_id] = title
                    elif stored and number % 7 == 2:  # delete one
                        doc_id = stored.pop(number % len(stored))
                        with lock:
                            accepted.deleting.add(doc_id)
                        if client.delete(f"/api/documents/{doc_id}").status_code == 200:
                            with lock:
                                accepted.deleted.add(doc_id)
                    response = client.post(
                        "/api/documents",
                        files={"file": ("x.pdf", pdfs[number])},
                        data={"title": f"Çökme {round_number}-{number}"},
                    )
                except (httpx.HTTPError, IndexError, ValueError):
                    return  # the service is gone
                if response.status_code == 202:
                    with lock:
                        accepted.uploads[words[number]] = response.json()["job"]["url"]

    threads = [threading.Thread(target=change) for _ in range(CLIENTS)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 120
    edits_expected = bool(stored)  # from the second round on, kill after an edit too
    while (accepted.count() < KILL_AFTER or (edits_expected and not accepted.titles)) and (
        time.monotonic() < deadline
    ):
        time.sleep(0.005)
    process.kill()
    with lock:
        acknowledged = Accepted(
            dict(accepted.uploads),
            dict(accepted.titles),
            set(accepted.deleted),
            set(accepted.deleting),
            {doc_id: set(sent) for doc_id, sent in accepted.retitling.items()},
        )
    for thread in threads:
        thread.join(timeout=60)
    return acknowledged, dict(zip(pdfs, words, strict=True))


@pytest.mark.slow
def test_a_killed_service_keeps_every_accepted_change(tmp_path: Path) -> None:
    corpus = small_corpus(tmp_path)
    token = add_librarian(tmp_path / "data")
    process = ServerProcess(corpus, tmp_path / "data", free_port(), tmp_path / "server.log")
    process.start()
    known = {SMALL_REPORT.read_bytes(): "report"}
    stored: list[str] = []  # documents made by the test, still in the collection
    titles: dict[str, str] = {}
    totals: list[str] = []
    edits = deletions = 0
    try:
        for round_number in range(ROUNDS):
            accepted, pdfs = run_round(process, token, round_number, stored)
            known |= pdfs
            assert accepted.count() >= KILL_AFTER
            # Before any repair: every PDF the corpus shows is whole, every metadata file readable.
            for pdf in corpus_pdfs(corpus):
                assert pdf.read_bytes() in known, f"{pdf.name} is not a whole upload"
                tomllib.loads(pdf.with_suffix(".toml").read_text())
            process.start()
            with httpx.Client(base_url=process.url, timeout=60, headers=bearer(token)) as client:
                for word, url in accepted.uploads.items():
                    job = wait_for_job(client, url)
                    assert job["state"] == "done", job  # interrupted once: retried, not lost
                    doc_id = job["document"]["doc_id"]
                    found = client.get("/api/search", params={"q": word}).json()
                    assert found.get("hits") and found["hits"][0]["doc_id"] == doc_id, found
                    stored.append(doc_id)
                # Jobs accepted just before the kill, whose answer never reached anyone, finish too.
                deadline = time.monotonic() + 120
                while any(
                    job["state"] in ("queued", "running")
                    for job in client.get("/api/jobs").json()["jobs"]
                ):
                    assert time.monotonic() < deadline, "jobs still running"
                    time.sleep(0.1)
                titles |= accepted.titles
                shown = {
                    document["doc_id"]: document["title"]
                    for document in client.get("/api/documents").json()["documents"]
                }
                for doc_id in accepted.deleted:
                    assert doc_id not in shown, doc_id
                    titles.pop(doc_id, None)
                for doc_id in accepted.deleting - accepted.deleted - shown.keys():
                    titles.pop(doc_id, None)  # a deletion the kill cut short had gone through
                for doc_id, title in list(titles.items()):
                    if shown.get(doc_id) in accepted.retitling.get(doc_id, set()) - {title}:
                        titles[doc_id] = shown[doc_id]  # a later edit the kill cut short, done
                    assert shown.get(doc_id) == titles[doc_id], doc_id
                documents = client.get("/healthz").json()["documents"]
            stored[:] = [doc_id for doc_id in stored if doc_id in shown]
            # Changes cut short before their answer are absent, or whole and indexed.
            assert documents == len(corpus_pdfs(corpus)) == len(shown)
            assert not [p for p in corpus.rglob(".tmp-*")]
            assert not list((corpus / ".incoming").glob("*"))  # nothing staged is left over
            totals.append(
                f"{len(accepted.uploads)} uploads, {len(accepted.titles)} edits, "
                f"{len(accepted.deleted)} deletions accepted; {documents} documents"
            )
            edits, deletions = edits + len(accepted.titles), deletions + len(accepted.deleted)
        process.stop()
    finally:
        process.kill()  # a failed round leaves no service running
    print(f"\n{ROUNDS} kill rounds: " + "; ".join(totals))
    assert edits and deletions  # the rounds did edit and delete, not only upload
