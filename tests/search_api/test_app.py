"""The composition root's own route: PDFs served from where the corpus holds them now."""

from __future__ import annotations

import shutil
from pathlib import Path

import httpx
from conftest import CORPUS_DIR, LiveServer

from search_api.settings import Settings

REPORT = CORPUS_DIR / "reports" / "reslog-turkey-project-en.pdf"


def test_a_pdf_moved_inside_the_corpus_is_served_from_its_new_folder(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "first").mkdir(parents=True)
    shutil.copy(REPORT, corpus / "first" / REPORT.name)
    settings = Settings(corpus_dir=corpus, data_dir=tmp_path / "data", workers=1)
    with LiveServer(settings) as server:
        url = f"{server.url}/files/{REPORT.stem}.pdf"
        assert httpx.get(url).content == REPORT.read_bytes()
        (corpus / "second").mkdir()
        (corpus / "first" / REPORT.name).rename(corpus / "second" / REPORT.name)
        response = httpx.get(url)
        assert response.status_code == 200
        assert response.content == REPORT.read_bytes()
        assert httpx.get(f"{server.url}/files/no-such-document.pdf").status_code == 404


def test_a_service_over_an_empty_corpus_starts_and_answers_searches(tmp_path: Path) -> None:
    (tmp_path / "corpus").mkdir()
    settings = Settings(corpus_dir=tmp_path / "corpus", data_dir=tmp_path / "data", workers=1)
    with LiveServer(settings) as server:
        response = httpx.get(f"{server.url}/api/search", params={"q": "göç"})
        assert response.status_code == 200
        assert response.json()["total"] == 0
        assert httpx.get(f"{server.url}/healthz").json()["indexing"]["state"] == "done"
