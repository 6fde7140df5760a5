"""The general English-Turkish dictionary (FreeDict, Debian's dict-freedict-eng-tur): how an
entry is read, how an inflected or derived English word finds its headword, and what the
search does with it on a law no glossary covers (5271, the Criminal Procedure Code)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import IndexedCorpus
from whoosh_support import law_unit, unit_store

from search_api.search import (
    DICTIONARY_DIR,
    SearchRequest,
    SearchService,
    build_dictionary,
    load_dictionary,
)
from search_api.search.dictionary import Rendering, parse_entry
from search_api.search.ranking import DEFAULT_RANKING

# Entries written as FreeDict writes them: the headword and its pronunciation, then one
# numbered sense a line; after a sense's first sentence, usage examples.
COURT = (
    "court /kˈɔːt/\n1. avlu, iç bahçe\n2. hükümdar sarayı, saray\n3. (huk.) mahkeme\n"
    "4. kur. court fool saray soytarısı.\n"
)
DEPORT = "deport /dɪpˈɔːt/\n1. (t) hudut harici etmek. deport oneself davranmak.\n"
WITNESS = "witness /wˈɪtnəs/\n1. şahit, tanık\n2. delil, burhan, hüccet, tanıt\n"
LONG = "permit /pˈɜːmɪt/\n1. (-ted, -ting) izin vermek, bir şeyi yapmaya fırsat vermek\n"


def test_an_entry_gives_its_short_renderings_legal_senses_first() -> None:
    assert [r.turkish for r in parse_entry(COURT)] == [
        "mahkeme", "avlu", "iç bahçe", "hükümdar sarayı", "saray", "kur",
    ]  # fmt: skip
    assert parse_entry(COURT)[0] == Rendering("mahkeme", legal=True)
    assert [r.turkish for r in parse_entry(DEPORT)] == ["hudut harici"]  # a light verb off
    assert [r.turkish for r in parse_entry(LONG)] == ["izin vermek"]  # four words: left out


def test_an_inflected_or_derived_word_finds_its_headword() -> None:
    dictionary = build_dictionary(
        [
            ("witness", WITNESS),
            ("deport", DEPORT),
            ("deportment", "deportment /x/\n1. tavır\n"),
            ("refuge", "refuge /x/\n1. sığınak\n"),
            ("refugee", "refugee /x/\n1. mülteci\n"),
        ]
    )
    assert dictionary.headword("Witnesses") == "witness"
    assert dictionary.headword("refugees") == "refugee"  # not `refuge`
    assert dictionary.headword("deportation") == "deport"  # not `deportment`
    assert dictionary.headword("belediye") is None
    present = {"tanık", "delil"}.__contains__
    assert dictionary.translations("witnesses", present, limit=5) == ("tanık", "delil")
    assert dictionary.translations("witnesses", present, limit=1) == ("tanık",)


def test_a_british_spelling_finds_the_american_headword() -> None:
    dictionary = build_dictionary([("defense", "defense /x/\n1. savunma, müdafaa\n")])
    assert dictionary.headword("defence") == "defense"
    assert dictionary.headword("defences") == "defense"


def test_a_derived_word_listed_in_an_entry_is_a_headword_of_its_own() -> None:
    """FreeDict lists `mediation` inside `mediate`, after its senses; a derived word found
    only by its prefix would get the verb's renderings."""
    mediate = (
        "mediate /x/\n1. aracılık etmek, araya girmek\n"
        "2. ara yerde bulunan. mediately  vasıta olarak. media'tion  ara buluculuk, tavassut.\n"
    )
    dictionary = build_dictionary([("mediate", mediate), ("hoşuna", "x\n1. y\n")])
    assert [r.turkish for r in dictionary.renderings("mediation")] == ["ara buluculuk", "tavassut"]
    assert [r.turkish for r in dictionary.renderings("mediately")] == ["vasıta olarak"]
    assert dictionary.renderings("mediate")[0].turkish == "aracılık"


