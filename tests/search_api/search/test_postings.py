"""Term scores read block by block equal Whoosh's own, on a real multi-segment index on disk
with postings long enough to fill many blocks."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from whoosh import query as wq
from whoosh import scoring
from whoosh.fields import ID, TEXT, Schema
from whoosh.filedb.filestore import FileStorage

from search_api.search.postings import field_lengths, term_scores

WORDS = ["göç", "belediye", "koruma", "izin", "kanun", "madde", "hizmet", "kent"]


@pytest.fixture(scope="module")
def searcher(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    folder = Path(tmp_path_factory.mktemp("postings"))
    schema = Schema(id=ID(stored=True), flat=TEXT(), normalised=TEXT())
    index = FileStorage(str(folder)).create_index(schema)
    rng = random.Random(7)
    for segment in range(3):  # three commits: three segments
        with index.writer() as writer:
            for number in range(700):
                text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 40)))
                if number % 10 == 0:  # units without the field (no length byte)
                    writer.add_document(id=f"{segment}-{number}", flat=text)
                else:
                    writer.add_document(id=f"{segment}-{number}", flat=text, normalised=text)
    with index.writer() as writer:  # deletions in every segment
        for segment in range(3):
            for number in range(0, 700, 7):
                writer.delete_by_term("id", f"{segment}-{number}")
    weighting = scoring.BM25F(B=0.75, K1=0.9, flat_B=0.0)
    with index.searcher(weighting=weighting) as opened:
        assert len(opened.leaf_searchers()) == 3
        yield opened


@pytest.mark.parametrize("fieldname", ["flat", "normalised"])
@pytest.mark.parametrize("word", ["göç", "kent"])
def test_scores_equal_whooshs_own(searcher, fieldname: str, word: str) -> None:  # type: ignore[no-untyped-def]
    query = wq.Term(fieldname, word, boost=2.5)
    mine = term_scores(query, searcher).as_dict()
    theirs = {hit.docnum: hit.score for hit in searcher.search(query, limit=None)}
    assert len(theirs) > 1000  # many blocks in every segment
    assert not any(searcher.reader().is_deleted(docnum) for docnum in mine)
    assert mine.keys() == theirs.keys()
    assert all(mine[docnum] == pytest.approx(theirs[docnum], rel=1e-6) for docnum in mine)


def test_unknown_terms_and_fields_score_nothing(searcher) -> None:  # type: ignore[no-untyped-def]
    assert not term_scores(wq.Term("flat", "yok"), searcher)
    assert not term_scores(wq.Term("missing", "göç"), searcher)


def test_a_segments_lengths_read_whole_are_whooshs_own(tmp_path: Path) -> None:
    """The lengths column read whole equals Whoosh's unit-by-unit lengths: with units
    without the field (no length byte: 1), the last units among them, long texts whose
    length byte rounds, and a field no unit has."""
    schema = Schema(id=ID(stored=True), body=TEXT(), empty=TEXT())
    index = FileStorage(str(tmp_path)).create_index(schema)
    rng = random.Random(11)
    with index.writer() as writer:
        for number in range(300):
            words = rng.randint(1, 3000) if number % 4 else 0  # every fourth: no body
            body = " ".join(rng.choice(WORDS) for _ in range(words))
            writer.add_document(id=str(number), **({"body": body} if body else {}))
        for number in range(300, 310):  # the last units have no body
            writer.add_document(id=str(number))
    with index.searcher() as opened:
        reader = opened.reader()
        for fieldname in ("body", "empty"):
            theirs = [reader.doc_field_length(d, fieldname, 1) or 1 for d in range(310)]
            assert list(field_lengths(reader, fieldname)) == theirs
        assert len(set(field_lengths(reader, "body"))) > 50  # many lengths, not one
