"""Index generations on disk: which one is being served, building a new one beside it, and
swapping it in atomically.

A generation is one Whoosh index folder, stamped with the `INDEX_VERSION` that built it, with
its own manifest beside its segments (the manifest vouches for exactly that index's units).
They live in `<data_dir>/indexes/<name>`; `<data_dir>/current-index` names the one being
served, and is replaced atomically (`write_atomically`), so a reader sees the old generation
or the new one, never half of either. Before this layout the index lived in `<data_dir>/index`
with `<data_dir>/manifest.json`: such a folder is read as the current generation as it is.

Opening never deletes or rewrites anything: a generation of another version is served as it
is until its replacement is complete. Only `IndexStore.rebuild` removes superseded ones.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from whoosh import index
from whoosh.filedb.filestore import FileStorage

from indexer.files import write_atomically
from indexer.index.schema import build_schema

POINTER_NAME = "current-index"
GENERATIONS_DIR = "indexes"
LEGACY_INDEX_DIR = "index"
LEGACY_MANIFEST = "manifest.json"
STAMP_NAME = "KAYNAK_VERSION"
MANIFEST_NAME = "manifest.json"


@dataclass(frozen=True)
class Generation:
    """One index folder and the manifest that describes it."""

    path: Path
    manifest_path: Path

    @property
    def name(self) -> str:
        return self.path.name

    def exists(self) -> bool:
        return index.exists_in(str(self.path))

    def version(self) -> str | None:
        """The `INDEX_VERSION` that built it (None for a folder without a stamp)."""
        try:
            return (self.path / STAMP_NAME).read_text().strip()
        except OSError:
            return None


class FreshReaderIndex(index.FileIndex):
    """The Whoosh index, with readers that always reflect the latest commit.

    whoosh-reloaded's `reader(reuse=old)` (what `Searcher.refresh()` calls) keeps segments a
    commit merged away and reuses segment readers whose deletions changed, so a refreshed
    searcher still finds removed documents, and finds re-added ones twice. Open fresh
    readers instead, and close the old one as the `reuse` contract says.
    """

    def reader(self, reuse: object = None) -> object:
        fresh = super().reader()
        if reuse is not None:
            reuse.close()  # type: ignore[attr-defined]
        return fresh


def open_generation(generation: Generation) -> FreshReaderIndex:
    return FreshReaderIndex(FileStorage(str(generation.path)))


def generation_named(data_dir: Path, name: str) -> Generation:
    if name == LEGACY_INDEX_DIR:
        return Generation(data_dir / LEGACY_INDEX_DIR, data_dir / LEGACY_MANIFEST)
    path = data_dir / GENERATIONS_DIR / name
    return Generation(path, path / MANIFEST_NAME)


def pointer_signature(data_dir: Path) -> tuple[int, int] | None:
    """Changes whenever the pointer is replaced (a new inode each time): cheap to poll."""
    try:
        stat = (data_dir / POINTER_NAME).stat()
    except OSError:
        return None
    return (stat.st_ino, stat.st_mtime_ns)


def current_generation(data_dir: Path) -> Generation | None:
    """The generation being served, or None when the data folder holds no index yet."""
    try:
        name = (data_dir / POINTER_NAME).read_text().strip()
    except OSError:
        name = LEGACY_INDEX_DIR
    generation = generation_named(data_dir, name)
    return generation if generation.exists() else None


def new_generation(data_dir: Path, version: str) -> tuple[Generation, FreshReaderIndex]:
    """An empty index of `version` beside the current one, not served until `swap_in`."""
    moment = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
    name = f"{re.sub(r'[^A-Za-z0-9.+-]', '_', version)}-{moment}"
    generation = generation_named(data_dir, name)
    generation.path.mkdir(parents=True)
    created = FreshReaderIndex.create(FileStorage(str(generation.path)), build_schema())
    write_atomically(generation.path / STAMP_NAME, version.encode())
    return generation, created


def unfinished_generation(data_dir: Path, version: str) -> Generation | None:
    """The newest generation of `version` that was being built and never swapped in: a
    rebuild interrupted by a crash resumes there instead of starting again."""
    current = current_generation(data_dir)
    folder = data_dir / GENERATIONS_DIR
    if not folder.is_dir():
        return None
    candidates = [
        generation_named(data_dir, path.name)
        for path in sorted(folder.iterdir(), reverse=True)
        if path.is_dir()
    ]
    for generation in candidates:
        if current is not None and generation.path == current.path:
            continue
        if generation.exists() and generation.version() == version:
            return generation
    return None


def swap_in(data_dir: Path, generation: Generation) -> None:
    """Serve `generation` from now on: one atomic rename (call under the write lock)."""
    write_atomically(data_dir / POINTER_NAME, generation.name.encode())


def remove_superseded(data_dir: Path) -> list[str]:
    """Delete every generation but the current one (the explicit rebuild's last step, under
    the write lock). Returns the names removed."""
    current = current_generation(data_dir)
    removed = []
    folder = data_dir / GENERATIONS_DIR
    others = (
        [generation_named(data_dir, p.name) for p in folder.iterdir()] if folder.is_dir() else []
    )
    legacy = generation_named(data_dir, LEGACY_INDEX_DIR)
    if legacy.path.exists():
        others.append(legacy)
    for generation in others:
        if current is not None and generation.path == current.path:
            continue
        shutil.rmtree(generation.path, ignore_errors=True)
        if generation.name == LEGACY_INDEX_DIR:
            generation.manifest_path.unlink(missing_ok=True)
        removed.append(generation.name)
    return removed


def created_after(generation: Generation, other: Generation) -> bool:
    """Whether `generation` was started after `other` (names end with their creation time;
    the legacy folder predates every generation)."""
    if other.name == LEGACY_INDEX_DIR:
        return True
    return generation.name.rsplit("-", 1)[-1] > other.name.rsplit("-", 1)[-1]
