"""Extraction speed and peak memory on long documents.

Builds PDFs of ~225 and 300 pages by concatenating the corpus and shared test PDFs (pypdfium2
`import_pages`) and a short PDF of scanned pages, extracts each in a fresh process, and prints
pages per second (text-layer pages and OCR pages separately) and the process's peak memory
(`ru_maxrss`). Pages are closed as they are done, so peak memory should barely grow from 225
to 300 pages.

    python scripts/bench_extract.py [--pages 225 300] [--ocr-pages 6]
"""

from __future__ import annotations

import argparse
import multiprocessing
import resource
import sys
import tempfile
import time
from dataclasses import dataclass
from itertools import cycle
from pathlib import Path

import pypdfium2 as pdfium

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from indexer.corpus import CorpusFile
from indexer.extraction import extract_document
from indexer.pdf import tesseract_available

SHARED = ROOT.parent / "shared"
TEXT_SOURCES = [
    *sorted((ROOT / "corpus").rglob("*.pdf")),
    SHARED / "testdata/pdfs/odd/pdfplumber-federal-register-3col.pdf",
    SHARED / "testdata/pdfs/odd/pdfplumber-issue-982-arxiv-2col.pdf",
    SHARED / "testdata/pdfs/real/tr-gebze-belediye-mali-durum-ve-beklentiler-2023.pdf",
    SHARED / "testdata/pdfs/real/tr-gebze-belediye-meclis-kararlari-2025-01.pdf",
]
SCAN_SOURCES = [
    SHARED / "testdata/pdfs/real/tr-gebze-imar-duyuru-1-SCANNED.pdf",
    SHARED / "testdata/pdfs/odd/pikepdf-congress-image-only.pdf",
    SHARED / "testdata/pdfs/odd/tr-resmigazete-20250501-5-NO-TOUNICODE.pdf",
]


@dataclass
class Measurement:
    pages: int
    ocr_pages: int
    seconds: float
    peak_mb: float
    baseline_mb: float


def build_pdf(sources: list[Path], pages: int, target: Path) -> int:
    """Concatenate whole source documents (cycling through them) up to `pages` pages."""
    combined = pdfium.PdfDocument.new()
    for source in cycle([path for path in sources if path.is_file()]):
        if len(combined) >= pages:
            break
        document = pdfium.PdfDocument(source)
        wanted = min(len(document), pages - len(combined))
        combined.import_pages(document, list(range(wanted)))
        document.close()
    combined.save(target)
    count = len(combined)
    combined.close()
    return count


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def measure(path: Path, ocr_cache_dir: Path) -> Measurement:
    """Run in a fresh process, so that its peak memory is this document's alone."""
    baseline = peak_mb()
    started = time.perf_counter()
    corpus_file = CorpusFile(path.stem, path, path.with_suffix(".toml"), "bench")
    document = extract_document(corpus_file, ocr_cache_dir=ocr_cache_dir)
    seconds = time.perf_counter() - started
    return Measurement(document.page_count, document.ocr_pages, seconds, peak_mb(), baseline)


def run_isolated(path: Path, ocr_cache_dir: Path) -> Measurement:
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        return pool.apply(measure, (path, ocr_cache_dir))


def report(label: str, result: Measurement) -> None:
    rate = result.pages / result.seconds if result.seconds else 0.0
    print(
        f"{label:<28} {result.pages:>4} pages ({result.ocr_pages} OCR) in {result.seconds:6.1f} s"
        f" = {rate:6.2f} pages/s; peak memory {result.peak_mb:6.0f} MB"
        f" (after imports {result.baseline_mb:.0f} MB)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, nargs="+", default=[225, 300])
    parser.add_argument("--ocr-pages", type=int, default=6)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kaynak-bench-") as folder:
        work = Path(folder)
        for pages in arguments.pages:
            target = work / f"long-{pages}.pdf"
            build_pdf(TEXT_SOURCES, pages, target)
            report(f"text layer, {pages} pages", run_isolated(target, work / "ocr-cache"))
        if arguments.ocr_pages and tesseract_available():
            target = work / "scans.pdf"
            build_pdf(SCAN_SOURCES, arguments.ocr_pages, target)
            report("OCR (tur+eng, 300 dpi)", run_isolated(target, work / "fresh-ocr-cache"))
        elif arguments.ocr_pages:
            print("OCR: tesseract with tur+eng is not installed; skipped")


if __name__ == "__main__":
    main()
