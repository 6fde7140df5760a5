"""Segment files read from one shared memory map, never copied.

Whoosh maps a segment's compound file once per reader, and then hands each part of it
(postings, terms, columns) to a `BufferFile`, which copies the part into a `BytesIO`: every
searcher held a private copy of most of the index (at 10,369 units four concurrent searches
took 800 MB; at 100,000 units one searcher alone would pass 1 GB). Here all the searchers of
an index version share one map per segment, and each file reads the map in place; the pages
are the kernel's page cache, shared and reclaimable, not the process's own memory.
"""

from __future__ import annotations

import copy
import threading
from typing import Any

from whoosh.filedb.compound import CompoundStorage
from whoosh.filedb.structfile import BufferFile


class MapView:
    """`read`, `seek` and `tell` over a region of a memory map, without copying the region
    (each read slices the map itself, one call in C)."""

    __slots__ = ("_length", "_map", "_position", "_start")

    def __init__(self, source: Any, start: int = 0, length: int | None = None) -> None:
        self._map = source
        self._start = start
        self._length = len(source) - start if length is None else length
        self._position = 0

    def read(self, size: int | None = -1) -> bytes:
        start = self._position
        end = self._length if size is None or size < 0 else min(start + size, self._length)
        if end <= start:
            return b""
        self._position = end
        return bytes(self._map[self._start + start : self._start + end])

    def readline(self, size: int | None = -1) -> bytes:
        start = self._position
        stop = self._length if size is None or size < 0 else min(start + size, self._length)
        if stop <= start:
            return b""
        newline = bytes(self._map[self._start + start : self._start + stop]).find(b"\n")
        return self.read(stop - start if newline < 0 else newline + 1)

    def seek(self, offset: int, whence: int = 0) -> int:
        base = (0, self._position, self._length)[whence]
        self._position = base + offset
        return self._position

    def tell(self) -> int:
        return self._position

    def close(self) -> None:
        return None


class MappedFile(BufferFile):
    """A `BufferFile` whose reads go to the map itself instead of a copy of it."""

    def __init__(self, source: Any, start: int, length: int, name: str | None = None) -> None:
        self._buf = memoryview(source)[start : start + length]
        self._name = name
        self.file = MapView(source, start, length)
        self.onclose = None
        self.is_real = False
        self.is_closed = False


class SharedCompoundStorage(CompoundStorage):
    """A segment's compound file, mapped once for every reader of an index version; the
    readers' `close` leaves it open (the map closes when the version is dropped)."""

    def open_file(self, name: str, *args: Any, **kwargs: Any) -> Any:
        if self._source is None:  # not mapped (no mmap here): Whoosh's own sub-files
            return super().open_file(name, *args, **kwargs)
        offset, length = self.range(name)
        return MappedFile(self._source, offset, length, name=name)

    def close(self) -> None:
        return None


class SharedSegments:
    """The segments of one index version, each opening its compound file from one shared
    map (`SharedCompoundStorage`) for every reader of the version."""

    def __init__(self) -> None:
        self._opened: dict[str, SharedCompoundStorage] = {}
        self._lock = threading.Lock()

    def segments(self, segments: list[Any]) -> list[Any]:
        return [self._sharing(segment) for segment in segments]

    def _sharing(self, segment: Any) -> Any:
        shared = copy.copy(segment)
        shared.open_compound_file = lambda storage: self._compound(segment, storage)
        return shared

    def _compound(self, segment: Any, storage: Any) -> SharedCompoundStorage:
        key = segment.segment_id()
        with self._lock:
            found = self._opened.get(key)
            if found is None:
                name = segment.make_filename(segment.COMPOUND_EXT)
                found = SharedCompoundStorage(
                    storage.open_file(name), use_mmap=storage.supports_mmap
                )
                self._opened[key] = found
            return found
