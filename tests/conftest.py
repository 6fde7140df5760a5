"""Shared fixtures: the real corpus and the real PDFs of ../shared indexed once per run (with
one OCR cache, so each scanned page is OCR'd once per run), and the real app served over HTTP.

"Once per run" holds across the run's processes (`scripts/test` runs pytest-xdist workers):
`run_support.built_once` builds in a folder they share, and each process indexes nothing
again but takes its own copy of the built data folder."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import uvicorn
from corpus_support import seed_extraction_cache
from fastapi import FastAPI
from run_support import built_once, end_run, run_dir, start_run

from indexer.extraction import Extractor
from indexer.index import IndexStore, IndexSummary
from search_api.app import create_app
from search_api.search import SearchService
from search_api.settings import Settings

# The `browser` and `page` fixtures of the real-browser tests.
pytest_plugins = ["browser_support"]

PROJECT_ROOT = Path(__file__).resolve().parents[1]
CORPUS_DIR = PROJECT_ROOT / "corpus"
SHARED_DIR = PROJECT_ROOT.parent / "shared"


def shared_path(*parts: str) -> Path:
    """A path under ../shared, skipping the test cleanly when the shared folder is absent."""
    path = SHARED_DIR.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"../shared/{'/'.join(parts)} is not present")
    return path


RUN_DIR_MADE = pytest.StashKey[Path | None]()


def pytest_configure(config: pytest.Config) -> None:
    """The folder the run's processes share (made by the process that starts the run)."""
    config.stash[RUN_DIR_MADE] = start_run()


def pytest_unconfigure(config: pytest.Config) -> None:
    end_run(config.stash.get(RUN_DIR_MADE, None))


@pytest.fixture(scope="session")
def ocr_cache_dir() -> Path:
    """One OCR cache for the whole run: a page is read by Tesseract once, whoever asks first
    (in any of the run's processes: its writes are atomic renames)."""
    folder = run_dir() / "ocr-cache"
    folder.mkdir(exist_ok=True)
    return folder


@dataclass(frozen=True)
class IndexedCorpus:
    """A corpus folder, its index, and what indexing it reported."""

    corpus_dir: Path
    store: IndexStore
    summary: IndexSummary


def copy_of_data(built: Path, tmp_path_factory: pytest.TempPathFactory, name: str) -> Path:
    """This process's own copy of a data folder built once for the run."""
    data_dir = tmp_path_factory.mktemp(name)
    shutil.copytree(built, data_dir, dirs_exist_ok=True)
    return data_dir


@pytest.fixture(scope="session")
def real_pdfs(tmp_path_factory: pytest.TempPathFactory, ocr_cache_dir: Path) -> IndexedCorpus:
    """The real-world PDFs of ../shared/testdata/pdfs/real, copied into a corpus and indexed
    once per run (read-only for the tests that share it)."""
    real = shared_path("testdata", "pdfs", "real")

    def build(folder: Path) -> IndexSummary:
        corpus = folder / "corpus"
        corpus.mkdir()
        for pdf in real.glob("*.pdf"):
            shutil.copy(pdf, corpus / pdf.name)
        extractor = Extractor(ocr_cache_dir=ocr_cache_dir)
        return IndexStore(folder / "data", workers=2, extractor=extractor).reconcile(corpus)

    built, summary = built_once("real-pdfs", build)
    data_dir = copy_of_data(built / "data", tmp_path_factory, "real-data")
    store = IndexStore(data_dir, workers=2, extractor=Extractor(ocr_cache_dir=ocr_cache_dir))
    return IndexedCorpus(built / "corpus", store, summary)


@pytest.fixture(scope="session")
def corpus_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder holding the index of the default corpus, built once per run."""

    def build(folder: Path) -> IndexSummary:
        store = IndexStore(folder)
        seed_extraction_cache(store, CORPUS_DIR)  # the readings other tests share
        return store.reconcile(CORPUS_DIR)

    built, summary = built_once("corpus-data", build)
    assert summary.added == summary.documents > 0 and not summary.skipped
    return copy_of_data(built, tmp_path_factory, "data")


@pytest.fixture(scope="session")
def corpus_store(corpus_data_dir: Path) -> IndexStore:
    return IndexStore(corpus_data_dir)


@pytest.fixture(scope="session")
def search_service(corpus_store: IndexStore) -> SearchService:
    return SearchService(corpus_store)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for_indexing(url: str, deadline: float) -> None:
    """Wait until the service's start-up indexing (in the background) is over."""
    while time.monotonic() < deadline:
        if httpx.get(f"{url}/healthz", timeout=10).json()["indexing"]["state"] != "running":
            return
        time.sleep(0.05)
    raise RuntimeError("start-up indexing did not finish")


class LiveServer:
    """The real app under uvicorn on a loopback port, in a background thread."""

    def __init__(self, settings: Settings | None = None, app: FastAPI | None = None) -> None:
        """Serves `create_app(settings)`, or `app` when a test brings its own small app."""
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        served = app if app is not None else create_app(settings)
        config = uvicorn.Config(
            served, host="127.0.0.1", port=self.port, log_level="warning", proxy_headers=False
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.kaynak = app is None  # the real service: wait for its start-up indexing

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.server.started:
                if self.kaynak:
                    wait_for_indexing(self.url, deadline)
                return self
            time.sleep(0.05)
        raise RuntimeError("server did not start")

    def __exit__(self, *args: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(scope="session")
def live_server(corpus_data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of the real service over the default corpus (index already built)."""
    data_dir = tmp_path_factory.mktemp("served")
    shutil.copytree(corpus_data_dir, data_dir, dirs_exist_ok=True)
    settings = Settings(corpus_dir=CORPUS_DIR, data_dir=data_dir)
    with LiveServer(settings) as server:
        yield server.url


@pytest.fixture(scope="session")
def http(live_server: str) -> Iterator[httpx.Client]:
    """A client shared by many tests (its cookies are cleared after each test, below)."""
    with httpx.Client(base_url=live_server, timeout=30) as client:
        yield client


@pytest.fixture(autouse=True)
def forget_cookies_after_each_test(request: pytest.FixtureRequest) -> Iterator[None]:
    """The shared client must not carry one test's cookies (`?ui=en` is remembered in a
    cookie) into the next: a test's outcome must not depend on the order tests run in."""
    yield
    if "http" in request.fixturenames:
        request.getfixturevalue("http").cookies.clear()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Test files with slow or browser tests first, each file's tests in their order: with
    the files dealt to several processes in this order (`scripts/test`: xdist's
    `--no-loadscope-reorder`), the longest start first instead of ending the run alone.
    The order is the same in every process (xdist requires it) and from run to run."""
    slow_files = {
        item.path
        for item in items
        if item.get_closest_marker("slow") or item.get_closest_marker("browser")
    }
    items.sort(key=lambda item: item.path not in slow_files)
