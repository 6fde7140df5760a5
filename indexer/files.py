"""Durable file writes and content hashes, for every module that keeps files.

`write_atomically` never leaves a half-written file: it writes a temporary file in the same
folder, fsyncs it, renames it over the target and fsyncs the folder.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
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


def modified_ns(path: Path) -> int:
    """The file's modification time in nanoseconds, 0 when it does not exist: what a
    reader compares to know whether to read the file again."""
    try:
        return path.stat().st_mtime_ns
    except FileNotFoundError:
        return 0
