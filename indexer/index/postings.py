"""Postings in bulk: a segment writer's posting pool that keeps each term's postings together,
and a field writer that writes them a term at a time.

Whoosh's pool holds every posting as its own `(field, term, docnum, weight, value)` tuple,
sorts all of them, spills them to disk one `pickle.dump` per posting and merges the spilled
runs back one posting at a time; its field writer then takes them one by one again. Two
thirds of a segment's writing time went there. Here a term's postings are appended to one
flat list as they come (a writer's document numbers only grow, so the list is in order),
only the terms are sorted, a spilled run is a few large `marshal` records, runs merge term by
term, and the field writer extends its blocks a slice at a time. The files written are
Whoosh's own, posting for posting the same (`tests/indexer/index/test_postings.py`).
"""

from __future__ import annotations

import heapq
import marshal
from collections import Counter
from collections.abc import Iterable, Iterator
from itertools import groupby
from operator import itemgetter
from typing import Any

from whoosh.codec.whoosh3 import W3Codec, W3FieldWriter, W3LeafMatcher, W3PostingsWriter
from whoosh.formats import Frequency, Positions
from whoosh.system import pack_uint
from whoosh.writing import PostingPool

RUN_RECORD_TERMS = 2_000  # terms per marshal record of a spilled run (bounds reading memory)
TERM_BYTES = 120  # a term's share of the pool's memory, beside its postings
POSTING_BYTES = 60  # a posting's: three list slots, its number and weight

TermRow = tuple[str, bytes, list[Any]]  # field, term, flat [docnum, weight, value, ...]
PostingValues = tuple[bytes, int, float, bytes]  # term, frequency, weight, encoded value


class TermGroups:
    """The pool's postings, sorted: term by term for `BulkFieldWriter`, or posting by posting
    (Whoosh's `(field, term, docnum, weight, value)`) for any other consumer."""

    def __init__(self, rows: Iterator[TermRow]) -> None:
        self.rows = rows

    def __iter__(self) -> Iterator[tuple[str, bytes, int, float, bytes | None]]:
        for fieldname, text, flat in self.rows:
            for at in range(0, len(flat), 3):
                yield fieldname, text, flat[at], flat[at + 1], flat[at + 2]


