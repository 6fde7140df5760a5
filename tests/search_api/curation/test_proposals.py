"""Proposals: short readable doc_ids from titles."""

from __future__ import annotations

import pytest
from conftest import shared_path

from indexer.corpus import CorpusFile
from indexer.extraction import Extractor
from indexer.pdf import TesseractEngine
from search_api.curation.proposals import propose, short_doc_id


def test_a_doc_id_is_the_titles_first_words() -> None:
    title = (
        "Gebe veya Emziren Kadınların Çalıştırılma Şartlarıyla Emzirme Odaları ve Çocuk "
        "Bakım Yurtlarına Dair Yönetmelik"
    )
    assert short_doc_id(title) == "gebe-veya-emziren-kadinlarin-calistirilma"
    assert short_doc_id("Kent Uyum Raporu: İstanbul 2023") == "kent-uyum-raporu-istanbul-2023"
    assert len(short_doc_id("Çok " * 40)) <= 48
    assert short_doc_id("!!!") == "belge"


@pytest.mark.skipif(not TesseractEngine().available(), reason="Tesseract is not installed")
def test_an_english_scan_is_proposed_as_english_with_its_ocr_pages_named() -> None:
    """Language after OCR: the proposal comes from the pages as read, OCR'd text included
    (the text layer alone is empty, which used to propose Turkish)."""
    scan = shared_path("testdata", "pdfs", "odd", "pikepdf-congress-image-only.pdf")
    read = Extractor().read(CorpusFile("scan", scan, scan.with_suffix(".none"), ""), None)
    proposal = propose(read, scan.name, "sha", None)
    assert proposal.detected["lang"] == "en"
    assert proposal.ocr_pages == [1]
    assert proposal.detected["title"] == "President of the United States,"


@pytest.mark.parametrize(
    "name",
    [
        "tr-emzirme-odalari-yonetmelik-wkhtmltopdf.pdf",
        "tr-ithalatta-gozetim-teblig-2025-1.pdf",
        "tr-resmigazete-20251231-M6-2-yonetmelik.pdf",
    ],
)
def test_a_regulation_upload_is_proposed_as_a_regulation(name: str) -> None:
    """Yönetmelik and tebliğ by their titles; no law number is proposed for them."""
    pdf = shared_path("testdata", "pdfs", "real", name)
    read = Extractor(ocr_engine=None).read(CorpusFile("x", pdf, pdf.with_suffix(".none"), ""), None)
    proposal = propose(read, name, "sha", None)
    assert proposal.detected["kind"] == "regulation"
    assert "law_number" not in proposal.detected
