"""Pure: the page text of a Turkish law (or regulation) → its structure.

`parse_law(pages)` reads the header block (number, dates, gazette), the KİTAP / KISIM / BÖLÜM
divisions, the articles with their titles, paragraphs (fıkra), items (bent) and sub-items,
the footnotes each article carries, and the amendment table printed after the last article.

Decisions, each pinned by the ground-truth test against the official text:
- an article header starts a line: `MADDE 1 –`, `Madde 1-`, `GEÇİCİ MADDE 3-`, `Ek Madde 1-`,
  `Gecici Madde 5`, `MADDE 57/A –`, and `MADDE 3` with its dash on the next line. A line that
  merely mentions an article ("6 ncı maddeye göre") is never a header;
- `Madde 29-30-` (one provision for two numbers) is one article labelled "29-30";
- the title is the run of lines right above the header: bold ones where the document sets its
  titles in bold, otherwise short lines that follow a finished sentence;
- an article's text runs from after `MADDE n –` to the next title, division or header. Inline
  amendment notes stay in it, as the official text prints them; footnote markers do not;
- each visual paragraph (a line starting indented, or with a number, letter or note) starts
  a new line of `Article.text`; lines inside it are joined with spaces;
- the amendment table ("… SAYILI KANUNA EK VE DEĞİŞİKLİK GETİREN MEVZUATIN …"), provisions
  that could not be merged ("… İŞLENEMEYEN HÜKÜMLER") and annexed schedules ("(I) SAYILI
  CETVEL") end the law: they go to `LawDocument.amendment_list`, not to the last article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from indexer.amendments import (
    AMENDMENT_TABLE_RE,
    Amendment,
    FootnoteTable,
    collect_footnotes,
    find_amendments,
    is_repeal_only,
    split_leading_notes,
)
from indexer.layout import join_lines
from indexer.models import (
    FOOTNOTE_CLOSE,
    FOOTNOTE_MARK_RE,
    FOOTNOTE_OPEN,
    PageText,
    footnote_mark,
    strip_footnote_marks,
)

ArticleKind = Literal["madde", "gecici", "ek"]
DivisionKind = Literal["kitap", "kisim", "bolum"]

HEADER_RE = re.compile(
    r"^(?:(?P<prefix>GEÇİCİ|GECİCİ|Geçici|Gecici|EK|Ek)\s+)?(?:MADDE|Madde)\s+"
    r"(?P<number>\d+(?:\s*/\s*[A-ZÇĞİÖŞÜ](?!\w))?)"
    r"(?:\s*[-–—]\s*(?P<through>\d+)(?=\s*[-–—]))?"
    r"\s*(?:(?P<dash>[-–—])|$)"
)
ORDINAL = (
    r"(?:(?:ON|YİRMİ|OTUZ)\s*)?(?:BİRİNCİ|İKİNCİ|ÜÇÜNCÜ|DÖRDÜNCÜ|BEŞİNCİ|ALTINCI|YEDİNCİ"
    r"|SEKİZİNCİ|DOKUZUNCU)|ONUNCU|YİRMİNCİ|OTUZUNCU"
)
DIVISION_RE = re.compile(rf"^(?P<label>(?:{ORDINAL})\s+(?P<kind>KİTAP|KISIM|BÖLÜM))$")
DIVISION_KINDS: dict[str, DivisionKind] = {"KİTAP": "kitap", "KISIM": "kisim", "BÖLÜM": "bolum"}
LAW_END_RE = re.compile(
    rf"^(?:[\d/.]+\s+(?:TARİHLİ\s+VE\s+\d+\s+)?)?{AMENDMENT_TABLE_RE.pattern}"
    r"|^\(?[IVX]+\)?\s+SAYILI\s+CETVEL"
    r"|(?:Ekleri|Eklerini)\b.*tıklayınız"
    r"|^Yönetmeliğin\s+Yayımlandığı\s+Resm[iî]\s+Gazete"
)
BLOCK_START_RE = re.compile(r"^(?:\(\d{1,2}\)|[a-zçğıöşü]{1,2}\)|\d{1,2}[.)]\s|\(\s*[A-ZÇĞİÖŞÜ])")
PARAGRAPH_NUMBER_RE = re.compile(r"^\((?P<label>\d{1,2})\)\s*")
ITEM_LABEL_RE = re.compile(r"^(?P<label>[a-zçğıöşü]{1,2})\)\s*")
SUBITEM_LABEL_RE = re.compile(r"^(?P<label>\d{1,2})[.)]\s+")
MARK_OR_RUN_RE = re.compile(
    rf"{FOOTNOTE_OPEN}(?P<mark>\d+){FOOTNOTE_CLOSE}|\s(?P<run>\d{{4,12}})$"
)
DIGIT_HYPHEN_END_RE = re.compile(r"\d[-–]$")
SENTENCE_END_RE = re.compile(r"[.:;,)]$")
CENTRED_OFFSET = 20.0  # points right of the header's start: a centred (division) line
MAX_TITLE_LINES = 4
HEADER_FIELDS = {
    "law_number": r"Kanun\s+Numarası\s*:\s*(\d+)",
    "accepted_date": r"Kabul\s+Tarihi\s*:\s*([\d./]+)",
    "gazette_date": r"Resm[iî]\s+Gazete\s*:?\s*Tarih\s*:\s*([\d./]+)",
    "gazette_number": r"Resm[iî]\s+Gazete\s*:?\s*Tarih\s*:\s*[\d./]+\s*Sayı\s*:\s*(\d+)",
    "dustur": r"Düstur\s*:\s*(Tertip\s*:\s*\d+\s*Cilt\s*:\s*\d+)",
}


@dataclass(frozen=True)
class LawHeader:
    law_number: str | None = None
    title: str | None = None
    accepted_date: str | None = None
    gazette_date: str | None = None
    gazette_number: str | None = None
    dustur: str | None = None


@dataclass
class Item:
    """A bent `a)` (or a sub-item `1.`); `text` is everything under it minus its label."""

    label: str
    text: str = ""
    amendments: list[Amendment] = field(default_factory=list)
    subitems: list[Item] = field(default_factory=list)


@dataclass
class Paragraph:
    """A fıkra `(1)`; number None when the article does not number its paragraphs."""

    number: str | None
    text: str = ""
    items: list[Item] = field(default_factory=list)
    amendments: list[Amendment] = field(default_factory=list)


@dataclass
class Article:
    label: str  # "91", "57/A", "29-30", "Geçici 1", "Ek 2"
    key: str  # "91", "57/a", "29-30", "g1", "ek2": used in URLs and the evaluation set
    kind: ArticleKind
    title: str | None
    text: str
    paragraphs: list[Paragraph]
    notes: list[str]
    amendments: list[Amendment]
    repealed: bool
    book: str | None
    part: str | None
    chapter: str | None
    page: int
    page_end: int
    order: int  # 0-based position in the law


@dataclass(frozen=True)
class Division:
    kind: DivisionKind
    label: str  # "BİRİNCİ KISIM"
    title: str | None
    first_article_key: str

    @property
    def heading(self) -> str:
        return f"{self.label} — {self.title}" if self.title else self.label


@dataclass
class LawDocument:
    header: LawHeader
    divisions: list[Division]
    articles: list[Article]
    amendment_list: str
    notes: list[str]  # footnotes no article claims (e.g. one on the law's title)


@dataclass(frozen=True)
class SourceLine:
    """A body line of the document with its page; `text` has the footnote markers removed."""

    raw: str
    text: str
    page: int
    x0: float
    bold: bool

    @property
    def markers(self) -> list[str]:
        return FOOTNOTE_MARK_RE.findall(self.raw)


@dataclass(frozen=True)
class HeaderMatch:
    """An article header found at `index`: what it names and where its text starts."""

    index: int
    kind: ArticleKind
    label: str
    key: str
    rest: str  # the header line after `MADDE n –`
    dash_pending: bool  # `MADDE 3` alone: the dash opens the next line


@dataclass(frozen=True)
class ArticleSpan:
    """Line indexes of one article: title_start ≤ header.index < end."""

    header: HeaderMatch
    title_start: int
    end: int


@dataclass(frozen=True)
class DivisionMark:
    index: int
    kind: DivisionKind
    label: str
    title: str | None


def flatten_lines(pages: list[PageText]) -> list[SourceLine]:
    """All body lines in reading order, with merged marker runs turned into placeholders."""
    repair = MarkerRunRepair()
    lines = []
    for page in pages:
        for line in page.lines:
            raw = repair(line.text)
            text = strip_footnote_marks(raw).strip()
            if text:
                lines.append(SourceLine(raw, text, page.number, line.x0, line.bold))
    return lines


class MarkerRunRepair:
    """Adjacent superscripts that reach us as one plain word ("2223" for notes 22 and 23).

    The layout step turns a single raised number into a placeholder, but a run of them comes
    out of the PDF as one word it does not recognise. A space-separated run of digits that
    splits into two or more numbers continuing the document's marker sequence is that.
    """

    def __init__(self) -> None:
        self.last = 0

    def __call__(self, text: str) -> str:
        return MARK_OR_RUN_RE.sub(self.replace, text)

    def replace(self, match: re.Match[str]) -> str:
        if match["mark"]:  # "12" may itself be notes 1 and 2: follow the sequence, keep the mark
            numbers = split_marker_run(match["mark"], self.last + 1) or [int(match["mark"])]
            self.last = max(self.last, numbers[-1])
            return match.group()
        numbers = split_marker_run(match["run"], self.last + 1)
        if numbers is None:
            return match.group()
        self.last = numbers[-1]
        return "".join(footnote_mark(number) for number in numbers)


def split_marker_run(digits: str, first: int) -> list[int] | None:
    """"2223" from 22 on → [22, 23]; None unless the digits are 2+ numbers in sequence."""
    numbers: list[int] = []
    rest = digits
    while rest.startswith(str(first + len(numbers))):
        rest = rest[len(str(first + len(numbers))) :]
        numbers.append(first + len(numbers))
    return numbers if not rest and len(numbers) >= 2 else None


def match_header(line: SourceLine, index: int) -> HeaderMatch | None:
    match = HEADER_RE.match(line.text)
    if match is None:
        return None
    number = re.sub(r"\s+", "", match.group("number")).upper()
    if match.group("through"):
        number = f"{number}-{match.group('through')}"
    prefix = (match.group("prefix") or "").upper()
    kind: ArticleKind = "gecici" if prefix.startswith("GE") else "ek" if prefix == "EK" else "madde"
    label = {"gecici": f"Geçici {number}", "ek": f"Ek {number}", "madde": number}[kind]
    key = {"gecici": f"g{number}", "ek": f"ek{number}", "madde": number}[kind].lower()
    rest = line.text[match.end() :].strip()
    return HeaderMatch(index, kind, label, key, rest, dash_pending=match.group("dash") is None)


def find_headers(lines: list[SourceLine]) -> list[HeaderMatch]:
    found = (match_header(line, index) for index, line in enumerate(lines))
    return [header for header in found if header is not None]


def find_law_end(lines: list[SourceLine], start: int) -> int:
    """Index of the first line after the articles (the amendment table, annexes), or len."""
    for index in range(start, len(lines)):
        if LAW_END_RE.search(lines[index].text):
            return index
    return len(lines)


def find_division_marks(lines: list[SourceLine], end: int) -> list[int]:
    return [index for index in range(end) if DIVISION_RE.match(lines[index].text)]


def titles_are_bold(lines: list[SourceLine], headers: list[HeaderMatch]) -> bool:
    above = [lines[header.index - 1] for header in headers if header.index > 0]
    return sum(line.bold for line in above) * 2 > len(above)


def is_title_like(line: SourceLine, header_line: SourceLine) -> bool:
    return (
        line.x0 <= header_line.x0 + CENTRED_OFFSET
        and not BLOCK_START_RE.match(line.text)
        and not DIVISION_RE.match(line.text)
    )


def find_title_start(lines: list[SourceLine], header: HeaderMatch, floor: int, bold: bool) -> int:
    """Index of the first title line above `header` (== header.index when it has no title)."""
    header_line = lines[header.index]
    run = header.index
    while (
        run > floor
        and header.index - run < MAX_TITLE_LINES
        and is_title_like(lines[run - 1], header_line)
        and (lines[run - 1].bold if bold else not SENTENCE_END_RE.search(lines[run - 1].text))
    ):
        run -= 1
    if bold:
        return run
    # Without bold to go by, a title starts in the header's column after a finished sentence.
    for start in range(run, header.index):
        above_is_boundary = start == floor or SENTENCE_END_RE.search(lines[start - 1].text)
        if above_is_boundary and abs(lines[start].x0 - header_line.x0) <= 3:
            return start
    return header.index


def find_spans(
    lines: list[SourceLine], headers: list[HeaderMatch], divisions: list[int], end: int
) -> list[ArticleSpan]:
    bold = titles_are_bold(lines, headers)
    starts = []
    for position, header in enumerate(headers):
        previous = headers[position - 1].index + 1 if position else 0
        floor = max([previous] + [index + 2 for index in divisions if index < header.index])
        starts.append(find_title_start(lines, header, min(floor, header.index), bold))
    spans = []
    for position, header in enumerate(headers):
        limits = [end] + starts[position + 1 : position + 2]
        limits += [index for index in divisions if index > header.index][:1]
        spans.append(ArticleSpan(header, starts[position], min(limits)))
    return spans


def join_text(lines: list[SourceLine]) -> str:
    text = ""
    for line in lines:
        text = join_line_texts(text, line.text) if text else line.text
    return text


def join_line_texts(previous: str, following: str) -> str:
    """Join two lines: a hyphen between digits stays glued ("2012-" + "6360/15")."""
    if DIGIT_HYPHEN_END_RE.search(previous) and following[:1].isdigit():
        return previous + following
    return join_lines(previous, following)


def division_marks(
    lines: list[SourceLine], indexes: list[int], spans: list[ArticleSpan]
) -> list[DivisionMark]:
    marks = []
    for position, index in enumerate(indexes):
        limits = [span.title_start for span in spans if span.title_start > index][:1]
        limits += indexes[position + 1 : position + 2] + [len(lines)]
        match = DIVISION_RE.match(lines[index].text)
        assert match is not None
        title = join_text(lines[index + 1 : min(limits)]) or None
        marks.append(DivisionMark(index, DIVISION_KINDS[match.group("kind")], match["label"], title))
    return marks


def parse_law_header(lines: list[SourceLine]) -> LawHeader:
    text = " ".join(line.text for line in lines)
    values = {}
    for name, pattern in HEADER_FIELDS.items():
        match = re.search(pattern, text)
        values[name] = re.sub(r"\s*:\s*", ": ", match.group(1)) if match else None
    title_lines = []
    for line in lines:
        if re.match(r"Kanun\s+Numarası", line.text):
            break
        title_lines.append(line)
    return LawHeader(title=join_text(title_lines) or None, **values)


def body_blocks(lines: list[SourceLine], header: HeaderMatch, indent_known: bool) -> list[str]:
    """The article's visual paragraphs, each one string, starting after `MADDE n –`."""
    header_x0 = lines[0].x0
    blocks = [header.rest] if header.rest else []
    for position, line in enumerate(lines[1:]):
        text = line.text
        if position == 0 and header.dash_pending and not header.rest:
            text = re.sub(r"^[-–—]\s*", "", text)
        starts_block = BLOCK_START_RE.match(text) or (indent_known and line.x0 >= header_x0 - 3)
        if blocks and not starts_block:
            blocks[-1] = join_line_texts(blocks[-1], text)
        elif text:
            blocks.append(text)
    return blocks


