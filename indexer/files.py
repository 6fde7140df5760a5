"""Durable file writes and content hashes, for every module that keeps files.

`write_atomically` never leaves a half-written file: it writes a temporary file in the same
folder, fsyncs it, renames it over the target and fsyncs the folder. `updating` holds a file
for one process's read-change-write.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary file in the same folder, fsync, rename: never a half file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
        fsync_path(path.parent)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def fsync_path(path: Path) -> None:
    """fsync a file written elsewhere (a staged upload) or a folder (so that renames and links
    in it survive a power cut)."""
    handle = os.open(path, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


FileStamp = tuple[int, int, int]  # (modified ns, inode, size); () when there is no file


def file_stamp(path: Path) -> FileStamp | tuple[()]:
    """What a reader compares to know whether to read a shared file again: its modification
    time, inode and size, or () (false) when it does not exist. The inode tells two writes
    apart within one tick of the file system's clock (a few ms, in which a modification
    time can repeat): every write replaces the file (`write_atomically`), a new inode."""
    try:
        found = path.stat()
    except FileNotFoundError:
        return ()
    return found.st_mtime_ns, found.st_ino, found.st_size


@contextmanager
def updating(path: Path) -> Iterator[None]:
    """Held while a file is read, changed and written again, so that two processes sharing
    it (the service's workers) never lose each other's change: an exclusive `flock` on
    `.<name>.lock` beside it, released when the block ends (or its process does)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = os.open(path.parent / f".{path.name}.lock", os.O_CREAT | os.O_RDWR, 0o600)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)  # closing releases the lock
