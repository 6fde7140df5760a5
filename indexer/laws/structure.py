"""Pure: the page text of a Turkish law (or regulation) → its structure.

`parse_law(pages)` reads the header block (number, dates, gazette), the KİTAP / KISIM / BÖLÜM
divisions, the articles with their titles, paragraphs (fıkra), items (bent) and sub-items
(`indexer.laws.paragraphs`), the footnotes each article carries, and the amendment table
printed after the last article.

Decisions, each pinned by the ground-truth test against the official text:
- an article header starts a line: `MADDE 1 –`, `Madde 1-`, `GEÇİCİ MADDE 3-`, `Ek Madde 1-`,
  `Gecici Madde 5-`, `MADDE 57/A –`, and `MADDE 3` with its dash on the next line. A line that
  merely mentions an article ("6 ncı maddeye göre") is never a header;
- `Madde 29-30-` (one provision for two numbers, as the official text prints it) is one article
  labelled and keyed "29-30";
- the title is the run of lines right above the header: bold ones where the document sets its
  titles in bold, otherwise short lines starting in the header's column after a full stop;
- an article's text runs from after `MADDE n –` to the next title, division or header. Inline
  amendment notes stay in it, as the official text prints them; footnote markers do not;
- each visual paragraph (a line that starts indented, or, without indentation to go by, with
  a number, letter or note) starts a new line of `Article.text`; its lines join with spaces;
- the amendment table ("… SAYILI KANUNA EK VE DEĞİŞİKLİK GETİREN MEVZUATIN …"), provisions
  that could not be merged ("… İŞLENEMEYEN HÜKÜMLER") and annexed schedules ("(I) SAYILI
  CETVEL") end the law: they go to `LawDocument.amendment_list`, not to the last article.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, replace

from indexer.laws.amendments import (
    AMENDMENT_LIST_START_RE,
    FootnoteMarker,
    FootnoteTable,
    collect_footnotes,
    find_amendments,
    is_repeal_only,
    split_leading_notes,
)
from indexer.laws.articles import ArticleKind, ArticleRef
from indexer.laws.document import Article, Division, DivisionKind, LawDocument, LawHeader
from indexer.laws.markers import mark_plain_numbers, place_markers
from indexer.laws.paragraphs import build_paragraphs, join_broken_blocks
from indexer.layout import join_lines
from indexer.models import FOOTNOTE_MARK_RE, PageText, strip_footnote_marks

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
BLOCK_START_RE = re.compile(r"^(?:\(\d{1,2}\)|[a-zçğıöşü]{1,2}\)|\d{1,2}[.)]\s|\(\s*[A-ZÇĞİÖŞÜ])")
DIGIT_HYPHEN_END_RE = re.compile(r"\d[-–]$")
SENTENCE_END_RE = re.compile(r"[.:;,)]$")
CENTRED_OFFSET = 20.0  # points right of the header's start: a centred (division) line
SAME_COLUMN = 3.0  # points: lines starting this close start in the same column
MAX_TITLE_LINES = 4
MAX_PREAMBLE_LINES = 12
# The mevzuat header's fields. The first two also tell a law among any PDF's first pages
# (`extraction.metadata`), so they are lenient about case and the dotless ı.
LAW_NUMBER_RE = re.compile(r"Kanun\s+Numaras[ıi]\s*:\s*(\d{3,5})", re.IGNORECASE)
ACCEPTED_DATE_RE = re.compile(r"Kabul\s+Tarihi\s*:\s*(\d{1,2}[./]\d{1,2}[./]\d{4})", re.IGNORECASE)
HEADER_FIELDS: dict[str, str | re.Pattern[str]] = {
    "law_number": LAW_NUMBER_RE,
    "accepted_date": ACCEPTED_DATE_RE,
    "gazette_date": r"Resm[iî]\s+Gazete\s*:?\s*Tarih\s*:\s*([\d./]+)",
    "gazette_number": r"Resm[iî]\s+Gazete\s*:?\s*Tarih\s*:\s*[\d./]+\s*Sayı\s*:\s*(\d+)",
    "dustur": r"Düstur\s*:\s*(Tertip\s*:\s*\d+\s*Cilt\s*:\s*\d+)",
}


@dataclass(frozen=True)
class SourceLine:
    """A body line with its page; `text` is without footnote markers, `raw` keeps them."""

    raw: str
    text: str
    page: int
    x0: float
    bold: bool


@dataclass(frozen=True)
class ArticleHeader:
    """An article header found on line `index`."""

    index: int
    kind: ArticleKind
    label: str
    key: str
    rest: str  # the header line after `MADDE n –`
    dash_pending: bool  # `MADDE 3` alone: the dash opens the next line


@dataclass(frozen=True)
class ArticleSpan:
    """The lines of one article: title from `title_start`, header, text up to `end`."""

    header: ArticleHeader
    title_start: int
    end: int


@dataclass(frozen=True)
class DivisionHeading:
    index: int
    kind: DivisionKind
    label: str
    title: str | None

    @property
    def heading(self) -> str:
        return f"{self.label} — {self.title}" if self.title else self.label


@dataclass(frozen=True)
class LawLines:
    """The document's lines and what the whole document says about how to read them."""

    lines: list[SourceLine]
    divisions: list[DivisionHeading]
    footnotes: FootnoteTable
    indented: bool  # paragraph starts are indented against their continuation lines


