"""Plain data: what `parse_law` makes of a law or a regulation (its header, divisions and
articles), and `ArticleStructure`, the one stored form of an article's structure.

`ArticleStructure` is the contract between the pipeline, which encodes it with an article
(`ArticleStructure.of(article).to_json()`), and the pages and the API, which decode it
(`ArticleStructure.from_json`): paragraphs with their items and sub-items, amendment records,
the enclosing book, the article's kind and the number the PDF prints for each of its notes.
One encoder and one decoder; an index written before a field existed reads with its default.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from indexer.laws.amendments import Amendment
from indexer.laws.articles import ArticleKind
from indexer.laws.paragraphs import Item, Paragraph

DivisionKind = Literal["kitap", "kisim", "bolum"]
ARTICLE_KINDS: tuple[ArticleKind, ...] = ("madde", "gecici", "ek")


@dataclass(frozen=True)
class LawHeader:
    """The block under the law's title; all None for a text without it (a regulation)."""

    law_number: str | None = None
    title: str | None = None
    accepted_date: str | None = None  # dates as printed: d/m/yyyy
    gazette_date: str | None = None
    gazette_number: str | None = None
    dustur: str | None = None  # "Tertip: 5 Cilt: 53"


@dataclass
class Article:
    label: str  # "91", "57/A", "29-30", "Geçici 1", "Ek 2"
    key: str  # "91", "57/a", "29-30", "g1", "ek2": used in URLs and the evaluation set
    kind: ArticleKind
    title: str | None
    text: str  # after `MADDE n –`; one visual paragraph a line; no footnote markers
    paragraphs: list[Paragraph]  # built from the text after the article's leading notes
    notes: list[str]  # footnotes marked in the title, header or text, in order
    note_numbers: list[str]  # the number the PDF prints for each of `notes`
    amendments: list[Amendment]  # the notes the text opens with: `MADDE 4- (Değişik: …)`
    repealed: bool  # the whole text is a Mülga / İptal note
    book: str | None  # "BİRİNCİ KİTAP — …", the enclosing divisions with their titles
    part: str | None
    chapter: str | None
    page: int  # 1-based pages of the header and of the last line
    page_end: int
    order: int  # 0-based position in the law
    # Where in `text` each later page starts: (offset, page), so that a passage is found on
    # its own page ("5393 m. 49" starts on page 18, its passage on personnel costs is on 20).
    page_breaks: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class Division:
    kind: DivisionKind
    label: str  # "BİRİNCİ KISIM"
    title: str | None
    first_article_key: str


@dataclass
class LawDocument:
    header: LawHeader
    divisions: list[Division]  # in order, each followed by at least one article
    articles: list[Article]
    amendment_list: str  # everything after the last article, tables and annexes
    notes: list[str]  # footnotes no article claims (e.g. one on the law's title)


@dataclass(frozen=True)
class ArticleStructure:
    """An article's structure as stored with its unit and read back by its page."""

    paragraphs: tuple[Paragraph, ...] = ()
    amendments: tuple[Amendment, ...] = ()
    book: str | None = None  # "BİRİNCİ KİTAP — …"
    kind: ArticleKind = "madde"
    note_numbers: tuple[str, ...] = field(default=())  # the PDF's number of each note
    page_breaks: tuple[tuple[int, int], ...] = ()  # (offset in the text, page) of each page

    def page_at(self, offset: int, first_page: int) -> int:
        """The page the article's text is on at `offset` (`first_page`: where it starts)."""
        page = first_page
        for start, number in self.page_breaks:
            if start > offset:
                break
            page = number
        return page

    @classmethod
    def of(cls, article: Article) -> ArticleStructure:
        return cls(
            paragraphs=tuple(article.paragraphs),
            amendments=tuple(article.amendments),
            book=article.book,
            kind=article.kind,
            note_numbers=tuple(article.note_numbers),
            page_breaks=article.page_breaks,
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "paragraphs": [asdict(paragraph) for paragraph in self.paragraphs],
            "amendments": [asdict(amendment) for amendment in self.amendments],
            "book": self.book,
            "kind": self.kind,
            "note_numbers": list(self.note_numbers),
            "page_breaks": [list(pair) for pair in self.page_breaks],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> ArticleStructure:
        """The structure `to_json` wrote ({} or None: an article without one)."""
        if not data:
            return cls()
        kind = data.get("kind")
        return cls(
            paragraphs=tuple(paragraph_from_json(p) for p in data.get("paragraphs") or ()),
            amendments=tuple(amendment_from_json(a) for a in data.get("amendments") or ()),
            book=data.get("book"),
            kind=kind if kind in ARTICLE_KINDS else "madde",
            note_numbers=tuple(str(number) for number in data.get("note_numbers") or ()),
            page_breaks=tuple(
                (int(offset), int(page)) for offset, page in data.get("page_breaks") or ()
            ),
        )


def amendment_from_json(data: Mapping[str, Any]) -> Amendment:
    return Amendment(
        kind=str(data.get("kind") or ""),
        date=data.get("date"),
        law=data.get("law"),
        article=data.get("article"),
        text=str(data.get("text") or ""),
        scope=data.get("scope"),
    )


def item_from_json(data: Mapping[str, Any]) -> Item:
    return Item(
        label=str(data.get("label") or ""),
        text=str(data.get("text") or ""),
        amendments=[amendment_from_json(a) for a in data.get("amendments") or ()],
        subitems=[item_from_json(sub) for sub in data.get("subitems") or ()],
        own=str(data.get("own") or ""),
    )


def paragraph_from_json(data: Mapping[str, Any]) -> Paragraph:
    return Paragraph(
        number=data.get("number"),
        text=str(data.get("text") or ""),
        items=[item_from_json(item) for item in data.get("items") or ()],
        amendments=[amendment_from_json(a) for a in data.get("amendments") or ()],
        own=str(data.get("own") or ""),
    )
