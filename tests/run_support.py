"""What the test processes of one run share.

`scripts/test` runs the suite on several processes (pytest-xdist). The costly session
fixtures — the real-PDF index with its OCR, the default corpus's index, the readings of its
laws — are built once per run, by whichever process asks first, in one folder every process
of the run sees; the others wait on a file lock and take the result. A test that may write
gets its own copy (the fixtures in conftest copy a built data folder); what is shared is only
ever read.

The folder is made by the process that starts the run (`start_run`, from conftest's
`pytest_configure`), handed to xdist's worker processes in the environment (they inherit it),
and removed when that process ends the run. A plain `pytest` run is a run of one process:
the same code, the same fixtures.
"""

from __future__ import annotations

import fcntl
import os
import pickle
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

RUN_DIR_VARIABLE = "KAYNAK_TEST_RUN_DIR"

T = TypeVar("T")


def start_run() -> Path | None:
    """Make the run's shared folder unless this process inherited one; returns the folder
    this process made (its to remove), or None."""
    if os.environ.get(RUN_DIR_VARIABLE):
        return None
    made = Path(tempfile.mkdtemp(prefix="kaynak-test-run-"))
    os.environ[RUN_DIR_VARIABLE] = str(made)
    return made


def end_run(made: Path | None) -> None:
    if made is not None:
        shutil.rmtree(made, ignore_errors=True)
        os.environ.pop(RUN_DIR_VARIABLE, None)


def run_dir() -> Path:
    """The folder every process of this run shares."""
    folder = os.environ.get(RUN_DIR_VARIABLE)
    if not folder:
        raise RuntimeError(f"{RUN_DIR_VARIABLE} is not set: conftest's pytest_configure sets it")
    return Path(folder)


@contextmanager
def run_lock(name: str) -> Iterator[None]:
    """Held by one process of the run at a time (a blocking `flock` on a file of the run)."""
    with (run_dir() / f"{name}.lock").open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def built_once(name: str, build: Callable[[Path], T]) -> tuple[Path, T]:
    """`build(folder)` run once in this run, by the first process to ask, into a folder of
    the run; every process gets that folder and (a pickled copy of) what `build` returned.
    A build that failed is tried again by the next process that asks."""
    folder = run_dir() / name
    result_path = run_dir() / f"{name}.pickle"
    with run_lock(name):
        if not result_path.exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            result_path.write_bytes(pickle.dumps(build(folder)))
        built: T = pickle.loads(result_path.read_bytes())
    return folder, built
