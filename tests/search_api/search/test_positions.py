"""Words near each other, read from positions in the candidate units only, match and score as
Whoosh's span matchers do, on a real multi-segment index on disk with deletions and with
postings long enough to fill many blocks."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from whoosh import query as wq
from whoosh import scoring
from whoosh.fields import ID, TEXT, Schema
from whoosh.filedb.filestore import FileStorage
from whoosh.query.spans import SpanNear2

from search_api.search.positions import near_spans, position_runs
from search_api.search.proximity import WordsTogether
from search_api.search.scoring import scores_at

WORDS = ["göç", "belediye", "koruma", "korumanın", "izin", "kanun", "madde", "hizmet", "kent"]
RARE = "seyrek"  # in a handful of units: Whoosh keeps such postings inline


@pytest.fixture(scope="module")
def searcher(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    folder = Path(tmp_path_factory.mktemp("positions"))
    index = FileStorage(str(folder)).create_index(Schema(id=ID(stored=True), body=TEXT()))
    rng = random.Random(11)
    for segment in range(3):  # three commits: three segments
        with index.writer() as writer:
            for number in range(600):
                words = [rng.choice(WORDS) for _ in range(rng.randint(1, 30))]
                if number % 97 == 0:
                    words.insert(rng.randrange(len(words) + 1), RARE)
                writer.add_document(id=f"{segment}-{number}", body=" ".join(words))
    with index.writer() as writer:  # deletions in every segment
        for segment in range(3):
            for number in range(0, 600, 9):
                writer.delete_by_term("id", f"{segment}-{number}")
    with index.searcher(weighting=scoring.BM25F(B=0.75, K1=0.9)) as opened:
        assert len(opened.leaf_searchers()) == 3
        yield opened


def whooshs_own(searcher, query: wq.Query) -> dict[int, float]:  # type: ignore[no-untyped-def]
    return {hit.docnum: hit.score for hit in searcher.search(query, limit=None)}


def candidates(searcher, share: int) -> list[int]:  # type: ignore[no-untyped-def]
    """Every `share`-th unit of the index, deleted ones included (they must not match)."""
    return list(range(0, searcher.doc_count_all(), share))


@pytest.mark.parametrize(
    ("words", "slop", "ordered"),
    [
        (("göç", "belediye"), 2, False),
        (("koruma", "izin", "kanun"), 3, False),
        (("kanun", "madde"), 1, True),
        (("seyrek", "kent"), 4, False),
    ],
)
def test_near_terms_score_as_whooshs_span_matcher(searcher, words, slop, ordered) -> None:  # type: ignore[no-untyped-def]
    query = SpanNear2([wq.Term("body", w, boost=0.6) for w in words], slop=slop, ordered=ordered)
    theirs = whooshs_own(searcher, query)
    asked = candidates(searcher, 2)
    mine = scores_at(query, searcher, None, asked).as_dict()
    expected = {docnum: score for docnum, score in theirs.items() if docnum in set(asked)}
    assert expected  # the case is not empty
    assert mine.keys() == expected.keys()
    assert all(mine[d] == pytest.approx(expected[d], rel=1e-6) for d in mine)


def test_words_together_match_as_its_span_matcher(searcher) -> None:  # type: ignore[no-untyped-def]
    query = WordsTogether("body", [["koru"], ["izin", "kanu"]], slop=2)
    theirs = set(whooshs_own(searcher, query))
    asked = candidates(searcher, 3)
    mine = scores_at(query, searcher, None, asked).as_dict()
    assert theirs & set(asked)
    assert set(mine) == theirs & set(asked)
    assert set(mine.values()) == {0.0}


def test_a_word_nowhere_in_the_index_matches_nothing(searcher) -> None:  # type: ignore[no-untyped-def]
    asked = candidates(searcher, 1)
    assert not scores_at(WordsTogether("body", [["koru"], ["yokk"]], 2), searcher, None, asked)
    near = SpanNear2([wq.Term("body", "göç"), wq.Term("body", "yok")], slop=2, ordered=False)
    assert not scores_at(near, searcher, None, asked)


def test_near_spans_joins_words_within_the_slop() -> None:
    assert near_spans([[(1, 1)], [(3, 3)]], slop=2, ordered=False) == [(1, 3)]
    assert near_spans([[(1, 1)], [(4, 4)]], slop=2, ordered=False) == []
    assert near_spans([[(5, 5)], [(3, 3)]], slop=2, ordered=True) == []
    assert near_spans([[(5, 5)], [(3, 3)]], slop=2, ordered=False) == [(3, 5)]
    assert near_spans([[(2, 2)], [(2, 2)]], slop=2, ordered=False) == []  # the same word


def test_a_words_forms_at_consecutive_positions_make_one_span() -> None:
    """Whoosh's `SpanOr` merges touching spans, and `SpanNear2` then looks for the next word
    from the merged span's start: `kanun kanun koruma` is not `kanun` near `koruma` at slop 1
    the way two separate positions would be."""
    assert position_runs([1, 2, 3, 5, 7, 8]) == [(1, 3), (5, 5), (7, 8)]
    assert position_runs([]) == []
