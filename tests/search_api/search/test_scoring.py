"""Eager scoring equals Whoosh's own scores, reads positional parts only where asked, and
serves its dictionaries back to Whoosh's collector."""

from __future__ import annotations

import pytest
from whoosh import query as wq
from whoosh.searching import Searcher
from whoosh_support import body_index

from search_api.search.scoring import (
    and_scores,
    matches_anywhere,
    query_scores,
    score_list_matcher,
    scores_at,
)
from search_api.search.vectors import ScoreVector

DOCUMENTS = {
    "phrase": "uluslararası koruma başvurusu yapılır",
    "apart": "koruma için uluslararası bir başvuru",
    "one": "koruma",
    "none": "vatandaşlık",
}


@pytest.fixture(scope="module")
def searcher() -> Searcher:
    return body_index(DOCUMENTS).searcher()


def whoosh_scores(searcher: Searcher, query: wq.Query) -> dict[int, float]:
    return {hit.docnum: hit.score for hit in searcher.search(query, limit=None)}


def test_an_and_with_a_phrase_scores_as_whoosh_does(searcher: Searcher) -> None:
    phrase = wq.Phrase("body", ["uluslararası", "koruma"])
    query = wq.And([wq.Term("body", "koruma"), phrase])
    mine = and_scores(query.subqueries, searcher, None).as_dict()
    assert (
        mine.keys()
        == whoosh_scores(searcher, query).keys()
        == {searcher.document_number(id="phrase")}
    )
    assert mine == pytest.approx(whoosh_scores(searcher, query))


def test_scores_at_reads_only_the_units_asked_about(searcher: Searcher) -> None:
    term = wq.Term("body", "koruma")
    every = query_scores(term, searcher).as_dict()
    asked = sorted(searcher.document_number(id=name) for name in ("apart", "none"))
    assert scores_at(term, searcher, None, asked).as_dict() == {asked[0]: every[asked[0]]}


def test_a_score_list_is_served_to_whooshs_collector_in_its_order(searcher: Searcher) -> None:
    scores = {searcher.document_number(id="one"): 2.0, searcher.document_number(id="apart"): 1.0}
    matcher = score_list_matcher(ScoreVector.from_mapping(scores))
    seen = []
    while matcher.is_active():
        seen.append((matcher.id(), matcher.score()))
        matcher.next()
    assert seen == sorted(scores.items())
    assert not score_list_matcher({}).is_active()


def test_matches_anywhere_looks_past_the_segment_being_scored() -> None:
    index = body_index({"a": "koruma"})
    with index.writer(merge=False) as writer:
        writer.add_document(id="b", body="vatandaşlık")
    with index.searcher() as searcher:
        segments = [segment for segment, _ in searcher.leaf_searchers()]
        assert len(segments) == 2
        without = next(s for s in segments if s.document(id="b") is not None)
        assert matches_anywhere(wq.Term("body", "koruma"), without)
        assert not matches_anywhere(wq.Term("body", "göç"), without)
