"""Pure: an article's text blocks → its paragraphs (fıkra), items (bent) and sub-items.

Paragraphs are numbered `(1)`, `(2)` when the article's first block is; otherwise (old-style
laws such as 5216 and 5393) each block that is not an item starts an unnumbered paragraph, as
the law prints them. Items (`a)`) and their sub-items (`1.`, `1)`) belong to the paragraph
they follow. Each part keeps the amendment notes of its own text, and its own text (`own`:
without its items) for display.

`join_broken_blocks` first mends blocks the PDF's line breaks cut inside a sentence: an item
label alone on its line ("a)"), or a run that stops mid-sentence and goes on in lower case.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from indexer.laws.amendments import Amendment, find_amendments

PARAGRAPH_NUMBER_RE = re.compile(r"^\((?P<label>\d{1,2})\)\s*")
ITEM_LABEL_RE = re.compile(r"^(?P<label>[a-zçğıöşü]{1,2})\)\s*")
SUBITEM_LABEL_RE = re.compile(r"^(?P<label>\d{1,2})[.)]\s+")


@dataclass
class Item:
    """A bent `a)` or a sub-item `1.`; `text` is everything under it minus its label."""

    label: str
    text: str = ""
    amendments: list[Amendment] = field(default_factory=list)
    subitems: list[Item] = field(default_factory=list)
    own: str = ""  # its text without its sub-items


@dataclass
class Paragraph:
    """A fıkra `(1)` (number None when the article does not number its paragraphs).

    `text` is everything under it minus its number, items included; `amendments` are the
    notes in its own text, not in its items'.
    """

    number: str | None
    text: str = ""
    items: list[Item] = field(default_factory=list)
    amendments: list[Amendment] = field(default_factory=list)
    own: str = ""  # its text without its items


def build_paragraphs(blocks: list[str]) -> list[Paragraph]:
    """Blocks → paragraphs with their items; numbered when `(1)` opens, else one unnumbered
    paragraph per block that is not an item."""
    numbered = bool(blocks) and PARAGRAPH_NUMBER_RE.match(blocks[0]) is not None
    paragraphs: list[Paragraph] = []
    own_texts: list[list[str]] = []
    for block in blocks:
        number = PARAGRAPH_NUMBER_RE.match(block) if numbered else None
        unnumbered_start = not numbered and not is_item_block(block)
        if number is not None or not paragraphs or unnumbered_start:
            block = block[number.end() :] if number else block
            paragraphs.append(Paragraph(number["label"] if number else None))
            own_texts.append([block])
        elif not add_to_items(paragraphs[-1], block):
            own_texts[-1].append(block)
        paragraphs[-1].text = f"{paragraphs[-1].text}\n{block}".strip()
    for paragraph, own_text in zip(paragraphs, own_texts, strict=True):
        paragraph.amendments = find_amendments(" ".join(own_text))
        paragraph.own = "\n".join(own_text)
    return paragraphs


def add_to_items(paragraph: Paragraph, block: str) -> bool:
    """File a block under the paragraph's items if it is one; False when it is plain text."""
    item = ITEM_LABEL_RE.match(block)
    if item is not None:
        rest = block[item.end() :]
        paragraph.items.append(Item(item["label"], rest, find_amendments(rest), own=rest))
        return True
    subitem = SUBITEM_LABEL_RE.match(block)
    if subitem is None or not paragraph.items:
        return False
    parent, rest = paragraph.items[-1], block[subitem.end() :]
    parent.subitems.append(Item(subitem["label"], rest, find_amendments(rest), own=rest))
    parent.text = f"{parent.text}\n{block}"
    return True


def is_item_block(block: str) -> bool:
    return ITEM_LABEL_RE.match(block) is not None or SUBITEM_LABEL_RE.match(block) is not None


LABEL_ALONE_RE = re.compile(r"^(?:\(\d{1,2}\)|[a-zçğıöşü]{1,2}\)|\d{1,2}[.)])$")
SENTENCE_STOP_RE = re.compile(r"[.:;!?]$")
LOWER_START_RE = re.compile(r"^[a-zçğıöşü]")


def join_broken_blocks(blocks: list[str]) -> list[str]:
    """Blocks with the PDF's line breaks inside a sentence mended: an item label alone on its
    line joins the text after it, so does a block whose parenthesis is still open, and a
    block that stops mid-sentence joins the next when that goes on in lower case (and is no
    item of its own)."""
    joined: list[str] = []
    for block in blocks:
        if joined and (
            LABEL_ALONE_RE.match(joined[-1])
            or joined[-1].count("(") > joined[-1].count(")")  # a note runs on: "(Ek cümle:"
            or (
                not SENTENCE_STOP_RE.search(joined[-1])
                and LOWER_START_RE.match(block)
                and not is_item_block(block)
            )
        ):
            joined[-1] = f"{joined[-1]} {block}"
        else:
            joined.append(block)
    return joined
