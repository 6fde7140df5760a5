"""Footnote markers of a law's text: found where the PDF prints them, kept for display.

An article's searchable text has no footnote markers. For display, the markers go back into
the text of each paragraph, item and sub-item as placeholders (`indexer.models.footnote_mark`)
carrying the number the PDF prints, so that a page can link each one to its note.

Two kinds of marker: the superscripts the layout step already turned into placeholders, and
numbers the consolidated text prints at body size where a note is cited again ("ilçe (…) 3",
"verebilirler. 16" at the end of a line, "10" alone on a line). A number counts as such a
marker only after "(…)", at the end of a line after a sentence, or alone on its line, and
only when a footnote of that number is printed in the document.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from indexer.laws.paragraphs import Item, Paragraph
from indexer.models import FOOTNOTE_MARK_RE, footnote_mark, strip_footnote_marks

# After "(…)" anywhere in the line, or at the end of a line after a sentence.
PLAIN_MARKER_RE = re.compile(
    r"(?:(?<=\(…\))\s+(?P<after_gap>\d{1,3})(?=\s|$|\ue000)"
    r"|(?<=[.;])\s+(?P<at_end>\d{1,3})(?=(?:\ue000\d+\ue001)*$)"
    r"|^(?P<alone>\d{1,3})(?=(?:\ue000\d+\ue001)*$))"
)
CONTEXT_WORDS = 5  # words before a marker that place it in a paragraph's text


def mark_plain_numbers(line: str, footnote_numbers: set[str]) -> str:
    """`line` with a body-size footnote number at its end made a marker placeholder."""

    def marker(match: re.Match[str]) -> str:
        number = match["after_gap"] or match["at_end"] or match["alone"]
        return footnote_mark(number) if number in footnote_numbers else match.group()

    return PLAIN_MARKER_RE.sub(marker, line)


def parts_of(paragraphs: Iterable[Paragraph]) -> Iterator[Paragraph | Item]:
    """What a page shows, in order: each paragraph's own text, its items, their sub-items."""
    for paragraph in paragraphs:
        yield paragraph
        for item in paragraph.items:
            yield item
            yield from item.subitems


def place_markers(paragraphs: list[Paragraph], marked_text: str) -> int:
    """Put the markers of `marked_text` (the article's text with placeholders) into the
    `own` texts of its paragraphs, items and sub-items, after the words they follow; the
    number placed (a marker whose words are not found is left out)."""
    parts = list(parts_of(paragraphs))
    if not parts:
        return 0
    part, offset, placed, previous_end = 0, 0, 0, -1
    for match in FOOTNOTE_MARK_RE.finditer(marked_text):
        mark = footnote_mark(match.group(1))
        words = strip_footnote_marks(marked_text[: match.start()]).split()[-CONTEXT_WORDS:]
        found_at = None
        if match.start() == previous_end or not words:  # right after the last marker or
            found_at = part, offset  # before any text: where the last one went
        else:
            found_at = _find_words(parts, words, part, offset)
        previous_end = match.end()
        if found_at is None:
            continue
        part, at = found_at
        own = parts[part].own
        parts[part].own = own[:at] + mark + own[at:]
        offset, placed = at + len(mark), placed + 1
    return placed


def _find_words(
    parts: list[Paragraph | Item], words: list[str], part: int, offset: int
) -> tuple[int, int] | None:
    """Where in the parts, from `part` at `offset` on, the words end (the part, an offset)."""
    whole = re.compile(r"\s+".join(re.escape(word) for word in words))
    last = re.compile(re.escape(words[-1]))
    for pattern in (whole, last) if len(words) > 1 else (whole,):
        for index in range(part, len(parts)):
            found = pattern.search(parts[index].own, offset if index == part else 0)
            if found is not None:
                return index, found.end()
    return None