def build_paragraphs(blocks: list[str]) -> list[Paragraph]:
    numbered = bool(blocks) and PARAGRAPH_NUMBER_RE.match(blocks[0]) is not None
    paragraphs: list[Paragraph] = []
    own_text: list[list[str]] = []
    for block in blocks:
        number = PARAGRAPH_NUMBER_RE.match(block) if numbered else None
        if number is not None or not paragraphs:
            paragraphs.append(Paragraph(number["label"] if number else None))
            own_text.append([])
            block = block[number.end() :] if number else block
            own_text[-1].append(block)
        elif not add_to_items(paragraphs[-1], block):
            own_text[-1].append(block)
        paragraphs[-1].text = f"{paragraphs[-1].text}\n{block}".strip()
    for paragraph, texts in zip(paragraphs, own_text, strict=True):
        paragraph.amendments = find_amendments(" ".join(texts))
    return paragraphs


def add_to_items(paragraph: Paragraph, block: str) -> bool:
    """File a block under the paragraph's items if it is one; False when it is plain text."""
    item = ITEM_LABEL_RE.match(block)
    if item is not None:
        rest = block[item.end() :]
        paragraph.items.append(Item(item["label"], rest, find_amendments(rest)))
        return True
    subitem = SUBITEM_LABEL_RE.match(block)
    if subitem is None or not paragraph.items:
        return False
    parent = paragraph.items[-1]
    rest = block[subitem.end() :]
    parent.subitems.append(Item(subitem["label"], rest, find_amendments(rest)))
    parent.text = f"{parent.text}\n{block}"
    return True


