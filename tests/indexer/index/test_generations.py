"""Index versions: opening never deletes; a new version is built beside the served one (from
the extraction cache, without opening a PDF) and swapped in; lock waits end in `IndexBusy`."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from conftest import CORPUS_DIR, PROJECT_ROOT, LiveServer

from indexer.corpus import CorpusFile
from indexer.errors import IndexBusy, UnreadablePdf
from indexer.extraction import ExtractedDocument, Extractor
from indexer.index import INDEX_VERSION, IndexStore
from indexer.index.generations import STAMP_NAME, current_generation
from search_api.settings import Settings

REPORT = CORPUS_DIR / "reports" / "reslog-turkey-project-en.pdf"
OTHER = CORPUS_DIR / "reports" / "mmu-migration-policy-center-brochure-en.pdf"
OLD_VERSION = "schema-0+analysis-0"


def copy_into(corpus: Path, *pdfs: Path) -> None:
    corpus.mkdir(exist_ok=True)
    for pdf in pdfs:
        shutil.copy(pdf, corpus / pdf.name)


def index_with_old_version(corpus: Path, data: Path) -> None:
    """An index (and extraction cache) of `corpus`, stamped as built by an older version."""
    IndexStore(data, workers=1).reconcile(corpus)
    generation = current_generation(data)
    assert generation is not None and generation.version() == INDEX_VERSION
    (generation.path / STAMP_NAME).write_text(OLD_VERSION)


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file below `folder` with its size and modification time."""
    return {
        str(path.relative_to(folder)): (path.stat().st_size, path.stat().st_mtime_ns)
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


class RefusingExtractor(Extractor):
    """Fails the test if any PDF is opened."""

    def extract_safely(self, corpus_file: CorpusFile) -> ExtractedDocument | UnreadablePdf:
        raise AssertionError(f"{corpus_file.source}: a PDF was opened")


def eventually_found(client: httpx.Client, query: str, seconds: float = 30) -> set[str]:
    """The documents a search finds once the service has picked up the swapped generation."""
    deadline = time.monotonic() + seconds
    while True:
        hits = client.get("/api/search", params={"q": query}).json()["hits"]
        found = {hit["doc_id"] for hit in hits}
        if OTHER.stem not in found or time.monotonic() > deadline:
            return found
        time.sleep(0.1)


def test_opening_an_older_version_changes_nothing(tmp_path: Path) -> None:
    corpus, data = tmp_path / "corpus", tmp_path / "data"
    copy_into(corpus, REPORT)
    index_with_old_version(corpus, data)
    before = snapshot(data)
    store = IndexStore(data, workers=1)
    assert store.needs_rebuild()
    assert store.read_manifest()[REPORT.stem].unit_count >= 1
    with store.index.searcher() as searcher:
        assert searcher.document(doc_id=REPORT.stem) is not None
    assert snapshot(data) == before


def test_kaynak_search_on_an_older_version_never_modifies_it(tmp_path: Path) -> None:
    corpus, data = tmp_path / "corpus", tmp_path / "data"
    copy_into(corpus, REPORT)
    index_with_old_version(corpus, data)
    before = snapshot(data)
    found = subprocess.run(
        [sys.executable, "-m", "search_api.cli", "search", "Turkey", "--corpus", str(corpus),
         "--data", str(data)],
        cwd=PROJECT_ROOT, env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT)},
        capture_output=True, text=True, check=True, timeout=120,
    )  # fmt: skip
    assert REPORT.stem in found.stdout
    assert snapshot(data) == before


def test_a_version_change_rebuilds_from_the_cache_while_the_service_answers_from_the_old_index(
    tmp_path: Path,
) -> None:
    corpus, data = tmp_path / "corpus", tmp_path / "data"
    copy_into(corpus, REPORT, OTHER)
    index_with_old_version(corpus, data)
    (corpus / OTHER.name).unlink()  # the new index will not hold it: tells old from new
    settings = Settings(corpus_dir=corpus, data_dir=data, workers=1, index_on_start=False)
    seen_during_build: list[int] = []
    with LiveServer(settings) as server, httpx.Client(base_url=server.url) as client:
        assert client.get("/healthz").json()["documents"] == 2

        def ask_the_service(source: str, done: int, total: int) -> None:
            seen_during_build.append(client.get("/healthz").json()["documents"])
            hits = client.get("/api/search", params={"q": "Turkey"}).json()["hits"]
            assert hits

        rebuilding = IndexStore(data, workers=1, extractor=RefusingExtractor())
        summary = rebuilding.reconcile(corpus, progress=ask_the_service)
        assert summary.rebuilt and summary.added == 1 and summary.documents == 1
        assert seen_during_build == [2]  # the old index, until the swap
        assert client.get("/healthz").json()["documents"] == 1
        # The service opens the new generation in the background after the swap.
        assert eventually_found(client, "Turkey") == {REPORT.stem}
    assert not IndexStore(data).needs_rebuild()


def test_rebuild_deletes_only_the_superseded_generations(tmp_path: Path) -> None:
    corpus, data = tmp_path / "corpus", tmp_path / "data"
    copy_into(corpus, REPORT)
    index_with_old_version(corpus, data)
    old = current_generation(data)
    store = IndexStore(data, workers=1, extractor=RefusingExtractor())
    summary = store.rebuild(corpus)
    assert summary.rebuilt and summary.documents == 1
    new = current_generation(data)
    assert old is not None and new is not None and new.path != old.path
    assert not old.path.exists() and new.path.exists()
    with store.index.searcher() as searcher:
        assert searcher.document(doc_id=REPORT.stem) is not None


def test_a_held_write_lock_ends_in_index_busy_not_a_hang(tmp_path: Path) -> None:
    corpus, data = tmp_path / "corpus", tmp_path / "data"
    copy_into(corpus, REPORT)
    store = IndexStore(data, workers=1, lock_timeout=0.3)
    store.reconcile(corpus)
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import fcntl, sys, time; f = open(sys.argv[1], 'a'); fcntl.flock(f, fcntl.LOCK_EX);"
         " print('held', flush=True); time.sleep(60)", str(data / ".write.lock")],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(IndexBusy) as raised:
            store.apply([], removed=[REPORT.stem])
        assert raised.value.what == "write lock"
    finally:
        holder.kill()
        holder.communicate()
