"""From one corpus PDF to search units, top to bottom in one readable function.

`extract_document` is what a worker process runs (through `Extractor`): it reads the PDF
(OCR'ing pages whose text layer is empty or garbage with the `OcrEngine` it is given), lays
out the pages, settles the metadata, and cuts laws into articles and reports into pages. It
touches no index; `indexer.index` stores what it returns.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from indexer.corpus import CorpusFile, load_metadata
from indexer.errors import PdfProblem, UnreadablePdf
from indexer.extraction.metadata import detect_language, detect_metadata, merge_metadata
from indexer.files import file_sha256
from indexer.laws import (
    ArticleStructure,
    ArticleText,
    LawAliases,
    LawDocument,
    basis_article,
    find_basis,
    find_decrees,
    load_law_aliases,
    parse_law,
)
from indexer.layout import build_document_text, is_unreadable
from indexer.models import (
    LEGISLATION_KINDS,
    DocumentMeta,
    PageText,
    RawPage,
    SearchUnit,
    strip_footnote_marks,
)
from indexer.notices import Notice, PageIssue, PageProblem
from indexer.pdf import OcrCache, OcrEngine, PageOcr, TesseractEngine, open_document

logger = logging.getLogger(__name__)

NO_READABLE_TEXT = PageIssue(PageProblem.NO_TEXT)
MIN_CHARS_FOR_PAGE_LANGUAGE = 400  # shorter pages keep the document's language
TESSERACT = TesseractEngine()


@dataclass(frozen=True)
class ExtractionLimits:
    """What one document may cost; a file over a limit is stopped and reported."""

    max_pages: int | None = 5000
    seconds_per_page: float | None = 120.0
    max_file_mb: float | None = 500.0


@dataclass
class ExtractedDocument:
    """Everything the index needs about one document."""

    corpus_file: CorpusFile
    meta: DocumentMeta
    page_count: int
    units: list[SearchUnit]
    law: dict[str, Any] | None = None  # header, divisions, amendment list (laws only)
    problems: list[Notice] = field(default_factory=list)  # pages without (all) their text
    ocr_pages: int = 0


@dataclass(frozen=True)
class ReadProgress:
    """How far the reading of one document is: for a job's progress bar."""

    pages_done: int
    pages_total: int
    ocr_pages: int
    stage: str  # "reading" (text layer) or "ocr" (the page just read needed OCR)


ProgressCallback = Callable[[ReadProgress], None]


@dataclass
class ReadDocument:
    """A PDF's laid-out pages and Info dictionary: the slow part of an extraction, done once.
    Plain data (picklable), so a worker process can hand it back; describing it with any
    metadata (`describe_document`) is cheap."""

    pages: list[PageText]
    info: dict[str, str]

    @property
    def ocr_page_numbers(self) -> list[int]:
        return [page.number for page in self.pages if page.ocr]


def extract_document(
    corpus_file: CorpusFile,
    ocr_cache_dir: Path | None = None,
    limits: ExtractionLimits | None = None,
    ocr_engine: OcrEngine | None = TESSERACT,
) -> ExtractedDocument:
    """Read, lay out, describe and cut one PDF. Raises `UnreadablePdf` with the reason.

    Pages without a usable text layer are read by `ocr_engine` (None: no OCR at all)."""
    password = load_metadata(corpus_file.meta_path).get("password")
    read = read_document(corpus_file, password, ocr_cache_dir, limits, ocr_engine)
    return describe_document(corpus_file, read)


