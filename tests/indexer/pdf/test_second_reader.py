"""A damaged PDF is read by another reader if it can be, and the log stays clean (issue 12
§11): a page tree with a broken kid made pdfplumber raise again while closing the file, so
the refusal was logged as an "unexpected failure" with its traceback. pdfium reads the page
it can; the page neither reader can load is named in the document's problems."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from pdf_factory import make_pdf

from indexer.corpus import find_corpus_files
from indexer.errors import UnreadablePdf
from indexer.extraction import ExtractedDocument, Extractor
from indexer.notices import Notice, PageIssue, PageProblem


def broken_page_tree(folder: Path) -> Path:
    """Two pages, the second kid of the page tree an integer instead of a page."""
    pdf = make_pdf(["Birinci sayfa metni burada", "Ikinci sayfa metni"])
    damaged = pdf.replace(b"/Kids [4 0 R 6 0 R]", b"/Kids [4 0 R 42]   ")
    assert damaged != pdf and len(damaged) == len(pdf)  # the xref offsets still hold
    path = folder / "bozuk-agac.pdf"
    path.write_bytes(damaged)
    return path


def test_a_broken_page_tree_is_read_by_pdfium_without_a_traceback(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    broken_page_tree(tmp_path)
    (corpus_file,) = find_corpus_files(tmp_path)
    with caplog.at_level(logging.INFO):
        result = Extractor(ocr_engine=None).extract_safely(corpus_file)
    assert isinstance(result, ExtractedDocument), getattr(result, "reason", result)
    assert [unit.text for unit in result.units] == ["Birinci sayfa metni burada"]
    assert result.problems == [Notice.page(2, PageIssue(PageProblem.NO_TEXT))]
    assert [notice.text() for notice in result.problems] == ["page 2: no readable text"]
    assert not [record for record in caplog.records if record.exc_info]
    assert "unexpected failure" not in caplog.text
    assert "reading it with pdfium" in caplog.text


def test_a_file_neither_reader_opens_keeps_its_reason(tmp_path: Path) -> None:
    (tmp_path / "kesik.pdf").write_bytes(b"%PDF-1.4\n" + b"\x00" * 200)
    (corpus_file,) = find_corpus_files(tmp_path)
    result = Extractor(ocr_engine=None).extract_safely(corpus_file)
    assert isinstance(result, UnreadablePdf)
    assert result.reason.startswith("damaged beyond repair")
