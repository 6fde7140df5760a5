"""Words near each other, read only in the units asked about.

Proximity bonuses (`SpanNear2` of two terms) and a glossary term's words standing together
(`WordsTogether`) are asked about a few hundred candidate units. Whoosh answers through its
span matchers: an intersection of unions of term matchers, each moved with `skip_to` and
asked for its spans at every stop, so that most of a search went into that machinery. Here
each term's postings are read block by block, only the blocks holding a candidate, and only
a candidate's positions are decoded; the nearness test is Whoosh's own (`SpanNear2`'s span
algorithm, on (start, end) pairs), so the matches and scores are the same.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np
from whoosh import query as wq
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.query.spans import SpanNear2
from whoosh.scoring import BM25FScorer

from search_api.search.postings import (
    Postings,
    Scores,
    decoded_postings,
    field_lengths,
    leaf_matcher,
    stops_at,
)

Span = tuple[int, int]  # first and last position


def term_positions_at(
    reader: Any, fieldname: str, text: bytes, docnums: Sequence[int], scorer: Any = None
) -> dict[int, tuple[float, list[int]]]:
    """For each of `docnums` (ascending, of this segment) holding the term: its score under
    `scorer` (0 without one) and its positions."""
    if (fieldname, text) not in reader:
        return {}
    deleted = reader.deleted_docs_set if reader.has_deletions() else frozenset()
    decode = reader.schema[fieldname].format.decoder("positions")
    found: dict[int, tuple[float, list[int]]] = {}
    postings = decoded_postings(reader, fieldname, text)
    matcher = leaf_matcher(reader, fieldname, text) if postings is not None else None
    if (
        matcher is not None
        and postings is not None
        and (scorer is None or type(scorer) is BM25FScorer)
    ):
        lengths = field_lengths(reader, fieldname) if scorer is not None and scorer.B else None
        for docnum, weight, value in _postings_at(matcher, postings, docnums):
            if docnum not in deleted:
                score = bm25_score(scorer, weight, lengths[docnum] if lengths else 1)
                found[docnum] = (score, decode(value))
        return found
    matcher = reader.postings(fieldname, text, scorer=scorer)
    for docnum in stops_at(matcher, docnums):  # any other matcher (a rare term's inline
        if docnum not in deleted:  # postings): Whoosh's way
            score = scorer.score(matcher) if scorer is not None else 0.0
            found[docnum] = (score, list(matcher.value_as("positions")))
    return found


def bm25_score(scorer: BM25FScorer | None, weight: float, length: int) -> float:
    """BM25F of one posting, as `BM25FScorer.score` computes it."""
    if scorer is None:
        return 0.0
    k1, b = scorer.K1, scorer.B
    return scorer.idf * (weight * (k1 + 1)) / (weight + k1 * ((1 - b) + b * length / scorer.avgfl))


def _postings_at(
    matcher: W3LeafMatcher, postings: Postings, docnums: Sequence[int]
) -> Iterator[tuple[int, float, bytes]]:
    """(docnum, weight, encoded value) of each of `docnums` in the postings: the blocks
    holding one are read straight from where they start, the others not at all."""
    asked = np.asarray(docnums, np.int64)
    ids = postings.ids
    at = np.searchsorted(ids, asked)
    inside = at < len(ids)
    at, asked = at[inside], asked[inside]
    held = ids[at] == asked
    at, asked = at[held], asked[held]
    if not len(at):
        return
    blocks = np.searchsorted(postings.starts, at, side="right") - 1
    weights = postings.weights
    current = -1
    for docnum, index, block in zip(asked.tolist(), at.tolist(), blocks.tolist(), strict=True):
        if block != current:
            matcher._goto(int(postings.offsets[block]))
            matcher._read_values()
            current = block
        yield docnum, float(weights[index]), matcher._values[index - int(postings.starts[block])]


def near_spans(
    words: Sequence[Sequence[Span]], slop: int, ordered: bool, mindist: int = 1
) -> list[Span]:
    """`SpanNear2`'s spans: each word's spans (sorted) joined in turn with the next word's
    where they stand `mindist`..`slop` positions apart (in order when `ordered`)."""
    found: list[Span] = list(words[0]) if words else []
    for following in words[1:]:
        if not found:
            return []
        starts = [span[0] for span in following]
        joined: set[Span] = set()
        for a_start, a_end in found:
            j = bisect_left(starts, a_start if ordered else max(0, a_start - slop))
            while j < len(following):
                b_start, b_end = following[j]
                j += 1
                if b_end < a_start - slop or (ordered and a_start > b_start):
                    continue
                if b_start > a_end + slop:
                    break
                if a_end < b_start:
                    distance = b_start - a_end
                elif b_end < a_start:
                    distance = a_start - b_end
                else:
                    distance = 0  # overlapping
                if mindist <= distance <= slop:
                    joined.add((min(a_start, b_start), max(a_end, b_end)))
        found = sorted(joined)
    return found


def word_positions_at(
    reader: Any, fieldname: str, terms: Sequence[str], docnums: Sequence[int]
) -> dict[int, list[Span]]:
    """Per unit of `docnums`, the positions of any of `terms` (one word's forms), as the
    spans Whoosh's `SpanOr` of those terms (or the `Term` alone) gives."""
    field = reader.schema[fieldname]
    merged: dict[int, set[int]] = {}
    for term in terms:
        try:
            text = field.to_bytes(term)
        except ValueError:
            continue
        for docnum, (_, found) in term_positions_at(reader, fieldname, text, docnums).items():
            merged.setdefault(docnum, set()).update(found)
    if len(terms) == 1:
        return {docnum: [(p, p) for p in sorted(found)] for docnum, found in merged.items()}
    return {docnum: position_runs(sorted(found)) for docnum, found in merged.items()}


def position_runs(positions: Sequence[int]) -> list[Span]:
    """Consecutive positions as one span each, as Whoosh's `SpanOr` merges its terms'
    spans (which changes what counts as near: `SpanNear2` looks for the next word from the
    start of its spans)."""
    runs: list[Span] = []
    for position in positions:
        if runs and runs[-1][1] + 1 >= position:
            runs[-1] = (runs[-1][0], position)
        else:
            runs.append((position, position))
    return runs


def is_term_near(query: wq.Query) -> bool:
    """Whether `query` is a `SpanNear2` of plain terms in one field (a proximity bonus)."""
    return (
        type(query) is SpanNear2
        and len(query.qs) >= 2
        and all(type(q) is wq.Term for q in query.qs)
        and len({q.fieldname for q in query.qs}) == 1
    )


def term_near_scores_at(
    query: SpanNear2, searcher: Any, context: Any, docnums: Sequence[int]
) -> Scores:
    """A `SpanNear2` of terms over one segment: where its terms stand near each other among
    `docnums` (ascending), the sum of their boosted scores, as Whoosh's matcher scores it."""
    reader = searcher.reader()
    fieldname = query.qs[0].fieldname
    if fieldname not in searcher.schema:
        return {}
    field = searcher.schema[fieldname]
    if not field.format.supports("positions"):
        return {}
    weighting = context.weighting if context is not None else searcher.weighting
    per_term: list[dict[int, tuple[float, list[int]]]] = []
    for term in query.qs:
        try:
            text = field.to_bytes(term.text)
        except ValueError:
            return {}
        if (fieldname, text) not in reader:
            return {}
        scorer = weighting.scorer(searcher, fieldname, text)
        per_term.append(term_positions_at(reader, fieldname, text, docnums, scorer))
    common = set(per_term[0]).intersection(*per_term[1:])
    found: Scores = {}
    for docnum in sorted(common):
        words = [[(p, p) for p in sorted(set(hits[docnum][1]))] for hits in per_term]
        if near_spans(words, query.slop, query.ordered, query.mindist):
            found[docnum] = sum(
                hits[docnum][0] * term.boost for hits, term in zip(per_term, query.qs, strict=True)
            )
    return found
