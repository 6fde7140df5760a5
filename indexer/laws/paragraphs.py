"""Pure: an article's text blocks → its paragraphs (fıkra), items (bent) and sub-items.

Paragraphs are numbered `(1)`, `(2)` when the article's first block is; otherwise the article
is one unnumbered paragraph. Items (`a)`) and their sub-items (`1.`, `1)`) belong to the
paragraph they follow. Each part keeps the amendment notes of its own text.
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


def build_paragraphs(blocks: list[str]) -> list[Paragraph]:
    """Blocks → paragraphs with their items; one unnumbered paragraph unless `(1)` opens."""
    numbered = bool(blocks) and PARAGRAPH_NUMBER_RE.match(blocks[0]) is not None
    paragraphs: list[Paragraph] = []
    own_texts: list[list[str]] = []
    for block in blocks:
        number = PARAGRAPH_NUMBER_RE.match(block) if numbered else None
        if number is not None or not paragraphs:
            block = block[number.end() :] if number else block
            paragraphs.append(Paragraph(number["label"] if number else None))
            own_texts.append([block])
        elif not add_to_items(paragraphs[-1], block):
            own_texts[-1].append(block)
        paragraphs[-1].text = f"{paragraphs[-1].text}\n{block}".strip()
    for paragraph, own_text in zip(paragraphs, own_texts, strict=True):
        paragraph.amendments = find_amendments(" ".join(own_text))
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
    parent, rest = paragraph.items[-1], block[subitem.end() :]
    parent.subitems.append(Item(subitem["label"], rest, find_amendments(rest)))
    parent.text = f"{parent.text}\n{block}"
    return True
