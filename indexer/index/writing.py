"""How a commit writes: on how many processes, and which segments it merges.

Whoosh's default merge policy re-merges the big segments again and again as commits add
small ones, so a large build spends most of its time merging what it merged before. Kaynak
merges in tiers instead: segments are grouped by size in steps of `MERGE_FACTOR` (from
`TIER_BASE` units), and only a tier holding `MERGE_FACTOR` segments is merged, into one
segment of the next tier. A unit is merged once per tier it climbs (a few times in all,
not once per commit), and the number of segments stays bounded by the tiers times the
factor (at 100,000 units a handful; searching costs grow with segments).

A large batch is written on `procs` processes (Whoosh's multi-process writer, each process
writing its own segment, which the tiers then merge); a small one (an upload) in this
process. The units in flight are bounded by the writer's batches and its memory limit, not
by the batch.
"""

from __future__ import annotations

import os
import queue
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from typing import Any

from whoosh.codec.whoosh3 import (
    W3Codec,
    W3PerDocReader,
    W3Segment,
)
from whoosh.index import Index
from whoosh.multiproc import MpWriter, SubWriterTask
from whoosh.reading import SegmentReader
from whoosh.writing import IndexWriter, SegmentWriter

from indexer.index.lengths import BYTE_LENGTHS, length_bytes
from indexer.index.postings import (
    BulkCodec,
    GroupedPostingPool,
    term_postings,
    term_postings_of,
)

MERGE_FACTOR = 8  # segments of one tier merged together
TIER_BASE = 1000  # units: segments under this are the lowest tier
MULTIPROCESS_UNITS = 1000  # a batch at least this large is written on several processes
WRITER_MEMORY_MB = 256  # each writing process's posting buffer before it spills to disk
PARENT_CHECK_SECONDS = 1.0  # how often an idle writing process checks its parent is alive
DOCUMENTS_PER_JOB = 100  # documents handed to a writing process at a time


@dataclass(frozen=True)
class TieredMerge:
    """Whoosh merge policy (`writer.mergetype`): merge every full tier into the segment being
    written, keep the other segments as they are."""

    factor: int = MERGE_FACTOR
    base: int = TIER_BASE

    def tier(self, doc_count: int) -> int:
        """A segment's tier: 0 under `base` units, then one more per `factor` times more."""
        level, bound = 0, self.base
        while doc_count >= bound:
            level, bound = level + 1, bound * self.factor
        return level

    def to_merge(self, segments: Sequence[Any]) -> list[Any]:
        """The segments of every tier that holds `factor` of them (or more)."""
        tiers: dict[int, list[Any]] = {}
        for segment in segments:
            tiers.setdefault(self.tier(segment.doc_count()), []).append(segment)
        return [s for members in tiers.values() if len(members) >= self.factor for s in members]

    def __call__(self, writer: SegmentWriter, segments: list[Any]) -> list[Any]:
        merging = self.to_merge(segments)
        for segment in merging:
            reader = SegmentReader(writer.storage, writer.schema, segment)
            writer.add_reader(reader)
            reader.close()
        return [segment for segment in segments if segment not in merging]


class _LengthsInMemory(W3PerDocReader):
    """The per-document reader a segment's flush uses: it reads each field's lengths column
    whole, once, where Whoosh's reads one byte from the file for every posting it writes (a
    quarter of the writing time)."""

    def doc_field_length(self, docnum: int, fieldname: str, default: Any = 0) -> Any:
        if docnum > self._doccount:
            raise IndexError(f"Asked for docnum {docnum} of {self._doccount}")
        lengths = self.field_lengths(fieldname)
        return default if lengths is None else lengths[docnum]

    def field_lengths(self, fieldname: str) -> list[Any] | None:
        """A field's length in every document (None where 0), or None without any."""
        whole: dict[str, list[Any] | None] = self.__dict__.setdefault("_whole_lengths", {})
        if fieldname not in whole:
            raw = length_bytes(self, fieldname, self._doccount)
            whole[fieldname] = None if raw is None else [
                length or None for length in BYTE_LENGTHS[raw].tolist()
            ]  # fmt: skip
        return whole[fieldname]


class WritingCodec(BulkCodec):
    """Whoosh's codec, reading lengths whole and writing postings in bulk. Its segments name
    the plain codec, so readers and the files on disk are Whoosh's own."""

    def per_document_reader(self, storage: Any, segment: Any) -> W3PerDocReader:
        return _LengthsInMemory(storage, segment)

    def new_segment(self, storage: Any, indexname: str) -> W3Segment:
        return W3Segment(W3Codec(), indexname)


