"""An article's text as its page shows it: paragraphs (fıkra), items (bent) and sub-items,
each with its anchor (`#f2`, `#f2-a`) and its citation at that level ("6458 sayılı Kanun
m. 91/2-a"); cross-references as links; footnote markers as links to their notes, with the
number the PDF prints.

Pure functions on the stored structure (`indexer.laws.ArticleStructure`, decoded); the article
route turns a `Reference` into a URL and passes the words to mark.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from indexer.laws import ArticleRef, Paragraph, Reference, find_references, paragraph_anchor
from indexer.models import FOOTNOTE_MARK_RE
from search_api.search import MatchForms, mark_words


@dataclass
class TextPiece:
    """A run of article text; `url` when it is a cross-reference to an article we hold,
    `footnote` (the printed number) when it is a footnote marker."""

    text: str
    url: str | None = None
    marked: bool = False  # a searched word (the page was opened from a hit)
    footnote: str | None = None


@dataclass
class PartView:
    """A paragraph, an item or a sub-item: its label, anchor, citation and text."""

    label: str | None  # "2" for a paragraph (None when the law does not number them), "a"
    anchor: str
    citation: str
    pieces: list[TextPiece]
    items: list[PartView] = field(default_factory=list)


# The article page once called these paragraph views.
ParagraphView = PartView


def link_references(
    text: str, references: Iterable[Reference], url_of: Callable[[Reference], str | None]
) -> list[TextPiece]:
    """`text` cut into plain runs and linked references (overlapping ones and those
    `url_of` cannot place are left as plain text)."""
    pieces: list[TextPiece] = []
    position = 0
    for reference in references:
        url = url_of(reference) if reference.start >= position else None
        if url is None:
            continue
        if reference.start > position:
            pieces.append(TextPiece(text[position : reference.start]))
        pieces.append(TextPiece(text[reference.start : reference.end], url))
        position = reference.end
    if position < len(text):
        pieces.append(TextPiece(text[position:]))
    return pieces


def mark_pieces(pieces: list[TextPiece], forms: MatchForms) -> list[TextPiece]:
    """The pieces with the searched words cut out as marked pieces (links keep their URL)."""
    found = []
    for piece in pieces:
        if piece.footnote is not None:
            found.append(piece)
            continue
        found += [
            TextPiece(run.text, piece.url, run.marked) for run in mark_words(piece.text, forms)
        ]
    return found


@dataclass(frozen=True)
class TextLinker:
    """Cuts one article's texts into pieces: references linked, markers, searched words."""

    law_number: str
    aliases: Any
    url_of: Callable[[Reference], str | None]
    forms: MatchForms | None = None

    def pieces(self, text: str) -> list[TextPiece]:
        found: list[TextPiece] = []
        position = 0
        for marker in [*FOOTNOTE_MARK_RE.finditer(text), None]:
            end = marker.start() if marker else len(text)
            run = text[position:end]
            if run:
                references = find_references(run, self.law_number, self.aliases)
                found += link_references(run, references, self.url_of)
            if marker is not None:
                found.append(TextPiece(marker.group(1), footnote=marker.group(1)))
                position = marker.end()
        return mark_pieces(found, self.forms) if self.forms else found


def article_parts(
    paragraphs: list[Paragraph],
    article: ArticleRef,
    law_number: str,
    linker: TextLinker,
    owner: str | None = None,
) -> list[PartView]:
    """The stored paragraphs as parts to show, numbered by position where the law does not
    number them (the second unnumbered paragraph is "f2", as a lawyer counts it)."""
    parts = []
    for position, paragraph in enumerate(paragraphs, start=1):
        number = paragraph.number or str(position)
        own = paragraph.own or ("" if paragraph.items else paragraph.text)
        part = PartView(
            paragraph.number,
            paragraph_anchor(number),
            article.citation(law_number, number, owner=owner),
            linker.pieces(own),
        )
        for item in paragraph.items:
            view = PartView(
                item.label,
                paragraph_anchor(number, item.label),
                article.citation(law_number, number, item.label, owner),
                linker.pieces(item.own or item.text),
            )
            for sub in item.subitems:
                sub_label = f"{item.label}-{sub.label}"
                view.items.append(
                    PartView(
                        sub.label,
                        paragraph_anchor(number, sub_label),
                        article.citation(law_number, number, sub_label, owner),
                        linker.pieces(sub.own or sub.text),
                    )
                )
            part.items.append(view)
        parts.append(part)
    return parts


def footnote_list(numbers: list[str], notes: list[str]) -> list[tuple[str, str]]:
    """Each note with the number the PDF prints for it (1..n for an index built before the
    numbers were kept)."""
    if len(numbers) != len(notes):
        numbers = [str(position) for position in range(1, len(notes) + 1)]
    return list(zip(numbers, notes, strict=True))
