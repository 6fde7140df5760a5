"""One PDF to search units, top to bottom, on the real PDFs of the default corpus: a law is cut
into article units addressed `law:<number>:<key>`, a report into one unit per page with text;
metadata from the .toml wins over what is detected; a PDF without metadata still gets a
title and language. Expected values are read off the PDFs and their .toml files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from conftest import CORPUS_DIR, shared_path
from corpus_support import corpus_read

from indexer.corpus import CorpusFile, content_hash, find_corpus_files
from indexer.errors import UnreadablePdf
from indexer.extraction import ExtractedDocument, Extractor, describe_document, extract_document

YUKK_PDF = CORPUS_DIR / "laws" / "6458-yabancilar-ve-uluslararasi-koruma-kanunu.pdf"
REPORT_PDF = CORPUS_DIR / "reports" / "reslog-turkey-project-en.pdf"


def corpus_file(pdf: Path) -> CorpusFile:
    meta = pdf.with_suffix(".toml")
    return CorpusFile(pdf.stem, pdf, meta, content_hash(pdf, meta))


@pytest.fixture(scope="module")
def law() -> ExtractedDocument:
    """The law as `extract_document` makes it (its reading, then its description), from the
    run's shared reading of the PDF."""
    return describe_document(corpus_file(YUKK_PDF), corpus_read(YUKK_PDF))


def pdf_page_count(pdf: Path) -> int:
    document = pdfium.PdfDocument(pdf)
    try:
        return len(document)
    finally:
        document.close()


def test_a_law_becomes_one_unit_per_article(law: ExtractedDocument) -> None:
    assert law.meta.kind == "law" and law.meta.law_number == "6458"
    ids = [unit.unit_id for unit in law.units]
    assert len(ids) == len(set(ids))
    assert ids[:3] == ["law:6458:1", "law:6458:2", "law:6458:3"]
    article = next(unit for unit in law.units if unit.unit_id == "law:6458:91")
    assert (article.article, article.article_title) == ("91", "Geçici koruma")
    assert article.doc_title == "Yabancılar ve Uluslararası Koruma Kanunu"  # from the .toml
    assert article.part and article.chapter
    assert [unit.order for unit in law.units] == sorted(unit.order for unit in law.units)
    assert law.page_count == pdf_page_count(YUKK_PDF)


def test_an_articles_structure_travels_with_its_unit(law: ExtractedDocument) -> None:
    article = next(unit for unit in law.units if unit.unit_id == "law:6458:91")
    assert article.structure is not None
    assert [paragraph.number for paragraph in article.structure.paragraphs][:2] == ["1", "2"]
    assert law.law is not None
    assert law.law["header"]["law_number"] == "6458"
    assert any(division["kind"] for division in law.law["divisions"])


def test_a_report_becomes_one_unit_per_page_with_text() -> None:
    document = Extractor().extract(corpus_file(REPORT_PDF))
    assert document.meta.title == "RESLOG Project in Turkey"
    assert document.page_count == pdf_page_count(REPORT_PDF)
    pages = [unit.page for unit in document.units]
    assert pages == sorted(pages) and len(pages) <= document.page_count
    assert all(unit.unit_id == f"doc:{REPORT_PDF.stem}:p{unit.page}" for unit in document.units)
    assert all(unit.text.strip() and unit.lang == "en" for unit in document.units)
    assert document.ocr_pages == 0 and not any(unit.ocr for unit in document.units)


def test_without_metadata_a_pdf_still_gets_a_title_kind_and_language(tmp_path: Path) -> None:
    pdf = tmp_path / YUKK_PDF.name
    shutil.copy(YUKK_PDF, pdf)  # no .toml beside it
    document = describe_document(corpus_file(pdf), corpus_read(YUKK_PDF))  # the same pages
    assert document.meta.kind == "law"  # from the mevzuat header "Kanun Numarası : 6458"
    assert document.meta.law_number == "6458"
    assert document.meta.lang == "tr"
    assert "KORUMA" in document.meta.title.upper()


def test_a_file_that_is_not_a_pdf_is_refused_with_its_reason(tmp_path: Path) -> None:
    fake = tmp_path / "notes.pdf"
    fake.write_text("these are notes, not a PDF")
    with pytest.raises(UnreadablePdf, match="not a PDF"):
        extract_document(corpus_file(fake))
    refused = Extractor().extract_safely(corpus_file(fake))  # worker-safe: returned, not raised
    assert isinstance(refused, UnreadablePdf) and refused.reason == "not a PDF"


def test_the_real_pdf_index_holds_regulation_articles_not_pages(tmp_path: Path) -> None:
    """The three real regulation PDFs are cut into their articles by the pipeline alone."""
    real = shared_path("testdata", "pdfs", "real")
    names = (
        "tr-emzirme-odalari-yonetmelik-wkhtmltopdf",
        "tr-ithalatta-gozetim-teblig-2025-1",
        "tr-resmigazete-20251231-M6-2-yonetmelik",
    )
    for name in names:
        shutil.copy(real / f"{name}.pdf", tmp_path / f"{name}.pdf")
    extractor = Extractor(ocr_engine=None)
    counts = {}
    for corpus_file in find_corpus_files(tmp_path):
        document = extractor.extract(corpus_file)
        assert document.meta.kind == "regulation", corpus_file.doc_id
        assert all(unit.unit_id.startswith(f"reg:{corpus_file.doc_id}:") for unit in document.units)
        counts[corpus_file.doc_id] = len(document.units)
    # Articles counted in each PDF's text: 26 + 2 geçici, 9 (a communiqué), 4 (an amendment).
    assert counts == {names[0]: 28, names[1]: 9, names[2]: 4}