def parse_law(pages: list[PageText]) -> LawDocument:
    numbers = {note.number for page in pages for note in page.footnotes if note.number}
    lines = flatten_lines(pages, numbers)
    headers = [h for i, line in enumerate(lines) if (h := match_header(line, i)) is not None]
    end = find_amendment_list(lines, headers[0].index + 1 if headers else len(lines))
    headers = [header for header in headers if header.index < end]
    division_indexes = [i for i in range(end) if DIVISION_RE.match(lines[i].text)]
    spans = find_spans(lines, headers, division_indexes, end)
    document = LawLines(
        lines,
        read_divisions(lines, division_indexes, spans),
        collect_footnotes(pages, lines[end].page if end < len(lines) else None),
        indented=bool(headers) and any(line.x0 < lines[headers[0].index].x0 - 10 for line in lines),
    )
    preamble_end = min(
        [end, MAX_PREAMBLE_LINES, *division_indexes[:1]] + [s.title_start for s in spans[:1]]
    )
    claimed = [marker for span in spans for marker in span_markers(lines, span)]
    return LawDocument(
        header=parse_law_header(lines[:preamble_end]),
        divisions=table_of_contents(document.divisions, spans),
        articles=[build_article(document, span, order) for order, span in enumerate(spans)],
        amendment_list="\n".join([line.text for line in lines[end:]] + document.footnotes.annex),
        notes=document.footnotes.unclaimed(claimed),
    )


def flatten_lines(pages: list[PageText], footnote_numbers: set[str]) -> list[SourceLine]:
    """All body lines in reading order, each with its page; a footnote number printed at
    body size where a marker stands is a marker (`indexer.laws.markers`)."""
    lines = []
    for page in pages:
        for line in page.lines:
            raw = mark_plain_numbers(line.text, footnote_numbers)
            text = strip_footnote_marks(raw).strip()
            if text:
                lines.append(SourceLine(raw, text, page.number, line.x0, line.bold))
            elif lines and raw.strip():  # markers alone on a line mark the text before
                if lines[-1].page == page.number:
                    lines[-1] = replace(lines[-1], raw=lines[-1].raw + raw.strip())
                else:  # …on the page before: a line of its own, to keep the markers' page
                    lines.append(SourceLine(raw, "", page.number, lines[-1].x0, lines[-1].bold))
    return lines


def match_header(line: SourceLine, index: int) -> ArticleHeader | None:
    match = HEADER_RE.match(line.text)
    if match is None:
        return None
    number = re.sub(r"\s+", "", match["number"]).upper()
    number += f"-{match['through']}" if match["through"] else ""
    prefix = (match["prefix"] or "").upper()
    kind: ArticleKind = "gecici" if prefix.startswith("GE") else "ek" if prefix else "madde"
    reference = ArticleRef(kind, number.lower())
    label, key = reference.short_label, reference.key
    rest = line.text[match.end() :].strip()
    return ArticleHeader(index, kind, label, key, rest, dash_pending=match["dash"] is None)


