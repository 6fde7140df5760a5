"""Amendment notes: one definition of a note and of its kinds, shared by the law structure
(amendment records) and the cross-reference finder (which blanks notes out). Notes as the
mevzuat prints them in the default corpus's laws."""

from __future__ import annotations

import pytest

from indexer.laws import find_references, load_law_aliases
from indexer.laws.amendments import find_amendments, is_repeal_only, split_leading_notes


def test_a_note_with_several_records_gives_each_record() -> None:
    records = find_amendments(
        "(Değişik: 15/8/2017-KHK-694/169 md.; Aynen kabul: 1/2/2018-7078/163 md.) Metin."
    )
    assert [(r.kind, r.date, r.law, r.article) for r in records] == [
        ("Değişik", "15/8/2017", "KHK-694", "169"),
        ("Aynen kabul", "1/2/2018", "7078", "163"),
    ]


def test_a_narrowed_note_keeps_its_scope() -> None:
    (record,) = find_amendments("(Başlığı ile Birlikte Değişik: 6/12/2019-7196/78 md.)")
    assert (record.kind, record.scope) == ("Değişik", "Başlığı ile Birlikte")


def test_a_re_made_sentence_is_an_amendment_record() -> None:
    """5393 prints "(Yeniden Düzenlenen cümle: …)"; the kinds list knew only "düzenleme"."""
    (record,) = find_amendments("(Yeniden Düzenlenen cümle: 6/12/2019-7196/78 md.) Metin.")
    assert (record.kind, record.scope, record.law) == ("Yeniden düzenleme", "cümle", "7196")


def test_repealed_text_is_only_its_notes() -> None:
    assert is_repeal_only("(Mülga: 6/12/2019-7196/78 md.)")
    assert not is_repeal_only("(Değişik: 6/12/2019-7196/78 md.) Yeni metin.")
    assert split_leading_notes("(Ek: 1/1/2020-7000/1 md.) Metin.").rest == "Metin."


@pytest.mark.parametrize(
    "note",
    [
        "(Aynen kabul: 5393 sayılı Kanunun 14 üncü maddesi)",
        "(Değişik: 5393 sayılı Kanunun 14 üncü maddesi)",
        "(Yeniden Düzenlenen cümle: 5393 sayılı Kanunun 14 üncü maddesi)",
        "(Başlığı ile Birlikte Değişik: 5393 sayılı Kanunun 14 üncü maddesi)",
    ],
)
def test_what_an_amendment_note_cites_is_not_a_cross_reference(note: str) -> None:
    """The reference finder blanked notes with its own list of kinds, which lacked
    "Aynen kabul"; it now blanks what `find_amendments` reads as a note."""
    aliases = load_law_aliases()
    assert find_references(f"Metin. {note}", "6458", aliases) == []
    cited = find_references("5393 sayılı Kanunun 14 üncü maddesi", "6458", aliases)
    assert [reference.law_number for reference in cited] == ["5393"]  # outside a note it is
