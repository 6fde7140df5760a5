"""Pure reading order: positioned words → rows → rows in the order a person reads them.

- rows: words sharing a baseline; small raised words join the row they sit in;
- columns: gutters found as vertical bands no word crosses; rows inside a column block are
  read column by column, rows that span the gutter (titles) stay where they are; a gutter
  beside a column of figures or dates belongs to a table, which is read row by row;
- boxes side by side: on a page without page-wide columns (a timeline, a poster), each band
  of rows between blank gaps is split at its own gutters when both sides hold prose; tables
  keep their rows.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from indexer.models import Word

SMALL_TYPE_RATIO = 0.85  # below this share of the body size, type counts as "small"
MIN_GUTTER_WIDTH = 7.0  # points
MAX_COLUMN_DEPTH = 2  # columns inside columns inside columns are not looked for
BAND_GAP_LINES = 1.0  # a blank gap taller than this many lines starts a new band of rows


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


class Typeset(Protocol):
    """Text set in one size: a word, a line."""

    @property
    def text(self) -> str: ...

    @property
    def size(self) -> float: ...


def body_font_size(pieces: Iterable[Typeset]) -> float:
    """The size most of the text is set in, weighted by characters."""
    sizes: Counter[float] = Counter()
    for piece in pieces:
        sizes[round(piece.size, 1)] += len(piece.text)
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


def find_gutters(rows: Sequence[Row], width: float, min_rows: int = 6) -> list[float]:
    """x positions of column gutters: bands that words on most rows leave empty."""
    if len(rows) < min_rows:
        return []
    bins = int(width) + 1
    coverage = [0] * bins
    for row in rows:
        for word in row.words:
            for x in range(max(0, int(word.x0)), min(bins, int(word.x1) + 1)):
                coverage[x] += 1
    # Words may start before the page's left edge or end past its right one (text set
    # wider than the page): only the page itself is looked at for gutters.
    text_left = min(max(0, int(row.x0)) for row in rows)
    text_right = max(min(bins - 1, int(row.x1)) for row in rows)
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


def order_rows(rows: Sequence[Row], width: float) -> list[Row]:
    """Reading order: page-wide columns column by column, then, inside each column (or on
    a page without columns), boxes of prose set side by side within a band of rows."""
    gutters = [gutter for gutter in find_gutters(rows, width) if is_text_gutter(rows, gutter)]
    if gutters:
        return split_by_columns(rows, gutters, width)
    return split_bands_by_columns(rows, width)


def split_bands_by_columns(rows: Sequence[Row], width: float, depth: int = 0) -> list[Row]:
    """Pages that set boxes of prose side by side (a timeline, a poster): each band of rows
    between blank gaps is split at its own gutters, when both sides of a gutter hold prose.
    Tables keep their rows: a column of numbers or dates is not prose."""
    ordered: list[Row] = []
    for band in split_bands(rows):
        gutters = [
            gutter for gutter in find_gutters(band, width, min_rows=3)
            if is_prose_gutter(band, gutter)
        ]  # fmt: skip
        ordered += split_by_columns(band, gutters, width, depth)
    return ordered


def split_bands(rows: Sequence[Row]) -> list[list[Row]]:
    """Runs of rows separated by a blank gap taller than a line."""
    bands: list[list[Row]] = []
    for row in rows:
        if bands and row.top - bands[-1][-1].bottom <= row_size(row) * BAND_GAP_LINES:
            bands[-1].append(row)
        else:
            bands.append([row])
    return bands


def is_prose_gutter(rows: Sequence[Row], gutter: float) -> bool:
    """Most lines on both sides of the gutter are several words long (not table cells)."""
    return all(
        sum(1 for words in side if is_prose(words)) >= max(2, len(side) / 2)
        for side in sides_of(rows, gutter)
    )


def is_text_gutter(rows: Sequence[Row], gutter: float) -> bool:
    """Most lines on both sides of the gutter are words, not figures: a page-wide gutter
    beside a column of numbers or dates is a table's, and a table is read row by row."""
    return all(
        sum(1 for words in side if is_wordy(words)) >= len(side) / 2
        for side in sides_of(rows, gutter)
    )


def sides_of(rows: Sequence[Row], gutter: float) -> list[list[list[Word]]]:
    """The non-empty line pieces left and right of a gutter."""
    left = [[word for word in row.words if word.x1 < gutter] for row in rows]
    right = [[word for word in row.words if word.x0 > gutter] for row in rows]
    return [[words for words in left if words], [words for words in right if words]]


def is_prose(words: list[Word]) -> bool:
    letters = sum(len(word.text) for word in words if word.text[:1].isalpha())
    return len(words) >= 3 and letters >= 12


def is_wordy(words: list[Word]) -> bool:
    text = "".join(word.text for word in words)
    return sum(character.isalpha() for character in text) >= len(text) / 2


def split_by_columns(
    rows: Sequence[Row], gutters: Sequence[float], width: float, depth: int = 0
) -> list[Row]:
    """Reading order: runs of rows that respect the gutters are read column by column;
    each column is searched for boxes side by side in turn (`width`: the page's)."""
    if not gutters:
        return list(rows)
    ordered: list[Row] = []
    block: list[list[Word]] = [[] for _ in range(len(gutters) + 1)]

    def flush() -> None:
        for column_words in block:
            column_rows = group_rows(column_words)
            if depth < MAX_COLUMN_DEPTH:
                column_rows = split_bands_by_columns(column_rows, width, depth + 1)
            ordered.extend(column_rows)
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


def row_size(row: Row) -> float:
    return statistics.median(word.size for word in row.words)
