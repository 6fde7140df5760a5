"""One bad page costs that page, not the document (issue 12 §2).

The reproduction: a PDF whose words end beyond the page's right edge (30 lines of 150
characters at 12 pt on A4, made here) raised IndexError in `columns.find_gutters`, and the
whole document was skipped. A page that layout still cannot handle is read in plain row
order and named in the document's problems; the other pages keep their reading order.
"""

from __future__ import annotations

import math
from pathlib import Path

from pdf_factory import make_pdf

from indexer.corpus import find_corpus_files
from indexer.extraction import Extractor, extract_document
from indexer.index import IndexStore
from indexer.layout import build_document_text
from indexer.layout.columns import Row, find_gutters
from indexer.models import RawPage, Word
from indexer.notices import PageProblem
from indexer.pdf import read_pages

WIDE_LINES = [f"satir{number:02d} " + "genis metin " * 12 for number in range(30)]


def wide_pdf(folder: Path) -> Path:
    """A4, 12 pt Helvetica, 30 lines of 150 characters: each line runs ~300 pt past the edge."""
    lines = [line[:150] for line in WIDE_LINES]
    assert all(len(line) == 150 for line in lines)
    path = folder / "genis-metin.pdf"
    path.write_bytes(make_pdf("\n".join(lines)))
    return path


def word(text: str, x0: float, top: float, width: float = 30.0) -> Word:
    return Word(text, x0, x0 + width, top, top + 10, 10.0)


def test_gutters_are_looked_for_on_the_page_only() -> None:
    rows = [Row([word("sol", 20, 20 * n), word("sag", 560, 20 * n, width=120)]) for n in range(8)]
    rows += [Row([word("eksi", -40, 200)])]
    (gutter,) = find_gutters(rows, width=595)
    assert 50 < gutter < 560


def test_text_past_the_right_edge_is_read(tmp_path: Path) -> None:
    path = wide_pdf(tmp_path)
    pages = build_document_text(list(read_pages(path)))
    assert len(pages) == 1 and pages[0].problem is None
    text = pages[0].text
    assert all(f"satir{number:02d}" in text for number in range(30))


def test_a_document_with_text_past_the_edge_is_indexable_without_metadata(
    tmp_path: Path,
) -> None:
    wide_pdf(tmp_path)
    (corpus_file,) = find_corpus_files(tmp_path)
    document = extract_document(corpus_file, ocr_engine=None)
    assert document.problems == []
    assert "satir29" in " ".join(unit.text for unit in document.units)


def page_of(number: int, width: float, texts: list[str]) -> RawPage:
    words = [word(text, 60, 60 + 16 * line) for line, text in enumerate(texts)]
    return RawPage(number=number, width=width, height=842, words=words)


def test_a_page_layout_fails_on_costs_only_that_page() -> None:
    """A page box pdfminer reports as not-a-number (a broken MediaBox) makes the column
    search fail; that page is read row by row and says so, its neighbours are untouched."""
    texts = {n: [f"{name} sayfa satir {line}" for line in range(8)]
             for n, name in ((1, "birinci"), (2, "ikinci"), (3, "ucuncu"))}  # fmt: skip
    pages = build_document_text(
        [page_of(1, 595, texts[1]), page_of(2, math.nan, texts[2]), page_of(3, 595, texts[3])]
    )
    assert [page.number for page in pages] == [1, 2, 3]
    assert pages[0].problem is None and pages[2].problem is None
    assert pages[1].problem is not None
    assert pages[1].problem.problem is PageProblem.LAYOUT_FALLBACK
    assert pages[1].problem.detail.startswith("ValueError")
    assert [page.text.splitlines() for page in pages] == [texts[1], texts[2], texts[3]]


def test_the_index_summary_names_the_pages_indexed_without_text(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "yarim.pdf").write_bytes(make_pdf(["ilk sayfa metni burada", "", "son sayfa"]))
    store = IndexStore(tmp_path / "data", workers=1, extractor=Extractor(ocr_engine=None))
    summary = store.reconcile(corpus)
    assert summary.skipped == []
    assert summary.page_warnings == [("yarim.pdf", "page 2: no readable text")]
    assert "1 page warnings (yarim.pdf: page 2: no readable text)" in summary.line()
    assert summary.as_dict()["page_warnings"] == [
        {"source": "yarim.pdf", "warning": "page 2: no readable text"}
    ]