class BulkSegmentWriter(SegmentWriter):
    """Whoosh's segment writer with the grouped posting pool, merging segments a term's
    block at a time."""

    def __init__(self, ix: Index, **kwargs: Any) -> None:
        super().__init__(ix, **kwargs)
        self.pool = GroupedPostingPool(
            self._tempstorage, self.newsegment, limitmb=kwargs.get("limitmb", 128)
        )

    @property
    def counts_terms(self) -> bool:
        """Whether `add_document` counts term lists itself: not for a schema with term
        vectors or spelling fields (Kaynak's has neither), which Whoosh's own handles."""
        return not any(f.vector or f.separate_spelling() for _, f in self.schema.items())

    def add_document(self, **fields: Any) -> None:
        """Whoosh's `add_document`, with a field given as its list of terms (`unit_fields`)
        counted here: the same postings as Whoosh's token stream gives (`term_postings_of`)."""
        if not self.counts_terms:
            super().add_document(**fields)
            return
        self._check_state()
        perdocwriter = self.perdocwriter
        schema = self.schema
        docnum = self.docnum
        pool = self.pool
        docboost = self._doc_boost(fields)
        fieldnames = sorted(name for name in fields if not name.startswith("_"))
        self._check_fields(schema, fieldnames)
        perdocwriter.start_doc(docnum)
        try:
            for fieldname in fieldnames:
                value = fields.get(fieldname)
                if value is None:
                    continue
                field = schema[fieldname]
                length = 0
                if field.indexed:
                    fieldboost = self._field_boost(fields, fieldname, docboost)
                    items = None
                    if isinstance(value, list):
                        items = term_postings_of(field.format, value)
                    if items is None:
                        items = field.index(value)
                    length = pool.add_document_terms(fieldname, docnum, items, fieldboost)
                    if not field.scorable:
                        length = 0
                stored = fields.get(f"_stored_{fieldname}", value)
                perdocwriter.add_field(fieldname, field, stored if field.stored else None, length)
                column = field.column_type
                if column and stored is not None:
                    perdocwriter.add_column_value(fieldname, column, field.to_column_value(stored))
        except Exception:
            perdocwriter.cancel_doc()
            raise
        perdocwriter.finish_doc()
        self._added = True
        self.docnum += 1

    def add_postings_to_pool(self, reader: Any, startdoc: int, docmap: Any) -> None:
        if docmap is not None:  # deletions: renumber posting by posting, as Whoosh does
            super().add_postings_to_pool(reader, startdoc, docmap)
            return
        for fieldname, text in reader.all_terms():
            if fieldname in self.schema:
                flat, size = term_postings(reader.postings(fieldname, text), startdoc)
                self.pool.add_term(fieldname, text, flat, size)


class _BulkSubWriterTask(SubWriterTask):
    """Whoosh's writing process, writing with `BulkSegmentWriter` (its `run`, one segment per
    process), that ends when its parent dies: Whoosh's waits on the job queue for ever, an
    orphan holding its posting pool (hundreds of MB) after a `kaynak index` killed alone."""

    def run(self) -> None:
        parent = os.getppid()
        ix = self.storage.open_index(self.indexname)
        writer = self.writer = BulkSegmentWriter(ix, _lk=False, **self.kwargs)
        while self.running:
            try:
                jobinfo = self.jobqueue.get(timeout=PARENT_CHECK_SECONDS)
            except queue.Empty:
                if os.getppid() != parent:  # the writing parent died (SIGKILL): no more jobs
                    with suppress(OSError):  # its temporary files may be gone already
                        writer.cancel()
                    return
                continue
            if jobinfo is None:
                break
            self._process_file(*jobinfo)
        if not self.running:
            writer.cancel()
            return
        fieldnames = writer.pool.fieldnames
        segment = writer._finalize_segment()
        self.resultqueue.put((None, fieldnames, segment), timeout=5)


class BulkMpWriter(MpWriter, BulkSegmentWriter):
    """Whoosh's multi-process writer (one segment per process) with bulk writing in the
    processes and in this one (its merges)."""

    def __init__(self, ix: Index, procs: int, **kwargs: Any) -> None:
        super().__init__(ix, procs=procs, multisegment=True, **kwargs)
        self.pool = GroupedPostingPool(
            self._tempstorage, self.newsegment, limitmb=kwargs.get("limitmb", 128)
        )

    def _commit_toc(self, segments: list[Any]) -> None:
        """Whoosh's commit, unless a writing process died: Whoosh would commit without its
        segment (its result is simply missing), losing its units while the caller records
        them as indexed. Then nothing is committed (the index stays as it was), the lock
        is released, and `WritingProcessLost` says so."""
        lost = [task.exitcode for task in self.tasks if task.exitcode != 0]
        if lost:
            self._finish()
            raise WritingProcessLost(lost)
        super()._commit_toc(segments)

    def _new_task(self) -> SubWriterTask:
        task = _BulkSubWriterTask(
            self.storage, self.indexname, self.jobqueue, self.resultqueue, self.subargs, True
        )
        self.tasks.append(task)
        task.start()
        return task


class WritingProcessLost(RuntimeError):
    """A writing process ended without its segment (killed, out of memory): the commit
    was not made."""

    def __init__(self, exit_codes: Sequence[int | None]) -> None:
        super().__init__(f"a writing process ended without its segment (exit codes {exit_codes})")
        self.exit_codes = list(exit_codes)


def writer_procs(units: int, workers: int) -> int:
    """How many processes write a batch of `units`: `workers` for a large one, else one."""
    return max(1, workers) if units >= MULTIPROCESS_UNITS else 1


def open_writer(
    index: Index, procs: int, timeout: float, policy: TieredMerge = TieredMerge()
) -> IndexWriter:
    """A writer on `procs` processes (one when `procs` is 1) that merges with `policy`."""
    options: dict[str, Any] = {
        "limitmb": WRITER_MEMORY_MB,
        "timeout": timeout,
        "codec": WritingCodec(),
    }
    writer: SegmentWriter
    if procs > 1:
        writer = BulkMpWriter(index, procs, batchsize=DOCUMENTS_PER_JOB, **options)
    else:
        writer = BulkSegmentWriter(index, **options)
    writer.mergetype = policy
    return writer


def stop_subprocesses(writer: IndexWriter) -> None:
    """End a cancelled multi-process writer's processes (Whoosh leaves them waiting)."""
    for task in getattr(writer, "tasks", ()):
        task.terminate()
        task.join()


@contextmanager
def committing(
    index: Index, procs: int, timeout: float, policy: TieredMerge = TieredMerge()
) -> Iterator[IndexWriter]:
    """A writer that commits when the block ends, or is cancelled when it raises."""
    writer = open_writer(index, procs, timeout, policy)
    try:
        yield writer
    except BaseException:
        writer.cancel()
        stop_subprocesses(writer)
        raise
    writer.commit()
