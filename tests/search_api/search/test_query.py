"""Query parsing is pure and total: every string gives a ParsedQuery and a Whoosh query."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh import query as wq

from indexer.analysis import fold_diacritics
from indexer.analysis.stemming import stem_turkish
from indexer.index.schema import build_schema
from search_api.search import clean_query_text
from search_api.search.coordination import CoordinatedOr
from search_api.search.glossary import load_glossary
from search_api.search.parsing import (
    MAX_EXCLUDED,
    MAX_PHRASE_WORDS,
    MAX_PHRASES,
    MAX_WORDS,
    content_words,
    parse_user_query,
)
from search_api.search.query import plan_query

SCHEMA = build_schema()


def test_plain_words() -> None:
    assert parse_user_query("geçici koruma").words == ["geçici", "koruma"]


def test_quoted_phrase_and_words() -> None:
    parsed = parse_user_query('"geçici koruma" suriyeli')
    assert parsed.phrases == ["geçici koruma"]
    assert parsed.words == ["suriyeli"]


def test_typographic_quotes_make_a_phrase() -> None:
    assert parse_user_query("“ikamet izni”").phrases == ["ikamet izni"]


def test_unbalanced_quote_falls_back_to_words() -> None:
    assert parse_user_query('"ikamet izni').words == ["ikamet", "izni"]


def test_minus_excludes_after_a_positive_word() -> None:
    parsed = parse_user_query("göç -iltica")
    assert parsed.words == ["göç"]
    assert parsed.excluded == ["iltica"]


def test_lone_minus_word_stays_an_exclusion() -> None:
    parsed = parse_user_query("-iltica")
    assert parsed.words == [] and parsed.excluded == ["iltica"]


def test_only_exclusions_search_everything_but_them() -> None:
    query = plan_query(SCHEMA, parse_user_query("-göç")).query
    assert isinstance(query, wq.AndNot) and isinstance(query.a, wq.Every)


def test_boolean_operators_are_not_words() -> None:
    assert parse_user_query("göç AND iltica").words == ["göç", "iltica"]


def test_control_characters_are_removed_and_length_capped() -> None:
    assert clean_query_text("a\x00b\x1fc") == "a b c"
    assert len(clean_query_text("x" * 10_000, max_chars=1000)) == 1000


def test_built_query_reaches_stemmed_and_prefix_fields() -> None:
    query = plan_query(SCHEMA, parse_user_query("mültecilere")).query
    fields = {term[0] for term in query.iter_all_terms()}
    assert {"body", "body_tr", "body_prefix", "heading"} <= fields


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_parses_and_builds(text: str) -> None:
    plan_query(SCHEMA, parse_user_query(text))


# --- Spellings, translations, stop words, coordination -----------------------------------------


def terms_of(query) -> set[tuple[str, str]]:
    return {
        (name, text if isinstance(text, str) else text.decode())
        for name, text in query.iter_all_terms()
    }


def test_word_typed_without_turkish_letters_is_also_searched_as_the_index_spells_it():
    spellings = {"cesitleri": ["çeşitleri"]}.get
    plan = plan_query(SCHEMA, parse_user_query("cesitleri"), spellings=lambda w: spellings(w, []))
    found = terms_of(plan.query)
    assert ("body_tr", fold_diacritics(stem_turkish("çeşitleri"))) in found
    assert "çeşitleri" in plan.marked_words


def test_surface_field_only_for_words_typed_with_turkish_letters():
    assert any(
        name == "surface"
        for name, _ in terms_of(plan_query(SCHEMA, parse_user_query("sınır")).query)
    )
    assert all(
        name != "surface"
        for name, _ in terms_of(plan_query(SCHEMA, parse_user_query("sinir")).query)
    )


def test_english_words_bring_their_turkish_translation():
    plan = plan_query(SCHEMA, parse_user_query("interview"), glossary=load_glossary())
    assert ("body_tr", "mulakat") in terms_of(plan.query)
    assert "mülakat" in plan.marked_words
    assert plan.glossary_words == {"interview"}


def test_function_words_are_dropped_unless_alone():
    assert content_words(["loss", "of", "citizenship"]) == ["loss", "citizenship"]
    assert content_words(["ile"]) == ["ile"]
    assert all(
        text != "of"
        for _, text in terms_of(plan_query(SCHEMA, parse_user_query("loss of rights")).query)
    )


def test_words_are_coordinated_and_adjacent_pairs_add_proximity():
    query = plan_query(SCHEMA, parse_user_query("geri gönderme merkezi")).query
    assert isinstance(query, CoordinatedOr)
    assert query.counted == 3
    assert len(query.subqueries) > 3  # proximity bonuses after the counted words


def test_quoted_phrase_is_required():
    query = plan_query(SCHEMA, parse_user_query('"sınır dışı" karar')).query
    assert isinstance(query, wq.AndMaybe)


# --- Bounded cost (issue 12 §3) ----------------------------------------------------------------


def test_repeated_words_count_once_in_any_case() -> None:
    assert parse_user_query("kanun " * 166).words == ["kanun"]
    assert parse_user_query("Kanun KANUN kanun İzin izin").words == ["Kanun", "İzin"]


def test_distinct_words_phrases_and_exclusions_are_capped() -> None:
    words = [f"kelime{fold_diacritics(str(n))}" for n in range(100)]
    parsed = parse_user_query(" ".join(words + [f'"a{n} b{n}"' for n in range(20)]))
    assert parsed.words == words[:MAX_WORDS]
    assert len(parsed.phrases) == MAX_PHRASES
    assert len(parse_user_query("göç " + " ".join(f"-x{n}" for n in range(50))).excluded) == (
        MAX_EXCLUDED
    )


def test_a_long_phrase_is_cut() -> None:
    (phrase,) = parse_user_query('"' + " ".join(f"w{n}" for n in range(40)) + '"').phrases
    assert len(phrase.split()) == MAX_PHRASE_WORDS


def test_a_pasted_page_builds_a_query_no_larger_than_a_capped_one() -> None:
    page = " ".join(f"söz{n} söz{n}" for n in range(500))
    capped = " ".join(f"söz{n}" for n in range(MAX_WORDS))
    assert plan_query(SCHEMA, parse_user_query(page)).query == (
        plan_query(SCHEMA, parse_user_query(capped)).query
    )
