"""OCR for pages without a usable text layer: Tesseract's boxes become words, results are
cached per (file, page) so an interrupted run resumes, and without Tesseract such pages are
reported instead of indexed. Expected words were read off the rendered scans."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from conftest import shared_path

from indexer.corpus import CorpusFile
from indexer.errors import UnreadablePdf
from indexer.extraction import Extractor, extract_document
from indexer.files import file_sha256
from indexer.models import RawPage, Word
from indexer.pdf import OcrCache, TesseractEngine, tesseract_available
from indexer.pdf.ocr import words_from_tsv

needs_tesseract = pytest.mark.skipif(
    not tesseract_available(),
    reason="tesseract with tur+eng is not installed (scripts/test installs it)",
)
TSV = "\n".join(
    [
        "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext",
        "1\t1\t0\t0\t0\t0\t0\t0\t2480\t3508\t-1\t",
        "4\t1\t1\t1\t1\t0\t300\t600\t900\t50\t-1\t",
        "5\t1\t1\t1\t1\t1\t300\t610\t250\t40\t96.1\tCumaköy",
        "5\t1\t1\t1\t1\t2\t580\t600\t330\t50\t95.3\tMahallesi",
        "5\t1\t1\t1\t1\t3\t950\t605\t40\t20\t12.0\t~",
        "5\t1\t1\t1\t1\t4\t1000\t605\t40\t20\t95.0\t ",
    ]
)


def corpus_file(path: Path) -> CorpusFile:
    return CorpusFile(path.stem, path, path.with_suffix(".toml"), "hash")


class MissingEngine:
    """An OCR engine that is not installed on this machine."""

    def available(self) -> bool:
        return False

    def recipe(self) -> str:
        return "missing"

    def recognise(self, image: Path, dpi: int, timeout: float | None) -> list[Word]:
        raise AssertionError("an unavailable engine was asked to read")


class CachedOnlyEngine:
    """Tesseract's cache key, but any page it is asked to read fails the test."""

    def available(self) -> bool:
        return True

    def recipe(self) -> str:
        return TesseractEngine().recipe()

    def recognise(self, image: Path, dpi: int, timeout: float | None) -> list[Word]:
        raise AssertionError("a cached page was OCR'd again")


class FixedWordsEngine:
    """Reads every page as the same two words, counting how often it was asked."""

    def __init__(self) -> None:
        self.calls: list[int] = []

    def available(self) -> bool:
        return True

    def recipe(self) -> str:
        return "fixed-words-v1"

    def recognise(self, image: Path, dpi: int, timeout: float | None) -> list[Word]:
        self.calls.append(dpi)
        return [Word("İlan", 72, 110, 100, 112, 12.0), Word("tutanağı", 115, 170, 100, 112, 12.0)]


def test_tesseract_words_share_their_line_box_in_points() -> None:
    words = words_from_tsv(TSV, scale=72 / 300)
    assert [word.text for word in words] == [
        "Cumaköy",
        "Mahallesi",
    ]  # low confidence and blanks out
    assert words[0].top == words[1].top == 144.0
    assert words[0].bottom == words[1].bottom == 156.0
    assert words[0].x0 == 72.0


def test_ocr_cache_round_trip(tmp_path: Path) -> None:
    cache = OcrCache(tmp_path, "abc123", "recipe-1")
    page = RawPage(2, 595.0, 842.0, [Word("Gebze", 10, 40, 100, 112, 12.0)], ocr=True)
    cache.store(page)
    assert cache.load(2) == page
    assert cache.load(3) is None
    assert OcrCache(tmp_path, "abc123", "recipe-2").load(2) is None  # another recipe


def test_without_tesseract_a_scan_is_skipped_with_its_reason() -> None:
    scan = shared_path("testdata", "pdfs", "real", "tr-gebze-imar-duyuru-1-SCANNED.pdf")
    with pytest.raises(UnreadablePdf, match="no readable text"):
        extract_document(corpus_file(scan), ocr_engine=MissingEngine())
    with pytest.raises(UnreadablePdf, match="no readable text"):
        Extractor(ocr_engine=None).extract(corpus_file(scan))  # no engine at all


