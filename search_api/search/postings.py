"""Term scores from whole posting lists at once: the same BM25F scores Whoosh computes,
as array arithmetic instead of per-posting matcher calls.

Whoosh scores a posting through four method calls and a field-length lookup; at library
size (a common word in 50,000 units, in ten fields) that was most of a search. Here a
term's postings are decoded once into two arrays (document numbers, weights), kept for the
terms read last (bounded by `MAX_POSTINGS_BYTES`: a segment never changes), and scored in
one NumPy expression with the scorer's own statistics (idf, average length, B, K1); field
lengths come from a table built once per segment and field (bounded). Anything that is
not a plain BM25F term over Whoosh 3 blocks (inline postings of a rare term, another
weighting) falls back to Whoosh's matcher.
"""

from __future__ import annotations

import threading
from array import array
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import accumulate, repeat
from typing import Any

import numpy as np
from whoosh import query as wq
from whoosh.codec.whoosh3 import W3LeafMatcher, W3PerDocReader
from whoosh.matching.wrappers import FilterMatcher
from whoosh.scoring import BM25FScorer

from indexer.index import BYTE_LENGTHS, length_bytes
from search_api.search.vectors import DOCNUM, SCORE, ScoreVector, as_array

Scores = dict[int, float]  # a few units' scores (positions are read for a few units)

MAX_LENGTH_TABLES = 512  # (segment, field) tables kept; a segment never changes
MAX_POSTINGS_BYTES = 128 * 2**20  # decoded postings kept (8 bytes a posting)
_postings: OrderedDict[tuple[str, str, bytes], Postings] = OrderedDict()
_postings_bytes = 0
_postings_lock = threading.Lock()
_lengths: OrderedDict[tuple[str, str], array] = OrderedDict()
_lengths_lock = threading.Lock()
_masks: OrderedDict[tuple[str, str, bytes], np.ndarray] = OrderedDict()


def field_lengths(reader: Any, fieldname: str) -> array:
    """Every document's length in `fieldname` in one segment, as Whoosh's scorer reads it
    (the stored length byte, decoded; 1 when absent). A segment is never changed once
    written, so the table is built once and shared by every searcher and index version."""
    segment = reader.segment()
    key = (segment.segment_id() if segment is not None else str(id(reader)), fieldname)
    with _lengths_lock:
        found = _lengths.get(key)
        if found is not None:
            _lengths.move_to_end(key)
            return found
    found = _read_lengths(reader, fieldname)
    with _lengths_lock:
        _lengths[key] = found
        while len(_lengths) > MAX_LENGTH_TABLES:
            _lengths.popitem(last=False)
    return found


def _read_lengths(reader: Any, fieldname: str) -> array:
    """A segment's lengths in `fieldname`, its lengths column read whole (one byte a unit);
    a unit with no length byte (without the field, which is in none of its postings, or
    one a crash left half-written) has length 1. Another reader: one unit at a time."""
    size = reader.doc_count_all()
    perdoc = getattr(reader, "_perdoc", None)
    if isinstance(perdoc, W3PerDocReader):
        raw = length_bytes(perdoc, fieldname, size)
        if raw is None:  # no unit has the field
            return array("I", [1]) * size
        lengths = BYTE_LENGTHS[raw]
        lengths[raw == 0] = 1
        return array("I", lengths.tobytes())
    return array("I", (reader.doc_field_length(d, fieldname, 1) or 1 for d in range(size)))


def column_values(reader: Any, name: str) -> array:
    """Every unit's value of the integer column `name` (0 where it has none), over all of
    `reader`'s segments; each segment's values are read once (a segment never changes)."""
    parts = [(_segment_column(leaf, name), offset) for leaf, offset in reader.leaf_readers()]
    if len(parts) == 1:
        return parts[0][0]
    found = array("q")
    for values, _ in sorted(parts, key=lambda part: part[1]):
        found.extend(values)
    return found


