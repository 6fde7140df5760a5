"""The garbage score: real text layers pass, unmapped glyphs and scrambled letters do not."""

from __future__ import annotations

import random
import string
from pathlib import Path

import pytest
from conftest import shared_path

from indexer.layout import is_unreadable
from indexer.layout.text_quality import GARBAGE_THRESHOLD, assess_text, is_garbage, looks_like_word
from indexer.pdf import read_pages

CORPUS = Path(__file__).resolve().parents[3] / "corpus"
TURKISH = "Bu Kanunun amacı, yabancıların Türkiye’ye girişleri, Türkiye’de kalışları ve çıkışları"
ENGLISH = "The Migration Policy Center supports municipalities in managing local migration"


def page_text(path: Path, number: int, password: str | None = None) -> str:
    page = next(page for page in read_pages(path, password) if page.number == number)
    return " ".join(word.text for word in page.words)


def shifted(text: str, by: int = 7) -> str:
    """A broken font encoding in miniature: every letter replaced by another one."""
    letters = "abcçdefgğhıijklmnoöprsştuüvyz"
    out = []
    for character in text:
        lower = character.lower()
        if lower in letters:
            new = letters[(letters.index(lower) + by) % len(letters)]
            out.append(new.upper() if character.isupper() else new)
        else:
            out.append(character)
    return "".join(out)


def test_words_of_turkish_and_english_look_like_words() -> None:
    words = ["Büyükşehir", "belediyesi", "İŞKUR", "TBMM", "md.", "yabancıların", "Türkiye’de"]
    assert all(looks_like_word(word) for word in words)
    assert not any(looks_like_word(word) for word in ["xqzrtk", "Ğşşşy", "aeiuo", "kkkkkk"])


def test_text_in_other_scripts_is_not_judged_by_latin_rules() -> None:
    assert looks_like_word("Привет") and looks_like_word("مرحبا") and looks_like_word("世界")
    assert not looks_like_word("Пpивeт")  # Latin letters mixed into Cyrillic: a broken font


def test_unmapped_glyphs_are_garbage() -> None:
    quality = assess_text("(cid:4)(cid:22)(cid:16) (cid:17)(cid:18) " * 10)
    assert quality.score == 0.0
    assert is_garbage(quality)


def test_control_characters_from_a_font_without_unicode_map_are_garbage() -> None:
    assert is_unreadable("\x19\r\x0c\x19#\x08 \x15\x1e \x18\x17! " * 10)


def test_real_sentences_pass_and_shifted_letters_fail() -> None:
    assert not is_unreadable(f"{TURKISH} {ENGLISH}")
    assert is_unreadable(shifted(f"{TURKISH} {ENGLISH} {TURKISH}"))


def test_a_page_with_a_few_tokens_is_thin_not_garbage() -> None:
    assert not is_unreadable("0 2 4 6 8")  # a chart's axis labels
    assert not is_unreadable("pdf encryption test password: asdfzxcv")
    assert is_unreadable("")
    assert is_unreadable("   \n ")


def test_threshold_separates_the_measured_real_and_garbage_pages() -> None:
    """The figures in the `text_quality` docstring: real pages ≥ 0.90, garbage ≤ 0.70."""
    random.seed(5)
    real = [
        page_text(CORPUS / "laws" / "6458-yabancilar-ve-uluslararasi-koruma-kanunu.pdf", 1),
        page_text(CORPUS / "reports" / "mbb-goc-politikalari-merkezi-tanitim-tr.pdf", 1),
        page_text(CORPUS / "reports" / "uclg-human-rights-city-profile-mmu-en.pdf", 1),
    ]
    for text in real:
        assert assess_text(text).score >= 0.9
        noise = "".join(random.choice(string.ascii_letters) if c.isalpha() else c for c in text)
        for garbage in (shifted(text), shifted(text, 13), noise):
            assert assess_text(garbage).score < GARBAGE_THRESHOLD - 0.05


@pytest.mark.parametrize(
    ("name", "number", "garbage"),
    [
        ("odd/tr-resmigazete-20250501-5-NO-TOUNICODE.pdf", 1, True),
        ("odd/pdfplumber-issue-982-arxiv-2col.pdf", 8, False),
        ("odd/pypdf-indirect-rotation.pdf", 3, False),
        ("real/tr-gebze-belediye-meclis-kararlari-2025-01.pdf", 1, False),
        ("real/tr-gebze-belediye-mali-durum-ve-beklentiler-2023.pdf", 10, False),
    ],
)
def test_shared_pages_are_judged_as_measured(name: str, number: int, garbage: bool) -> None:
    path = shared_path("testdata", "pdfs", *name.split("/"))
    assert is_unreadable(page_text(path, number)) is garbage
