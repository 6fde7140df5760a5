"""More than one worker process over one data folder (issue 13 §3): every worker serves,
one elected worker does the folder's background work, and takes it over when it dies.

Real processes, real signals, over HTTP. Two services on two ports over one data folder are
two workers a test can address one by one (the election is the same whoever starts them);
`kaynak serve --workers 2` is uvicorn's supervisor with its worker processes on one port.
"""

from __future__ import annotations

import json
import os
import re
import signal
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from collection_support import (
    ServerProcess,
    add_librarian,
    bearer,
    small_corpus,
    wait_for_job,
)
from conftest import free_port, wait_for_indexing
from pdf_factory import distinct_word, make_pdf

from search_api.jobs import LEADER_FILE, leader_record

START_SECONDS = 180.0
TAKEOVER_SECONDS = 20.0  # the role is taken over within a few seconds (polled every 1 s)
SEARCHABLE_SECONDS = 60.0
LEADS = re.compile(r"worker (\d+) leads .* \((at start|taking over)\)")
RECONCILED = "search_api.app: index: "  # the start-up reconcile's summary line
STARTED = "Application startup complete"  # a worker serves (uvicorn's line)


def poll(what: str, check: Callable[[], Any], seconds: float) -> Any:
    """`check()` once it is truthy; fails after `seconds`."""
    deadline = time.monotonic() + seconds
    while True:
        found = check()
        if found:
            return found
        assert time.monotonic() < deadline, f"not within {seconds:.0f} s: {what}"
        time.sleep(0.1)


def upload(url: str, token: str, word: str) -> str:
    """A PDF holding `word`, uploaded through the API; returns its job's URL."""
    pdf = make_pdf(f"Isci denemesi {word}\n" + "dolgu satiri\n" * 20)
    answer = httpx.post(
        f"{url}/api/documents",
        files={"file": (f"{word}.pdf", pdf)},
        data={"title": f"İşçi {word}"},
        headers=bearer(token),
        timeout=60,
    )
    assert answer.status_code == 202, answer.text
    return str(answer.json()["job"]["url"])


def finished_job(url: str, token: str, job_url: str) -> dict[str, Any]:
    with httpx.Client(base_url=url, headers=bearer(token), timeout=60) as client:
        return wait_for_job(client, job_url, timeout=SEARCHABLE_SECONDS)


def finds(url: str, word: str) -> bool:
    hits = httpx.get(f"{url}/api/search", params={"q": word}, timeout=60).json()["hits"]
    return any(word in hit["title"] for hit in hits)


def health(url: str) -> dict[str, Any]:
    answer = httpx.get(f"{url}/healthz", timeout=60)
    assert answer.status_code == 200
    return dict(answer.json())


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path, str]:
    corpus = small_corpus(tmp_path)
    data = tmp_path / "data"
    return corpus, data, add_librarian(data)


@pytest.fixture
def two_services(tmp_path: Path, folders: tuple[Path, Path, str]) -> Iterator[list[ServerProcess]]:
    corpus, data, _ = folders
    services = [
        ServerProcess(corpus, data, free_port(), tmp_path / f"worker-{name}.log") for name in "ab"
    ]
    try:
        for service in services:  # both starting at once: the election decides
            service.launch()
        for service in services:
            service.wait_until_answering(START_SECONDS)
            wait_for_indexing(service.url, time.monotonic() + START_SECONDS)
        yield services
    finally:
        for service in services:
            service.kill()


def leads(logs: str) -> list[tuple[int, str]]:
    return [(int(pid), how) for pid, how in LEADS.findall(logs)]


@pytest.mark.slow
def test_two_workers_share_the_background_work_and_the_index(
    two_services: list[ServerProcess], folders: tuple[Path, Path, str]
) -> None:
    _, data, token = folders
    pids = {service.process.pid: service for service in two_services if service.process}
    logs = "".join(service.log.read_text() for service in two_services)
    # Exactly one worker leads, elected at start, and only it ran the start-up reconcile.
    assert [how for _, how in leads(logs)] == ["at start"], logs[-3000:]
    assert logs.count(RECONCILED) == 1, logs[-3000:]
    leader_pid = int(leader_record(data)["pid"])  # type: ignore[call-overload]
    assert leader_record(data)["ready"] is True
    assert leads(logs)[0][0] == leader_pid and leader_pid in pids
    leader = pids[leader_pid]
    follower = next(service for service in two_services if service is not leader)

    # Both answer, and /healthz says the same of the data folder whichever answers.
    first, second = health(leader.url), health(follower.url)
    assert first == second
    assert first["documents"] == 1 and first["indexing"]["state"] == "done"

    # An upload to the follower is run by the leader (the only job runner) and is then
    # found by searches on either worker, as soon as the job says it is done.
    word = distinct_word(1, "isci")
    job = finished_job(follower.url, token, upload(follower.url, token, word))
    assert job["state"] == "done", job
    # Done (as the follower said) means searchable there, and on the leader that ran it.
    assert finds(follower.url, word) and finds(leader.url, word)
    documents = poll(
        "both workers list the new document",
        lambda: health(leader.url)["documents"] == health(follower.url)["documents"] == 2,
        SEARCHABLE_SECONDS,
    )
    assert documents

    # The leader dies (SIGKILL: no shutdown code): the follower takes the role over within
    # a few seconds, and runs the jobs from then on.
    leader.kill()
    record = poll(
        "the follower leads",
        lambda: (
            (found := leader_record(data)).get("pid") == follower.process.pid  # type: ignore[union-attr]
            and found.get("ready")
            and found
        ),
        TAKEOVER_SECONDS,
    )
    assert record["ready"] is True
    assert leads(follower.log.read_text()) == [(follower.process.pid, "taking over")]  # type: ignore[union-attr]
    later = distinct_word(2, "isci")
    job = finished_job(follower.url, token, upload(follower.url, token, later))
    assert job["state"] == "done", job
    poll(f"{later} found", lambda: finds(follower.url, later), SEARCHABLE_SECONDS)
    assert health(follower.url)["indexing"]["state"] == "done"
    assert (data / LEADER_FILE).is_file()


