"""Coordination and fallback queries score like Whoosh, then reward matching more words."""

from __future__ import annotations

import numpy as np
import pytest
from whoosh import query as wq
from whoosh import scoring
from whoosh.fields import ID, NUMERIC, TEXT, Schema
from whoosh.filedb.filestore import RamStorage
from whoosh.searching import Searcher
from whoosh_support import body_index

from search_api.search.coordination import CoordinatedOr, Fallback, ScaledWhere, TitleMatch
from search_api.search.scoring import query_scores
from search_api.search.vectors import ScoreVector

DOCUMENTS = {
    "both": "uluslararası koruma başvurusu",
    "repeats": "koruma koruma koruma koruma koruma koruma koruma koruma",
    "other": "vatandaşlık",
}


@pytest.fixture(scope="module")
def searcher() -> Searcher:
    return body_index(DOCUMENTS).searcher(weighting=scoring.BM25F(B=0.0))


def ranked(searcher: Searcher, query: wq.Query) -> list[str]:
    return [hit["id"] for hit in searcher.search(query, limit=None)]


def words(*texts: str) -> list[wq.Query]:
    return [wq.Term("body", text) for text in texts]


def test_scores_equal_whooshs_own_for_plain_queries(searcher):
    query = wq.Or([wq.Term("body", "koruma"), wq.And(words("uluslararası", "koruma"))])
    mine = query_scores(query, searcher).as_dict()
    theirs = {hit.docnum: hit.score for hit in searcher.search(query, limit=None)}
    assert mine.keys() == theirs.keys()
    assert all(mine[d] == pytest.approx(theirs[d]) for d in mine)


WEIGHTED = [wq.Term("body", "uluslararası", boost=0.1), wq.Term("body", "koruma", boost=3.0)]


def test_without_coordination_one_word_repeated_wins(searcher):
    assert ranked(searcher, wq.Or(WEIGHTED))[0] == "repeats"


def test_with_coordination_the_unit_holding_every_word_wins(searcher):
    assert ranked(searcher, CoordinatedOr(WEIGHTED, exponent=1.0)) == ["both", "repeats"]


def test_bonus_clauses_add_but_do_not_count(searcher):
    bonus = wq.Term("body", "başvurusu", boost=5.0)
    plain = query_scores(CoordinatedOr(words("koruma"), counted=1), searcher).as_dict()
    with_bonus = query_scores(
        CoordinatedOr([*words("koruma"), bonus], counted=1), searcher
    ).as_dict()
    both = searcher.document_number(id="both")
    assert with_bonus[both] > plain[both]
    assert with_bonus.keys() == plain.keys()  # a bonus alone matches nothing


def test_coordination_works_under_not_and_with_filters(searcher):
    query = wq.AndNot(CoordinatedOr(words("koruma", "vatandaşlık")), wq.Term("body", "ulusal"))
    assert set(ranked(searcher, query)) == {"both", "repeats", "other"}
    allowed = {searcher.document_number(id="other")}
    hits = searcher.search(CoordinatedOr(words("koruma", "vatandaşlık")), filter=allowed)
    assert [hit["id"] for hit in hits] == ["other"]


def test_fallback_is_used_only_when_the_primary_matches_nothing(searcher):
    found = query_scores(
        Fallback(wq.Term("body", "koruma"), wq.Term("body", "vatandaşlık")), searcher
    )
    assert {searcher.stored_fields(d)["id"] for d in found} == {"both", "repeats"}
    missing = Fallback(wq.Term("body", "yok"), wq.Term("body", "vatandaşlık"))
    assert ranked(searcher, missing) == ["other"]


# --- Title match ---------------------------------------------------------------------------------

TITLED = {
    # id: (own title, heading = own title + law title, body)
    "whole": ("Mülteci", "Mülteci Koruma Kanunu", "mülteci statüsü verilir"),
    "part": ("Şartlı mülteci", "Şartlı mülteci Koruma Kanunu", "şartlı mülteci mülteci statüsü"),
    "none": ("Tanımlar", "Tanımlar Koruma Kanunu", "mülteci: statü sahibi"),
}


