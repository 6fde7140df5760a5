"""The watched inbox folder (`KAYNAK_INBOX_DIR`) over the real service: a PDF dropped into
it becomes a job and a searchable document; a refused file is kept, with why, not lost."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import httpx
from collection_support import add_librarian, bearer, small_corpus
from conftest import LiveServer
from pdf_factory import distinct_word, make_pdf

from search_api.settings import Settings


def wait_for(check: object, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while not check():  # type: ignore[operator]
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.2)


def test_dropped_pdfs_become_documents_and_refusals_are_kept(tmp_path: Path) -> None:
    corpus = small_corpus(tmp_path)
    token = add_librarian(tmp_path / "data")
    inbox = tmp_path / "gelen-kutusu"
    settings = Settings(corpus_dir=corpus, data_dir=tmp_path / "data", workers=1, inbox_dir=inbox)
    word = distinct_word(1, "gelenkutu")
    with (
        LiveServer(settings) as server,
        httpx.Client(base_url=server.url, timeout=60, headers=bearer(token)) as client,
    ):
        (inbox / "rapor.pdf").write_bytes(make_pdf(f"Gelen kutusu {word}", title="Gelen Rapor"))
        (inbox / "bozuk.pdf").write_bytes(b"not a pdf at all")
        (inbox / "notlar.txt").write_text("left alone")

        def searchable() -> bool:
            hits = client.get("/api/search", params={"q": word}).json()["hits"]
            return bool(hits) and hits[0]["title"] == "Gelen Rapor"

        wait_for(searchable)
        wait_for(
            lambda: (inbox / "refused").is_dir() and len(list((inbox / "refused").iterdir())) == 2
        )
        jobs: dict[str, dict[str, Any]] = {}

        def rapor_finished() -> bool:  # searchable a moment before its job says done
            jobs.update((job["filename"], job) for job in client.get("/api/jobs").json()["jobs"])
            return jobs["rapor.pdf"]["state"] in ("done", "failed")

        wait_for(rapor_finished)
    assert jobs["rapor.pdf"]["state"] == "done"
    assert jobs["bozuk.pdf"]["error"]["code"] == "unreadable_pdf"
    refused = sorted(path.name for path in (inbox / "refused").iterdir())
    assert [name.split("-", 1)[1] for name in refused] == ["bozuk.pdf", "bozuk.txt"]
    reason = next((inbox / "refused").glob("*.txt")).read_text(encoding="utf-8")
    assert reason.strip() == "bozuk.pdf: bu dosya bir PDF değil"
    assert sorted(path.name for path in inbox.iterdir()) == ["notlar.txt", "refused"]
    assert (corpus / "reports" / "gelen-rapor.pdf").is_file()
