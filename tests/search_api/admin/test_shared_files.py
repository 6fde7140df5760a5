"""The login throttle's and the sessions' files are shared by the service's worker
processes: changes made at the same moment by two processes are all kept."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from search_api.admin import SESSIONS_FILE, THROTTLE_FILE, LoginThrottle, SessionStore
from search_api.web import TooManyRequests

PROCESSES = 3
CHANGES = 15
ROOT = Path(__file__).resolve().parents[3]


def run_at_once(code: str, folder: Path) -> None:
    """`code` in PROCESSES real processes, each starting it once all are ready (their
    imports done), so that their changes overlap."""
    barrier = f"""
        import time
        from pathlib import Path
        Path({str(folder)!r}, "ready-" + str(__import__("os").getpid())).touch()
        while not Path({str(folder)!r}, "go").exists():
            time.sleep(0.01)
    """
    script = textwrap.dedent(code).replace("# start\n", textwrap.dedent(barrier))
    processes = [
        subprocess.Popen([sys.executable, "-c", script], cwd=ROOT) for _ in range(PROCESSES)
    ]
    deadline = time.monotonic() + 120
    while len(list(folder.glob("ready-*"))) < PROCESSES:
        assert time.monotonic() < deadline, "the processes did not start"
        time.sleep(0.05)
    (folder / "go").touch()
    assert [process.wait(timeout=120) for process in processes] == [0] * PROCESSES


@pytest.mark.slow
def test_failed_logins_from_every_process_count_together(tmp_path: Path) -> None:
    path = tmp_path / THROTTLE_FILE
    run_at_once(
        f"""
        from pathlib import Path
        from search_api.admin import LoginThrottle
        throttle = LoginThrottle(1000, 1000, 900, path=Path({str(path)!r}))
        # start
        for _ in range({CHANGES}):
            throttle.failed("ayse", "10.0.0.1")
    """,
        tmp_path,
    )
    failures = json.loads(path.read_text())["failures"]
    assert len(failures["user:ayse"]) == PROCESSES * CHANGES
    # A process that started before them sees them too (it reads the file again).
    assert LoginThrottle(1000, 1000, 900, path=path).tracked() == 2


@pytest.mark.slow
def test_a_throttle_sees_failures_another_process_counted_after_it_started(
    tmp_path: Path,
) -> None:
    path = tmp_path / THROTTLE_FILE
    throttle = LoginThrottle(2, 100, 900, path=path)
    throttle.check("ayse", "10.0.0.1")  # not held back yet
    run_at_once(
        f"""
        from pathlib import Path
        from search_api.admin import LoginThrottle
        other = LoginThrottle(2, 100, 900, path=Path({str(path)!r}))
        # start
        other.failed("ayse", "10.0.0.2")
    """,
        tmp_path,
    )
    with pytest.raises(TooManyRequests):  # their failures count here too
        throttle.check("ayse", "10.0.0.1")


@pytest.mark.slow
def test_sessions_opened_by_every_process_are_all_kept(tmp_path: Path) -> None:
    path = tmp_path / SESSIONS_FILE
    ids = tmp_path / "ids"
    ids.mkdir()
    run_at_once(
        f"""
        import os
        from pathlib import Path
        from search_api.admin import SessionStore
        store = SessionStore(Path({str(path)!r}), 3600)
        # start
        opened = [store.open("ayse", "hash") for _ in range({CHANGES})]
        Path({str(ids)!r}, str(os.getpid())).write_text("\\n".join(opened))
    """,
        tmp_path,
    )
    store = SessionStore(path, 3600)
    opened = [line for file in ids.iterdir() for line in file.read_text().splitlines()]
    assert len(opened) == PROCESSES * CHANGES
    assert all(store.get(session_id) is not None for session_id in opened)
