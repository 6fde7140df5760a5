"""Reading order and clean text: columns, boxes side by side, rotated text, fake bold,
hyphenation, running headers. Expected sentences were read off the rendered pages."""

from __future__ import annotations

import re
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from conftest import shared_path

from indexer.layout import build_document_text
from indexer.layout.page_text import build_page_text
from indexer.models import PageText, RawPage, Word, strip_footnote_marks
from indexer.pdf import read_pages
from indexer.pdf.glyphs import char_rotation, drop_duplicate_chars, turn_upright

CORPUS = Path(__file__).resolve().parents[3] / "corpus"


def flat(text: str) -> str:
    """Page text as one line: footnote marks out, whitespace collapsed."""
    return re.sub(r"\s+", " ", strip_footnote_marks(text))


def document_text(path: Path, password: str | None = None) -> list[PageText]:
    return build_document_text(list(read_pages(path, password)))


def line_words(text: str, x0: float, top: float, size: float = 10.0) -> list[Word]:
    words, x = [], x0
    for part in text.split():
        width = len(part) * size * 0.5
        words.append(Word(part, x, x + width, top, top + size, size))
        x += width + size * 0.3
    return words


# -- pure decisions ------------------------------------------------------------------------


def test_boxes_side_by_side_are_read_box_by_box() -> None:
    """A timeline: two boxes of prose at the same height, no page-wide column."""
    left = [
        "Assisted voluntary return and",
        "reintegration of the IOM in",
        "Türkiye was started then",
    ]
    right = [
        "Turkey adopts the Law on",
        "Foreigners and International",
        "Protection in the same year",
    ]
    words = line_words("A title that runs across the whole page width here", 40, 40, size=14)
    for i, (first, second) in enumerate(zip(left, right, strict=True)):
        words += line_words(first, 40, 100 + i * 12) + line_words(second, 330, 100 + i * 12)
    words += line_words("A closing line of body text below both boxes", 40, 200)
    text = build_page_text(RawPage(number=1, width=595, height=842, words=words)).text
    assert " ".join(left) in text.replace("\n", " ")
    assert " ".join(right) in text.replace("\n", " ")


def test_table_rows_stay_rows() -> None:
    words = []
    for i, (number, date) in enumerate([("5281", "23/7/2004"), ("5335", "27/4/2005")] * 4):
        words += line_words(f"{number} Geçici Madde 3", 40, 100 + i * 12)
        words += line_words(date, 330, 100 + i * 12)
    text = build_page_text(RawPage(number=1, width=595, height=842, words=words)).text
    assert text.splitlines()[0] == "5281 Geçici Madde 3 23/7/2004"


def test_digits_in_a_small_type_header_are_not_footnote_markers() -> None:
    """Regression: '31 Aralık 2025 … Sayı : 33124' lost its year and issue number."""
    header = line_words("31 Aralık 2025 ÇARŞAMBA Resmî Gazete Sayı : 33124", 40, 20, size=8)
    body = [w for i in range(8) for w in line_words("gövde metni satırı burada", 40, 100 + 14 * i)]
    page = build_page_text(RawPage(number=1, width=595, height=842, words=header + body))
    assert page.lines[0].text == "31 Aralık 2025 ÇARŞAMBA Resmî Gazete Sayı : 33124"


def test_rotated_margin_text_follows_the_body_and_recurring_slugs_go() -> None:
    pages = []
    for number in (1, 2):
        words = line_words(f"Body text of page {number} in the usual place", 60, 300)
        slug = f"VerDate Sep 2014 Jkt 2500{number} Frm 0000{number}"
        stamp = ["arXiv:1601.03642v1 [cs.CV] 12 Jan 2016"] if number == 1 else []
        pages.append(RawPage(number, 595, 842, words, side_lines=[slug, *stamp]))
    texts = [page.text for page in build_document_text(pages)]
    assert texts[0].splitlines() == [
        "Body text of page 1 in the usual place",
        "arXiv:1601.03642v1 [cs.CV] 12 Jan 2016",
    ]
    assert texts[1] == "Body text of page 2 in the usual place"


def test_glyph_direction_comes_from_the_text_matrix() -> None:
    assert char_rotation({"matrix": (0.94, -0.0, -0.0, 0.94, 0, 0)}) == 0
    assert char_rotation({"matrix": (0, 1, -1, 0, 0, 0)}) == 90  # reads upward
    assert char_rotation({"matrix": (0, -1, 1, 0, 0, 0)}) == 270  # reads downward
    upward = {"text": "a", "x0": 20, "x1": 30, "top": 700, "bottom": 706, "size": 1.0}
    (turned,) = turn_upright([upward], 90, width=595, height=842)
    assert (turned["x0"], turned["x1"], turned["top"], turned["bottom"]) == (136, 142, 20, 30)


def test_fake_bold_copies_are_dropped_but_repeated_letters_stay() -> None:
    chars = [
        {"text": "o", "x0": 10.0, "top": 5.0},
        {"text": "o", "x0": 10.4, "top": 5.2},  # the fake-bold copy
        {"text": "o", "x0": 16.0, "top": 5.0},  # the next letter of "oo"
    ]
    assert [c["x0"] for c in drop_duplicate_chars(chars)] == [10.0, 16.0]


