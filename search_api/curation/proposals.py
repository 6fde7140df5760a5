"""What the librarian is offered before storing a document, and told after: the metadata
proposed from the pages a job read, a short readable doc_id, and the warnings.

Pure functions over plain data (`ReadDocument`, `ExtractedDocument`); no files are touched.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from indexer.corpus import slugify
from indexer.extraction import ExtractedDocument, ReadDocument, detect_metadata
from indexer.notices import DocumentWarning, Notice

PROPOSED_FIELDS = ("title", "kind", "lang", "year", "date", "law_number", "author")
DOC_ID_MAX_WORDS = 6
DOC_ID_MAX_CHARS = 48
SHOWN_PAGE_PROBLEMS = 10  # page warnings told after a change (the manifest keeps them all)


@dataclass
class Proposal:
    """An upload as read, before it is stored: for the confirm form and the job API."""

    detected: dict[str, Any]
    page_count: int
    sha256: str
    ocr_pages: list[int] = field(default_factory=list)  # pages only OCR could read
    unreadable_pages: list[int] = field(default_factory=list)  # pages with no text at all
    duplicate_of: str | None = None


def propose(read: ReadDocument, name: str, sha256: str, duplicate_of: str | None) -> Proposal:
    """Title, language, kind, law number and year from the text that was read (OCR'd
    pages included, so an English scan is proposed as English)."""
    detected = detect_metadata(Path(name).stem, read.pages, read.info)
    kept = {key: detected[key] for key in PROPOSED_FIELDS if detected.get(key) not in (None, "")}
    return Proposal(
        detected=kept,
        page_count=len(read.pages),
        sha256=sha256,
        ocr_pages=read.ocr_page_numbers,
        unreadable_pages=[page.number for page in read.pages if page.problem],
        duplicate_of=duplicate_of,
    )


def short_doc_id(title: str) -> str:
    """A doc_id a person can read and type: the title's first words, at most
    `DOC_ID_MAX_WORDS` of them and `DOC_ID_MAX_CHARS` characters, cut between words."""
    words = slugify(title).split("-")
    kept: list[str] = []
    for word in words[:DOC_ID_MAX_WORDS]:
        if kept and len("-".join([*kept, word])) > DOC_ID_MAX_CHARS:
            break
        kept.append(word)
    return "-".join(kept)[:DOC_ID_MAX_CHARS].strip("-") or "belge"


def warnings_for(document: ExtractedDocument) -> list[Notice]:
    """What a librarian should know about a document that was indexed all the same (typed:
    the web layer says it in the reader's language)."""
    warnings = []
    if document.page_count and document.ocr_pages >= document.page_count:
        warnings.append(Notice(DocumentWarning.OCR_ONLY))
    elif document.ocr_pages:
        warnings.append(Notice(DocumentWarning.OCR_PAGES, {"count": document.ocr_pages}))
    if document.meta.kind == "law" and not any(unit.article_key for unit in document.units):
        warnings.append(Notice(DocumentWarning.NO_ARTICLES))
    warnings.extend(document.problems[:SHOWN_PAGE_PROBLEMS])
    return warnings