def child_pids(parent: int) -> set[int]:
    """The processes whose parent is `parent` (from /proc)."""
    found = set()
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(
                line.split(":\t", 1) for line in status.read_text().splitlines() if ":\t" in line
            )
        except OSError:
            continue
        if fields.get("PPid", "").strip() == str(parent):
            found.add(int(fields["Pid"]))
    return found


def worker_pids(log: Path) -> set[int]:
    return {int(pid) for pid in re.findall(r"Started server process \[(\d+)\]", log.read_text())}


@pytest.mark.slow
def test_serve_with_two_workers_elects_one_leader_and_replaces_it(
    tmp_path: Path, folders: tuple[Path, Path, str]
) -> None:
    corpus, data, token = folders
    service = ServerProcess(corpus, data, free_port(), tmp_path / "serve.log")
    service.command += ["--workers", "2"]
    started: set[int] = set()
    try:
        service.start(timeout=START_SECONDS)
        assert service.process is not None
        supervisor = service.process.pid
        started = poll(
            "two workers serving",
            lambda: service.log.read_text().count(STARTED) == 2 and worker_pids(service.log),
            START_SECONDS,
        )
        assert started <= child_pids(supervisor)
        record = poll("a leader is ready", lambda: leader_record(data).get("ready"), 30)
        assert record
        leader_pid = int(leader_record(data)["pid"])  # type: ignore[call-overload]
        assert leader_pid in started
        logs = service.log.read_text()
        assert leads(logs) == [(leader_pid, "at start")], logs[-3000:]
        assert logs.count(RECONCILED) == 1

        os.kill(leader_pid, signal.SIGKILL)
        new_leader = poll(
            "another worker leads",
            lambda: (
                (pid := leader_record(data).get("pid")) != leader_pid
                and leader_record(data).get("ready")
                and pid
            ),
            TAKEOVER_SECONDS,
        )
        assert new_leader in started  # the surviving worker, not the replacement
        poll("uvicorn replaced the dead worker", lambda: len(worker_pids(service.log)) == 3, 60)
        started = worker_pids(service.log)
        assert leads(service.log.read_text())[-1] == (new_leader, "taking over")
        word = distinct_word(3, "isci")
        job = finished_job(service.url, token, upload(service.url, token, word))
        assert job["state"] == "done", job
        poll(f"{word} found", lambda: finds(service.url, word), SEARCHABLE_SECONDS)
        assert json.loads((data / LEADER_FILE).read_text())["pid"] == new_leader
    finally:
        service.stop()  # SIGTERM: uvicorn ends its workers
        deadline = time.monotonic() + 30
        while any(map(pid_alive, started)) and time.monotonic() < deadline:
            time.sleep(0.1)
        left = {pid for pid in started if pid_alive(pid)}
        service.kill()  # never leave a worker behind: its whole process group
        assert not left, f"workers still running after the supervisor stopped: {left}"


GENERATED = 60


@pytest.mark.slow
def test_a_reconcile_the_leader_died_in_is_resumed_by_the_worker_taking_over(
    tmp_path: Path, folders: tuple[Path, Path, str]
) -> None:
    corpus, data, _ = folders
    words = [distinct_word(number, "dv") for number in range(GENERATED)]
    for number, word in enumerate(words):
        first = f"Devir belgesi {word}\n" + "dolgu satiri belediye raporu\n" * 30
        rest = "ikinci sayfa dolgu satiri\n" * 30
        (corpus / f"devir-{number:03}.pdf").write_bytes(make_pdf([first, rest, rest]))
    first, second = (
        ServerProcess(corpus, data, free_port(), tmp_path / f"worker-{name}.log") for name in "ab"
    )
    try:
        first.start_without_waiting_for_indexing(START_SECONDS)  # it leads and indexes
        assert first.process is not None
        second.launch()  # waits for the leader's start-up work, then serves
        second.wait_until_answering(START_SECONDS)
        seen = poll(
            "the second worker shows the leader's reconcile under way",
            lambda: (
                (indexing := health(second.url)["indexing"])["state"] == "running"
                and indexing["done"] > 0
                and indexing
            ),
            START_SECONDS,
        )
        assert seen["done"] < seen["total"] == GENERATED + 1
        first.kill()  # SIGKILL in the middle of the reconcile
        assert second.process is not None
        poll(
            "the second worker leads",
            lambda: leader_record(data).get("pid") == second.process.pid,  # type: ignore[union-attr]
            TAKEOVER_SECONDS,
        )
        shown = poll(
            "the resumed reconcile is done",
            lambda: (found := health(second.url))["indexing"]["state"] == "done" and found,
            START_SECONDS,
        )
        assert shown["documents"] == GENERATED + 1
        for number in (0, GENERATED - 1):
            hits = httpx.get(f"{second.url}/api/search", params={"q": words[number]}).json()
            assert hits["hits"][0]["doc_id"] == f"devir-{number:03}"
        assert second.log.read_text().count(RECONCILED) == 1  # the resumed one
    finally:
        first.kill()
        second.kill()