def article_context(marks: list[DivisionMark], index: int) -> dict[str, str | None]:
    context: dict[str, str | None] = {"book": None, "part": None, "chapter": None}
    resets = {"kitap": ("book", "part", "chapter"), "kisim": ("part", "chapter")}
    names = {"kitap": "book", "kisim": "part", "bolum": "chapter"}
    for mark in marks:
        if mark.index > index:
            break
        for name in resets.get(mark.kind, ()):
            context[name] = None
        context[names[mark.kind]] = f"{mark.label} — {mark.title}" if mark.title else mark.label
    return context


def build_article(
    lines: list[SourceLine], span: ArticleSpan, order: int, context: dict[str, str | None],
    footnotes: FootnoteTable, indent_known: bool,
) -> Article:  # fmt: skip
    header = span.header
    body = lines[header.index : span.end]
    blocks = body_blocks(body, header, indent_known)
    text = "\n".join(blocks)
    leading = split_leading_notes(text)
    return Article(
        label=header.label,
        key=header.key,
        kind=header.kind,
        title=join_text(lines[span.title_start : header.index]) or None,
        text=text,
        paragraphs=build_paragraphs(leading.rest.split("\n") if leading.rest else []),
        notes=footnotes.notes_for(span_markers(lines, span)),
        amendments=find_amendments(leading.notes),
        repealed=is_repeal_only(text),
        book=context["book"],
        part=context["part"],
        chapter=context["chapter"],
        page=body[0].page,
        page_end=body[-1].page,
        order=order,
    )


