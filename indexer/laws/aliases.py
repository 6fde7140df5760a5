"""Laws by name and number: the alias table, and where a query or a law text names a law.

The table (`law_aliases.toml` beside this module) says which number "Belediye Kanunu", "YUKK"
or "LFIP" stands for; a legal officer can add a name without touching code. Names are compared
after `normalize_law_name`: Turkish lowercase, no diacritics, punctuation as spaces, and a
final "Kanun…" word reduced to "kanun", so that "Belediye Kanununun" finds "Belediye Kanunu".

`find_law_mentions` reads queries, leniently ("6458", "yukk", "law no. 6458");
`find_numbered_laws` and `find_law_named_before` read law texts, which write names in title
case ("5490 sayılı Nüfus Hizmetleri Kanunu"). `indexer.laws.citations` adds the article
numbers.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from indexer.analysis import fold_diacritics, turkish_lower

DEFAULT_ALIASES_PATH = Path(__file__).with_name("law_aliases.toml")

_NON_WORD_RE = re.compile(r"[\W_]+")
_LAW_NUMBER_RE = re.compile(r"[1-9]\d{0,4}")
_APOSTROPHES = "’'ʼ‘´"


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    if char in _APOSTROPHES:
        return "'"
    folded = fold_diacritics(turkish_lower(char))
    # A character that folds to nothing or to two (a lone combining dot, "ﬁ") stays as it is:
    # keeping offsets right matters more than matching such rare characters.
    return folded if len(folded) == 1 else char


def fold_same_length(text: str) -> str:
    """`text` in Turkish lowercase without diacritics, one character for one ("İstanbul’da" →
    "istanbul'da"), so that offsets found in the copy are offsets in the original."""
    return "".join(map(_fold_char, text))


def normalize_law_name(name: str) -> str:
    """The form names are compared in: "İdari Yargılama Usulü Kanununun" → "idari yargilama
    usulu kanun"."""
    words = _NON_WORD_RE.sub(" ", fold_diacritics(turkish_lower(name))).split()
    # Turkish inflects the last word ("Kanunu", "Kanununun", "Kanuna"); the stem identifies it.
    if words and words[-1].startswith("kanun"):
        words[-1] = "kanun"
    return " ".join(words)


@dataclass(frozen=True)
class LawEntry:
    """One law: its number, its official name and the other names people call it by."""

    number: str
    name: str
    aliases: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class LawAliases:
    """Law names ↔ numbers. Build with `load_law_aliases`, or directly in tests."""

    laws: tuple[LawEntry, ...]

    def __post_init__(self) -> None:
        self._number_by_name  # noqa: B018 (build now, so a bad table fails when loaded)

    @cached_property
    def _number_by_name(self) -> Mapping[str, str]:
        number_by_name: dict[str, str] = {}
        for law in self.laws:
            for name in law.names:
                key = normalize_law_name(name)
                if not key:
                    raise ValueError(f"law {law.number}: empty name {name!r}")
                if number_by_name.get(key, law.number) != law.number:
                    raise ValueError(
                        f"name {name!r} given to both {number_by_name[key]} and {law.number}"
                    )
                number_by_name[key] = law.number
        return MappingProxyType(number_by_name)

    @cached_property
    def _entry_by_number(self) -> Mapping[str, LawEntry]:
        return MappingProxyType({law.number: law for law in self.laws})

    @cached_property
    def name_pattern(self) -> re.Pattern[str]:
        """Finds any name of the table in `fold_same_length` text, longest first; a final
        "Kanunu" matches with any suffix ("belediye kanununun")."""
        alternatives = []
        for name in sorted(self._number_by_name, key=len, reverse=True):
            words = [re.escape(word) for word in name.split()]
            if words[-1] == "kanun":
                words[-1] = "kanun[a-z]*"
            alternatives.append(r"[\W_]+".join(words))
        return re.compile(rf"(?<![a-z\d])(?:{'|'.join(alternatives)})(?![a-z\d])")

    def lookup(self, name: str) -> str | None:
        """The number of the law called `name` (any case, with or without diacritics)."""
        return self._number_by_name.get(normalize_law_name(name))

    def name_of(self, number: str) -> str | None:
        """The official name of law `number`, or None when the table does not know it."""
        entry = self._entry_by_number.get(number)
        return entry.name if entry else None

    def has_number(self, number: str) -> bool:
        return number in self._entry_by_number


def load_law_aliases(path: Path | str | None = None) -> LawAliases:
    """Read the alias table (the packaged one by default). Raises ValueError on a bad table."""
    with open(path or DEFAULT_ALIASES_PATH, "rb") as file:
        document = tomllib.load(file)
    return LawAliases(tuple(_read_entry(raw) for raw in document.get("law", [])))


def _read_entry(raw: Any) -> LawEntry:
    if not isinstance(raw, dict):
        raise ValueError(f"each [[law]] must be a table, got {raw!r}")
    number, name, aliases = raw.get("number"), raw.get("name"), raw.get("aliases", [])
    if not isinstance(number, str) or not _LAW_NUMBER_RE.fullmatch(number):
        raise ValueError(f"law number must be a string of digits, got {number!r}")
    if not isinstance(name, str) or not name.strip():
        raise ValueError(f"law {number}: missing name")
    if not isinstance(aliases, list) or not all(isinstance(alias, str) for alias in aliases):
        raise ValueError(f"law {number}: aliases must be a list of strings")
    return LawEntry(number=number, name=name, aliases=tuple(aliases))


