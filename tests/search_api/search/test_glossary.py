"""The bilingual glossary: its data file, and longest-match lookup by stems."""

from __future__ import annotations

import tomllib

import pytest

from indexer.analysis import is_stopword
from search_api.search.glossary import (
    GLOSSARY_PATH,
    Glossary,
    GlossaryEntry,
    load_glossary,
    parse_glossary,
)


def translations(text: str) -> list[tuple[str, ...]]:
    return [match.translations for match in load_glossary().match(text.split())]


def test_glossary_has_at_least_150_pairs_each_with_a_listed_source():
    glossary = load_glossary()
    pairs = sum(len(entry.english) * len(entry.turkish) for entry in glossary.entries)
    assert len(glossary) >= 150 and pairs >= 150
    assert all(entry.source in glossary.sources for entry in glossary.entries)
    assert all(len(citation) > 40 for citation in glossary.sources.values())


@pytest.mark.parametrize(
    ("english", "turkish"),
    [
        ("residence permit", "ikamet izni"),
        ("temporary protection", "geçici koruma"),
        ("deportation", "sınır dışı etme"),
        ("unaccompanied minor", "refakatsiz çocuk"),
        ("international protection", "uluslararası koruma"),
        ("interview", "mülakat"),
        ("metropolitan municipality", "büyükşehir belediyesi"),
        ("work permit", "çalışma izni"),
        ("citizenship", "vatandaşlık"),
        ("removal centre", "geri gönderme merkezi"),
    ],
)
def test_core_pairs_translate_both_ways(english, turkish):
    assert any(turkish in names for names in translations(english))
    assert any(english in names for names in translations(turkish))


def test_longest_phrase_wins():
    [match] = load_glossary().match(["long-term", "residence", "permit"])
    assert match.translations[0] == "uzun dönem ikamet izni"
    assert (match.start, match.end, match.language) == (0, 3, "en")


def test_phrases_match_in_inflected_and_plural_forms():
    assert translations("residence permits") == translations("residence permit")
    assert translations("ikamet izinlerinin") == translations("ikamet izni")


def test_function_words_are_skipped_but_positions_kept():
    glossary = load_glossary()
    [match] = glossary.match(["loss", "of", "Turkish", "citizenship"])
    assert (match.start, match.end) == (0, 4)
    assert "Türk vatandaşlığının kaybı" in match.translations


def test_words_typed_without_turkish_letters_match_through_their_spellings():
    spellings = {"gecici": ["geçici"], "koruma": ["koruma"]}
    [match] = load_glossary().match(["gecici", "koruma"], lambda w: spellings.get(w, []))
    assert match.translations == ("temporary protection",)


def test_terms_in_finds_inner_and_overlapping_terms():
    words = ["sağlık", "hizmetlerine", "erişimi"]
    spans = {(term.start, term.end) for term in load_glossary().terms_in(words)}
    assert {(0, 1), (0, 2), (1, 3)} <= spans
    assert (2, 3) not in spans  # "erişimi" alone is no term


def test_unknown_words_match_nothing():
    assert load_glossary().match(["zzz", "qqq"]) == []


def test_function_words_are_recognised_folded_and_item_letters_are_not():
    assert is_stopword("of") and is_stopword("İÇİN") and is_stopword("ile")
    assert not is_stopword("a") and not is_stopword("iş") and not is_stopword("su")


def test_glossary_is_read_once():
    assert load_glossary() is load_glossary()


def test_data_file_is_valid_toml_with_every_term_sourced():
    with GLOSSARY_PATH.open("rb") as handle:
        data = tomllib.load(handle)
    assert isinstance(parse_glossary(data), Glossary)


@pytest.mark.parametrize(
    "data",
    [
        {"terms": []},
        {"sources": {}, "terms": [{"en": "x", "tr": "y", "source": "nowhere"}]},
        {"sources": {"s": "A source"}, "terms": [{"en": "", "tr": "y", "source": "s"}]},
        {"sources": {"s": "A source"}, "terms": [{"en": ["x"], "tr": [], "source": "s"}]},
    ],
)
def test_malformed_glossaries_are_refused(data):
    with pytest.raises(ValueError):
        parse_glossary(data)


def test_entries_from_code_match_like_entries_from_the_file():
    glossary = Glossary([GlossaryEntry(("city council",), ("kent konseyi",), "s")], {"s": "x"})
    [match] = glossary.match(["kent", "konseyleri"])
    assert match.translations == ("city council",)
