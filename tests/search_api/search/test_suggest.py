"""The index vocabulary and "did you mean": pure functions over a small real index."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from whoosh.fields import TEXT, Schema
from whoosh.filedb.filestore import RamStorage

from indexer.analysis import surface_analyzer
from search_api.search.suggest import corrected_word, suggest
from search_api.search.vocabulary import Vocabulary, edit_distance

TEXTS = [
    "Mülteci ve mülteciler belediyeler",
    "mülteci belediyeler sınır kapısı",
    "mülteci belediyeler sınır",
    "mülteci sınır dışı",
    "mülteci",
    "mülteci ve göçmen",
    "MÜLTECI başlığı",  # an all-capitals heading with a plain I: lowercased to mültecı
    "sinir hastalıkları",
]


@pytest.fixture(scope="module")
def vocabulary() -> Vocabulary:
    index = RamStorage().create_index(Schema(surface=TEXT(analyzer=surface_analyzer())))
    with index.writer() as writer:
        for text in TEXTS:
            writer.add_document(surface=text)
    with index.searcher() as searcher:
        return Vocabulary.from_reader(searcher.reader())


def test_a_vocabulary_over_segments_is_the_one_over_all_of_them(vocabulary):
    """Read segment by segment, the frequencies are the index's, as if in one segment."""
    index = RamStorage().create_index(Schema(surface=TEXT(analyzer=surface_analyzer())))
    for part in (TEXTS[:3], TEXTS[3:6], TEXTS[6:]):  # three commits, three segments
        writer = index.writer()
        for text in part:
            writer.add_document(surface=text)
        writer.commit(merge=False)
    with index.searcher() as searcher:
        assert len(searcher.reader().leaf_readers()) == 3
        merged = Vocabulary.from_reader(searcher.reader())
        counted = {w: searcher.doc_frequency("surface", w) for w in merged.frequency}
    assert merged.frequency == vocabulary.frequency == counted
    assert merged.groups == vocabulary.groups
    assert merged.frequency["mülteci"] == 6


def nothing_known(word: str) -> bool:
    return False


def test_spellings_restore_turkish_letters_commonest_first(vocabulary):
    assert vocabulary.spellings("multeci") == ["mülteci"]  # mültecı is too rare to count
    assert vocabulary.spellings("sinir") == ["sınır", "sinir"]
    assert vocabulary.spellings("yok") == []


def test_nearest_prefers_the_closest_then_the_commonest(vocabulary):
    assert vocabulary.nearest("belediyeeler") == "belediyeler"
    assert vocabulary.nearest("multecıler") == "multeciler"
    assert vocabulary.nearest("zzzzzz") is None
    assert vocabulary.nearest("sin") is None  # too short to guess


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("mültecı", "mülteci"),  # a rare spelling of a common word
        ("belediyeeler", "belediyeler"),  # one letter too many
        ("mülteci", "mülteci"),
        ("multeci", "multeci"),  # typed without Turkish letters on purpose
        ("kanun", "kanun"),  # unknown here and nothing close: left alone
        ("ab", "ab"),
        ("57a", "57a"),
    ],
)
def test_corrected_word(vocabulary, word, expected):
    assert corrected_word(word, vocabulary, nothing_known) == expected


def test_a_distant_correction_is_not_offered_for_a_known_stem(vocabulary):
    assert corrected_word("belediyelerr", vocabulary, lambda word: False) == "belediyeler"
    assert corrected_word("mültecilerim", vocabulary, lambda word: True) == "mültecilerim"
    assert corrected_word("mültecilerim", vocabulary, lambda word: False) == "mülteciler"


def test_glossary_words_get_their_letters_but_no_other_word(vocabulary):
    assert corrected_word("belediyeeler", vocabulary, nothing_known, {"belediyeeler"}) == (
        "belediyeeler"
    )
    assert corrected_word("mültecı", vocabulary, nothing_known, {"mültecı"}) == "mülteci"


def test_suggestion_keeps_case_punctuation_and_other_words(vocabulary):
    assert suggest("Belediyeeler ve mültecı", vocabulary, nothing_known) == (
        "Belediyeler ve mülteci"
    )
    assert suggest('"belediyeeler" -sinir', vocabulary, nothing_known) == '"belediyeler" -sinir'
    assert suggest("BELEDİYEELER", vocabulary, nothing_known) == "BELEDİYELER"


def test_no_suggestion_when_every_word_is_known(vocabulary):
    assert suggest("mülteci sınır", vocabulary, nothing_known) is None


def test_edit_distance_counts_typos():
    assert edit_distance("belediye", "belediye", 2) == 0
    assert edit_distance("beledyie", "belediye", 2) == 1  # swapped letters
    assert edit_distance("bldiye", "belediye", 2) == 2
    assert edit_distance("x", "belediye", 2) == 3  # beyond the limit: limit + 1


@given(st.text(max_size=12), st.text(max_size=12))
def test_edit_distance_is_symmetric_and_bounded(a, b):
    assert edit_distance(a, b, 2) == edit_distance(b, a, 2) <= 3


def test_two_words_typed_without_the_space_are_split(vocabulary):
    # Regression: `sınırdışı` was "corrected" to a word two edits away (`sınırını`).
    assert corrected_word("sınırdışı", vocabulary, nothing_known) == "sınır dışı"
    assert corrected_word("sinirdisi", vocabulary, nothing_known) == "sınır dışı"
    assert suggest("Sınırdışı", vocabulary, nothing_known) == "Sınır dışı"


def test_a_split_needs_two_real_words_and_never_beats_a_one_letter_slip(vocabulary):
    assert corrected_word("mültecive", vocabulary, nothing_known) != "mülteci ve"  # `ve`: 2
    assert corrected_word("belediyeeler", vocabulary, nothing_known) == "belediyeler"
    # An inflection whose stem the index knows is left alone rather than split.
    assert corrected_word("sınırkapısı", vocabulary, lambda word: True) == "sınırkapısı"
