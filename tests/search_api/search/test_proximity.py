"""Words near each other, in any order and whatever their inflection (given as prefixes)."""

from __future__ import annotations

import pytest
from whoosh.searching import Searcher
from whoosh_support import body_index

from search_api.search.proximity import WordsTogether

DOCUMENTS = {
    "together": "sağlık hizmetlerine erişim hakkı",
    "reversed": "erişimleri sağlık alanında",
    "far": "sağlık konusu burada uzun uzun anlatılır ve sonunda erişim",
    "alone": "sağlık",
}


@pytest.fixture(scope="module")
def searcher() -> Searcher:
    return body_index(DOCUMENTS).searcher()


def found(searcher: Searcher, query: WordsTogether) -> set[str]:
    return {hit["id"] for hit in searcher.search(query, limit=None)}


def test_words_within_the_slop_in_either_order_and_any_inflection(searcher: Searcher) -> None:
    query = WordsTogether("body", [["sağlık"], ["erişim"]], slop=3)
    assert found(searcher, query) == {"together", "reversed"}


def test_a_word_without_terms_matches_nothing(searcher: Searcher) -> None:
    assert found(searcher, WordsTogether("body", [["sağlık"], ["yok"]], slop=3)) == set()


def test_queries_compare_by_field_words_and_slop() -> None:
    first = WordsTogether("body", [["a"], ["b"]], slop=2)
    assert first == WordsTogether("body", (("a",), ("b",)), slop=2)
    assert hash(first) == hash(WordsTogether("body", [["a"], ["b"]], slop=2))
    assert first != WordsTogether("body", [["a"], ["b"]], slop=3)