def test_a_rendering_the_index_lacks_stands_for_the_word_beside_it_in_a_sense() -> None:
    """`detention` says `tevkif`, a word the law no longer uses; `arrest` lists `tevkif`
    beside `tutuklama`, which it does."""
    dictionary = build_dictionary(
        [
            ("detention", "detention /x/\n1. gecikme\n2. tevkif, hapis\n"),
            ("arrest", "arrest /x/\n1. tutuklama, tevkif\n2. durdurma\n"),
        ]
    )
    law_words = {"tutuklama", "gecikme", "durdurma"}.__contains__
    assert dictionary.translations("detention", law_words, limit=3) == ("gecikme", "tutuklama")
    assert dictionary.translations("detention", law_words, limit=1) == ("gecikme",)


def test_without_the_package_english_words_use_the_glossary_alone(tmp_path: Path) -> None:
    assert load_dictionary(tmp_path) is None


@pytest.fixture(scope="module")
def installed() -> None:
    if load_dictionary(DICTIONARY_DIR) is None:
        pytest.skip(f"dict-freedict-eng-tur is not installed ({DICTIONARY_DIR})")


@pytest.mark.slow
@pytest.mark.usefixtures("installed")
def test_english_words_no_glossary_knows_find_the_turkish_law(real_pdfs: IndexedCorpus) -> None:
    service = SearchService(real_pdfs.store)
    result = service.search(SearchRequest(q="witnesses", per_page=10))
    assert "tanık" in result.translations  # said under the search box: "also searched"
    assert result.hits and result.hits[0].law_number == "5271"
    assert any("tanık" in hit.snippet.text.lower() for hit in result.hits[:3])
    typed_only = service.search(SearchRequest(q="witnesses", per_page=10, translate=False))
    assert not typed_only.translations
    assert all(hit.law_number != "5271" for hit in typed_only.hits)


@pytest.mark.slow
@pytest.mark.usefixtures("installed")
def test_a_word_the_turkish_text_has_is_not_translated(real_pdfs: IndexedCorpus) -> None:
    """`son` is an English headword (oğul) and a Turkish word (last): Turkish here."""
    result = SearchService(real_pdfs.store).search(SearchRequest(q="son", per_page=5))
    assert "oğul" not in result.translations


@pytest.mark.slow
def test_words_as_typed_rank_above_words_reached_by_translation(
    real_pdfs: IndexedCorpus,
) -> None:
    """An English report page holding every word of an English query comes before Turkish
    articles that hold some of them only in translation; with no preference for typed
    words (credit 1), a translated article comes first."""
    query = SearchRequest(q="wall on the border with Iran", per_page=5)
    preferred = SearchService(real_pdfs.store).search(query).hits
    assert preferred[0].lang == "en", [(hit.lang, hit.doc_id) for hit in preferred]
    plain = SearchService(real_pdfs.store, ranking=DEFAULT_RANKING.but(translation_credit=1.0))
    first = plain.search(query).hits[0]
    assert first.lang == "tr"  # the case the preference is for


def score_of(service: SearchService, text: str) -> float:
    hits = service.search(SearchRequest(q=text, per_page=5)).hits
    assert [hit.unit_id for hit in hits] == ["law:9999:1"]
    return hits[0].score


def test_only_a_dictionary_guess_counts_less_than_a_word_as_typed() -> None:
    """The typed-first credit is for the general dictionary's renderings, which may be the
    wrong sense; a glossary term's translation is that term, so a Turkish article holding
    every term of an English query counts every word (dev d26, extra x44 lost a Turkish
    answer to English pages holding fewer of the query's words)."""
    store = unit_store([law_unit("1", "1", "Meclis", "Büyükşehir belediye meclisi tanık dinler.")])
    dictionary = build_dictionary([("witness", WITNESS)])

    def service(credit: float) -> SearchService:
        ranking = DEFAULT_RANKING.but(translation_credit=credit)
        return SearchService(store, ranking=ranking, dictionary=dictionary)  # type: ignore[arg-type]

    glossary_term = "metropolitan municipal council"
    assert score_of(service(0.5), glossary_term) == score_of(service(1.0), glossary_term)
    assert score_of(service(0.5), "witness") < score_of(service(1.0), "witness")
