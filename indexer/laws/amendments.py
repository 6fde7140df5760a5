"""Pure: the notes of a Turkish law: inline amendment notes, footnotes and footnote markers.

An inline note is a parenthesised group whose first word names what happened to the text next
to it ("Ek", "Değişik", "Mülga", "İptal", ...), maybe narrowed to a part ("Ek fıkra",
"Değişik birinci fıkra", "Başlığı ile Birlikte Değişik"), then a colon and the act that did
it: `(Değişik: 6/12/2019-7196/78 md.)`. One note may hold several records separated by ";":
`(Değişik: 15/8/2017-KHK-694/169 md.; Aynen kabul: 1/2/2018-7078/163 md.)`. Notes stay in
the article text (the official text prints them); this module reads them.

Footnotes say what each amendment changed ("… 7196 sayılı Kanunun 78 inci maddesiyle …
değiştirilmiştir"); `FootnoteTable` gathers them by page and number for the articles whose
markers point at them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from indexer.models import PageText

AMENDMENT_KINDS = ("Değişik", "Ek", "Mülga", "İptal", "Aynen kabul", "Yeniden düzenleme")
REPEALING_KINDS = frozenset({"Mülga", "İptal"})

# "Yeniden Düzenlenen cümle" is how the mevzuat prints a re-made sentence.
KIND_WORDS = r"Aynen\s+[kK]abul|Yeniden\s+[dD]üzenle(?:me|nen)|Değişik|Mülga|İptal|Ek"
KIND_RE = re.compile(rf"(?<!\w)({KIND_WORDS})(?!\w)")
# "(" + qualifier words + a kind word + up to ":" + the act + ")"; one level of nesting.
NOTE_RE = re.compile(
    rf"\(\s*(?P<body>[^():]{{0,60}}?(?<!\w)(?:{KIND_WORDS})(?!\w)[^():]{{0,40}}:"
    r"(?:[^()]|\([^()]*\))*?)\)"
)
LEADING_NOTES_RE = re.compile(rf"^(?:\s*{NOTE_RE.pattern})+")
DATE_RE = re.compile(r"(\d{1,2})\s*[./]\s*(\d{1,2})\s*[./]\s*(\d{4})")
# After the date: "-7196/78 md.", "-KHK-703/71 md.", " – 5281/40 md.", "-30881" (a gazette).
ACT_RE = re.compile(
    r"^\s*[-–—]\s*(?P<law>(?:KHK\s*[-–]\s*)?\d+)(?:\s*/\s*(?P<article>[\w/]+)\s*md\.?)?"
)
# The title of the table of amending acts printed after the last article.
AMENDMENT_TABLE_RE = re.compile(r"SAYILI\s+KANUNA\s+(?:EK\b|İŞLENEMEYEN)")
# What may follow the last article: that table, provisions that could not be merged into the
# law, annexed schedules, a regulation's links to its annexes and its gazette history.
AMENDMENT_LIST_START_RE = re.compile(
    rf"^(?:[\d/.]+\s+(?:TARİHLİ\s+VE\s+\d+\s+)?)?{AMENDMENT_TABLE_RE.pattern}"
    r"|^\(?[IVX]+\)?\s+SAYILI\s+CETVEL"
    r"|^(?:Yönetmeliğin\s+)?Ekler(?:i|ini)\b.*tıklayınız"
    r"|^Yönetmeliğin\s+Yayımlandığı\s+Resm[iî]\s+Gazete"
)


@dataclass(frozen=True)
class Amendment:
    """One amendment record. `scope` narrows it: "birinci fıkra", "Başlığı ile Birlikte"."""

    kind: str  # one of AMENDMENT_KINDS
    date: str | None  # as printed, d/m/yyyy
    law: str | None  # "7196", "KHK-703"; None for a court decision or a gazette
    article: str | None
    text: str  # the record as printed, without parentheses
    scope: str | None = None


def canonical_kind(word: str) -> str:
    """ "Aynen Kabul" → "Aynen kabul": the spelling `AMENDMENT_KINDS` uses."""
    folded = " ".join(word.split()).lower()
    if folded.startswith("yeniden düzenle"):
        return "Yeniden düzenleme"
    return next((kind for kind in AMENDMENT_KINDS if kind.lower() == folded), word)


def parse_amendment_record(record: str) -> Amendment | None:
    """`Değişik birinci fıkra: 26/12/2006-5568/6 md.` → Amendment; None if it is no record."""
    head, colon, rest = record.partition(":")
    kind_match = KIND_RE.search(head)
    if not colon or kind_match is None:
        return None
    scope = " ".join((head[: kind_match.start()] + " " + head[kind_match.end() :]).split())
    date = law = article = None
    date_match = DATE_RE.search(rest)
    if date_match is not None:
        day, month, year = date_match.groups()
        date = f"{int(day)}/{int(month)}/{year}"
        act = ACT_RE.match(rest[date_match.end() :])
        if act is not None and (act["article"] or "KHK" in act["law"]):
            law, article = re.sub(r"\s+", "", act["law"]).replace("–", "-"), act["article"]
    return Amendment(
        canonical_kind(kind_match[1]), date, law, article, record.strip(), scope or None
    )


def find_amendments(text: str) -> list[Amendment]:
    """Every amendment record in `text`, in reading order."""
    records = (
        parse_amendment_record(record)
        for match in NOTE_RE.finditer(text)
        for record in match["body"].split(";")
    )
    return [record for record in records if record is not None]


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


@dataclass(frozen=True)
class FootnoteMarker:
    """Footnote `number` marked on `page` (or, for a note, printed on it)."""

    page: int
    number: str


@dataclass
class FootnoteTable:
    """A law's page-bottom notes by page and printed number, and those without a number.

    A marker points to the note of that number on its own page; failing that (a note cited
    again later), to the nearest earlier one. A note without a number belongs to the amendment
    table when it is on or after the table's page (small type at a page bottom), otherwise it
    is an orphan whose marker went unseen.
    """

    texts: dict[FootnoteMarker, str] = field(default_factory=dict)
    orphans: list[str] = field(default_factory=list)
    annex: list[str] = field(default_factory=list)

    def resolve(self, marker: FootnoteMarker) -> FootnoteMarker | None:
        printed = [key for key in self.texts if key.number == marker.number]
        earlier = [key for key in printed if key.page <= marker.page]
        return max(earlier, key=lambda key: key.page) if earlier else None

    def notes_for(self, markers: list[FootnoteMarker]) -> list[str]:
        """The texts of the notes `markers` point to, once each, in order."""
        keys = dict.fromkeys(key for key in map(self.resolve, markers) if key is not None)
        return [self.texts[key] for key in keys]

    def numbers_for(self, markers: list[FootnoteMarker]) -> list[str]:
        """The printed numbers of the notes `notes_for` gives, in the same order."""
        keys = dict.fromkeys(key for key in map(self.resolve, markers) if key is not None)
        return [key.number for key in keys]

    def unclaimed(self, markers: list[FootnoteMarker]) -> list[str]:
        claimed = {self.resolve(marker) for marker in markers}
        unclaimed = [text for key, text in self.texts.items() if key not in claimed]
        return unclaimed + self.orphans


def collect_footnotes(pages: list[PageText], annex_page: int | None) -> FootnoteTable:
    """Gather footnotes; unnumbered ones from `annex_page` on belong to the amendment table."""
    table = FootnoteTable()
    for page in pages:
        for note in page.footnotes:
            in_annex = bool(table.annex) or (annex_page is not None and page.number >= annex_page)
            if note.number:
                table.texts.setdefault(FootnoteMarker(page.number, note.number), note.text)
            elif in_annex or AMENDMENT_TABLE_RE.search(note.text):
                table.annex.append(note.text)
            else:
                table.orphans.append(note.text)
    return table