def _segment_column(reader: Any, name: str) -> array:
    segment = reader.segment()
    key = (segment.segment_id() if segment is not None else str(id(reader)), f"column:{name}")
    with _lengths_lock:
        found = _lengths.get(key)
        if found is not None:
            _lengths.move_to_end(key)
            return found
    size = reader.doc_count_all()
    if reader.has_column(name):
        column = reader.column_reader(name)
        found = array("q", (int(column[docnum] or 0) for docnum in range(size)))
    else:
        found = array("q", bytes(8 * size))
    with _lengths_lock:
        _lengths[key] = found
        while len(_lengths) > MAX_LENGTH_TABLES:
            _lengths.popitem(last=False)
    return found


def term_scores(term: wq.Term, searcher: Any, context: Any = None) -> ScoreVector:
    """Every document's score under one term query, as Whoosh would score it."""
    if term.fieldname not in searcher.schema:
        return ScoreVector.empty()
    field = searcher.schema[term.fieldname]
    try:
        text = field.to_bytes(term.text)
    except ValueError:
        return ScoreVector.empty()
    key = (term.fieldname, text)
    if key not in searcher.reader():
        return ScoreVector.empty()
    weighting = context.weighting if context is not None else searcher.weighting
    parts: list[ScoreVector] = []
    for subsearcher, offset in searcher.leaf_searchers():
        reader = subsearcher.reader()
        if key not in reader:
            continue
        scorer = weighting.scorer(subsearcher, term.fieldname, text)
        decoded = decoded_postings(reader, term.fieldname, text)
        if decoded is not None and type(scorer) is BM25FScorer:
            part = _bm25_scores(
                reader, term.fieldname, scorer, term.boost, decoded.ids, decoded.weights
            )
            if reader.has_deletions():
                deleted = np.fromiter(reader.deleted_docs_set, DOCNUM)
                part = part.where(~np.isin(part.docnums, deleted))
        else:
            found: dict[int, float] = {}
            matcher = reader.postings(term.fieldname, text, scorer=scorer)
            while matcher.is_active():
                found[matcher.id()] = matcher.score() * term.boost
                matcher.next()
            part = ScoreVector.from_mapping(found)
        if offset:
            part = ScoreVector(part.docnums + offset, part.scores)
        parts.append(part)
    if len(parts) == 1:
        return parts[0]
    return ScoreVector(
        np.concatenate([part.docnums for part in parts]),
        np.concatenate([part.scores for part in parts]),
    )


def term_mask(searcher: Any, fieldname: str, text: str) -> np.ndarray:
    """Whether each unit (by document number, over all segments) holds one term: a filter's
    units. Each segment's mask is built once (a segment never changes) from the decoded
    postings that scoring shares."""
    if fieldname not in searcher.schema:
        return np.zeros(searcher.doc_count_all(), bool)
    key = searcher.schema[fieldname].to_bytes(text)
    parts = [_segment_mask(sub.reader(), fieldname, key) for sub, _ in searcher.leaf_searchers()]
    return parts[0] if len(parts) == 1 else np.concatenate(parts)


def _segment_mask(reader: Any, fieldname: str, text: bytes) -> np.ndarray:
    segment = reader.segment()
    key = (segment.segment_id() if segment is not None else str(id(reader)), fieldname, text)
    with _lengths_lock:
        found = _masks.get(key)
        if found is not None:
            _masks.move_to_end(key)
            return found
    found = np.zeros(reader.doc_count_all(), bool)
    if (fieldname, text) in reader:
        decoded = decoded_postings(reader, fieldname, text)
        if decoded is not None:
            found[decoded.ids] = True
        else:
            found[list(reader.postings(fieldname, text).all_ids())] = True
    with _lengths_lock:
        _masks[key] = found
        while len(_masks) > MAX_LENGTH_TABLES:
            _masks.popitem(last=False)
    return found


def _bm25_scores(
    reader: Any,
    fieldname: str,
    scorer: BM25FScorer,
    boost: float,
    ids: np.ndarray,
    weights: np.ndarray,
) -> ScoreVector:
    """BM25F of each posting, computed as `BM25FScorer` does (the same operations in the
    same order, so the same floating-point result)."""
    idf, k1, b, average = scorer.idf, scorer.K1, scorer.B, scorer.avgfl
    factor = boost * idf * (k1 + 1)
    weight = weights.astype(SCORE)
    if not b:  # no length normalisation: the score depends on the weight alone
        scores = factor * weight / (weight + k1)
    else:
        lengths = as_array(field_lengths(reader, fieldname), np.uint32)[ids]
        norm = k1 * (1 - b)
        per_length = k1 * b / average
        scores = factor * weight / (weight + norm + per_length * lengths)
    return ScoreVector(ids.astype(DOCNUM), scores)


