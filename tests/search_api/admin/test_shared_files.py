"""The login throttle's, the sessions' and the users' files are shared by the service's worker
processes: changes made at the same moment by two processes are all kept."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from indexer.files import file_stamp
from search_api.admin import SESSIONS_FILE, THROTTLE_FILE, Accounts, LoginThrottle, SessionStore
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


@pytest.mark.slow
def test_librarians_added_by_every_process_are_all_kept(tmp_path: Path) -> None:
    """The users file is changed under the file's lock: a librarian added on one worker is
    not lost to another worker adding one at the same moment."""
    path = tmp_path / "users.json"
    run_at_once(
        f"""
        import os
        from pathlib import Path
        from argon2 import PasswordHasher
        from search_api.admin import Accounts
        hasher = PasswordHasher(time_cost=1, memory_cost=64, parallelism=1)
        accounts = Accounts(Path({str(path)!r}), hasher)
        # start
        for number in range({CHANGES}):
            name = f"kutuphaneci{{os.getpid()}}x{{number}}"
            accounts.add_user(name, "uzun-bir-parola")
            accounts.create_token(name)
    """,
        tmp_path,
    )
    accounts = Accounts(path)
    assert len(accounts.users()) == PROCESSES * CHANGES
    assert len(accounts.tokens()) == PROCESSES * CHANGES


def test_a_file_rewritten_within_one_clock_tick_is_read_again(tmp_path: Path) -> None:
    """Two writes within one tick of the file system's clock leave the same modification
    time: the stamp tells them apart (each write is a new file), so a worker that wrote
    first reads the other's write before changing the file again."""
    path = tmp_path / SESSIONS_FILE
    first, second = SessionStore(path, 3600), SessionStore(path, 3600)
    opened = first.open("ayse", "hash")
    written = path.stat().st_mtime_ns
    other = second.open("mehmet", "hash")
    os.utime(path, ns=(written, written))  # as if in the same tick as the first write
    assert file_stamp(path)[0] == written
    first.open("zeynep", "hash")  # must keep mehmet's session
    assert SessionStore(path, 3600).get(other) is not None
    assert SessionStore(path, 3600).get(opened) is not None
