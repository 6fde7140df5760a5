"""Layout decisions on hand-built words, and page-text cleaning on the corpus PDFs."""

from __future__ import annotations

from pathlib import Path

import pytest
from corpus_support import corpus_read

from indexer.layout import join_lines
from indexer.layout.page_text import (
    build_page_text,
    find_running_lines,
    normalise_text,
    parse_footnotes,
)
from indexer.models import FOOTNOTE_MARK_RE, RawPage, Word, footnote_mark, strip_footnote_marks

CORPUS = Path(__file__).resolve().parents[3] / "corpus"


def word(text: str, x0: float, top: float, size: float = 12.0, width: float | None = None) -> Word:
    width = width if width is not None else len(text) * size * 0.5
    return Word(text=text, x0=x0, x1=x0 + width, top=top, bottom=top + size, size=size)


def line_words(text: str, x0: float, top: float, size: float = 12.0) -> list[Word]:
    words, x = [], x0
    for part in text.split():
        words.append(word(part, x, top, size))
        x += len(part) * size * 0.5 + size * 0.3
    return words


def test_ligatures_and_nfc_are_normalised() -> None:
    assert normalise_text("e\ufb03cient o\u0308") == "efficient ö"


def test_typographic_apostrophes_are_kept() -> None:
    assert normalise_text("Türkiye’nin") == "Türkiye’nin"


def test_line_break_hyphenation_is_joined() -> None:
    assert join_lines("yürürlük-", "ten kaldırılmıştır") == "yürürlükten kaldırılmıştır"
    assert join_lines("MADDE 3", "– (1) Bu") == "MADDE 3 – (1) Bu"


def test_compound_broken_at_its_own_hyphen_keeps_the_hyphen() -> None:
    assert join_lines("yap-", "işlet-devret modeli") == "yap-işlet-devret modeli"


def test_raised_small_digit_becomes_a_footnote_marker() -> None:
    words = [*line_words("esasları (…)", 70, 100), word("1", 160, 98, size=7.0)]
    words += line_words("düzenlemektir.", 170, 100)
    words += line_words("filler line of body text here", 70, 130)
    page = RawPage(number=1, width=595, height=842, words=words)
    text = build_page_text(page).text
    assert f"(…){footnote_mark(1)}" in text
    assert strip_footnote_marks(text).startswith("esasları (…) düzenlemektir.")


def test_small_type_at_page_bottom_is_footnotes_with_their_numbers() -> None:
    body = line_words("Kanunun amacı usul ve esasları", 70, 100)
    body.append(word("1", 260, 98, size=7.0))
    body += line_words("ikinci satır metin", 70, 120)
    notes = line_words("12/7/2018 tarihli KHK ile değiştirilmiştir.", 70, 730, size=8.0)
    page = build_page_text(RawPage(number=1, width=595, height=842, words=body + notes))
    assert [note.number for note in page.footnotes] == ["1"]
    assert page.footnotes[0].text.startswith("2/7/2018 tarihli")
    assert "KHK" not in page.text


def test_footnote_number_glued_to_its_text_is_split_by_the_expected_sequence() -> None:
    notes = parse_footnotes(["12/7/2018 a", "devam", "22/7/2018 b"], ["1", "2"])
    assert [(n.number, n.text) for n in notes] == [("1", "2/7/2018 a devam"), ("2", "2/7/2018 b")]


def test_two_columns_are_read_column_by_column() -> None:
    words = line_words("Başlık Boyunca Uzanan Geniş Bir Başlık Satırı Burada", 60, 60, size=12)
    left = [f"sol{i} kelime" for i in range(10)]
    right = [f"sag{i} kelime" for i in range(10)]
    for i in range(10):
        words += line_words(left[i], 60, 100 + i * 14, size=10)
        words += line_words(right[i], 320, 100 + i * 14, size=10)
    text = build_page_text(RawPage(number=1, width=595, height=842, words=words)).text
    lines = text.splitlines()
    assert lines[0].startswith("Başlık")
    assert lines[1:11] == left
    assert lines[11:21] == right


def test_running_header_and_page_numbers_are_dropped() -> None:
    pages = []
    for number in (1, 2, 3):
        words = line_words("Marmara Belediyeler Birliği · Göç", 300, 40, size=8)
        words += line_words(f"Gövde metni sayfa {number} için yazıldı", 60, 300)
        words += line_words(f"– {number} –", 290, 800, size=8)
        pages.append(RawPage(number=number, width=595, height=842, words=words))
    running = find_running_lines(pages)
    texts = [build_page_text(page, running).text for page in pages]
    assert texts == [f"Gövde metni sayfa {n} için yazıldı" for n in (1, 2, 3)]


@pytest.fixture(scope="module")
def law_6458_pages() -> list:
    return corpus_read(CORPUS / "laws" / "6458-yabancilar-ve-uluslararasi-koruma-kanunu.pdf").pages


def test_law_page_keeps_body_and_moves_footnotes_out(law_6458_pages: list) -> None:
    first = law_6458_pages[0]
    assert first.lines[0].text == "YABANCILAR VE ULUSLARARASI KORUMA KANUNU"
    assert "Kanun Numarası : 6458" in first.text
    assert [note.number for note in first.footnotes] == ["1", "2", "3"]
    assert "ibaresi yürürlükten kaldırılmıştır" not in strip_footnote_marks(first.text)
    assert [m.group(1) for m in FOOTNOTE_MARK_RE.finditer(first.text)] == ["1", "2", "3"]


def test_every_corpus_law_footnote_number_is_claimed_in_order(law_6458_pages: list) -> None:
    numbers = [int(note.number) for page in law_6458_pages for note in page.footnotes]
    assert numbers == list(range(1, len(numbers) + 1))
    assert len(numbers) >= 25


def test_report_pages_lose_running_header_and_page_number() -> None:
    pages = corpus_read(CORPUS / "reports" / "mbb-goc-politikalari-merkezi-tanitim-tr.pdf").pages
    for page in pages:
        assert "Marmara Belediyeler Birliği · Göç Politikaları Merkezi" not in page.text
        assert f"– {page.number} –" not in page.text
    assert "190’dan fazla üyesi bulunan MBB, 6’sı büyükşehir\nolmak üzere 13 ilde" in pages[0].text


def test_footnote_running_onto_the_next_page_joins_its_note() -> None:
    pages = corpus_read(CORPUS / "laws" / "5216-buyuksehir-belediyesi-kanunu.pdf").pages
    numbers = [note.number for page in pages for note in page.footnotes]
    assert "" not in numbers
    assert numbers == [str(n) for n in range(1, len(numbers) + 1)]


def test_annex_table_in_small_type_stays_body_not_footnotes() -> None:
    pages = corpus_read(CORPUS / "laws" / "5901-turk-vatandasligi-kanunu.pdf").pages
    assert "EK VE DEĞİŞİKLİK GETİREN" in pages[-1].text or "ANAYASA MAHKEMESİ" in pages[-1].text
    assert all("SAYILI KANUNA" not in note.text for note in pages[-1].footnotes)
