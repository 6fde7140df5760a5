"""Pure page layout: positioned words → clean page text in reading order.

Decisions made here, all on plain `Word`s so they are testable without a PDF:
- lines: words grouped by vertical position;
- columns: gutters found as vertical bands no word crosses; rows inside a column block are
  read column by column, rows that span the gutter (titles) stay where they are;
- footnote markers: small digits raised inside a body line become placeholders
  (`models.footnote_mark`) glued to the word before them;
- footnotes: small-type lines below the body at the page bottom;
- running headers/footers and page numbers: dropped (see `find_running_lines`);
- hyphenation at line ends joined; ligatures and compatibility characters normalised; NFC.
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from indexer.models import Footnote, PageText, TextLine, footnote_mark
from indexer.pdf import RawPage, Word

SMALL_TYPE_RATIO = 0.85  # below this share of the body size, type counts as "small"
EDGE_BAND = 0.10  # top/bottom share of the page where running headers and footers live
MIN_GUTTER_WIDTH = 7.0  # points

LIGATURES = {
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb05": "st",
    "\ufb06": "st",
    "\u00ad": "",  # soft hyphen: only a line-break hint
    "\u00a0": " ",
    "\u2002": " ",
    "\u2003": " ",
    "\u2009": " ",
    "\u200b": "",
    "\ufeff": "",
}
LIGATURE_RE = re.compile("|".join(map(re.escape, LIGATURES)))
PAGE_NUMBER_RE = re.compile(
    r"^\s*(?:[-–—]\s*)?(?:sayfa|page|s\.)?\s*\d{1,4}\s*(?:/\s*\d{1,4}|(?:of|/)\s*\d{1,4})?"
    r"\s*(?:[-–—])?\s*$",
    re.IGNORECASE,
)
HYPHEN_END_RE = re.compile(r"(\w)[-\u00ad]$")
LOWER_START_RE = re.compile(r"^[a-zçğıöşüâîû]")


def normalise_text(text: str) -> str:
    """NFC, ligatures expanded, odd spaces made plain. Quotes and apostrophes are kept."""
    return unicodedata.normalize("NFC", LIGATURE_RE.sub(lambda m: LIGATURES[m.group()], text))


@dataclass
class Row:
    """Words sharing a baseline, left to right."""

    words: list[Word]

    @property
    def top(self) -> float:
        return min(word.top for word in self.words)

    @property
    def bottom(self) -> float:
        return max(word.bottom for word in self.words)

    @property
    def x0(self) -> float:
        return min(word.x0 for word in self.words)

    @property
    def x1(self) -> float:
        return max(word.x1 for word in self.words)


def body_font_size(words: Sequence[Word]) -> float:
    """The size most of the text is set in, weighted by characters."""
    sizes: Counter[float] = Counter()
    for word in words:
        sizes[round(word.size, 1)] += len(word.text)
    return sizes.most_common(1)[0][0] if sizes else 0.0


def group_rows(words: Iterable[Word], tolerance: float = 3.0) -> list[Row]:
    """Group words into rows by baseline; smaller raised words join the row they sit in."""
    ordered = sorted(words, key=lambda w: (w.bottom, w.x0))
    if not ordered:
        return []
    size = body_font_size(ordered)
    rows: list[Row] = []
    small: list[Word] = []
    for word in ordered:
        if word.size < size * SMALL_TYPE_RATIO:
            small.append(word)
            continue
        if rows and abs(rows[-1].bottom - word.bottom) <= tolerance:
            rows[-1].words.append(word)
        else:
            rows.append(Row([word]))
    for word in small:
        middle = (word.top + word.bottom) / 2
        host = next((row for row in rows if row.top - 1 <= middle <= row.bottom + 1), None)
        if host is None:
            host = next(
                (row for row in rows if row.words[0].size == word.size
                 and abs(row.bottom - word.bottom) <= tolerance),
                None,
            )  # fmt: skip
        if host is None:
            rows.append(Row([word]))
        else:
            host.words.append(word)
    for row in rows:
        row.words.sort(key=lambda w: w.x0)
    rows.sort(key=lambda r: r.top)
    return rows


def find_gutters(rows: Sequence[Row], width: float) -> list[float]:
    """x positions of column gutters: bands that words on most rows leave empty."""
    if len(rows) < 6:
        return []
    bins = int(width) + 1
    coverage = [0] * bins
    for row in rows:
        for word in row.words:
            for x in range(max(0, int(word.x0)), min(bins, int(word.x1) + 1)):
                coverage[x] += 1
    lefts = [int(row.x0) for row in rows]
    rights = [int(row.x1) for row in rows]
    text_left, text_right = min(lefts), max(rights)
    allowed = max(1, len(rows) // 25)
    gutters: list[float] = []
    start = None
    for x in range(text_left, text_right + 1):
        empty = coverage[x] <= allowed
        if empty and start is None:
            start = x
        elif not empty and start is not None:
            if x - start >= MIN_GUTTER_WIDTH:
                gutters.append((start + x) / 2)
            start = None
    return [g for g in gutters if has_text_both_sides(rows, g)]


def has_text_both_sides(rows: Sequence[Row], gutter: float) -> bool:
    left = sum(1 for row in rows if any(word.x1 < gutter for word in row.words))
    right = sum(1 for row in rows if any(word.x0 > gutter for word in row.words))
    return min(left, right) >= max(3, len(rows) // 5)


def split_by_columns(rows: Sequence[Row], gutters: Sequence[float]) -> list[Row]:
    """Reading order: runs of rows that respect the gutters are read column by column."""
    if not gutters:
        return list(rows)
    ordered: list[Row] = []
    block: list[list[Word]] = [[] for _ in range(len(gutters) + 1)]

    def flush() -> None:
        for column_words in block:
            ordered.extend(group_rows(column_words))
            column_words.clear()

    for row in rows:
        if any(spans_gutter(row, gutter) for gutter in gutters):
            flush()
            ordered.append(row)
            continue
        for word in row.words:
            column = sum(1 for gutter in gutters if word.x0 > gutter)
            block[column].append(word)
    flush()
    return ordered


def spans_gutter(row: Row, gutter: float) -> bool:
    """A row crosses the gutter: a word lies over it, or it is bridged by a plain word gap."""
    left = [word for word in row.words if word.x1 <= gutter]
    right = [word for word in row.words if word.x0 >= gutter]
    if len(left) + len(right) < len(row.words):
        return True
    if not left or not right:
        return False
    gap = min(word.x0 for word in right) - max(word.x1 for word in left)
    return gap < row_size(row) * 0.6


def is_marker(word: Word, body_size: float) -> bool:
    return (
        word.size < body_size * SMALL_TYPE_RATIO and re.fullmatch(r"\d{1,8}", word.text) is not None
    )


@dataclass
class MarkerCounter:
    """Footnotes are numbered through the document; the next number splits glued markers."""

    expected: int = 1
    note_size: float | None = None  # type size of the footnotes seen so far

    def split(self, digits: str) -> list[str]:
        """`1415` → [`14`, `15`] when 14 is the next note; unknown runs stay whole."""
        numbers: list[str] = []
        rest = digits
        while rest:
            wanted = str(self.expected)
            if not rest.startswith(wanted):
                break
            numbers.append(wanted)
            rest = rest[len(wanted) :]
            self.expected += 1
        if rest or not numbers:
            numbers = [digits]
            if digits.isdigit() and len(digits) <= 3:
                self.expected = int(digits) + 1
        return numbers


def row_text(row: Row, body_size: float, counter: MarkerCounter | None) -> str:
    """Words joined by spaces; raised small digits become footnote placeholders."""
    parts: list[str] = []
    for word in row.words:
        if counter is not None and parts and is_marker(word, body_size):
            parts[-1] += "".join(footnote_mark(n) for n in counter.split(word.text))
        else:
            parts.append(word.text)
    return normalise_text(" ".join(parts))


def row_size(row: Row) -> float:
    return statistics.median(word.size for word in row.words)


def running_line_key(text: str) -> str:
    """Running headers differ only by their page number: compare them without digits."""
    return re.sub(r"\d+", "#", re.sub(r"\s+", " ", text.strip().lower()))


def find_running_lines(pages: Sequence[RawPage]) -> set[str]:
    """Keys of lines in the top or bottom band that recur on at least half the pages."""
    if len(pages) < 2:
        return set()
    counts: Counter[str] = Counter()
    for page in pages:
        keys = set()
        for row in group_rows(page.words):
            if row.bottom < page.height * EDGE_BAND or row.top > page.height * (1 - EDGE_BAND):
                keys.add(running_line_key(" ".join(word.text for word in row.words)))
        counts.update(keys)
    threshold = max(2, (len(pages) + 1) // 2)
    return {key for key, count in counts.items() if count >= threshold and key.strip("# ")}


def is_page_furniture(row: Row, page: RawPage, running: set[str]) -> bool:
    text = " ".join(word.text for word in row.words)
    in_band = row.bottom < page.height * EDGE_BAND or row.top > page.height * (1 - EDGE_BAND)
    if not in_band:
        return False
    return PAGE_NUMBER_RE.match(text) is not None or running_line_key(text) in running


def split_footnotes(rows: list[Row], body_size: float) -> tuple[list[Row], list[Row]]:
    """Trailing small-type rows at the bottom are footnotes; the rest is body."""
    cut = len(rows)
    note_size = row_size(rows[-1]) if rows else 0.0
    while (
        cut > 0
        and row_size(rows[cut - 1]) < body_size * SMALL_TYPE_RATIO
        and abs(row_size(rows[cut - 1]) - note_size) < 0.3
    ):
        cut -= 1
    if cut == len(rows) or cut == 0:
        return rows, []
    return rows[:cut], rows[cut:]


def parse_footnotes(lines: Sequence[str], expected: Sequence[str]) -> list[Footnote]:
    """Footnote lines → footnotes, using the marker numbers seen in the body.

    The footnote number is printed glued to the note's first word ("12/7/2018" is note 1
    starting "2/7/2018"), so it can only be told apart by knowing which number comes next.
    """
    notes: list[Footnote] = []
    pending = list(expected)
    for line in lines:
        if pending and line.startswith(pending[0]) and len(line) > len(pending[0]):
            number = pending.pop(0)
            notes.append(Footnote(number=number, text=line[len(number) :].strip()))
        elif notes:
            notes[-1].text = join_lines(notes[-1].text, line)
        else:
            notes.append(Footnote(number="", text=line))
    return notes


def join_lines(previous: str, following: str) -> str:
    """Join two lines, mending a word hyphenated across the break."""
    if HYPHEN_END_RE.search(previous) and LOWER_START_RE.match(following):
        return previous[:-1] + following
    return f"{previous} {following}"


def join_hyphenated_lines(lines: list[TextLine]) -> list[TextLine]:
    """Move the tail of a hyphenated word up to the line where it starts."""
    result: list[TextLine] = []
    for line in lines:
        if result and HYPHEN_END_RE.search(result[-1].text) and LOWER_START_RE.match(line.text):
            head, _, rest = line.text.partition(" ")
            previous = result[-1]
            result[-1] = TextLine(
                previous.text[:-1] + head, previous.top, previous.x0, previous.x1,
                previous.size, previous.bold,
            )  # fmt: skip
            if not rest:
                continue
            line = TextLine(rest, line.top, line.x0, line.x1, line.size, line.bold)
        result.append(line)
    return result


def body_line(row: Row, body_size: float, counter: MarkerCounter | None) -> TextLine:
    return TextLine(
        text=row_text(row, body_size, counter),
        top=row.top,
        x0=row.x0,
        x1=row.x1,
        size=row_size(row),
        bold=all(word.bold for word in row.words if not is_marker(word, body_size)),
    )


def is_footnote_block(rows: Sequence[Row], markers: Sequence[str], counter: MarkerCounter) -> bool:
    """Footnotes are pointed at by markers on the page, or continue the previous page's."""
    if markers:
        return True
    size = row_size(rows[0])
    return counter.note_size is not None and abs(size - counter.note_size) < 0.3


