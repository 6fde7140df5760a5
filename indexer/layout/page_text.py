"""Pure page layout: positioned words → clean page text in reading order.

Decisions made here, all on plain `Word`s so they are testable without a PDF:
- lines and reading order (columns, boxes side by side): `columns`;
- right-to-left words read from the right inside a line;
- footnote markers: small digits raised inside a body line (or smaller than the word they
  follow) become placeholders (`models.footnote_mark`) glued to the word before them;
- footnotes: small-type lines below the body at the page bottom;
- running headers/footers and page numbers: dropped (see `find_running_lines`), also when
  the page number sits at the other end on even pages; rotated margin text (`side_lines`)
  is kept after the body unless it recurs on every page;
- hyphenation at line ends joined; ligatures and compatibility characters normalised; NFC;
- one page's failure costs that page only: it is read in plain row order instead (or kept
  without text), and its `problem` says so, naming it in the document's warnings.
"""

from __future__ import annotations

import dataclasses
import logging
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from indexer.layout.columns import (
    SMALL_TYPE_RATIO,
    Row,
    body_font_size,
    group_rows,
    order_rows,
    row_size,
)
from indexer.layout.text_quality import CID_RE
from indexer.models import (
    FOOTNOTE_MARK_RE,
    Footnote,
    PageText,
    RawPage,
    TextLine,
    Word,
    footnote_mark,
)
from indexer.notices import PageIssue, PageProblem
from indexer.pdf import is_right_to_left_text

logger = logging.getLogger(__name__)

EDGE_BAND = 0.10  # top/bottom share of the page where running headers and footers live

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
HYPHEN_END_RE = re.compile(r"(\w)[-\u00ad\u2010\u2011]$")
LOWER_START_RE = re.compile(r"^[a-zçğıöşüâîû]")

# Presentation forms (ligatures, Arabic contextual shapes), full-width and half-width forms:
# only these get NFKC. Everywhere else NFKC would rewrite what the author chose (… → ...).
COMPATIBILITY_FORMS_RE = re.compile("[\ufb00-\ufdff\ufe70-\ufeff\uff00-\uffef]+")


def normalise_text(text: str) -> str:
    """NFC, ligatures and compatibility forms expanded, odd spaces made plain, unmapped
    glyphs (`(cid:N)`) dropped. Quotes and apostrophes are kept."""
    text = CID_RE.sub("", LIGATURE_RE.sub(lambda m: LIGATURES[m.group()], text))
    text = COMPATIBILITY_FORMS_RE.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
    return unicodedata.normalize("NFC", text)


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
    previous: Word | None = None
    for word in in_reading_order(row.words):
        if (
            counter is not None
            and previous is not None
            and is_marker_after(word, previous, body_size)
        ):
            parts[-1] += "".join(footnote_mark(n) for n in counter.split(word.text))
        else:
            parts.append(word.text)
        previous = word
    return normalise_text(" ".join(parts))


def in_reading_order(words: list[Word]) -> list[Word]:
    """Left to right, except runs of right-to-left words (Arabic, Hebrew): from the right."""
    ordered: list[Word] = []
    run: list[Word] = []
    for word in words:
        if is_right_to_left_text(word.text):
            run.append(word)
            continue
        ordered += reversed(run)
        run = []
        ordered.append(word)
    return ordered + run[::-1]


def is_marker_after(word: Word, previous: Word, body_size: float) -> bool:
    """A marker is smaller than the word it follows, or raised above its baseline: digits
    in a line set all in small type (a page header's date, a table in 8 pt) are text."""
    if not is_marker(word, body_size):
        return False
    smaller = word.size < previous.size - 1.0
    raised = word.bottom < previous.bottom - 0.15 * previous.size
    return smaller or raised


def running_line_key(text: str) -> str:
    """Running headers differ only by their page number, which may sit at either end
    (odd and even pages): compare them without digits and without a leading or trailing
    number."""
    key = re.sub(r"\d+", "#", re.sub(r"\s+", " ", text.strip().lower()))
    return re.sub(r"^(?:# )+|(?: #)+$", "", key)


