"""Query parsing is pure and total: every string gives a ParsedQuery and a Whoosh query."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.schema import build_schema
from search_api.query import build_query, clean_query_text, parse_user_query

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


def test_lone_minus_word_is_a_word() -> None:
    assert parse_user_query("-iltica").words == ["iltica"]


def test_boolean_operators_are_not_words() -> None:
    assert parse_user_query("göç AND iltica").words == ["göç", "iltica"]


def test_control_characters_are_removed_and_length_capped() -> None:
    assert clean_query_text("a\x00b\x1fc") == "a b c"
    assert len(clean_query_text("x" * 10_000, max_chars=1000)) == 1000


def test_built_query_reaches_stemmed_and_prefix_fields() -> None:
    query = build_query(SCHEMA, parse_user_query("mültecilere"))
    fields = {term[0] for term in query.iter_all_terms()}
    assert {"body", "body_tr", "body_prefix", "heading"} <= fields


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_parses_and_builds(text: str) -> None:
    build_query(SCHEMA, parse_user_query(text))