def span_markers(lines: list[SourceLine], span: ArticleSpan) -> list[str]:
    """Footnote numbers marked in the article's title, header and text."""
    return [mark for line in lines[span.title_start : span.end] for mark in line.markers]


def has_hanging_indent(lines: list[SourceLine], headers: list[HeaderMatch]) -> bool:
    """Whether paragraph starts are indented against continuation lines (x0 tells blocks)."""
    if not headers:
        return False
    header_x0 = lines[headers[0].index].x0
    return any(line.x0 < header_x0 - 10 for line in lines)


def parse_law(pages: list[PageText]) -> LawDocument:
    lines = flatten_lines(pages)
    headers = find_headers(lines)
    end = find_law_end(lines, headers[0].index + 1 if headers else len(lines))
    headers = [header for header in headers if header.index < end]
    division_indexes = find_division_marks(lines, end)
    spans = find_spans(lines, headers, division_indexes, end)
    marks = division_marks(lines, division_indexes, spans)
    footnotes = collect_footnotes(pages, lines[end].page if end < len(lines) else None)
    preamble_end = min([end] + division_indexes[:1] + [span.title_start for span in spans[:1]])
    indent_known = has_hanging_indent(lines, headers)
    articles = [
        build_article(
            lines, span, order, article_context(marks, span.header.index), footnotes, indent_known
        )
        for order, span in enumerate(spans)
    ]
    return LawDocument(
        header=parse_law_header(lines[:preamble_end]),
        divisions=table_of_contents(marks, spans),
        articles=articles,
        amendment_list="\n".join([line.text for line in lines[end:]] + footnotes.annex),
        notes=footnotes.unclaimed({mark for span in spans for mark in span_markers(lines, span)}),
    )


def table_of_contents(marks: list[DivisionMark], spans: list[ArticleSpan]) -> list[Division]:
    divisions = []
    for mark in marks:
        following = [span for span in spans if span.header.index > mark.index][:1]
        if following:
            key = following[0].header.key
            divisions.append(Division(mark.kind, mark.label, mark.title, key))
    return divisions