# -- the shared and corpus PDFs ------------------------------------------------------------


def test_brochure_column_break_continues_the_sentence() -> None:
    pages = document_text(CORPUS / "reports" / "mbb-goc-politikalari-merkezi-tanitim-tr.pdf")
    text = flat(pages[0].text)
    assert (
        "Üyelerinin talep ve ihtiyaçlarını tespit ederek çözüm önerileri geliştirmektedir." in text
    )
    assert "Yerel yönetimleri uluslararası arenada temsil eder." in text


def test_arxiv_two_columns_read_without_the_margin_stamp() -> None:
    path = shared_path("testdata", "pdfs", "odd", "pdfplumber-issue-982-arxiv-2col.pdf")
    first = document_text(path)[0]
    text = flat(first.text)
    assert (
        "Recent advances in machine learning produce results which the author would "
        "intuitively call creative." in text
    )
    assert "According to [Gad06] creativity is “the ability to use your imagination" in text
    assert first.lines[-1].text == "arXiv:1601.03642v1 [cs.CV] 12 Jan 2016"


def test_federal_register_three_columns_and_running_header() -> None:
    path = shared_path("testdata", "pdfs", "odd", "pdfplumber-federal-register-3col.pdf")
    pages = document_text(path)
    text = flat(pages[1].text)
    assert (
        "The FAA sent Emergency AD 2018–23–51 to all known U.S. owners and operators of "
        "Boeing Model 737 MAX airplanes to require revising certificate limitations" in text
    )
    assert (
        "This unsafe condition, if not addressed, could cause the flightcrew to have "
        "difficulty controlling the airplane" in text
    )
    for page in pages[1:]:
        assert "Federal Register / Vol. 85" not in page.text  # odd and even page headers
        assert "VerDate" not in page.text  # the print-shop slug in the margin


def test_timeline_boxes_read_box_by_box() -> None:
    path = shared_path("testdata", "pdfs", "real", "en-gaps-turkiye-return-policy-timeline.pdf")
    pages = document_text(path)
    assert (
        "Assisted Voluntary Return and Reintegration (AVRR) of IOM Türkiye started, which is "
        "integral to ensuring a comprehensive approach to migration management."
    ) in flat(pages[0].text)
    assert (
        "EU-Turkey Statement to stop irregular migration from Turkey to EU and return of "
        "irregular migrants to Turkey"
    ) in flat(pages[1].text)


def test_sideways_table_page_is_turned_upright() -> None:
    """Regression: page 10 is drawn rotated; it came out as single letters and digits."""
    path = shared_path(
        "testdata", "pdfs", "real", "tr-gebze-belediye-mali-durum-ve-beklentiler-2023.pdf"
    )
    pages = document_text(path)
    assert "TEMSİL VE TANITMA GİDERLERİ 14.369.594,52 26.731.500,00" in pages[9].text
    # page 2: a table whose glyphs pdfminer wrongly flags as not upright
    assert "01-Personel Giderleri 99.567.160,32 191.473.616,30" in pages[1].text


def test_page_with_rotate_attribute_reads_like_the_unrotated_page(tmp_path: Path) -> None:
    source = CORPUS / "reports" / "reslog-turkey-project-en.pdf"
    for rotation in (90, 180, 270):
        document = pdfium.PdfDocument(source)
        document[0].set_rotation(rotation)
        target = tmp_path / f"rotated-{rotation}.pdf"
        document.save(target)
        document.close()
        rotated = flat(document_text(target)[0].text)
        assert flat(document_text(source)[0].text)[:400] in rotated


def test_indirect_rotate_object_is_read() -> None:
    path = shared_path("testdata", "pdfs", "odd", "pypdf-indirect-rotation.pdf")
    text = document_text(path)[0].text  # an OCR'd fax: its text layer is letter-spaced
    assert "Singapore 138588" in text and "Ocean Plaza" in text


def test_hyphenated_line_ends_give_whole_turkish_words() -> None:
    path = shared_path("testdata", "pdfs", "real", "tr-resmigazete-20251231-M6-2-yonetmelik.pdf")
    text = flat(document_text(path)[0].text)
    assert "Piyasa Gözetimi ve Denetimi" in text
    assert "maddeleri yürürlükten kaldırılmıştır" in text


def test_duplicate_glyphs_of_fake_bold_are_collapsed() -> None:
    path = shared_path("testdata", "pdfs", "odd", "pdfplumber-issue-71-duplicate-chars.pdf")
    text = document_text(path)[0].text
    assert "项目描述:负责四川省甘孜州丹巴磨子电站" in text
    assert "项项" not in text and "描描" not in text


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Ｋａｎｕｎ", "Kanun"), ("ﻣﺮﺣﺒﺎ", "مرحبا"), ("ofﬁce", "office"), ("…", "…")],
)
def test_compatibility_characters_are_normalised(text: str, expected: str) -> None:
    page = build_page_text(RawPage(1, 595, 842, [Word(text, 50, 90, 100, 110, 10)]))
    assert page.text == expected


def test_right_to_left_words_read_in_logical_order() -> None:
    path = shared_path("testdata", "pdfs", "odd", "pypdf-multilang.pdf")
    text = document_text(path)[0].text
    assert "مرحبا بالعالم" in text
    assert "Привет, мир" in text
