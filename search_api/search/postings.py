"""Term scores read block by block: the same BM25F scores Whoosh computes, without its
per-posting matcher calls.

Whoosh scores a posting through four method calls and a field-length lookup; at library
size (a common word in 50,000 units, in ten fields) that is most of a search. Here a term's
postings are read a block at a time (ids and weights arrays, as Whoosh stores them) and
scored in one loop with the scorer's own statistics (idf, average length, B, K1); field
lengths come from a table built once per segment and field (bounded). Anything that is
not a plain BM25F term over Whoosh 3 blocks (inline postings of a rare term, another
weighting) falls back to Whoosh's matcher.
"""

from __future__ import annotations

import threading
from array import array
from collections import OrderedDict
from collections.abc import Collection, Iterable
from itertools import accumulate
from typing import Any

from whoosh import query as wq
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.matching.wrappers import FilterMatcher
from whoosh.scoring import BM25FScorer

Scores = dict[int, float]

MAX_LENGTH_TABLES = 512  # (segment, field) tables kept; a segment never changes
_lengths: OrderedDict[tuple[str, str], array] = OrderedDict()
_lengths_lock = threading.Lock()


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
    # No length byte (Whoosh returns None): a unit without the field, which is in none of
    # its postings, or one a crash left half-written: 1.
    found = array(
        "I",
        (reader.doc_field_length(d, fieldname, 1) or 1 for d in range(reader.doc_count_all())),
    )
    with _lengths_lock:
        _lengths[key] = found
        while len(_lengths) > MAX_LENGTH_TABLES:
            _lengths.popitem(last=False)
    return found


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


def term_scores(term: wq.Term, searcher: Any, context: Any = None) -> Scores:
    """Every document's score under one term query, as Whoosh would score it."""
    if term.fieldname not in searcher.schema:
        return {}
    field = searcher.schema[term.fieldname]
    try:
        text = field.to_bytes(term.text)
    except ValueError:
        return {}
    key = (term.fieldname, text)
    if key not in searcher.reader():
        return {}
    weighting = context.weighting if context is not None else searcher.weighting
    found: Scores = {}
    for subsearcher, offset in searcher.leaf_searchers():
        reader = subsearcher.reader()
        if key not in reader:
            continue
        scorer = weighting.scorer(subsearcher, term.fieldname, text)
        matcher = reader.postings(term.fieldname, text, scorer=scorer)
        deleted: Collection[int] = ()
        if isinstance(matcher, FilterMatcher) and matcher._exclude:
            deleted, matcher = matcher._ids, matcher.child  # a segment with deletions
        if isinstance(matcher, W3LeafMatcher) and type(scorer) is BM25FScorer:
            lengths = field_lengths(reader, term.fieldname) if scorer.B else None
            _score_blocks(matcher, scorer, lengths, offset, term.boost, found)
            for docnum in deleted:
                found.pop(docnum + offset, None)
        else:
            matcher = reader.postings(term.fieldname, text, scorer=scorer)
            while matcher.is_active():
                found[matcher.id() + offset] = matcher.score() * term.boost
                matcher.next()
    return found


def _score_blocks(
    matcher: W3LeafMatcher,
    scorer: BM25FScorer,
    lengths: array | None,
    offset: int,
    boost: float,
    found: Scores,
) -> None:
    idf, k1, b, average = scorer.idf, scorer.K1, scorer.B, scorer.avgfl
    factor = boost * idf * (k1 + 1)
    while matcher.is_active():
        ids, weights = _block(matcher)
        if lengths is None:  # no length normalisation: the score depends on the weight alone
            for docnum, weight in zip(ids, weights, strict=True):
                found[docnum + offset] = factor * weight / (weight + k1)
        else:
            norm = k1 * (1 - b)
            per_length = k1 * b / average
            for docnum, weight in zip(ids, weights, strict=True):
                found[docnum + offset] = (
                    factor * weight / (weight + norm + per_length * lengths[docnum])
                )
        matcher._next_block()


def _block(matcher: W3LeafMatcher) -> tuple[Iterable[int], Iterable[float]]:
    """The current block's ids and weights (Whoosh's own lazy readers fill them)."""
    if matcher._ids is None:
        read_ids(matcher)
    if matcher._weights is None:
        matcher._read_weights()
    ids, weights = matcher._ids, matcher._weights
    start = matcher._i
    if start:
        return ids[start:], weights[start:]
    return ids, weights


def read_ids(matcher: W3LeafMatcher) -> None:
    """Decode the current block's ids as Whoosh's `_read_ids` does (the running sum of the
    stored gaps), with `accumulate` in C instead of a generator step per posting."""
    if matcher._data is None:
        matcher._read_data()
    stored = matcher._data[0]
    matcher._ids = stored if matcher._byteids else tuple(accumulate(stored))
