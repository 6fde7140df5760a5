"""The upload's quick look (`probe_pdf`): certain refusals (locked, wrong password, no pages)
from the real odd PDFs, nothing for a PDF a job can read, and never longer than its bound."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from conftest import shared_path
from pdf_factory import make_pdf

from indexer.errors import PdfProblem, UnreadablePdf
from indexer.pdf import open_document, probe_pdf
from indexer.pdf.probe import bounded


@pytest.fixture(scope="module")
def odd_dir() -> Path:
    return shared_path("testdata", "pdfs", "odd")


@pytest.mark.parametrize(
    ("name", "password", "problem"),
    [
        ("pdfplumber-password-example.pdf", None, PdfProblem.ENCRYPTED),
        ("pdfplumber-password-example.pdf", "yanlis", PdfProblem.WRONG_PASSWORD),
        ("pypdf-crazyones-encrypted-256.pdf", None, PdfProblem.ENCRYPTED),
        # pdfium calls this one "incorrect password": pdfminer, the job's reader, says why
        ("pikepdf-newline-buffer-test-zero-pages.pdf", None, PdfProblem.NO_PAGES),
    ],
)
def test_a_certain_refusal_is_found_at_once(
    odd_dir: Path, name: str, password: str | None, problem: PdfProblem
) -> None:
    started = time.perf_counter()
    with pytest.raises(UnreadablePdf) as refused:
        probe_pdf(odd_dir / name, password)
    assert refused.value.problem is problem
    assert time.perf_counter() - started < 1.0


def test_every_odd_pdf_the_reader_opens_passes(odd_dir: Path) -> None:
    """No refusal for a file the job would read: the probe only says what is certain."""
    for path in sorted(odd_dir.glob("*.pdf")):
        try:
            with open_document(path, None, seconds_per_page=5) as document:
                pages = document.info.page_count
        except UnreadablePdf:
            continue
        if pages:
            probe_pdf(path, None)  # raises nothing


def test_an_empty_password_pdf_and_a_plain_one_pass(odd_dir: Path, tmp_path: Path) -> None:
    probe_pdf(odd_dir / "pypdf-r2-empty-password.pdf", None)
    plain = tmp_path / "plain.pdf"
    plain.write_bytes(make_pdf(["bir sayfa", "iki sayfa"]))
    probe_pdf(plain, None)
    probe_pdf(plain, "a password it does not need")


def test_a_step_that_does_not_answer_in_time_is_no_refusal() -> None:
    started = time.perf_counter()
    assert bounded(lambda: time.sleep(3) or True, 0.2) is None
    assert time.perf_counter() - started < 1.0
    assert bounded(lambda: 1 / 0, 0.2) is None  # a failing look is no refusal either
    assert bounded(lambda: "answer", 1.0) == "answer"