class GroupedPostingPool(PostingPool):
    """Whoosh's `PostingPool` with each term's postings kept together (see the module)."""

    def __init__(self, tempstore: Any, segment: Any, limitmb: int = 128, **kwargs: Any) -> None:
        super().__init__(tempstore, segment, limitmb=limitmb, **kwargs)
        self.terms: dict[tuple[str, bytes], list[Any]] = {}
        self.runs: list[str] = []

    def add(self, item: tuple[str, bytes, int, float, bytes | None]) -> None:
        fieldname, text, docnum, weight, value = item
        key = (fieldname, text)
        flat = self.terms.get(key)
        if flat is None:
            flat = self.terms[key] = []
            self.fieldnames.add(fieldname)
            self.currentsize += TERM_BYTES + len(text)
        flat += (docnum, weight, value)
        self.currentsize += POSTING_BYTES + (len(value) if value else 0)
        if self.currentsize > self.limit:
            self.save()

    def add_document_terms(
        self, fieldname: str, docnum: int, items: Iterable[PostingValues], boost: float
    ) -> int:
        """Add a document's postings in one field (`field.index` values, weights times
        `boost`); returns the field's length (its terms' frequencies summed)."""
        terms = self.terms
        length = size = 0
        for text, frequency, weight, value in items:
            length += frequency
            key = (fieldname, text)
            flat = terms.get(key)
            if flat is None:
                terms[key] = [docnum, weight * boost, value]
                size += TERM_BYTES + len(text)
            else:
                flat += (docnum, weight * boost, value)
            size += POSTING_BYTES + (len(value) if value else 0)
        if size:
            self.fieldnames.add(fieldname)
            self.currentsize += size
            if self.currentsize > self.limit:
                self.save()
        return length

    def add_term(self, fieldname: str, text: bytes, flat: list[Any], size: int) -> None:
        """Append a term's postings (flat `[docnum, weight, value, ...]`, of about `size`
        bytes of values) after the ones it has."""
        key = (fieldname, text)
        held = self.terms.get(key)
        if held is None:
            self.terms[key] = flat
            self.fieldnames.add(fieldname)
            self.currentsize += TERM_BYTES + len(text)
        else:
            held += flat
        self.currentsize += POSTING_BYTES * (len(flat) // 3) + size
        if self.currentsize > self.limit:
            self.save()

    def _sorted_rows(self) -> list[TermRow]:
        return [(key[0], key[1], flat) for key, flat in sorted(self.terms.items())]

    def save(self) -> None:
        if self.terms:
            rows = self._sorted_rows()
            self.terms = {}
            path, handle = self._new_run()
            for start in range(0, len(rows), RUN_RECORD_TERMS):
                marshal.dump(rows[start : start + RUN_RECORD_TERMS], handle)
            handle.close()
            self.runs.append(path)
        self.currentsize = 0

    def _read_run(self, path: str) -> Iterator[TermRow]:
        handle = self._open_run(path)
        try:
            while True:
                try:
                    rows = marshal.load(handle)
                except EOFError:
                    return
                yield from rows
        finally:
            handle.close()
            self._remove_run(path)

    def _merged_rows(self, runs: list[str]) -> Iterator[TermRow]:
        # A term's postings in an earlier run come before its postings in a later one
        # (heapq.merge is stable), which is document order.
        merged = heapq.merge(*(self._read_run(path) for path in runs), key=_term_key)
        for (fieldname, text), rows in groupby(merged, key=_term_key):
            flat: list[Any] = []
            for row in rows:
                flat += row[2]
            yield fieldname, text, flat

    def iter_postings(self) -> TermGroups:
        if not self.runs:
            rows = self._sorted_rows()
            self.terms = {}
            return TermGroups(iter(rows))
        self.save()
        runs, self.runs = self.runs, []
        return TermGroups(self._merged_rows(runs))

    def items(self, maxfiles: int = 128) -> TermGroups:
        return self.iter_postings()

    def reduce_to(self, target: int, k: int) -> None:
        # Whoosh's single-segment multi-process merge; Kaynak writes one segment per process.
        raise NotImplementedError("GroupedPostingPool does not reduce runs")


_term_key = itemgetter(0, 1)


class BulkPostingsWriter(W3PostingsWriter):
    """Whoosh's postings writer, given a term's postings a block's worth at a time."""

    def add_many(
        self, ids: list[int], weights: list[float], values: list[Any], lengths: list[Any] | None
    ) -> None:
        """What `add_posting` for each posting in turn does (a full block is written when a
        posting follows it)."""
        limit = self._blocklimit
        self._maxweight: float
        self._minlength: int | None
        self._maxlength: int
        start, count = 0, len(ids)
        while start < count:
            if len(self._ids) >= limit:
                self._write_block()
            end = min(count, start + limit - len(self._ids))
            block_ids = ids[start:end]
            block_weights = weights[start:end]
            self._ids.extend(block_ids)
            self._weights.extend(block_weights)
            heaviest = max(block_weights)
            if heaviest > self._maxweight:
                self._maxweight = heaviest
            self._values.extend(value for value in values[start:end] if value)
            if lengths is not None:
                known = [length for length in map(lengths.__getitem__, block_ids) if length]
                if known:
                    shortest, longest = min(known), max(known)
                    if self._minlength is None or shortest < self._minlength:
                        self._minlength = shortest
                    if longest > self._maxlength:
                        self._maxlength = longest
            start = end


class BulkFieldWriter(W3FieldWriter):
    """Whoosh's field writer, taking `TermGroups` a term at a time (anything else as Whoosh
    does)."""

    def add_postings(self, schema: Any, lengths: Any, items: Any) -> None:
        if not isinstance(items, TermGroups):
            super().add_postings(schema, lengths, items)
            return
        whole_lengths = getattr(lengths, "field_lengths", None)
        lastfn = None
        field_lengths: list[Any] | None = None
        for fieldname, text, flat in items.rows:
            ids = flat[0::3]
            if min(ids) < 0:  # Whoosh's spelling postings: not postings (none in Kaynak)
                kept = [at for at in range(0, len(flat), 3) if flat[at] >= 0]
                flat = [flat[at + k] for at in kept for k in range(3)]
                ids = flat[0::3]
                if not ids:
                    continue
            if fieldname != lastfn:
                if lastfn is not None:
                    self.finish_field()
                self.start_field(fieldname, schema[fieldname])
                lastfn = fieldname
                field_lengths = _field_lengths(lengths, whole_lengths, fieldname, len(ids))
            self.start_term(text)
            postings = self._postwriter
            assert isinstance(postings, BulkPostingsWriter)
            postings.add_many(ids, flat[1::3], flat[2::3], field_lengths)
            self.finish_term()
        self._fieldid = None
        self._btext = None
        self._fieldobj = None
        self._format = None


def _field_lengths(lengths: Any, whole: Any, fieldname: str, _count: int) -> Any:
    """A field's length in each document, indexable by document number, from a reader that
    reads them whole; without a lengths reader, none (Whoosh counts them 0)."""
    if lengths is None:
        return None
    if whole is not None:
        return whole(fieldname)
    return _LazyLengths(lengths, fieldname)


class _LazyLengths:
    def __init__(self, lengths: Any, fieldname: str) -> None:
        self.lengths = lengths
        self.fieldname = fieldname

    def __getitem__(self, docnum: int) -> Any:
        return self.lengths.doc_field_length(docnum, self.fieldname)


class BulkCodec(W3Codec):
    """W3Codec with the bulk field and postings writers (the files are the plain codec's)."""

    def field_writer(self, storage: Any, segment: Any) -> W3FieldWriter:
        return BulkFieldWriter(self, storage, segment)

    def postings_writer(self, dbfile: Any, byteids: bool = False) -> W3PostingsWriter:
        return BulkPostingsWriter(
            dbfile,
            blocklimit=self._blocklimit,
            byteids=byteids,
            compression=self._compression,
            inlinelimit=self._inlinelimit,
        )


def term_postings_of(fmt: Any, terms: list[str]) -> list[PostingValues] | None:
    """What `field.index(terms)` gives for a list of terms (Whoosh indexes each as a token,
    one position each, boost 1) when the field's format counts positions or frequencies;
    None for another format."""
    kind = type(fmt)
    if kind is Positions:
        positions: dict[str, list[int]] = {}
        for position, term in enumerate(terms):
            held = positions.get(term)
            if held is None:
                positions[term] = [position]
            else:
                held.append(position)
        boost, encode = fmt.field_boost, fmt.encode
        return [
            (term.encode("utf-8"), len(held), float(len(held)) * boost, encode(held))
            for term, held in positions.items()
        ]
    if kind is Frequency:
        boost = fmt.field_boost
        return [
            (term.encode("utf-8"), count, float(count) * boost, pack_uint(count))
            for term, count in Counter(terms).items()
        ]
    return None


def term_postings(matcher: Any, base: int) -> tuple[list[Any], int]:
    """A term's postings in one segment, flat `[docnum + base, weight, value, ...]` (a block
    at a time from Whoosh's own matcher), and the bytes of their values."""
    flat: list[Any] = []
    size = 0
    if isinstance(matcher, W3LeafMatcher):
        while matcher.is_active():
            matcher._read_ids()
            matcher._read_weights()
            matcher._read_values()
            values = list(matcher._values)
            block: list[Any] = [None] * (3 * len(values))
            block[0::3] = [docnum + base for docnum in matcher._ids]
            block[1::3] = list(matcher._weights)
            block[2::3] = values
            flat += block
            size += sum(len(value) for value in values if value)
            matcher._next_block()
        return flat, size
    while matcher.is_active():
        value = matcher.value()
        flat += (matcher.id() + base, matcher.weight(), value)
        size += len(value) if value else 0
        matcher.next()
    return flat, size