def build_page_text(
    page: RawPage, running: set[str] | None = None, counter: MarkerCounter | None = None
) -> PageText:
    """The whole layout step for one page."""
    running = running or set()
    counter = counter or MarkerCounter()
    body_size = body_font_size(page.words)
    rows = [row for row in group_rows(page.words) if not is_page_furniture(row, page, running)]
    rows = split_by_columns(rows, find_gutters(rows, page.width))
    body_rows, note_rows = split_footnotes(rows, body_size)
    lines = [body_line(row, body_size, counter) for row in body_rows]
    markers = re.findall("\ue000(\\d+)\ue001", "\n".join(line.text for line in lines))
    if note_rows and not is_footnote_block(note_rows, markers, counter):
        # Small type at the bottom with no marker pointing at it (an annex table, a caption).
        lines += [body_line(row, body_size, None) for row in note_rows]
        note_rows = []
    elif note_rows:
        counter.note_size = row_size(note_rows[0])
    lines = join_hyphenated_lines([line for line in lines if line.text.strip()])
    note_lines = [row_text(row, body_size, None) for row in note_rows]
    return PageText(
        number=page.number,
        lines=lines,
        footnotes=parse_footnotes(note_lines, markers),
    )


def build_document_text(pages: Sequence[RawPage]) -> list[PageText]:
    running = find_running_lines(pages)
    counter = MarkerCounter()
    texts = [build_page_text(page, running, counter) for page in pages]
    carry_over_footnotes(texts)
    return texts


def carry_over_footnotes(pages: Sequence[PageText]) -> None:
    """A footnote that runs onto the next page continues the previous page's last one."""
    previous_notes = None
    for page in pages:
        if page.footnotes and not page.footnotes[0].number and previous_notes:
            previous_notes[-1].text = join_lines(previous_notes[-1].text, page.footnotes[0].text)
            del page.footnotes[0]
        if page.footnotes:
            previous_notes = page.footnotes
