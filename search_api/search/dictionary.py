"""A general English → Turkish dictionary, for English words the glossary does not know.

The glossary names the migration and municipal-law terms of its sources; a law outside them
("custody", "witness", "expert report" in the Criminal Procedure Code) needs a dictionary.
This one reads FreeDict's English–Turkish dictionary as Debian packages it
(`dict-freedict-eng-tur`, the dictd format: an index of base-64 offsets into a gzip'd text)
and keeps, per English headword, its Turkish renderings in order: the legal senses (`(huk.)`)
first, then the others as the dictionary lists them. Only short renderings (one or two
words) are kept, without labels, grammar notes or usage examples. A derived word an entry
lists after its senses (`media'tion  ara buluculuk` in `mediate`) is a headword too, and a
British spelling finds its American headword (`defence` → `defense`).

The dictionary is old: many renderings are words the laws no longer use (`tevkif` for
detention, `şahadet` for testimony). Such a rendering stands for a word listed beside it in
some sense that the index holds (`arrest`: "tutuklama, tevkif"), after the renderings the
index holds.

At query time the search keeps the renderings the index holds in its Turkish text, the
first few only (`translations`); which of them a unit matches is left to the ranking, where
the other query words decide (units matching more of the query's concepts come first).
"""

from __future__ import annotations

import gzip
import logging
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from pathlib import Path
from typing import Any

from whoosh.analysis import Analyzer

from indexer.analysis import analyze, shared_analyzers
from search_api.search.glossary import GlossaryMatch

logger = logging.getLogger(__name__)

DICTIONARY_DIR = Path("/usr/share/dictd")
DICTIONARY_NAME = "freedict-eng-tur"
TURKISH_FIELD = "body_tr"
MAX_WORDS_PER_RENDERING = 2
BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
SENSE_START = re.compile(r"^\s*\d+\.\s*")
LABEL = re.compile(r"\(([^)]*)\)")
LEGAL_LABEL = "huk."
LIGHT_VERBS = frozenset({"etmek", "eylemek", "olmak", "kılmak"})
# British spellings the dictionary has in their American form (`defence` → `defense`).
SPELLING_VARIANTS = (("ence", "ense"), ("our", "or"), ("isation", "ization"), ("ise", "ize"))
# A derived word an entry lists after its senses, two spaces before its renderings:
# `media'tion  ara buluculuk, tavassut` in `mediate`, `judicially  hukuken` in `judicial`.
DERIVED = re.compile(r"(?<![\w'])([a-z][a-z']{3,})\s{2,}([^.]+)")


@dataclass(frozen=True)
class Rendering:
    """One Turkish rendering of an English word, and whether a legal sense gave it."""

    turkish: str
    legal: bool