@pytest.fixture(scope="module")
def titled() -> Searcher:
    schema = Schema(
        id=ID(stored=True), body=TEXT(), title=TEXT(), heading=TEXT(),
        title_words=NUMERIC(int, sortable=True),
    )  # fmt: skip
    index = RamStorage().create_index(schema)
    with index.writer() as writer:
        for name, (title, heading, body) in TITLED.items():
            writer.add_document(
                id=name, title=title, heading=heading, body=body,
                title_words=len(title.split()),
            )  # fmt: skip
    return index.searcher(weighting=scoring.BM25F(B=0.0))


def multiplied(match: TitleMatch, searcher: Searcher, docnums: list[int]) -> dict[int, float]:
    """The units whose score the title match multiplies, with their factor."""
    factors = match.factors(searcher, None, np.array(docnums, np.int64))
    return {d: f for d, f in zip(docnums, factors.tolist(), strict=True) if f != 1.0}


def title_match(*texts: str, boost: float = 2.0) -> TitleMatch:
    own = tuple(wq.Term("title", text) for text in texts)
    return TitleMatch(own, tuple(wq.Term("heading", text) for text in texts), boost)


def test_a_unit_whose_own_title_the_query_covers_whole_is_multiplied(titled):
    docnum = {name: titled.document_number(id=name) for name in TITLED}
    factors = multiplied(title_match("mülteci", "tanımı"), titled, sorted(docnum.values()))
    # "mülteci" is the whole of `Mülteci`; one of the two query words is in its headings.
    assert factors == {docnum["whole"]: pytest.approx(1.0 + 2.0 * 1 / 2)}


def test_title_match_reorders_what_body_scores_put_first(titled):
    query = words("mülteci")
    assert ranked(titled, CoordinatedOr(query))[0] == "part"  # two "mülteci" in its body
    with_titles = CoordinatedOr(query, titles=title_match("mülteci"))
    assert ranked(titled, with_titles)[0] == "whole"


def test_title_match_is_off_at_zero_boost_and_without_the_length_column(titled, searcher):
    docnums = [titled.document_number(id=name) for name in TITLED]
    assert multiplied(title_match("mülteci", boost=0.0), titled, sorted(docnums)) == {}
    assert multiplied(title_match("koruma"), searcher, [0, 1, 2]) == {}


def test_a_repeated_clause_is_read_once_and_kept_only_until_its_last_use():
    from search_api.search.scoring import Memo

    shared = wq.Or(words("koruma", "başvurusu"))
    memo = Memo([shared, wq.And([shared, wq.Term("body", "uluslararası")])])
    reads: list[int] = []

    def read() -> ScoreVector:
        reads.append(1)
        return ScoreVector.from_mapping({1: 1.0})

    assert memo.scores(shared, read).as_dict() == {1: 1.0}
    assert memo.scores(shared, read).as_dict() == {1: 1.0}
    assert len(reads) == 1
    assert not memo._saved  # nothing kept after the last use


def test_scaled_where_multiplies_only_the_units_holding_its_term():
    schema = Schema(id=ID(stored=True), kind=ID(stored=True), body=TEXT())
    index = RamStorage().create_index(schema)
    with index.writer() as writer:
        for name, kind in (("law", "law"), ("page", "report"), ("other", "report")):
            writer.add_document(id=name, kind=kind, body="göç" if name != "other" else "kent")
    searcher = index.searcher(weighting=scoring.BM25F(B=0.0))
    docnum = {name: searcher.document_number(id=name) for name in ("law", "page", "other")}
    word = wq.Term("body", "göç")
    plain = query_scores(word, searcher).as_dict()
    scaled = query_scores(ScaledWhere(word, ("kind", "report"), 0.25), searcher).as_dict()
    assert set(scaled) == set(plain) == {docnum["law"], docnum["page"]}
    assert scaled[docnum["law"]] == plain[docnum["law"]]
    assert scaled[docnum["page"]] == pytest.approx(plain[docnum["page"]] * 0.25)
    # Equal queries are one (a memo reads a repeated one once); another factor is another.
    assert ScaledWhere(word, ("kind", "report"), 0.25) == ScaledWhere(
        word, ("kind", "report"), 0.25
    )
    assert ScaledWhere(word, ("kind", "report"), 0.25) != ScaledWhere(word, ("kind", "report"), 0.5)