# --- Where laws are named ----------------------------------------------------------------------


@dataclass(frozen=True)
class LawMention:
    """Where a law is named: `text[start:end]`; `name_start` when words, not only a number, did.

    `explicit` is False for a bare number the table does not know ("2015"), which is a law only
    if an article follows ("2015 m. 3").
    """

    start: int
    end: int
    number: str
    name_start: int | None = None
    explicit: bool = True


_NUMBERED_LAW_QUERY_RE = re.compile(
    r"(?<![\w/.,])(?P<number>\d{1,5})(?:\s+sayili"
    r"(?:\s+(?P<name>(?:[a-z']+\s+){0,10}?)kanun[a-z']*)?(?![a-z])"
    r"|\s+s\.\s*k(?![a-z])\.?)"  # "5393 s.K.", "6458 s. K."
)
_PREFIXED_LAW_RE = re.compile(
    r"(?<![a-z\d])(?:law|kanun)(?:\s+no)?\s*[.:]?\s*(?P<number>\d{3,5})(?![\d/]|[.,]\d)"
)
_BARE_NUMBER_RE = re.compile(r"(?<![\w/.,])(?P<number>\d{3,5})(?![a-z\d]|[.,]\d)")


def find_law_mentions(query: str, aliases: LawAliases) -> list[LawMention]:
    """Laws named in a query, left to right, without overlaps: "6458 sayılı Kanun", "Law No.
    6458", "YUKK", "belediye kanunu", and bare numbers of three to five digits."""
    folded = fold_same_length(query)
    found = [
        LawMention(m.start(), m.end(), m["number"], m.start("name") if m["name"] else None)
        for m in _NUMBERED_LAW_QUERY_RE.finditer(folded)
    ]
    found += [
        LawMention(m.start(), m.end(), m["number"]) for m in _PREFIXED_LAW_RE.finditer(folded)
    ]
    found += [
        LawMention(m.start(), m.end(), m["number"], explicit=aliases.has_number(m["number"]))
        for m in _BARE_NUMBER_RE.finditer(folded)
    ]
    for match in aliases.name_pattern.finditer(folded):
        number = aliases.lookup(match.group())
        if number is not None:
            found.append(LawMention(match.start(), match.end(), number, match.start()))
    # Where mentions overlap ("6458 sayılı Kanun" and "6458"), the earliest, longest wins.
    kept: list[LawMention] = []
    for mention in sorted(found, key=lambda m: (m.start, -m.end)):
        if not kept or mention.start >= kept[-1].end:
            kept.append(mention)
    return kept


# Law texts capitalise every word of a law's name but these; a year is a word of a budget law's
# name ("2013 Yılı Merkezi Yönetim Bütçe Kanunu"). A name that cites another law ("80 sayılı
# 1580 Sayılı Belediye Kanununun … Hakkında Kanun") is read as that citation.
_NAME_WORD = r"(?:(?!Sayılı\b)[A-ZÇĞİÖŞÜÂÎÛ][^\s()]*|\d{4}|ve|ile|ilişkin|dair|hakkında|ait)"
# "Kanun" ends a name, except in "Kanun Hükmünde Kararname" (a decree) and in the omnibus
# titles "… ile Bazı Kanun ve Kanun Hükmünde Kararnamelerde Değişiklik Yapılmasına Dair Kanun".
_NAME_END = r"Kanun(?!\s+Hükmünde|\s+ve\s+Kanun\s+Hükmünde)"
_NUMBERED_LAW_TEXT_RE = re.compile(
    rf"(?<![\d/.,])(?P<number>\d{{1,5}})\s+[Ss]ayılı\s+(?P<name>(?:{_NAME_WORD}\s+){{0,30}}?)"
    rf"{_NAME_END}['’]?[a-zçğıöşü]*"
)
_NAMED_LAW_BEFORE_RE = re.compile(rf"(?:{_NAME_WORD}\s+){{1,30}}{_NAME_END}['’]?(?:un)?un$")
_LOOK_BACK = 300  # characters; the longest name in the corpus (6360, an omnibus law) has 190


def find_numbered_laws(text: str) -> list[LawMention]:
    """Laws cited by number in a law text: "5490 sayılı Nüfus Hizmetleri Kanunu", "5216 sayılı
    Kanunun" (the whole inflected word is in the span)."""
    return [
        LawMention(m.start(), m.end(), m["number"], m.start("name") if m["name"] else None)
        for m in _NUMBERED_LAW_TEXT_RE.finditer(text)
    ]


def find_law_named_before(text: str, end: int, aliases: LawAliases) -> LawMention | None:
    """The law named, in the genitive, just before `end` ("… ile Belediye Kanununun"), if the
    table knows the name; the mention starts at the first word of the name it knows."""
    named = _NAMED_LAW_BEFORE_RE.search(text, max(0, end - _LOOK_BACK), end)
    if named is None:
        return None
    # The words before the name may be capitalised too ("Ayrıca Belediye Kanununun").
    for word in re.finditer(r"\S+", named.group()):
        number = aliases.lookup(named.group()[word.start() :])
        if number is not None:
            start = named.start() + word.start()
            return LawMention(start, named.end(), number, start)
    return None