def read_document(
    corpus_file: CorpusFile,
    password: str | None,
    ocr_cache_dir: Path | None = None,
    limits: ExtractionLimits | None = None,
    ocr_engine: OcrEngine | None = TESSERACT,
    progress: ProgressCallback | None = None,
) -> ReadDocument:
    """Every page's text (OCR where the text layer fails), laid out; `progress` hears of
    each page. Raises `UnreadablePdf` with the reason."""
    limits = limits or ExtractionLimits()
    with open_document(
        corpus_file.pdf_path,
        password,
        seconds_per_page=limits.seconds_per_page,
        max_file_mb=limits.max_file_mb,
    ) as document:
        info = document.info
        if limits.max_pages is not None and info.page_count > limits.max_pages:
            raise UnreadablePdf(
                corpus_file.source,
                PdfProblem.TOO_MANY_PAGES,
                pages=info.page_count,
                limit=limits.max_pages,
            )
        ocr = OcrSource(corpus_file, password, ocr_engine, ocr_cache_dir, limits)
        raw_pages = read_readable_pages(corpus_file, document.pages, info.page_count, ocr, progress)
    return ReadDocument(build_document_text(raw_pages), dict(info.metadata))


def describe_document(corpus_file: CorpusFile, read: ReadDocument) -> ExtractedDocument:
    """Settle the metadata (the file's values over detected ones) and cut the units."""
    pages = read.pages
    stored = load_metadata(corpus_file.meta_path)
    detected = detect_metadata(corpus_file.doc_id, pages, read.info)
    meta = merge_metadata(corpus_file.doc_id, detected, stored)
    problems = [Notice.page(page.number, page.problem) for page in pages if page.problem]
    law_record: dict[str, Any] | None = None
    if meta.kind in LEGISLATION_KINDS:
        law = parse_law(pages)
        units = law_units(meta, law)
        law_record = law_summary(law)
        if meta.kind == "regulation":
            law_record.update(regulation_basis(law))
    else:
        units = []
    if not units:
        units = page_units(meta, pages)
    if not any(unit.text.strip() for unit in units):
        raise UnreadablePdf(corpus_file.source, PdfProblem.NO_TEXT)
    return ExtractedDocument(
        corpus_file=corpus_file,
        meta=meta,
        page_count=len(pages),
        units=units,
        law=law_record,
        problems=problems,
        ocr_pages=sum(1 for page in pages if page.ocr),
    )


@dataclass(frozen=True)
class OcrSource:
    """How to OCR this document's pages, should one need it."""

    corpus_file: CorpusFile
    password: str | None
    engine: OcrEngine | None
    cache_dir: Path | None
    limits: ExtractionLimits

    def open(self, stack: contextlib.ExitStack) -> PageOcr | None:
        """OCR for this document, closed with `stack`; None without an engine (or pdfium)."""
        if self.engine is None or not self.engine.available():
            return None
        cache = None
        if self.cache_dir is not None:
            file_hash = file_sha256(self.corpus_file.pdf_path)
            cache = OcrCache(self.cache_dir, file_hash, self.engine.recipe())
        try:
            ocr = PageOcr(
                self.corpus_file.pdf_path,
                self.engine,
                self.password,
                cache,
                self.limits.seconds_per_page,
            )
        except Exception as error:  # pdfium refuses a file pdfminer could read
            logger.warning("%s: cannot render pages for OCR (%s)", self.corpus_file.source, error)
            return None
        return stack.enter_context(ocr)


def read_readable_pages(
    corpus_file: CorpusFile,
    text_pages: Iterable[RawPage],
    page_count: int,
    source: OcrSource,
    progress: ProgressCallback | None = None,
) -> list[RawPage]:
    """Every page's words: from the text layer (`text_pages`), or from OCR when that layer
    is empty or garbage. Without an OCR engine such a page keeps no words and says why."""
    pages: list[RawPage] = []
    ocr_count = 0
    with contextlib.ExitStack() as stack:
        ocr: PageOcr | None = None
        ocr_opened = False  # opened on the first page that needs it, once per document
        for page in text_pages:
            stage = "reading"
            if is_unreadable(words_text(page)):
                if not ocr_opened:
                    ocr_opened = True
                    ocr = source.open(stack)
                page = ocr_page(page, ocr, corpus_file.source, page_count)
                ocr_count += page.ocr
                stage = "ocr"
            pages.append(page)
            if progress is not None:
                progress(ReadProgress(len(pages), page_count, ocr_count, stage))
    return pages