def find_running_lines(pages: Sequence[RawPage]) -> set[str]:
    """Keys of lines in the top or bottom band (or rotated in the margin) that recur on at
    least half the pages."""
    if len(pages) < 2:
        return set()
    counts: Counter[str] = Counter()
    for page in pages:
        keys = {running_line_key(line) for line in page.side_lines}
        for row in group_rows(page.words):
            if is_in_edge_band(row, page):
                keys.add(running_line_key(" ".join(word.text for word in row.words)))
        counts.update(keys)
    threshold = max(2, (len(pages) + 1) // 2)
    return {key for key, count in counts.items() if count >= threshold and key.strip("# ")}


def is_in_edge_band(row: Row, page: RawPage) -> bool:
    """In the top or bottom band, where running headers, footers and page numbers live."""
    return row.bottom < page.height * EDGE_BAND or row.top > page.height * (1 - EDGE_BAND)


def is_page_furniture(row: Row, page: RawPage, running: set[str]) -> bool:
    if not is_in_edge_band(row, page):
        return False
    text = " ".join(word.text for word in row.words)
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


def hyphen_joined(head: str, tail_word: str) -> str:
    """`yürürlük-` + `ten` → `yürürlükten`; but a compound broken at its own hyphen keeps it:
    `yap-` + `işlet-devret` → `yap-işlet-devret` (the tail being a compound shows it)."""
    if "-" in tail_word.rstrip("-.,;:)"):
        return head + tail_word
    return head[:-1] + tail_word


def mend_hyphenation(previous: str, following: str) -> tuple[str, str] | None:
    """When `previous` ends in a word hyphenated across the break: `previous` with the whole
    word, and what is left of `following`; None when there is nothing to mend."""
    if not (HYPHEN_END_RE.search(previous) and LOWER_START_RE.match(following)):
        return None
    head, _, rest = following.partition(" ")
    return hyphen_joined(previous, head), rest


def join_lines(previous: str, following: str) -> str:
    """Join two lines, mending a word hyphenated across the break."""
    mended = mend_hyphenation(previous, following)
    if mended is None:
        return f"{previous} {following}"
    return " ".join(mended).rstrip()


def join_hyphenated_lines(lines: list[TextLine]) -> list[TextLine]:
    """Move the tail of a hyphenated word up to the line where it starts."""
    result: list[TextLine] = []
    for line in lines:
        mended = mend_hyphenation(result[-1].text, line.text) if result else None
        if mended is not None:
            joined, rest = mended
            result[-1] = dataclasses.replace(result[-1], text=joined)
            if not rest:
                continue
            line = dataclasses.replace(line, text=rest)
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
    rows = body_rows_of(page, running)
    rows = order_rows(rows, page.width)
    body_rows, note_rows = split_footnotes(rows, body_size)
    lines = [body_line(row, body_size, counter) for row in body_rows]
    markers = FOOTNOTE_MARK_RE.findall("\n".join(line.text for line in lines))
    if note_rows and not is_footnote_block(note_rows, markers, counter):
        # Small type at the bottom with no marker pointing at it (an annex table, a caption).
        lines += [body_line(row, body_size, None) for row in note_rows]
        note_rows = []
    elif note_rows:
        counter.note_size = row_size(note_rows[0])
    lines = join_hyphenated_lines([line for line in lines if line.text.strip()])
    lines += side_lines(page, running)
    note_lines = [row_text(row, body_size, None) for row in note_rows]
    return PageText(
        number=page.number,
        lines=lines,
        footnotes=parse_footnotes(note_lines, markers),
        ocr=page.ocr,
        problem=page.problem,
        header_lines=running_header(page, running, body_size),
    )


def running_header(page: RawPage, running: set[str], body_size: float) -> list[TextLine]:
    """The running lines of the page's top band (not its page numbers), as lines."""
    return [
        body_line(row, body_size, None)
        for row in group_rows(page.words)
        if row.bottom < page.height * EDGE_BAND
        and is_page_furniture(row, page, running)
        and PAGE_NUMBER_RE.match(" ".join(word.text for word in row.words)) is None
    ]


def body_rows_of(page: RawPage, running: set[str]) -> list[Row]:
    """Rows without running headers, footers and page numbers."""
    return [row for row in group_rows(page.words) if not is_page_furniture(row, page, running)]


def side_lines(page: RawPage, running: set[str]) -> list[TextLine]:
    """Rotated runs beside the body, after it, unless they recur on every page (slugs)."""
    texts = (
        normalise_text(text) for text in page.side_lines if running_line_key(text) not in running
    )
    return [TextLine(text=text) for text in texts if text.strip()]


def build_document_text(pages: Sequence[RawPage]) -> list[PageText]:
    running = find_running_lines(pages)
    texts = build_texts(pages, running)
    if running and not any(text.lines for text in texts):
        # The "running line" is all the document says (one word on every page): keep it.
        texts = build_texts(pages, set())
    return texts


def build_texts(pages: Sequence[RawPage], running: set[str]) -> list[PageText]:
    counter = MarkerCounter()
    texts = [page_text_or_fallback(page, running, counter) for page in pages]
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


def page_text_or_fallback(page: RawPage, running: set[str], counter: MarkerCounter) -> PageText:
    """`build_page_text`, or, when laying the page out fails (a bug, logged with its
    traceback), the page's rows top to bottom; a page even that fails keeps no text. Either
    way the page's `problem` names what happened, and the other pages are not touched."""
    try:
        return build_page_text(page, running, counter)
    except Exception as error:
        failure = f"{type(error).__name__}: {error}"[:120]
        logger.warning("page %d: layout failed (%s)", page.number, failure, exc_info=True)
    try:
        lines = [TextLine(text=row_text(row, 0.0, None)) for row in group_rows(page.words)]
        problem = PageIssue(PageProblem.LAYOUT_FALLBACK, failure)
        return PageText(page.number, lines=lines, ocr=page.ocr, problem=problem)
    except Exception:
        logger.warning("page %d: plain row order failed too", page.number, exc_info=True)
        return PageText(
            page.number, ocr=page.ocr, problem=PageIssue(PageProblem.LAYOUT_FAILED, failure)
        )
