"""Plain data passed between the indexing steps: page text, document metadata, search units.

Every step of the pipeline takes and returns these, so each step can be tested on data built
by hand, without a PDF or an index.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal, get_args

from indexer.notices import PageIssue

if TYPE_CHECKING:  # indexer.laws reads these models: no import at run time
    from indexer.laws import ArticleStructure

# `regulation` is every kind of secondary legislation: yönetmelik, tebliğ, genelge, yönerge
# and presidential decisions. They are one kind because they are read, cited and linked the
# same way (articles under `MADDE n –`, a `Dayanak` article naming the law they rest on, no
# law number); which one a document is stays in its title ("… Dair Yönetmelik", "… Tebliğ").
DocumentKind = Literal["law", "regulation", "report"]
DOCUMENT_KINDS: tuple[DocumentKind, ...] = get_args(DocumentKind)
# Kinds cut into articles and addressed like laws (`law_number`: a law's number, or a
# regulation's address, its doc_id).
LEGISLATION_KINDS: tuple[DocumentKind, ...] = ("law", "regulation")

# Footnote markers found in body text (superscript digits glued to a word) are kept in the
# page text as FOOTNOTE_OPEN + number + FOOTNOTE_CLOSE, so that the law parser can move them
# to the article's notes. Private-use characters cannot occur in real extracted text.
FOOTNOTE_OPEN = "\ue000"
FOOTNOTE_CLOSE = "\ue001"
FOOTNOTE_MARK_RE = re.compile(f"{FOOTNOTE_OPEN}(\\d+){FOOTNOTE_CLOSE}")


def footnote_mark(number: int | str) -> str:
    """The in-text placeholder for footnote `number`."""
    return f"{FOOTNOTE_OPEN}{number}{FOOTNOTE_CLOSE}"


def strip_footnote_marks(text: str) -> str:
    """Text without footnote placeholders (what a reader sees, minus the superscripts)."""
    return FOOTNOTE_MARK_RE.sub("", text)


@dataclass(frozen=True)
class Word:
    """A word on a page with its position and type size: what a PDF reader (text layer or OCR)
    gives layout to decide the reading order."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool = False


@dataclass
class RawPage:
    """The words of one page (1-based `number`) and its size, in reading orientation."""

    number: int
    width: float
    height: float
    words: list[Word] = field(default_factory=list)
    image_count: int = 0
    side_lines: list[str] = field(default_factory=list)  # rotated runs beside the body
    ocr: bool = False  # the words come from OCR, not from the PDF's text layer
    problem: PageIssue | None = None  # why the page has no words (or not all of them)


@dataclass(frozen=True)
class TextLine:
    """One line of text on a page, in reading order, with its typographic facts."""

    text: str
    top: float = 0.0
    x0: float = 0.0
    x1: float = 0.0
    size: float = 0.0
    bold: bool = False


@dataclass
class Footnote:
    """A page-bottom note: its number (as printed) and its text."""

    number: str
    text: str


@dataclass
class PageText:
    """The clean text of one page: body lines in reading order, and its footnotes."""

    number: int  # 1-based
    lines: list[TextLine] = field(default_factory=list)
    footnotes: list[Footnote] = field(default_factory=list)
    ocr: bool = False
    problem: PageIssue | None = None  # e.g. no readable text
    # The running header at the top of the page, dropped from `lines` as page furniture but
    # kept for the title: a document whose title is repeated on every page names itself there.
    header_lines: list[TextLine] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


@dataclass
class DocumentMeta:
    """What the librarian (or detection) says about a document. `doc_id` is the file stem."""

    doc_id: str
    title: str
    kind: DocumentKind = "report"
    lang: str = "tr"
    year: int | None = None
    date: str | None = None
    publisher: str | None = None
    law_number: str | None = None
    source_url: str | None = None
    password: str | None = None
    author: str | None = None

    @property
    def address(self) -> str | None:
        """How the document is addressed as legislation (`/laws/<address>`, the unit ids of
        its articles): a law by its number (its doc_id when the text has none), a regulation
        by its doc_id (regulations have no number; the doc_id is unique in the corpus, made
        from the title's first words on upload, and survives corrections of the title, where
        a slug of the full title would not; two amending regulations often share a title);
        None for a report."""
        if self.kind == "law":
            return self.law_number or self.doc_id
        if self.kind == "regulation":
            return self.doc_id
        return None


@dataclass
class SearchUnit:
    """One retrievable unit: a law article, or a report page."""

    unit_id: str  # "law:6458:91", "law:6458:g1", "reg:<doc_id>:3", "doc:<doc_id>:p3"
    doc_id: str
    kind: DocumentKind
    lang: str
    doc_title: str
    text: str
    page: int  # 1-based page where the unit starts
    page_end: int | None = None
    year: int | None = None
    law_number: str | None = None  # a law's number, or a regulation's address (its doc_id)
    article: str | None = None  # display label: "91", "57/A", "Geçici 1", "Ek 2"
    article_key: str | None = None  # eval key: "91", "57/a", "g1", "ek2"
    article_title: str | None = None
    part: str | None = None  # KISIM
    chapter: str | None = None  # BÖLÜM
    notes: list[str] = field(default_factory=list)
    repealed: bool = False
    ocr: bool = False
    order: int = 0  # position of the unit inside its document
    structure: ArticleStructure | None = None  # an article's paragraphs, amendments, …