def test_without_tesseract_garbage_pages_are_marked_not_indexed() -> None:
    pdf = shared_path("testdata", "pdfs", "odd", "tr-resmigazete-20250501-5-NO-TOUNICODE.pdf")
    with pytest.raises(UnreadablePdf, match="no readable text"):
        extract_document(corpus_file(pdf), ocr_engine=MissingEngine())  # (cid:N) never indexed


def test_the_injected_engine_reads_pages_without_text(tmp_path: Path) -> None:
    scan = shared_path("testdata", "pdfs", "real", "tr-gebze-imar-duyuru-1-SCANNED.pdf")
    engine = FixedWordsEngine()
    extractor = Extractor(ocr_cache_dir=tmp_path, ocr_engine=engine)
    document = extractor.extract(corpus_file(scan))
    assert document.ocr_pages == 1
    assert document.units[0].text == "İlan tutanağı"
    assert engine.calls == [300]  # rendered at the OCR resolution
    assert list((tmp_path / file_sha256(scan)).glob("page-1.fixed-words-v1.json"))
    extractor.extract(corpus_file(scan))
    assert len(engine.calls) == 1  # the second extraction read the cache


@pytest.fixture(scope="module")
def ocr_cache(ocr_cache_dir: Path) -> Path:
    return ocr_cache_dir  # the session's: these pages are OCR'd once per run


@needs_tesseract
def test_scanned_page_is_read_and_its_unit_flagged(
    ocr_cache: Path, caplog: pytest.LogCaptureFixture
) -> None:
    scan = shared_path("testdata", "pdfs", "real", "tr-gebze-imar-duyuru-1-SCANNED.pdf")
    with caplog.at_level(logging.INFO, logger="indexer.extraction.pipeline"):
        document = extract_document(corpus_file(scan), ocr_cache_dir=ocr_cache)
    assert document.ocr_pages == 1
    (unit,) = document.units
    assert unit.ocr and unit.page == 1
    assert "Cumaköy Mahallesi" in unit.text
    assert "ASKI İLAN TUTANAĞI" in unit.text
    assert "OCR page 1/1" in caplog.text  # per-page progress


@needs_tesseract
def test_finished_pages_come_from_the_cache(ocr_cache: Path) -> None:
    scan = shared_path("testdata", "pdfs", "real", "tr-gebze-imar-duyuru-1-SCANNED.pdf")
    extract_document(corpus_file(scan), ocr_cache_dir=ocr_cache)
    assert list((ocr_cache / file_sha256(scan)).glob("page-1.*.json"))
    engine = CachedOnlyEngine()
    document = extract_document(corpus_file(scan), ocr_cache_dir=ocr_cache, ocr_engine=engine)
    assert "Cumaköy Mahallesi" in document.units[0].text


@needs_tesseract
def test_text_layer_without_unicode_map_is_replaced_by_ocr(ocr_cache: Path) -> None:
    pdf = shared_path("testdata", "pdfs", "odd", "tr-resmigazete-20250501-5-NO-TOUNICODE.pdf")
    document = extract_document(corpus_file(pdf), ocr_cache_dir=ocr_cache)
    assert document.ocr_pages == 3
    texts = {unit.page: unit.text for unit in document.units}
    assert "CUMHURBAŞKANI KARARI" in texts[1]
    assert "Karar Sayısı: 9771" in texts[1]
    assert "Azerbaycan" in texts[2]
    assert all("(cid:" not in text for text in texts.values())


@needs_tesseract
def test_image_only_page_is_read(ocr_cache: Path) -> None:
    pdf = shared_path("testdata", "pdfs", "odd", "pikepdf-congress-image-only.pdf")
    document = extract_document(corpus_file(pdf), ocr_cache_dir=ocr_cache)
    assert "PRESIDENT OF THE UNITED STATES" in document.units[0].text
    assert document.units[0].lang == "en"
