"""Pure: the inline amendment notes of Turkish legislation, e.g. `(Değişik: 6/12/2019-7196/78 md.)`.

A note is a parenthesised group whose first word names what happened to the text next to it
("Ek", "Değişik", "Mülga", "İptal", ...), optionally narrowed to a part ("Ek fıkra",
"Değişik birinci fıkra", "Başlığı ile Birlikte Değişik"), followed by a colon and the act
that did it. One note may hold several records separated by ";":
`(Değişik: 15/8/2017-KHK-694/169 md.; Aynen kabul: 1/2/2018-7078/163 md.)`.
Notes stay in the article text (the official text prints them); this module reads them.
It also gathers the footnotes, which in this corpus say what each amendment changed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from indexer.layout import join_lines
from indexer.models import PageText

AMENDMENT_KINDS = ("Değişik", "Ek", "Mülga", "İptal", "Aynen kabul", "Yeniden düzenleme")
REPEALING_KINDS = frozenset({"Mülga", "İptal"})

# The word before the first colon that names the change; longer names first.
KIND_WORDS = r"Aynen\s+[kK]abul|Yeniden\s+[dD]üzenleme|Değişik|Mülga|İptal|Ek"
KIND_RE = re.compile(rf"(?<!\w)({KIND_WORDS})(?!\w)")
# "(" + optional qualifier words + a kind word + anything up to ":" + the act + ")".
# One level of nested parentheses is allowed inside a note.
NOTE_RE = re.compile(
    rf"\(\s*(?P<body>[^():]{{0,60}}?(?<!\w)(?:{KIND_WORDS})(?!\w)[^():]{{0,40}}:"
    r"(?:[^()]|\([^()]*\))*?)\)"
)
DATE_RE = re.compile(r"(\d{1,2})\s*[./]\s*(\d{1,2})\s*[./]\s*(\d{4})")
# After the date: "-7196/78 md.", "-KHK-703/71 md.", " – 5281/40 md.", "-30881" (a gazette).
ACT_RE = re.compile(
    r"^\s*[-–—]\s*(?P<law>(?:KHK\s*[-–]\s*)?\d+)(?:\s*/\s*(?P<article>[\w/]+)\s*md\.?)?"
)
# The title of the table of amending acts printed after the last article.
AMENDMENT_TABLE_RE = re.compile(r"SAYILI\s+KANUNA\s+(?:EK\b|İŞLENEMEYEN)")
LEADING_NOTES_RE = re.compile(rf"^(?:\s*{NOTE_RE.pattern})+")


@dataclass(frozen=True)
class Amendment:
    """One amendment record. `scope` narrows it: "birinci fıkra", "Başlığı ile Birlikte"."""

    kind: str
    date: str | None
    law: str | None
    article: str | None
    text: str
    scope: str | None = None


def canonical_kind(word: str) -> str:
    """"Aynen Kabul" → "Aynen kabul": the spelling `AMENDMENT_KINDS` uses."""
    folded = " ".join(word.split()).lower()
    return next((kind for kind in AMENDMENT_KINDS if kind.lower() == folded), word)


def parse_amendment_record(record: str) -> Amendment | None:
    """`Değişik birinci fıkra: 26/12/2006-5568/6 md.` → Amendment; None if it is no record."""
    head, colon, rest = record.partition(":")
    kind_match = KIND_RE.search(head)
    if not colon or kind_match is None:
        return None
    scope_words = (head[: kind_match.start()] + " " + head[kind_match.end() :]).split()
    date_match = DATE_RE.search(rest)
    date = law = article = None
    if date_match is not None:
        day, month, year = date_match.groups()
        date = f"{int(day)}/{int(month)}/{year}"
        act = ACT_RE.match(rest[date_match.end() :])
        if act is not None and (act.group("article") or "KHK" in act.group("law")):
            law = re.sub(r"\s+", "", act.group("law")).replace("–", "-")
            article = act.group("article")
    return Amendment(
        kind=canonical_kind(kind_match.group(1)),
        date=date,
        law=law,
        article=article,
        text=record.strip(),
        scope=" ".join(scope_words) or None,
    )


def parse_amendment_note(body: str) -> list[Amendment]:
    """The records of one note's inside (without its parentheses)."""
    records = (parse_amendment_record(part) for part in body.split(";"))
    return [record for record in records if record is not None]


def find_amendments(text: str) -> list[Amendment]:
    """Every amendment record in `text`, in reading order."""
    return [
        amendment
        for match in NOTE_RE.finditer(text)
        for amendment in parse_amendment_note(match.group("body"))
    ]


@dataclass(frozen=True)
class LeadingNotes:
    """A text split after the notes it opens with: `(Ek: …) (Değişik: …)` + the rest."""

    notes: str
    rest: str


def split_leading_notes(text: str) -> LeadingNotes:
    match = LEADING_NOTES_RE.match(text)
    if match is None:
        return LeadingNotes("", text.strip())
    return LeadingNotes(match.group().strip(), text[match.end() :].strip())


def is_repeal_only(text: str) -> bool:
    """True when `text` is nothing but notes, one of which repeals it: `(Mülga: …)`."""
    split = split_leading_notes(text)
    if not split.notes or split.rest.strip(" .\n"):
        return False
    return any(amendment.kind in REPEALING_KINDS for amendment in find_amendments(split.notes))


@dataclass
class FootnoteTable:
    """A law's page-bottom notes: by printed number, plus the ones without a number.

    In this corpus footnotes record amendments ("… 7196 sayılı Kanunun 78 inci maddesiyle …
    değiştirilmiştir"). A note without a number either continues the previous page's last
    note, belongs to the amendment table that the layout step took for notes (small type at a
    page bottom), or is an orphan whose marker the layout step did not see.
    """

    texts: dict[str, str] = field(default_factory=dict)
    orphans: list[str] = field(default_factory=list)
    annex: list[str] = field(default_factory=list)

    def notes_for(self, markers: list[str]) -> list[str]:
        """The texts of the notes `markers` point to, once each, in order."""
        numbers = dict.fromkeys(marker for marker in markers if marker in self.texts)
        return [self.texts[number] for number in numbers]

    def unclaimed(self, claimed: set[str]) -> list[str]:
        return [text for number, text in self.texts.items() if number not in claimed] + self.orphans


def collect_footnotes(pages: list[PageText], annex_page: int | None) -> FootnoteTable:
    """Gather footnotes; unnumbered ones from `annex_page` on belong to the amendment table."""
    table = FootnoteTable()
    last_number = None
    for page in pages:
        for note in page.footnotes:
            in_annex = bool(table.annex) or (annex_page is not None and page.number >= annex_page)
            if note.number:
                table.texts.setdefault(note.number, note.text)
                last_number = note.number
            elif in_annex or AMENDMENT_TABLE_RE.search(note.text):
                table.annex.append(note.text)
            elif last_number is not None and note.text[:1].islower():
                table.texts[last_number] = join_lines(table.texts[last_number], note.text)
            else:
                table.orphans.append(note.text)
    return table
