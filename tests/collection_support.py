"""Helpers for tests that change the collection: a small private corpus, a librarian with a
token, a logged-in admin client, and the service as a real subprocess.

Each such test gets its own corpus and data folders (never the shared default corpus), so
tests that add or remove documents cannot disturb each other.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
from conftest import wait_for_indexing

from search_api.admin import USERS_FILE, Accounts

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SMALL_REPORT = PROJECT_ROOT / "corpus" / "reports" / "reslog-turkey-project-en.pdf"
LIBRARIAN = "ayse"
PASSWORD = "gizli-parola-1"
CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


def small_corpus(root: Path) -> Path:
    """A corpus folder holding one small English report (with its metadata)."""
    corpus = root / "corpus"
    (corpus / "reports").mkdir(parents=True)
    shutil.copy(SMALL_REPORT, corpus / "reports" / SMALL_REPORT.name)
    shutil.copy(SMALL_REPORT.with_suffix(".toml"), corpus / "reports")
    return corpus


def add_librarian(data_dir: Path, name: str = LIBRARIAN, password: str = PASSWORD) -> str:
    """Create a librarian in the data folder; returns a new API token for them."""
    accounts = Accounts(data_dir / USERS_FILE)
    if accounts.get(name) is None:
        accounts.add_user(name, password)
    return accounts.create_token(name, "tests")[1]


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def csrf_of(html: str) -> str:
    match = CSRF_RE.search(html)
    assert match, "page has no CSRF token"
    return match.group(1)


@contextmanager
def logged_in_client(
    base_url: str, name: str = LIBRARIAN, password: str = PASSWORD
) -> Iterator[httpx.Client]:
    """An HTTP client with a librarian session (through the real login form)."""
    with httpx.Client(base_url=base_url, timeout=60) as client:
        token = csrf_of(client.get("/admin/login").text)
        response = client.post(
            "/admin/login",
            data={"username": name, "password": password, "csrf_token": token, "next": "/admin"},
        )
        assert response.status_code == 303, response.text
        yield client


def corpus_pdfs(corpus: Path) -> list[Path]:
    """The PDFs a reconcile would see (hidden folders such as .trash excluded)."""
    return sorted(
        path
        for path in corpus.rglob("*.pdf")
        if not any(part.startswith(".") for part in path.relative_to(corpus).parts)
    )


class ServerProcess:
    """`python -m search_api.cli serve` as a real child process, on a loopback port."""

    def __init__(self, corpus: Path, data: Path, port: int, log: Path, **settings: str) -> None:
        self.url = f"http://127.0.0.1:{port}"
        self.command = [
            sys.executable, "-m", "search_api.cli", "serve",
            "--corpus", str(corpus), "--data", str(data), "--port", str(port),
        ]  # fmt: skip
        self.env = {**os.environ, "KAYNAK_WORKERS": "1", **settings}
        self.log = log
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 120) -> ServerProcess:
        """Start the service and wait until it answers and its start-up indexing is over."""
        self.start_without_waiting_for_indexing(timeout)
        wait_for_indexing(self.url, time.monotonic() + timeout)
        return self

    def start_without_waiting_for_indexing(self, timeout: float = 120) -> ServerProcess:
        """Start the service and wait until it answers (its indexing may still run)."""
        self.launch()
        return self.wait_until_answering(timeout)

    def launch(self) -> None:
        """Start the service's process, in a process group of its own (its workers, reading
        processes and forkserver with it)."""
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                self.command,
                cwd=PROJECT_ROOT,
                env=self.env,
                stdout=log,
                stderr=log,
                start_new_session=True,
            )

    def wait_until_answering(self, timeout: float = 120) -> ServerProcess:
        assert self.process is not None
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited: {self.log.read_text()[-2000:]}")
            try:
                if httpx.get(f"{self.url}/healthz", timeout=2).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        self.kill()
        raise RuntimeError("server did not start")

    def kill(self) -> None:
        """SIGKILL to the service's whole process group (with `--workers N`, every worker):
        no shutdown code runs (a crash, or a power cut for the service)."""
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, signal.SIGKILL)  # its group: the session it leads
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()


FINISHED_STATES = ("done", "failed")


def follow_job(
    client: httpx.Client,
    answer: httpx.Response,
    until: tuple[str, ...] = FINISHED_STATES,
    timeout: float = 120,
) -> dict[str, Any]:
    """The job an upload answered `202` with, once it reached one of `until`."""
    assert answer.status_code == 202, answer.text
    return wait_for_job(client, answer.json()["job"]["url"], until, timeout)


def wait_for_job(
    client: httpx.Client,
    url: str,
    until: tuple[str, ...] = FINISHED_STATES,
    timeout: float = 120,
) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        job: dict[str, Any] = client.get(url).json()
        if job["state"] in until:
            return job
        assert time.monotonic() < deadline, f"job still {job['state']}: {job}"
        time.sleep(0.05)
