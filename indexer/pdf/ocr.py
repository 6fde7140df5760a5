"""The OCR adapter: a page rendered by pdfium, read by the Tesseract command line.

Used for pages whose text layer is empty or garbage (`text_quality`). The page is rendered
to a grey 300 dpi image and read by `tesseract -l tur+eng` (one thread per process: the
indexer already runs one process per core). Tesseract's TSV output gives a box per word;
the boxes become `pdf.Word`s, so OCR'd pages go through the same layout path as text-layer
pages (lines, columns, running headers, hyphenation).

The engine is a seam (`OcrEngine`): extraction is handed one (`TesseractEngine` in
production), and tests hand in a stand-in instead of patching this module.

OCR is slow (seconds per page), so each page's words are cached under the data folder by
(file sha256, page number, recipe): an interrupted `kaynak index` resumes where it stopped.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Protocol

import pypdfium2 as pdfium

from indexer.errors import PdfProblem, UnreadablePdf
from indexer.files import write_atomically
from indexer.models import RawPage, Word
from indexer.pdf.reader import PageTookTooLong, time_limit

logger = logging.getLogger(__name__)

TESSERACT = "tesseract"
OCR_LANGUAGES = ("tur", "eng")
OCR_DPI = 300
MAX_PIXELS = 60_000_000  # a poster-sized page is rendered at a lower resolution instead
MIN_CONFIDENCE = 20.0  # Tesseract's word confidence (0–100); below it: stamps, signatures
CACHE_VERSION = 1  # bump when the recipe (rendering, parsing) changes
POINTS_PER_INCH = 72.0


@functools.cache
def tesseract_languages() -> tuple[str, ...]:
    """The wanted OCR languages Tesseract has installed; () when Tesseract is missing."""
    if shutil.which(TESSERACT) is None:
        return ()
    try:
        listed = subprocess.run(
            [TESSERACT, "--list-langs"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return ()
    installed = set(listed.stdout.split()) | set(listed.stderr.split())
    return tuple(language for language in OCR_LANGUAGES if language in installed)


def tesseract_available() -> bool:
    return bool(tesseract_languages())


class OcrEngine(Protocol):
    """Reads the words of one rendered page image."""

    def available(self) -> bool:
        """Whether this engine can read anything on this machine."""
        ...

    def recipe(self) -> str:
        """What a cached result depends on (engine, languages, version): the cache key."""
        ...

    def recognise(self, image: Path, dpi: int, timeout: float | None) -> list[Word]:
        """The words on the image, in points; OSError when the engine fails."""
        ...


@dataclass(frozen=True)
class TesseractEngine:
    """The Tesseract command line with Turkish and English (one thread per process)."""

    def available(self) -> bool:
        return tesseract_available()

    def recipe(self) -> str:
        """Languages, resolution and this module's version."""
        return f"{'+'.join(tesseract_languages())}-{OCR_DPI}dpi-v{CACHE_VERSION}"

    def recognise(self, image: Path, dpi: int, timeout: float | None) -> list[Word]:
        return words_from_tsv(run_tesseract(image, dpi, timeout), POINTS_PER_INCH / dpi)


class OcrCache:
    """OCR'd words per (file sha256, page number) as small JSON files."""

    def __init__(self, directory: Path, file_hash: str, recipe: str) -> None:
        self.directory = directory / file_hash
        self.recipe = recipe

    def path(self, number: int) -> Path:
        return self.directory / f"page-{number}.{self.recipe}.json"

    def load(self, number: int) -> RawPage | None:
        try:
            data = json.loads(self.path(number).read_text(encoding="utf-8"))
            words = [Word(**word) for word in data["words"]]
            return RawPage(number, data["width"], data["height"], words, ocr=True)
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def store(self, page: RawPage) -> None:
        data = {
            "width": page.width,
            "height": page.height,
            "words": [asdict(word) for word in page.words],
        }
        write_atomically(self.path(page.number), json.dumps(data, ensure_ascii=False).encode())