def find_amendment_list(lines: list[SourceLine], start: int) -> int:
    """Index of the first line after the articles (amendment table, annexes), or len."""
    found = (i for i in range(start, len(lines)) if AMENDMENT_LIST_START_RE.search(lines[i].text))
    return next(found, len(lines))


def find_spans(
    lines: list[SourceLine], headers: list[ArticleHeader], divisions: list[int], end: int
) -> list[ArticleSpan]:
    above = [lines[header.index - 1] for header in headers if header.index > 0]
    bold = sum(line.bold for line in above) * 2 > len(above)
    starts = []
    for position, header in enumerate(headers):
        floor = headers[position - 1].index + 1 if position else 0
        floor = max([floor] + [index + 2 for index in divisions if index < header.index])
        starts.append(find_title_start(lines, header, min(floor, header.index), bold))
    spans = []
    for position, header in enumerate(headers):
        limits = [end, *starts[position + 1 : position + 2]]
        limits += [index for index in divisions if index > header.index][:1]
        spans.append(ArticleSpan(header, starts[position], min(limits)))
    return spans


def find_title_start(lines: list[SourceLine], header: ArticleHeader, floor: int, bold: bool) -> int:
    """Index of the first title line above `header` (header.index when it has none)."""
    header_line = lines[header.index]
    run = header.index
    while run > floor and header.index - run < MAX_TITLE_LINES:
        line = lines[run - 1]
        if (
            line.x0 > header_line.x0 + CENTRED_OFFSET
            or BLOCK_START_RE.match(line.text)
            or DIVISION_RE.match(line.text)
            or (not line.bold if bold else SENTENCE_END_RE.search(line.text))
        ):
            break
        run -= 1
    if bold:
        return run
    # Without bold to go by: a title starts in the header's column after a finished sentence.
    for start in range(run, header.index):
        after_sentence = start == floor or SENTENCE_END_RE.search(lines[start - 1].text)
        if after_sentence and abs(lines[start].x0 - header_line.x0) <= SAME_COLUMN:
            return start
    return header.index


def read_divisions(
    lines: list[SourceLine], indexes: list[int], spans: list[ArticleSpan]
) -> list[DivisionHeading]:
    """Each division line with its title: the lines up to the next title or division."""
    headings = []
    for position, index in enumerate(indexes):
        limits = [span.title_start for span in spans if span.title_start > index][:1]
        limits += [*indexes[position + 1 : position + 2], len(lines)]
        match = DIVISION_RE.match(lines[index].text)
        assert match is not None
        title = join_text(lines[index + 1 : min(limits)]) or None
        headings.append(
            DivisionHeading(index, DIVISION_KINDS[match["kind"]], match["label"], title)
        )
    return headings


def table_of_contents(headings: list[DivisionHeading], spans: list[ArticleSpan]) -> list[Division]:
    divisions = []
    for heading in headings:
        following = [span.header.key for span in spans if span.header.index > heading.index]
        if following:
            divisions.append(Division(heading.kind, heading.label, heading.title, following[0]))
    return divisions


def parse_law_header(lines: list[SourceLine]) -> LawHeader:
    text = " ".join(line.text for line in lines)
    fields = {}
    for name, pattern in HEADER_FIELDS.items():
        match = re.search(pattern, text)
        fields[name] = re.sub(r"\s*:\s*", ": ", match[1]) if match else None
    numbered = [i for i, line in enumerate(lines) if re.match(r"Kanun\s+Numarası", line.text)]
    title = join_text(lines[: numbered[0] if numbered else len(lines)])
    return LawHeader(title=title or None, **fields)


def join_text(lines: list[SourceLine]) -> str:
    text = ""
    for line in lines:
        text = join_line_texts(text, line.text) if text else line.text
    return text


def join_line_texts(previous: str, following: str) -> str:
    """Join two lines; a hyphen between digits stays glued ("12/11/2012-" + "6360/15")."""
    if DIGIT_HYPHEN_END_RE.search(previous) and following[:1].isdigit():
        return previous + following
    return join_lines(previous, following)