class BilingualDictionary:
    """English headwords → Turkish renderings, in the dictionary's order (legal senses
    first); an inflected word finds its headword (`witnesses` → `witness`), a derived one the
    longest headword it starts with that shares its stem (`deportation` → `deport`). Entries
    are parsed when first looked up."""

    def __init__(self, entries: dict[str, list[str]]) -> None:
        self._entries = entries  # headword → its entries' texts
        self._parsed: dict[str, tuple[Rendering, ...]] = {}
        # Stand-ins are looked up in the entries' text, the entries holding a word found by
        # one scan of all of them joined (a few ms; a table of every rendering's neighbours
        # took seconds to build), and kept per word.
        self._texts = [text for texts in entries.values() for text in texts]
        self._starts = list(accumulate((len(text) + 1 for text in self._texts), initial=0))
        self._joined = "\x00".join(self._texts)
        self._synonyms: dict[str, tuple[str, ...]] = {}

    def __len__(self) -> int:
        return len(self._entries)

    def headword(self, word: str) -> str | None:
        lowered = word.lower()
        for spelling in spelling_variants(lowered):
            for form in inflections(spelling):
                if form in self._entries:
                    return form
        key = english_key(lowered)
        for end in range(len(lowered) - 1, 3, -1):
            prefix = lowered[:end]
            if prefix in self._entries and english_key(prefix) == key:
                return prefix
        return None

    def renderings(self, word: str) -> tuple[Rendering, ...]:
        """The renderings of an English word in any inflection."""
        headword = self.headword(word)
        if headword is None:
            return ()
        if headword not in self._parsed:
            found = [r for text in self._entries[headword] for r in parse_entry(text)]
            ordered = sorted(dict.fromkeys(found), key=lambda rendering: not rendering.legal)
            self._parsed[headword] = tuple(ordered)
        return self._parsed[headword]

    def translations(
        self, word: str, present: Callable[[str], bool], limit: int
    ) -> tuple[str, ...]:
        """Up to `limit` renderings of `word` that `present` finds in the index."""
        names = list(dict.fromkeys(rendering.turkish for rendering in self.renderings(word)))
        found = [name for name in names if present(name)][:limit]
        # A rendering the index lacks (an old word: `tevkif`, `şahadet`) stands, after the
        # renderings the index holds, for the word beside it in a sense that the index holds.
        for name in names:
            if len(found) >= limit:
                break
            if name in found:
                continue
            stand_in = next((s for s in self.synonyms(name) if s not in found and present(s)), None)
            if stand_in is not None:
                found.append(stand_in)
        return tuple(found)

    def synonyms(self, turkish: str) -> tuple[str, ...]:
        """The renderings listed beside `turkish` in a sense of any entry (`arrest`:
        "tutuklama, tevkif, hapis"), those sharing the most senses with it first."""
        found = self._synonyms.get(turkish)
        if found is None:
            beside: Counter[str] = Counter()
            for index in self._entries_holding(turkish):
                for sense in entry_senses(self._texts[index]):
                    names = [rendering.turkish for rendering in sense]
                    if turkish in names:
                        beside.update(name for name in names if name != turkish)
            found = tuple(name for name, _ in beside.most_common())
            self._synonyms[turkish] = found
        return found

    def _entries_holding(self, text: str) -> Iterator[int]:
        position = self._joined.find(text)
        while position >= 0:
            index = bisect_right(self._starts, position) - 1
            yield index
            position = self._joined.find(text, self._starts[index + 1])


def spelling_variants(word: str) -> list[str]:
    """The word, then its American spelling when it has a British one."""
    forms = [word]
    for british, american in SPELLING_VARIANTS:
        if british in word:
            forms.append(word.replace(british, american))
    return forms


def inflections(word: str) -> list[str]:
    """The word, then the forms it may be inflected from: plural, past, gerund."""
    forms = [word]
    if word.endswith("ies") and len(word) > 4:
        forms.append(word[:-3] + "y")
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        forms.append(word[:-1])
    if word.endswith("es") and len(word) > 3:
        forms.append(word[:-2])
    for ending in ("ed", "ing"):
        if word.endswith(ending) and len(word) > len(ending) + 2:
            stem = word[: -len(ending)]
            forms += [stem, stem + "e"]
            if len(stem) > 2 and stem[-1] == stem[-2]:
                forms.append(stem[:-1])
    return forms


def english_key(word: str) -> str | None:
    terms = analyze(shared_analyzers().english, word)
    return terms[0] if len(terms) == 1 else None


def parse_entry(text: str) -> list[Rendering]:
    """The short renderings of one dictd entry: its first line is the headword (and its
    pronunciation); each sense starts `n.`, and after the sense's first sentence come usage
    examples (`residence permit ikamet tezkeresi.`), which are left out."""
    legal: list[Rendering] = []
    other: list[Rendering] = []
    for sense in entry_senses(text):
        if sense:
            (legal if sense[0].legal else other).extend(sense)
    return [*legal, *other]


def entry_senses(text: str) -> list[list[Rendering]]:
    """Per sense of a dictd entry, its short renderings."""
    found = []
    for line in text.splitlines()[1:]:
        if not line.strip():
            continue
        body = SENSE_START.sub("", line).split(". ")[0].rstrip(". ")
        labels = LABEL.findall(body)
        is_legal = any(LEGAL_LABEL in label for label in labels)
        found.append([Rendering(name, is_legal) for name in short_renderings(LABEL.sub(" ", body))])
    return found


