"""Pure metadata detection: title, language, kind, law number and year from a PDF's text.

Detected values are defaults only; whatever the librarian wrote in the metadata file wins.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from indexer.models import DocumentKind, DocumentMeta, PageText, strip_footnote_marks

TURKISH_WORDS = frozenset(
    [
        "ve",
        "bir",
        "bu",
        "ile",
        "için",
        "olan",
        "da",
        "de",
        "olarak",
        "gibi",
        "veya",
        "ya",
        "daha",
        "çok",
        "en",
        "her",
        "kadar",
        "sonra",
        "üzere",
        "ilgili",
        "göre",
        "tarafından",
        "ise",
        "şekilde",
        "değil",
        "olması",
        "belediye",
        "kanun",
        "madde",
        "türkiye",
    ]
)
ENGLISH_WORDS = frozenset(
    [
        "the",
        "and",
        "of",
        "to",
        "in",
        "for",
        "is",
        "that",
        "with",
        "on",
        "as",
        "by",
        "are",
        "be",
        "this",
        "from",
        "at",
        "or",
        "an",
        "which",
        "their",
        "have",
        "has",
        "it",
        "its",
        "was",
        "were",
        "will",
    ]
)
TURKISH_LETTERS = frozenset("çğıöşüÇĞİÖŞÜ")
LAW_NUMBER_RE = re.compile(r"Kanun\s+Numaras[ıi]\s*:\s*(\d{3,5})", re.IGNORECASE)
ACCEPTED_DATE_RE = re.compile(r"Kabul\s+Tarihi\s*:\s*(\d{1,2})/(\d{1,2})/(\d{4})", re.IGNORECASE)
YEAR_RE = re.compile(r"\b(19[5-9]\d|20[0-4]\d)\b")
PDF_DATE_RE = re.compile(r"D?:?(\d{4})(\d{2})?(\d{2})?")
JUNK_TITLES = re.compile(
    r"^(untitled|microsoft word|document\d*|doc\d*|\W*|.*\.(docx?|pdf|indd|qxd))$", re.IGNORECASE
)
WORD_RE = re.compile(r"[^\W\d_]+")


def detect_language(text: str) -> str:
    """'tr' or 'en', by common function words and Turkish letters."""
    words = [word.lower() for word in WORD_RE.findall(text[:20000])]
    if not words:
        return "tr"
    english = sum(word in ENGLISH_WORDS for word in words)
    turkish = (
        sum(word in TURKISH_WORDS for word in words)
        + sum(ch in TURKISH_LETTERS for ch in text[:20000]) / 10
    )
    return "en" if english > turkish else "tr"


def detect_law_number(text: str) -> str | None:
    match = LAW_NUMBER_RE.search(text)
    return match.group(1) if match else None


def detect_accepted_date(text: str) -> str | None:
    match = ACCEPTED_DATE_RE.search(text)
    if not match:
        return None
    day, month, year = match.groups()
    return f"{year}-{int(month):02d}-{int(day):02d}"


def is_junk_title(title: str | None) -> bool:
    if not title or len(title.strip()) < 3:
        return True
    return JUNK_TITLES.match(title.strip()) is not None


def title_from_page(page: PageText) -> str | None:
    """The largest-type line in the top part of the first page, joined with its neighbours."""
    candidates = [line for line in page.lines[:15] if len(line.text.strip()) > 2]
    if not candidates:
        return None
    largest = max(line.size for line in candidates)
    title_lines = [line.text.strip() for line in candidates if line.size >= largest - 0.5]
    title = " ".join(title_lines[:3])
    return strip_footnote_marks(title)[:200] or None


def year_from_pdf_date(value: str | None) -> int | None:
    if not value:
        return None
    match = PDF_DATE_RE.match(value.strip())
    if not match:
        return None
    year = int(match.group(1))
    return year if 1950 <= year <= 2100 else None


def detect_metadata(
    doc_id: str, pages: Sequence[PageText], info: Mapping[str, str]
) -> dict[str, Any]:
    """Defaults for a document's metadata from its text and its Info dictionary."""
    first_text = "\n".join(page.text for page in pages[:2])
    all_text = "\n".join(page.text for page in pages[:10])
    detected: dict[str, Any] = {"lang": detect_language(all_text)}
    title = info.get("Title")
    if is_junk_title(title) and pages:
        title = title_from_page(pages[0])
    detected["title"] = title if not is_junk_title(title) else doc_id.replace("-", " ")
    law_number = detect_law_number(first_text)
    if law_number:
        detected["kind"] = "law"
        detected["law_number"] = law_number
        accepted = detect_accepted_date(first_text)
        if accepted:
            detected["date"] = accepted
            detected["year"] = int(accepted[:4])
    else:
        detected["kind"] = "report"
    if "year" not in detected:
        year = year_from_pdf_date(info.get("CreationDate"))
        if year is not None:
            detected["year"] = year
    if info.get("Author") and not is_junk_title(info.get("Author")):
        detected["author"] = info["Author"]
    return detected


def merge_metadata(
    doc_id: str, detected: Mapping[str, Any], stored: Mapping[str, Any]
) -> DocumentMeta:
    """The librarian's values over the detected ones, checked and typed."""
    merged = {**detected, **{k: v for k, v in stored.items() if v not in (None, "")}}
    kind: DocumentKind = "law" if merged.get("kind") == "law" else "report"
    year = merged.get("year")
    try:
        year = int(year) if year not in (None, "") else None
    except (TypeError, ValueError):
        year = None
    if year is None and merged.get("date"):
        match = YEAR_RE.search(str(merged["date"]))
        year = int(match.group(1)) if match else None
    law_number = merged.get("law_number")
    return DocumentMeta(
        doc_id=doc_id,
        title=str(merged.get("title") or doc_id),
        kind=kind,
        lang="en" if str(merged.get("lang", "tr")).lower().startswith("en") else "tr",
        year=year,
        date=str(merged["date"]) if merged.get("date") else None,
        publisher=merged.get("publisher") or None,
        law_number=str(law_number) if law_number else None,
        source_url=merged.get("source_url") or None,
        password=merged.get("password") or None,
        author=merged.get("author") or None,
    )