def build_article(document: LawLines, span: ArticleSpan, order: int) -> Article:
    header, lines = span.header, document.lines
    body = lines[header.index : span.end]
    text = "\n".join(join_broken_blocks(text_blocks(body, header, document.indented)))
    marked = "\n".join(text_blocks(body, header, document.indented, raw=True))
    leading = split_leading_notes(text)
    paragraphs = build_paragraphs(leading.rest.split("\n") if leading.rest else [])
    place_markers(paragraphs, marked)
    context = enclosing_divisions(document.divisions, header.index)
    markers = span_markers(lines, span)
    return Article(
        label=header.label,
        key=header.key,
        kind=header.kind,
        title=join_text(lines[span.title_start : header.index]) or None,
        text=text,
        paragraphs=paragraphs,
        notes=document.footnotes.notes_for(markers),
        note_numbers=document.footnotes.numbers_for(markers),
        amendments=find_amendments(leading.notes),
        repealed=is_repeal_only(text),
        book=context.get("kitap"),
        part=context.get("kisim"),
        chapter=context.get("bolum"),
        page=body[0].page,
        page_end=body[-1].page,
        order=order,
        page_breaks=page_breaks(body, text),
    )


PAGE_PROBE = 24  # characters of a page's first line looked for in the article's text


def page_breaks(body: list[SourceLine], text: str) -> tuple[tuple[int, int], ...]:
    """Where in `text` each page after the first starts: the first characters on a new page
    (from as many of its lines as it takes: a label "(2)" may stand alone) are found in the
    text, after the previous page's start. A page whose text is not found (mended beyond
    recognition, or none at all) is skipped."""
    flat = text.replace("\n", " ")  # blocks join with newlines, lines with spaces
    found: list[tuple[int, int]] = []
    cursor = 0
    for index, (previous, line) in enumerate(itertools.pairwise(body), start=1):
        if line.page == previous.page:
            continue
        words: list[str] = []
        for following in body[index:]:
            if following.page != line.page or len(" ".join(words)) >= PAGE_PROBE:
                break
            words += following.text.split()
        probe = " ".join(words)[:PAGE_PROBE]
        at = flat.find(probe, cursor) if len(probe) >= 8 else -1
        if at >= 0:
            found.append((at, line.page))
            cursor = at
    return tuple(found)


def span_markers(lines: list[SourceLine], span: ArticleSpan) -> list[FootnoteMarker]:
    """Footnotes marked in the article's title, header and text."""
    return [
        FootnoteMarker(line.page, number)
        for line in lines[span.title_start : span.end]
        for number in FOOTNOTE_MARK_RE.findall(line.raw)
    ]


def enclosing_divisions(headings: list[DivisionHeading], index: int) -> dict[str, str]:
    """Division kind → heading of the divisions open at line `index`."""
    open_headings: dict[str, str] = {}
    ranks = {"kitap": 0, "kisim": 1, "bolum": 2}
    for heading in (h for h in headings if h.index < index):
        open_headings = {k: v for k, v in open_headings.items() if ranks[k] < ranks[heading.kind]}
        open_headings[heading.kind] = heading.heading
    return open_headings


def text_blocks(
    body: list[SourceLine], header: ArticleHeader, indented: bool, raw: bool = False
) -> list[str]:
    """The article's visual paragraphs, one string each, starting after `MADDE n –`
    (`raw`: with the footnote marker placeholders)."""
    blocks = [header.rest] if header.rest else []
    if raw:  # the header line's markers (after `MADDE n –`) open the text
        header_line = body[0].raw
        rest_at = header_line.find(header.rest[:12]) if header.rest else len(header_line)
        before = header_line[:rest_at]
        marks = "".join(match.group() for match in FOOTNOTE_MARK_RE.finditer(before))
        opening = marks + (header_line[rest_at:].strip() if header.rest else "")
        blocks = [opening] if opening else []
    for position, line in enumerate(body[1:]):
        text = line.raw.strip() if raw else line.text
        if position == 0 and header.dash_pending and not header.rest:
            text = re.sub(r"^[-–—]\s*", "", text)
        if indented:
            starts_block = line.x0 >= body[0].x0 - SAME_COLUMN
        else:
            starts_block = BLOCK_START_RE.match(text) is not None
        if blocks and not starts_block:
            blocks[-1] = join_line_texts(blocks[-1], text)
        elif text:
            blocks.append(text)
    return blocks