def short_renderings(body: str) -> list[str]:
    """The renderings of one sense's text of one or two words, a light verb left off."""
    found = []
    for item in re.split(r"[,;:]", body):
        words = item.split()
        if len(words) > 1 and words[-1] in LIGHT_VERBS:
            words = words[:-1]  # `sınır dışı etmek`: the noun carries the meaning
        if not words or len(words) > MAX_WORDS_PER_RENDERING:
            continue
        if any(len(word) < 2 or not word.isalpha() for word in words):
            continue  # a note, an abbreviation, a stray mark (`.rol`)
        found.append(" ".join(words))
    return found


def derived_entries(headword: str, text: str) -> Iterator[tuple[str, str]]:
    """(word, entry text) for each derived word an entry lists with its renderings
    (`mediation` from `mediate`): a word that starts as the headword does."""
    stem = headword[: max(4, len(headword) - 2)]
    for line in text.splitlines()[1:]:
        for match in DERIVED.finditer(line):
            word = match.group(1).replace("'", "")
            if word != headword and word.startswith(stem):
                yield word, f"{word}\n1. {match.group(2).strip()}\n"


def read_dictd(index_path: Path, dict_path: Path) -> Iterator[tuple[str, str]]:
    """(headword, entry text) for every entry of a dictd dictionary."""
    with gzip.open(dict_path) as handle:
        data = handle.read()
    for line in index_path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) != 3 or parts[0].startswith("00-database"):
            continue
        start, length = base64_number(parts[1]), base64_number(parts[2])
        yield parts[0], data[start : start + length].decode("utf-8", "replace")


def base64_number(text: str) -> int:
    number = 0
    for char in text:
        number = number * 64 + BASE64.index(char)
    return number


def build_dictionary(entries: Iterable[tuple[str, str]]) -> BilingualDictionary:
    merged: dict[str, list[str]] = {}
    derived: dict[str, list[str]] = {}
    for headword, text in entries:
        word = headword.strip().lower()
        if word and " " not in word:  # phrases: the query's words are looked up one by one
            merged.setdefault(word, []).append(text)
            for form, entry in derived_entries(word, text):
                derived.setdefault(form, []).append(entry)
    for form, texts in derived.items():
        merged.setdefault(form, texts)  # a headword of its own keeps its own entry
    return BilingualDictionary(merged)


@lru_cache(maxsize=4)
def load_dictionary(folder: Path = DICTIONARY_DIR) -> BilingualDictionary | None:
    """The dictionary in `folder`, read once per process; None (with a warning) when the
    package is not installed: English queries then use the glossary alone."""
    index_path = folder / f"{DICTIONARY_NAME}.index"
    dict_path = folder / f"{DICTIONARY_NAME}.dict.dz"
    if not (index_path.is_file() and dict_path.is_file()):
        logger.warning("no English-Turkish dictionary in %s (dict-freedict-eng-tur)", folder)
        return None
    return build_dictionary(read_dictd(index_path, dict_path))


@dataclass(frozen=True)
class DictionaryLookup:
    """The dictionary over one index version: for each English query word the glossary left
    alone, the renderings the index holds in its Turkish text. A word counts as English when
    the Turkish text never has it (`son`, `bin` are Turkish words too)."""

    dictionary: BilingualDictionary
    reader: Any  # the searcher's Whoosh reader
    turkish: Analyzer  # the Turkish body field's analyzer
    limit: int
    weight: float

    def matches(self, words: Sequence[str], covered: set[int]) -> list[GlossaryMatch]:
        found = []
        for index, word in enumerate(words):
            if index in covered or not self._english(word):
                continue
            names = self.dictionary.translations(word, self._present, self.limit)
            if names:
                found.append(GlossaryMatch(index, index + 1, "en", names, self.weight))
        return found

    def _english(self, word: str) -> bool:
        terms = analyze(self.turkish, word)
        return bool(terms) and all(self._frequency(term) == 0 for term in terms)

    def _present(self, name: str) -> bool:
        terms = [term for word in name.split() for term in analyze(self.turkish, word)]
        return bool(terms) and all(self._frequency(term) > 0 for term in terms)

    def _frequency(self, term: str) -> int:
        return int(self.reader.doc_frequency(TURKISH_FIELD, term))
