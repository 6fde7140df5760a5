"""From one corpus PDF to search units, top to bottom in one readable function.

`extract_document` is what a worker process runs: it reads the PDF, lays out the pages,
settles the metadata, and cuts laws into articles and reports into pages. It touches no
index; `writer` stores what it returns.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from typing import Any

from indexer.corpus import CorpusFile, load_metadata
from indexer.errors import UnreadablePdf
from indexer.laws import LawDocument, parse_law
from indexer.layout import build_document_text
from indexer.metadata import detect_metadata, merge_metadata
from indexer.models import DocumentMeta, PageText, SearchUnit, strip_footnote_marks
from indexer.pdf import read_info, read_pages


@dataclass
class ExtractedDocument:
    """Everything the index needs about one document."""

    corpus_file: CorpusFile
    meta: DocumentMeta
    page_count: int
    units: list[SearchUnit]
    law: dict[str, Any] | None = None  # header, divisions, amendment list (laws only)
    problems: list[str] = field(default_factory=list)
    ocr_pages: int = 0


def extract_document(corpus_file: CorpusFile) -> ExtractedDocument:
    """Read, lay out, describe and cut one PDF. Raises `UnreadablePdf` with the reason."""
    stored = load_metadata(corpus_file.meta_path)
    password = stored.get("password")
    info = read_info(corpus_file.pdf_path, password)
    pages = build_document_text(list(read_pages(corpus_file.pdf_path, password)))
    detected = detect_metadata(corpus_file.doc_id, pages, info.metadata)
    meta = merge_metadata(corpus_file.doc_id, detected, stored)
    problems = [f"page {page.number}: {page.problem}" for page in pages if page.problem]
    law_record: dict[str, Any] | None = None
    if meta.kind == "law":
        law = parse_law(pages)
        units = law_units(meta, law)
        law_record = law_summary(law)
    else:
        units = []
    if not units:
        units = page_units(meta, pages)
    if not any(unit.text.strip() for unit in units):
        raise UnreadablePdf(corpus_file.source, "no readable text")
    return ExtractedDocument(
        corpus_file=corpus_file,
        meta=meta,
        page_count=len(pages),
        units=units,
        law=law_record,
        problems=problems,
        ocr_pages=sum(1 for page in pages if page.ocr),
    )


def law_number_of(meta: DocumentMeta) -> str:
    """Laws are addressed by number; a law-like text without one is addressed by doc_id."""
    return meta.law_number or meta.doc_id


def law_units(meta: DocumentMeta, law: LawDocument) -> list[SearchUnit]:
    number = law_number_of(meta)
    units = []
    for article in law.articles:
        payload = {
            "paragraphs": [dataclasses.asdict(p) for p in article.paragraphs],
            "amendments": [dataclasses.asdict(a) for a in article.amendments],
            "book": article.book,
            "kind": article.kind,
        }
        units.append(
            SearchUnit(
                unit_id=f"law:{number}:{article.key}",
                doc_id=meta.doc_id,
                kind="law",
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
                payload=json.dumps(payload, ensure_ascii=False),
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
                lang=meta.lang,
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
