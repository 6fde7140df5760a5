"""Article identity: one `ArticleRef` for every place an article is named.

An article of a law or regulation is a kind (`madde`, `gecici`, `ek`) and a number ("91",
"57/a", or "29-30" for one provision printed for two numbers). From it come, each written
one way only:

- the key, used in unit ids and the evaluation set: "91", "57/a", "29-30", "g1", "ek2";
- the label as Turkish law writes it: "Madde 91", "Madde 57/A", "Geçici Madde 1", "Ek Madde 2";
- the short label stored with a unit and shown after "m.": "91", "57/A", "Geçici 1", "Ek 2";
- the URL segment: "91", "57-a", "29-30", "gecici-1", "ek-2";
- the citation text: "6458 sayılı Kanun m. 91/2", "6458 sayılı Kanun geçici m. 1";
- the unit id: "law:6458:91".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

ArticleKind = Literal["madde", "gecici", "ek"]

_KEY_PREFIX: dict[ArticleKind, str] = {"madde": "", "gecici": "g", "ek": "ek"}
_SEGMENT_PREFIX: dict[ArticleKind, str] = {"madde": "", "gecici": "gecici-", "ek": "ek-"}
_SHORT_PREFIX: dict[ArticleKind, str] = {"madde": "", "gecici": "Geçici ", "ek": "Ek "}
_LABEL_PREFIX: dict[ArticleKind, str] = {
    "madde": "Madde ",
    "gecici": "Geçici Madde ",
    "ek": "Ek Madde ",
}
_CITATION_PREFIX: dict[ArticleKind, str] = {"madde": "m. ", "gecici": "geçici m. ", "ek": "ek m. "}
_KEY_RE = re.compile(r"(?P<prefix>g|ek)?(?P<number>\d+(?:/[^\W\d_]|-\d+)?)")
_COMBINED_RE = re.compile(r"(\d+)-(\d+)")


@dataclass(frozen=True)
class ArticleRef:
    """An article of some law. `number` is "91", "57/a" (lettered) or "29-30" (combined)."""

    kind: ArticleKind
    number: str

    @classmethod
    def from_key(cls, key: str) -> ArticleRef | None:
        """The article a key names ("91", "57/a", "29-30", "g1", "ek2"), or None."""
        match = _KEY_RE.fullmatch(key)
        if match is None:
            return None
        prefix = match["prefix"]
        kind: ArticleKind = "gecici" if prefix == "g" else "ek" if prefix == "ek" else "madde"
        return cls(kind, match["number"])

    @property
    def key(self) -> str:
        return _KEY_PREFIX[self.kind] + self.number

    @property
    def short_label(self) -> str:
        """ "91", "57/A", "Geçici 1", "Ek 2": what follows "m." or "Madde"."""
        return _SHORT_PREFIX[self.kind] + self.number.upper()

    @property
    def label(self) -> str:
        """As Turkish law writes it: "Madde 91", "Geçici Madde 1", "Ek Madde 2"."""
        return _LABEL_PREFIX[self.kind] + self.number.upper()

    @property
    def segment(self) -> str:
        """The URL path segment: "91", "57-a", "29-30", "gecici-1", "ek-2"."""
        return _SEGMENT_PREFIX[self.kind] + self.number.replace("/", "-")

    @property
    def numbers(self) -> tuple[str, ...]:
        """The numbers the article stands for: ("29", "30") for "Madde 29-30"."""
        combined = _COMBINED_RE.fullmatch(self.number)
        if combined is None:
            return (self.number,)
        low, high = int(combined[1]), int(combined[2])
        return (
            tuple(str(number) for number in range(low, high + 1)) if low < high else (self.number,)
        )

    def covers(self, other: ArticleRef) -> bool:
        """Whether a citation of `other` names this article (itself, or one of its numbers)."""
        return self.kind == other.kind and other.number in (self.number, *self.numbers)

    def citation(
        self,
        law_number: str,
        paragraph: str | None = None,
        item: str | None = None,
        owner: str | None = None,
    ) -> str:
        """How a lawyer cites it: "6458 sayılı Kanun m. 91/2-a", "… geçici m. 1"; `owner`
        names what has no number (a regulation's title) in place of "6458 sayılı Kanun"."""
        owner = owner or citation_owner(law_number)
        text = f"{owner} {_CITATION_PREFIX[self.kind]}{self.number.upper()}"
        if paragraph:
            text += f"/{paragraph}"
            if item:
                text += f"-{item}"
        elif item:
            text += f", ({item}) bendi"
        return text

    def unit_id(self, law_number: str) -> str:
        return f"law:{law_number}:{self.key}"


def citation_owner(law_number: str, regulation_title: str | None = None) -> str:
    """What a citation starts with: "6458 sayılı Kanun", or a regulation's own title (it
    has no number: "Gebe veya Emziren … Dair Yönetmelik")."""
    return regulation_title or f"{law_number} sayılı Kanun"


def paragraph_anchor(paragraph: str | None, item: str | None = None) -> str:
    """The fragment of a paragraph or item on an article's page: "f2", "f2-a" ("" for none)."""
    if not paragraph:
        return ""
    return f"f{paragraph}-{item}" if item else f"f{paragraph}"