@dataclass(frozen=True)
class Postings:
    """A term's postings in one segment: ascending document numbers (int32) and their
    weights (float32), and where each block starts, in those arrays (`starts`) and in the
    postings file (`offsets`), to read a block's positions without reading its neighbours."""

    ids: np.ndarray
    weights: np.ndarray
    starts: np.ndarray
    offsets: np.ndarray

    @property
    def nbytes(self) -> int:
        return self.ids.nbytes + self.weights.nbytes + self.starts.nbytes + self.offsets.nbytes


def decoded_postings(reader: Any, fieldname: str, text: bytes) -> Postings | None:
    """A term's postings in one segment (deleted units included); None when they are not
    Whoosh 3 blocks (a rare term's inline postings). Reading a block means unpickling it,
    positions and all: the postings of the terms read last are kept (bounded by
    `MAX_POSTINGS_BYTES`), shared by every searcher, since a segment never changes."""
    global _postings_bytes
    segment = reader.segment()
    if segment is None:
        return _decode_postings(reader, fieldname, text)
    key = (segment.segment_id(), fieldname, text)
    with _postings_lock:
        found = _postings.get(key)
        if found is not None:
            _postings.move_to_end(key)
            return found
    decoded = _decode_postings(reader, fieldname, text)
    if decoded is None:
        return None
    with _postings_lock:
        if key not in _postings:
            _postings[key] = decoded
            _postings_bytes += decoded.nbytes
        while _postings_bytes > MAX_POSTINGS_BYTES and len(_postings) > 1:
            _, dropped = _postings.popitem(last=False)
            _postings_bytes -= dropped.nbytes
    return decoded


def leaf_matcher(reader: Any, fieldname: str, text: bytes) -> W3LeafMatcher | None:
    """The term's block reader in one segment (deletions not applied), if it has blocks."""
    matcher = reader.postings(fieldname, text)
    if isinstance(matcher, FilterMatcher):
        matcher = matcher.child  # deletions are applied by the caller, per reader
    if not isinstance(matcher, W3LeafMatcher) or matcher._byteids:
        return None
    return matcher


def _decode_postings(reader: Any, fieldname: str, text: bytes) -> Postings | None:
    matcher = leaf_matcher(reader, fieldname, text)
    if matcher is None:
        return None
    ids = array("i")
    weights = array("f")
    starts = array("q")
    offsets = array("q")
    offset = matcher._baseoffset
    while matcher.is_active():
        starts.append(len(ids))
        offsets.append(offset)
        if matcher._data is None:
            matcher._read_data()
        stored_ids, stored_weights = matcher._data[0], matcher._data[1]
        ids.extend(accumulate(stored_ids))
        if stored_weights is None:
            weights.extend(repeat(1.0, matcher._blocklength))
        elif isinstance(stored_weights, float):
            weights.extend(repeat(stored_weights, matcher._blocklength))
        else:
            weights.extend(stored_weights)
        offset = matcher._nextoffset
        matcher._next_block()
    return Postings(
        as_array(ids, np.int32).copy(),
        as_array(weights, np.float32).copy(),
        as_array(starts, np.int64).copy(),
        as_array(offsets, np.int64).copy(),
    )


def stops_at(matcher: Any, docnums: Sequence[int]) -> Iterator[int]:
    """Each of `docnums` (ascending, of the matcher's segment) the matcher holds, with the
    matcher moved onto it (`skip_to`, never past a document asked about)."""
    for docnum in docnums:
        if not matcher.is_active():
            return
        if matcher.id() < docnum:
            matcher.skip_to(docnum)
            if not matcher.is_active():
                return
        if matcher.id() == docnum:
            yield docnum
