"""Pure: a title set in capitals, said the way a librarian writes it, Turkish-aware.

`YABANCILAR VE ULUSLARARASI KORUMA KANUNU` → `Yabancılar ve Uluslararası Koruma Kanunu`:
each word capitalised with Turkish casing (`İ`/`i`, `I`/`ı`), conjunctions in lower case,
acronyms, numbers and codes (`AB/168/2013`, `2025/1`, `II`) as they are, a suffix after an
apostrophe in lower case (`TÜRKİYE'NİN` → `Türkiye'nin`). A title already in mixed case is
left alone; so are its spaces, but runs of them become one.
"""

from __future__ import annotations

import re

from indexer.analysis import turkish_lower

MOSTLY_CAPITALS = 0.8  # share of upper-case letters that makes a title "set in capitals"
LOWER_WORDS = frozenset(
    ["ve", "veya", "ile", "ya", "da", "de", "ki", "and", "or", "of", "the", "in", "on", "for",
     "to", "a", "an", "at", "by", "with"]
)  # fmt: skip
ACRONYMS = frozenset(
    ["AB", "ABD", "AFAD", "BM", "KHK", "MBB", "TBMM", "TC", "T.C.", "TÜİK", "UNHCR", "IOM",
     "EU", "UN", "OECD", "NATO", "STK", "SGK", "İŞKUR", "KOSGEB", "TOKİ", "YÖK", "MMU", "IMM",
     "UCLG", "RESLOG", "GAPS"]
)  # fmt: skip
ROMAN_RE = re.compile(r"^[IVXLC]+$")
WORD_RE = re.compile(r"\S+")
EDGE_RE = re.compile(r"^(\W*)(.*?)(\W*)$", re.S)
APOSTROPHE_RE = re.compile(r"(['’])")


def turkish_upper(text: str) -> str:
    return text.replace("i", "İ").replace("ı", "I").upper()


def lower(text: str, lang: str) -> str:
    return turkish_lower(text) if lang == "tr" else text.lower()


def capitalise(word: str, lang: str = "tr") -> str:
    """`KANUNU` → `Kanunu`, `İŞGÜCÜ` → `İşgücü`, `IŞIK` → `Işık`, `TÜRKİYE'NİN` →
    `Türkiye'nin`, `SOSYAL-EKONOMİK` → `Sosyal-Ekonomik`."""
    parts = word.split("-")
    if len(parts) > 1:
        return "-".join(capitalise(part, lang) for part in parts)
    lowered = lower(word, lang)
    first = turkish_upper(lowered[:1]) if lang == "tr" else lowered[:1].upper()
    return first + lowered[1:]


def is_set_in_capitals(title: str) -> bool:
    letters = [character for character in title if character.isalpha()]
    upper = sum(character.isupper() for character in letters)
    return len(letters) >= 3 and upper >= MOSTLY_CAPITALS * len(letters)


def title_case(title: str, lang: str = "tr") -> str:
    """The title in title case if it is set in capitals (Turkish casing for a Turkish title:
    `I` → `ı`; English casing for an English one: `PRESIDENT` → `President`); spaces
    collapsed."""
    title = " ".join(title.split())
    if not is_set_in_capitals(title):
        return title
    words = []
    for position, word in enumerate(WORD_RE.findall(title)):
        lead, core, tail = EDGE_RE.match(word).groups()  # type: ignore[union-attr]
        words.append(lead + said_word(core, position == 0, lang) + tail)
    return " ".join(words)


def said_word(word: str, first: bool, lang: str) -> str:
    if not word or not any(character.isalpha() for character in word):
        return word
    pieces = APOSTROPHE_RE.split(word, maxsplit=1)
    if len(pieces) == 3:  # TÜRKİYE'NİN, (AB/168/2013)’TE: the name as said, its suffix lower
        head, apostrophe, suffix = pieces
        lead, core, tail = EDGE_RE.match(head).groups()  # type: ignore[union-attr]
        return lead + said_word(core, first, lang) + tail + apostrophe + lower(suffix, lang)
    if word in ACRONYMS or ROMAN_RE.match(word) or any(ch.isdigit() for ch in word):
        return word
    if "/" in word:
        return word  # a code
    lowered = lower(word, lang)
    if not first and lowered in LOWER_WORDS:
        return lowered
    return capitalise(word, lang)
