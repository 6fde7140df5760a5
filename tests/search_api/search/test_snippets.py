"""Snippets show the matching passage, whole words in their surface form, escaped: the
search's marked runs (`make_snippet`) as the web layer renders them (`snippet_html`)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from search_api.search.snippets import MatchForms
from search_api.search.snippets import make_snippet as snippet_of
from search_api.web import snippet_html


def make_snippet(text: str, words: list[str] | MatchForms) -> str:
    return str(snippet_html(snippet_of(text, words)))


def test_inflected_surface_form_is_marked() -> None:
    snippet = make_snippet("Belediyeler mültecilere hizmet verir.", ["mülteci"])
    assert "<mark>mültecilere</mark>" in snippet


def test_query_without_diacritics_marks_the_turkish_word() -> None:
    assert "<mark>göç</mark>" in make_snippet("Düzensiz göç ile mücadele.", ["goc"])


def test_html_in_text_is_escaped() -> None:
    snippet = make_snippet("<script>alert(1)</script> göç", ["göç"])
    assert "<script>" not in snippet
    assert "&lt;script&gt;" in snippet


def test_window_moves_to_the_match() -> None:
    text = " ".join(["dolgu"] * 200 + ["uluslararası", "koruma"] + ["dolgu"] * 200)
    snippet = make_snippet(text, ["uluslararası", "koruma"])
    assert "<mark>uluslararası</mark> <mark>koruma</mark>" in snippet
    assert snippet.startswith("…") and snippet.endswith("…")


def test_no_match_gives_the_start_of_the_text() -> None:
    assert make_snippet("Birinci cümle. İkinci cümle.", ["yok"]).startswith("Birinci")


@settings(max_examples=200, deadline=None)
@given(st.text(), st.lists(st.text(max_size=12), max_size=4))
def test_snippet_never_raises_and_never_leaks_markup(text: str, words: list[str]) -> None:
    snippet = make_snippet(text, words)
    assert "<" not in snippet.replace("<mark>", "").replace("</mark>", "")


def test_words_of_a_translation_are_marked_in_their_inflected_form() -> None:
    snippet = make_snippet(
        "Başvuru sahibiyle bireysel mülakat yapılır; mülakatın gizliliği.", ["mülakat"]
    )
    assert "<mark>mülakat</mark>" in snippet and "<mark>mülakatın</mark>" in snippet


def test_same_text_gives_the_same_snippet_twice() -> None:
    text = " ".join(["dolgu"] * 50 + ["geçici", "koruma"] + ["dolgu"] * 50)
    assert make_snippet(text, ["gecici"]) == make_snippet(text, ["gecici"])
    assert "<mark>geçici</mark>" in make_snippet(text, ["gecici"])


def test_the_snippet_is_plain_data_and_its_text_reads_without_markup() -> None:
    snippet = snippet_of("Belediyeler <b>mültecilere</b> hizmet verir.", ["mülteci"])
    assert [run.text for run in snippet.runs if run.marked] == ["mültecilere"]
    assert snippet.text == "Belediyeler <b>mültecilere</b> hizmet verir."
    assert not snippet.cut_before and not snippet.cut_after
