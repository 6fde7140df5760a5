"""Pure glyph mending on pdfplumber's char dicts, before words are formed.

- direction: each glyph's baseline angle from its text matrix; glyphs of one direction are
  turned into the frame where they read left to right, top down;
- fake bold: a glyph printed twice at (nearly) the same spot keeps one copy;
- right-to-left scripts: pdfminer gives words in visual order, turned back here.
"""

from __future__ import annotations

import math
import unicodedata
from typing import Any

DUPLICATE_TOLERANCE = 1.0  # points: a second identical glyph this close is a fake-bold copy
RIGHT_TO_LEFT = ("ARABIC", "HEBREW", "SYRIAC", "THAANA")


def char_rotation(char: dict[str, Any]) -> int:
    """The direction a glyph's baseline runs, in degrees counter-clockwise: 0, 90, 180, 270.

    Read from the text matrix, not from pdfminer's `upright` flag, which is wrong for
    text with a negative horizontal scale (a Word table in the shared test files).
    """
    a, b = char["matrix"][0], char["matrix"][1]
    return round(math.degrees(math.atan2(b, a)) / 90) % 4 * 90


def turn_upright(
    chars: list[dict[str, Any]], rotation: int, width: float, height: float
) -> list[dict[str, Any]]:
    """Char boxes in the frame where text of `rotation` reads left to right, top down."""
    turned = []
    for char in chars:
        x0, x1, top, bottom = char["x0"], char["x1"], char["top"], char["bottom"]
        if rotation == 90:  # reads upward: turn the page clockwise
            x0, x1, top, bottom = height - bottom, height - top, x0, x1
        elif rotation == 270:  # reads downward: turn the page counter-clockwise
            x0, x1, top, bottom = top, bottom, width - x1, width - x0
        elif rotation == 180:
            x0, x1, top, bottom = width - x1, width - x0, height - bottom, height - top
        # Rounded: word grouping splits wherever consecutive glyphs differ in size, and
        # scaled text matrices give sizes that differ in the 15th digit.
        size = round(char["size"] if rotation == 0 else bottom - top, 2)
        turned.append(
            {
                "text": char["text"],
                "x0": x0,
                "x1": x1,
                "top": top,
                "bottom": bottom,
                "doctop": top,
                "upright": True,
                "size": size,
                "fontname": char.get("fontname", ""),
            }
        )
    return turned


def logical_order(text: str) -> str:
    """pdfminer gives right-to-left words in visual order: turn them back."""
    return text[::-1] if is_right_to_left_text(text) else text


def is_right_to_left_text(text: str) -> bool:
    letters = [character for character in text if character.isalpha()]
    return bool(letters) and all(is_right_to_left(character) for character in letters)


def is_right_to_left(character: str) -> bool:
    return unicodedata.name(character, "").startswith(RIGHT_TO_LEFT)


def drop_duplicate_chars(
    chars: list[dict[str, Any]], tolerance: float = DUPLICATE_TOLERANCE
) -> list[dict[str, Any]]:
    """Fake bold prints each glyph twice at (nearly) the same spot: keep the first copy.

    Linear: glyphs are bucketed on a grid of `tolerance` and compared with neighbours.
    """
    kept: list[dict[str, Any]] = []
    cells: dict[tuple[str, int, int], list[tuple[float, float]]] = {}
    for char in chars:
        text, x, y = char["text"], char["x0"], char["top"]
        if text.isspace():
            kept.append(char)
            continue
        column, row = int(x // tolerance), int(y // tolerance)
        if any(
            abs(x - other_x) <= tolerance and abs(y - other_y) <= tolerance
            for dx in (-1, 0, 1)
            for dy in (-1, 0, 1)
            for other_x, other_y in cells.get((text, column + dx, row + dy), ())
        ):
            continue
        cells.setdefault((text, column, row), []).append((x, y))
        kept.append(char)
    return kept