def words_text(page: RawPage) -> str:
    return " ".join(word.text for word in page.words)


def ocr_page(page: RawPage, ocr: PageOcr | None, source: str, page_count: int) -> RawPage:
    """The page read by OCR, or the page without words and with its problem noted."""
    unreadable = RawPage(
        page.number, page.width, page.height, image_count=page.image_count,
        problem=NO_READABLE_TEXT,
    )  # fmt: skip
    if ocr is None:
        return unreadable
    started = time.perf_counter()
    recognised = ocr.read(page.number)
    logger.info(
        "%s: OCR page %d/%d in %.1f s", source, page.number, page_count,
        time.perf_counter() - started,
    )  # fmt: skip
    if recognised is None or is_unreadable(words_text(recognised)):
        return unreadable
    return recognised


UNIT_PREFIXES = {"law": "law", "regulation": "reg"}


def law_units(meta: DocumentMeta, law: LawDocument) -> list[SearchUnit]:
    """A law's or a regulation's articles as units (`law:6458:91`, `reg:<doc_id>:3`)."""
    number = meta.address or meta.doc_id
    prefix = UNIT_PREFIXES.get(meta.kind, "law")
    units = []
    for article in law.articles:
        units.append(
            SearchUnit(
                unit_id=f"{prefix}:{number}:{article.key}",
                doc_id=meta.doc_id,
                kind=meta.kind,
                lang=meta.lang,
                doc_title=meta.title,
                text=article.text,
                page=article.page,
                page_end=article.page_end,
                year=meta.year,
                law_number=number,
                article=article.label,
                article_key=article.key,
                article_title=article.title,
                part=article.part,
                chapter=article.chapter,
                notes=list(article.notes),
                repealed=article.repealed,
                order=article.order,
                structure=ArticleStructure.of(article),
            )
        )
    return units


def law_summary(law: LawDocument) -> dict[str, Any]:
    return {
        "header": dataclasses.asdict(law.header),
        "divisions": [dataclasses.asdict(division) for division in law.divisions],
        "amendment_list": law.amendment_list,
        "notes": list(law.notes),
    }


def regulation_basis(law: LawDocument) -> dict[str, Any]:
    """What a regulation says, in its Dayanak article, it rests on: the laws (and
    articles), the decrees and decisions, and that article's key (None: it has none)."""
    articles = [ArticleText(article.title, article.text) for article in law.articles]
    source = basis_article(articles)
    pairs = zip(law.articles, articles, strict=True)
    key = next((article.key for article, text in pairs if text is source), None)
    return {
        "based_on": [dataclasses.asdict(basis) for basis in find_basis(articles, law_aliases())],
        "decrees": [dataclasses.asdict(decree) for decree in find_decrees(articles)],
        "basis_article": key,
    }


@functools.cache
def law_aliases() -> LawAliases:
    return load_law_aliases()


def page_units(meta: DocumentMeta, pages: list[PageText]) -> list[SearchUnit]:
    units = []
    for page in pages:
        text = strip_footnote_marks(page.text).strip()
        if not text:
            continue
        units.append(
            SearchUnit(
                unit_id=f"doc:{meta.doc_id}:p{page.number}",
                doc_id=meta.doc_id,
                kind=meta.kind,
                lang=page_language(text, meta.lang),
                doc_title=meta.title,
                text=text,
                page=page.number,
                page_end=page.number,
                year=meta.year,
                law_number=meta.law_number,
                notes=[note.text for note in page.footnotes],
                ocr=page.ocr,
                order=page.number,
            )
        )
    return units


def page_language(text: str, document_language: str) -> str:
    """A page long enough to judge gets its own analyzer language (mixed documents)."""
    if len(text) < MIN_CHARS_FOR_PAGE_LANGUAGE:
        return document_language
    return detect_language(text)