class PageOcr:
    """Renders and reads pages of one PDF; the pdfium document stays open between pages."""

    def __init__(
        self,
        path: Path,
        engine: OcrEngine,
        password: str | None = None,
        cache: OcrCache | None = None,
        seconds_per_page: float | None = None,
    ) -> None:
        self.path = path
        self.engine = engine
        self.cache = cache
        self.seconds_per_page = seconds_per_page
        self.document = pdfium.PdfDocument(path, password=password)

    def __enter__(self) -> PageOcr:
        return self

    def __exit__(self, *args: object) -> None:
        self.document.close()

    def read(self, number: int) -> RawPage | None:
        """The page's OCR'd words (from the cache when there), or None when OCR failed.

        Raises `UnreadablePdf` when the page takes longer than the per-page limit.
        """
        cached = self.cache.load(number) if self.cache else None
        if cached is not None:
            return cached
        try:
            with time_limit(self.seconds_per_page):
                page = self._recognise(number)
        except (PageTookTooLong, subprocess.TimeoutExpired):
            raise UnreadablePdf(
                self.path.name,
                PdfProblem.PAGE_TOO_SLOW,
                page=number,
                seconds=self.seconds_per_page,
            ) from None
        if page is not None and self.cache is not None:
            self.cache.store(page)
        return page

    def _recognise(self, number: int) -> RawPage | None:
        with tempfile.TemporaryDirectory(prefix="kaynak-ocr-") as folder:
            image = Path(folder) / "page.pgm"
            try:
                width, height, dpi = render_page(self.document, number - 1, image)
                words = self.engine.recognise(image, dpi, self.seconds_per_page)
            except (OSError, pdfium.PdfiumError) as error:
                logger.warning("%s page %d: no OCR (%s)", self.path.name, number, error)
                return None
        scale = POINTS_PER_INCH / dpi
        return RawPage(number, width * scale, height * scale, words, ocr=True)


def render_page(document: pdfium.PdfDocument, index: int, target: Path) -> tuple[int, int, int]:
    """Render one page in grey to a PGM file; returns its pixel size and resolution."""
    page = document[index]
    try:
        width, height = page.get_size()
        dpi = OCR_DPI
        pixels = width * height * (dpi / POINTS_PER_INCH) ** 2
        if pixels > MAX_PIXELS:
            dpi = int(dpi * (MAX_PIXELS / pixels) ** 0.5)
        bitmap = page.render(scale=dpi / POINTS_PER_INCH, grayscale=True)
        try:
            write_pgm(target, bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride)
            return bitmap.width, bitmap.height, dpi
        finally:
            bitmap.close()
    finally:
        page.close()


def write_pgm(target: Path, buffer: object, width: int, height: int, stride: int) -> None:
    """Binary greymap: the simplest image format Tesseract reads, no encoder needed."""
    pixels = memoryview(buffer).cast("B")  # type: ignore[arg-type]
    with target.open("wb") as stream:
        stream.write(f"P5 {width} {height} 255\n".encode())
        if stride == width:
            stream.write(pixels[: width * height])
        else:
            for row in range(height):
                stream.write(pixels[row * stride : row * stride + width])


def run_tesseract(image: Path, dpi: int, timeout: float | None) -> str:
    """Tesseract's TSV for the image; OSError when it fails."""
    command = [TESSERACT, str(image), "stdout", "-l", "+".join(tesseract_languages())]
    command += ["--dpi", str(dpi), "tsv"]
    environment = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    result = subprocess.run(
        command, capture_output=True, text=True, timeout=timeout, env=environment, check=False
    )
    if result.returncode != 0:
        raise OSError(result.stderr.strip()[-200:] or f"exit status {result.returncode}")
    return result.stdout


def words_from_tsv(tsv: str, scale: float, min_confidence: float = MIN_CONFIDENCE) -> list[Word]:
    """Tesseract TSV rows → words in points. Each word takes its line's top and bottom, so
    that words of one line share a baseline for `layout.group_rows`."""
    lines: dict[tuple[str, ...], tuple[float, float]] = {}
    words: list[Word] = []
    for fields in parse_tsv(tsv.splitlines()):
        key = (fields["page_num"], fields["block_num"], fields["par_num"], fields["line_num"])
        left, top = float(fields["left"]), float(fields["top"])
        width, height = float(fields["width"]), float(fields["height"])
        if fields["level"] == "4":
            lines[key] = (top * scale, (top + height) * scale)
            continue
        text = fields.get("text", "").strip()
        if fields["level"] != "5" or not text or float(fields["conf"]) < min_confidence:
            continue
        line_top, line_bottom = lines.get(key, (top * scale, (top + height) * scale))
        words.append(
            Word(
                text=text,
                x0=left * scale,
                x1=(left + width) * scale,
                top=line_top,
                bottom=line_bottom,
                size=round(line_bottom - line_top, 1),
            )
        )
    return words


def parse_tsv(rows: Iterable[str]) -> Iterable[dict[str, str]]:
    header: list[str] | None = None
    for row in rows:
        cells = row.split("\t")
        if header is None:
            header = cells
        elif len(cells) >= len(header) - 1:
            yield dict(zip(header, cells, strict=False))
