"""Pure metadata detection: title, language, kind, law number and year from a PDF's text.

Detected values are defaults only; whatever the librarian wrote in the metadata file wins.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any, cast

from indexer.analysis import turkish_lower
from indexer.extraction.titles import title_case
from indexer.laws import ACCEPTED_DATE_RE, LAW_NUMBER_RE
from indexer.layout import body_font_size
from indexer.models import (
    DOCUMENT_KINDS,
    DocumentKind,
    DocumentMeta,
    PageText,
    TextLine,
    strip_footnote_marks,
)

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
YEAR_RE = re.compile(r"\b(19[5-9]\d|20[0-4]\d)\b")
JUNK_TITLES = re.compile(
    r"^(untitled.*|microsoft word.*|document\d*|doc\d*|layout\s*\d*|sayfa\s*\d*|page\s*\d*|\W*"
    r"|.*\.(docx?|pdf|indd|qxd|qxp|txt))$",
    re.IGNORECASE,
)
WORD_RE = re.compile(r"[^\W\d_]+")
MIN_CHARS_FOR_LANGUAGE = 200  # less text than this: the catalog's /Lang decides, if given


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
    day, month, year = re.split(r"[./]", match[1])
    return f"{year}-{int(month):02d}-{int(day):02d}"


def is_junk_title(title: str | None) -> bool:
    """Placeholder names from authoring tools ('Layout 1', 'Microsoft Word - x.docx'),
    numbers (a chart's axis: '0 2 4 6 8') and letter-spaced OCR debris ('T he M e t r o')."""
    if not title or len(title.strip()) < 3:
        return True
    title = title.strip()
    if JUNK_TITLES.match(title) is not None:
        return True
    letters = sum(character.isalpha() for character in title)
    tokens = title.split()
    single = sum(1 for token in tokens if len(token) == 1)
    return letters < 3 or letters < 0.4 * len(title.replace(" ", "")) or single > len(tokens) / 3


def title_from_page(page: PageText, lang: str = "tr") -> str | None:
    """The first page's title: the largest heading (bold or clearly larger type, two words
    or more) above the first paragraph of body text, with the heading lines that follow it;
    failing that, the largest line above the body if it is set larger than the body (or the
    page has no body paragraph at all)."""
    leading = lines_before_body(page)
    body = body_font_size(page.lines)
    headings = [line for line in leading if is_heading(line, body)]
    for start in sorted(headings, key=lambda line: -line.size):
        title = " ".join(line.text.strip() for line in heading_block(leading, start))
        if len(title.split()) >= 2:
            return clean_title(title, lang)
    short_page = len(leading) == len(page.lines)  # no paragraph: a label, a cover, a chart
    candidates = [
        line for line in leading
        if sum(ch.isalpha() for ch in line.text) >= 3 and (short_page or line.size > body + 0.5)
    ]  # fmt: skip
    if not candidates:
        return title_from_running_header(page, body, lang)
    largest = max(line.size for line in candidates)
    first = next(line for line in candidates if line.size >= largest - 0.5)
    heading = " ".join(line.text.strip() for line in heading_block(leading, first))
    return clean_title(heading, lang)


def title_from_running_header(page: PageText, body: float, lang: str) -> str | None:
    """A title repeated on every page as its running header (and so not in the page's
    lines): the first header line set bold or larger than the body, of two words or more."""
    for line in getattr(page, "header_lines", []):  # (a page read before headers were kept)
        if len(line.text.split()) >= 2 and (is_heading(line, body) or line.size > body + 0.5):
            return clean_title(line.text, lang)
    return None


def clean_title(title: str, lang: str = "tr") -> str | None:
    """Footnote marks dropped, a title wrapped whole in parentheses unwrapped, capitals said
    in title case."""
    title = " ".join(strip_footnote_marks(title).split())
    if title.startswith("(") and title.endswith(")") and title.count("(") == 1:
        title = title[1:-1].strip()
    return title_case(title, lang)[:200].strip() or None


def lines_before_body(page: PageText, limit: int = 15) -> list[TextLine]:
    """The top lines of a page, up to the first line of a body paragraph."""
    body = body_font_size(page.lines)
    leading = []
    for line in page.lines[:limit]:
        body_sized = 0.9 * body <= line.size <= 1.15 * body
        if body_sized and not line.bold and not is_upper_case(line.text) and len(line.text) >= 50:
            break
        leading.append(line)
    return leading


def is_upper_case(text: str) -> bool:
    letters = [character for character in text if character.isalpha()]
    return len(letters) >= 3 and all(character.isupper() for character in letters)


def is_heading(line: TextLine, body: float) -> bool:
    text = line.text.strip()
    letters = sum(character.isalpha() for character in text)
    if letters < 3 or letters < 0.5 * len(text.replace(" ", "")):
        return False
    return line.bold or line.size >= body + 2 or is_upper_case(text)


def heading_block(lines: Sequence[TextLine], start: TextLine) -> list[TextLine]:
    """`start` and the lines right below it in the same type (a title set on 2–4 lines)."""
    index = next(i for i, line in enumerate(lines) if line is start)
    block = [start]
    for line in lines[index + 1 : index + 4]:
        previous = block[-1]
        same_type = abs(line.size - start.size) <= 0.5 and line.bold == start.bold
        # Titles are often set with generous leading (1.9 × the type size in the Gazette).
        close = line.top - previous.top <= 2.0 * max(start.size, 1.0) or not line.top
        if not (same_type and close):
            break
        block.append(line)
    return block


# The types of secondary legislation, by the word their title ends with.
# Stems: "Yönetmelik" and "… Yönetmeliği" ("Belediye Zabıta Yönetmeliği") are both titles.
REGULATION_WORDS = ("yönetmeli", "tebliğ", "genelge", "yönerge", "regulation", "directive")
MONTHS = {
    "ocak": 1, "şubat": 2, "mart": 3, "nisan": 4, "mayıs": 5, "haziran": 6, "temmuz": 7,
    "ağustos": 8, "eylül": 9, "ekim": 10, "kasım": 11, "aralık": 12, "january": 1,
    "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12,
}  # fmt: skip
NUMERIC_DATE_RE = re.compile(r"\b\d{1,2}[./]\d{1,2}[./]((?:19|20)\d{2})\b")
WORDS_DATE_RE = re.compile(r"\b(" + "|".join(MONTHS) + r")\s+((?:19|20)\d{2})\b")
LONE_YEAR_RE = re.compile(r"^\W*((?:19|20)\d{2})\W*$")
OLDEST_YEAR = 1950


def detect_kind(law_number: str | None, title: str, pages: Sequence[PageText]) -> str:
    """`law` (a law number in the header), `regulation` (a Yönetmelik, Tebliğ, Genelge or
    Yönerge by its title or its first heading), else `report`."""
    if law_number:
        return "law"
    heading = pages[0].lines[0].text if pages and pages[0].lines else ""
    for text in (title, heading):
        words = turkish_lower(text).replace("(", " ").split()
        if any(word.startswith(REGULATION_WORDS) for word in words[-4:] or words):
            return "regulation"
    return "report"


def year_of(text: str) -> int | None:
    """The year of a date written in `text` (12.08.2013, 31 Aralık 2025, March 2020)."""
    lowered = turkish_lower(text)
    match = NUMERIC_DATE_RE.search(lowered) or WORDS_DATE_RE.search(lowered)
    if match is None:
        return None
    year = int(match.groups()[-1])
    return year if OLDEST_YEAR <= year <= date.today().year + 1 else None


def year_from_text(pages: Sequence[PageText], title: str) -> int | None:
    """The document's year from its own first page: a date in its header or on its cover
    (the lines above the body: a date in the body is usually a cited one), else a year in
    its title, else a year standing alone on the cover. None for an undated document."""
    if not pages:
        return None
    first = pages[0]
    for line in lines_before_body(first):
        year = year_of(line.text)
        if year is not None:
            return year
    match = YEAR_RE.search(title)
    if match:
        return int(match.group(1))
    for line in first.lines[:40]:
        alone = LONE_YEAR_RE.match(line.text)
        if alone and OLDEST_YEAR <= int(alone.group(1)) <= date.today().year + 1:
            return int(alone.group(1))
    return None


def detect_metadata(
    doc_id: str, pages: Sequence[PageText], info: Mapping[str, str]
) -> dict[str, Any]:
    """Defaults for a document's metadata from its text and its Info dictionary."""
    first_text = "\n".join(page.text for page in pages[:2])
    all_text = "\n".join(page.text for page in pages[:10])
    detected: dict[str, Any] = {"lang": detect_language(all_text)}
    if len(all_text) < MIN_CHARS_FOR_LANGUAGE and info.get("Lang"):
        detected["lang"] = "en" if info["Lang"].lower().startswith("en") else "tr"
    title = info.get("Title")
    if is_junk_title(title) and pages:
        title = title_from_page(pages[0], detected["lang"])
    elif title:
        title = clean_title(title, detected["lang"])
    detected["title"] = title if not is_junk_title(title) else doc_id.replace("-", " ")
    law_number = detect_law_number(first_text)
    detected["kind"] = detect_kind(law_number, str(detected["title"]), pages)
    if law_number:
        detected["law_number"] = law_number
        accepted = detect_accepted_date(first_text)
        if accepted:
            detected["date"] = accepted
            detected["year"] = int(accepted[:4])
    if "year" not in detected:
        # The document's own date (cover, header, title), never the file's creation date:
        # an undated report would otherwise be dated the day it was exported.
        year = year_from_text(pages, str(detected["title"]))
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
    kind = merged.get("kind") if merged.get("kind") in DOCUMENT_KINDS else "report"
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
        kind=cast(DocumentKind, kind),
        lang="en" if str(merged.get("lang", "tr")).lower().startswith("en") else "tr",
        year=year,
        date=str(merged["date"]) if merged.get("date") else None,
        publisher=merged.get("publisher") or None,
        law_number=str(law_number) if law_number else None,
        source_url=merged.get("source_url") or None,
        password=merged.get("password") or None,
        author=merged.get("author") or None,
    )
