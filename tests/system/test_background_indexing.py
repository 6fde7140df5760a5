"""The service answers at once: indexing at start-up runs in the background, its progress on
`/healthz` and the admin page, while searches are served from the index as it stands."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import httpx
import pytest
from collection_support import ServerProcess
from conftest import CORPUS_DIR, free_port
from pdf_factory import distinct_word, make_pdf

from indexer.index import IndexStore

REPORT = CORPUS_DIR / "reports" / "reslog-turkey-project-en.pdf"
GENERATED = 80


@pytest.mark.slow
def test_the_service_answers_healthz_and_searches_while_a_background_reconcile_runs(
    tmp_path: Path,
) -> None:
    corpus, data = tmp_path / "corpus", tmp_path / "data"
    corpus.mkdir()
    shutil.copy(REPORT, corpus / REPORT.name)
    IndexStore(data, workers=1).reconcile(corpus)
    words = [distinct_word(number, "bg") for number in range(GENERATED)]
    for number, word in enumerate(words):
        first = f"Arka plan belgesi {word}\n" + "dolgu satiri belediye raporu\n" * 30
        rest = "ikinci sayfa dolgu satiri\n" * 30
        (corpus / f"generated-{number:03}.pdf").write_bytes(make_pdf([first, rest, rest]))
    process = ServerProcess(corpus, data, free_port(), tmp_path / "server.log")
    seen_running: list[dict[str, int]] = []
    try:
        process.start_without_waiting_for_indexing()
        with httpx.Client(base_url=process.url, timeout=30) as client:
            deadline = time.monotonic() + 300
            while time.monotonic() < deadline:
                health = client.get("/healthz").json()
                indexing = health["indexing"]
                if indexing["state"] != "running":
                    break
                hits = client.get("/api/search", params={"q": "Turkey"}).json()["hits"]
                assert REPORT.stem in {hit["doc_id"] for hit in hits}
                seen_running.append({"done": indexing["done"], "total": indexing["total"]})
                time.sleep(0.2)
            assert health["indexing"]["state"] == "done"
            assert any(0 < seen["done"] < seen["total"] for seen in seen_running), seen_running
            assert health["documents"] == GENERATED + 1
            hits = client.get("/api/search", params={"q": words[-1]}).json()["hits"]
            assert [hit["doc_id"] for hit in hits] == [f"generated-{GENERATED - 1:03}"]
    finally:
        process.stop()
