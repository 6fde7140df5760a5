"""The bilingual glossary: English and Turkish names of migration and municipal-law terms.

`data/glossary.toml` pairs the terms (`residence permit` ↔ `ikamet izni`), each with the source
that uses the pair. A query is matched against both sides, longest phrase first, by stems (the
same analyzers as the index), so `residence permits` and `ikamet izinlerinin` match too; the
search then adds the other side's words, weighted below the user's own.
"""

from __future__ import annotations

import tomllib
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from whoosh.analysis import Analyzer

from indexer.analysis import analyze, is_stopword, shared_analyzers, turkish_lower

GLOSSARY_PATH = Path(__file__).parents[1] / "data" / "glossary.toml"


@dataclass(frozen=True)
class GlossaryEntry:
    """One concept: its English and Turkish names (first = preferred), and a source key."""

    english: tuple[str, ...]
    turkish: tuple[str, ...]
    source: str


@dataclass(frozen=True)
class GlossaryMatch:
    """Query words `start`..`end` (exclusive) named an entry in `language`; `translations` are
    the other language's names."""

    start: int
    end: int
    language: str
    translations: tuple[str, ...]
    weight: float = 1.0  # below 1: a general dictionary's rendering, not a glossary term


@dataclass(frozen=True)
class _Phrase:
    keys: tuple[frozenset[str], ...]  # per word, the keys that match it
    language: str
    entry: GlossaryEntry


class Glossary:
    """Entries indexed by the stem of their first content word, for longest-match lookup."""

    def __init__(self, entries: Sequence[GlossaryEntry], sources: dict[str, str]) -> None:
        self.entries = list(entries)
        self.sources = dict(sources)
        self._phrases: defaultdict[str, list[_Phrase]] = defaultdict(list)
        for entry in self.entries:
            for language, names in (("en", entry.english), ("tr", entry.turkish)):
                for name in names:
                    keys = tuple(_phrase_keys(name, language))
                    for first in keys[0] if keys else ():
                        self._phrases[first].append(_Phrase(keys, language, entry))
        for phrases in self._phrases.values():
            phrases.sort(key=lambda phrase: -len(phrase.keys))
        # The most words a name spans (stopwords included), to bound `terms_in`.
        self._longest = max(
            (len(name.split()) for entry in self.entries for name in entry.english + entry.turkish),
            default=1,
        )

    def __len__(self) -> int:
        return len(self.entries)

    def match(
        self, words: Sequence[str], spellings: Callable[[str], Iterable[str]] | None = None
    ) -> list[GlossaryMatch]:
        """Non-overlapping matches in `words`, longest first from the left. `spellings` gives
        other written forms of a word (a word typed without Turkish letters, restored)."""
        content = [(index, word) for index, word in enumerate(words) if not is_stopword(word)]
        keys = [_word_keys(word, spellings) for _, word in content]
        found: list[GlossaryMatch] = []
        position = 0
        while position < len(content):
            best: list[_Phrase] = []
            for key in keys[position]:
                for phrase in self._phrases.get(key, ()):
                    size = len(phrase.keys)
                    if best and size < len(best[0].keys):
                        continue
                    if all(
                        position + offset < len(keys)
                        and not phrase.keys[offset].isdisjoint(keys[position + offset])
                        for offset in range(1, size)
                    ):
                        best = [*best, phrase] if best and size == len(best[0].keys) else [phrase]
            if not best:
                position += 1
                continue
            size = len(best[0].keys)
            found.append(_match_of(best, content[position][0], content[position + size - 1][0]))
            position += size
        return found

    def terms_in(
        self, words: Sequence[str], spellings: Callable[[str], Iterable[str]] | None = None
    ) -> list[GlossaryMatch]:
        """Every run of words the glossary knows as one term, overlapping ones and those
        inside longer ones included: `ikamet izni` inside `ikamet izni çeşitleri`, both
        `sağlık hizmetleri` and `hizmetlere erişim` in `sağlık hizmetlerine erişimi`."""
        found = []
        for start in range(len(words)):
            for end in range(start + 1, min(len(words), start + self._longest) + 1):
                inner = self.match(words[start:end], spellings)
                if len(inner) == 1 and (inner[0].start, inner[0].end) == (0, end - start):
                    found.append(
                        GlossaryMatch(start, end, inner[0].language, inner[0].translations)
                    )
        return found


def _match_of(phrases: list[_Phrase], first: int, last: int) -> GlossaryMatch:
    translations: dict[str, None] = {}
    languages = {phrase.language for phrase in phrases}
    for phrase in phrases:
        names = phrase.entry.turkish if phrase.language == "en" else phrase.entry.english
        translations.update(dict.fromkeys(names))
    language = languages.pop() if len(languages) == 1 else "both"
    return GlossaryMatch(first, last + 1, language, tuple(translations))


def _turkish() -> Analyzer:
    return shared_analyzers().turkish


def _english() -> Analyzer:
    return shared_analyzers().english


def _key(analyzer: Analyzer, word: str, language: str) -> str | None:
    terms = analyze(analyzer, word)
    return f"{language}:{' '.join(terms)}" if terms else None


def _phrase_keys(name: str, language: str) -> list[frozenset[str]]:
    """Per content word of a glossary name, the keys it matches. The last word of a Turkish
    compound carries the compound's possessive (kent konsey·i, ikamet iz·ni), which the
    stemmer may read as part of the root: the form without it matches too."""
    analyzer = _english() if language == "en" else _turkish()
    words = [word for word in name.split() if not is_stopword(word)]
    found = []
    for number, word in enumerate(words):
        forms = [word]
        if language == "tr" and number == len(words) - 1 and number > 0:
            forms += _without_possessive(word)
        keys = frozenset(key for form in forms if (key := _key(analyzer, form, language)))
        if keys:
            found.append(keys)
    return found


def _without_possessive(word: str) -> list[str]:
    """`konseyi` → `konsey`, `belediyesi` → `belediye`: a compound head less its -(s)I."""
    lowered = turkish_lower(word)
    if len(lowered) > 4 and lowered[-1] in "ıiuü":
        if lowered[-2] == "s" and lowered[-3] in "aeıioöuü":
            return [lowered[:-2]]
        return [lowered[:-1]]
    return []


@lru_cache(maxsize=4096)
def _keys_of_spelling(word: str) -> frozenset[str]:
    keys = {_key(_english(), word, "en"), _key(_turkish(), word, "tr")}
    return frozenset(key for key in keys if key)


def _word_keys(word: str, spellings: Callable[[str], Iterable[str]] | None) -> frozenset[str]:
    keys = _keys_of_spelling(word)
    if spellings is not None:
        for spelling in spellings(word):
            keys |= _keys_of_spelling(spelling)
    return keys


def _names(value: object, where: str) -> tuple[str, ...]:
    names = (value,) if isinstance(value, str) else value
    if (
        not isinstance(names, list | tuple)
        or not names
        or not all(isinstance(name, str) and name.strip() for name in names)
    ):
        raise ValueError(f"{where}: expected a name or a list of names")
    return tuple(name.strip() for name in names)


def parse_glossary(data: dict[str, object]) -> Glossary:
    """A glossary from parsed TOML: `[sources]` keys to citations, and `terms` entries
    `{en = ..., tr = ..., source = ...}` whose source must be listed."""
    sources = data.get("sources")
    terms = data.get("terms")
    if not isinstance(sources, dict) or not isinstance(terms, list):
        raise ValueError("glossary: needs a [sources] table and a terms list")
    entries = []
    for number, term in enumerate(terms, start=1):
        where = f"glossary term {number}"
        if not isinstance(term, dict):
            raise ValueError(f"{where}: expected a table")
        source = term.get("source")
        if not isinstance(source, str) or source not in sources:
            raise ValueError(f"{where}: unknown source {source!r}")
        entries.append(
            GlossaryEntry(_names(term.get("en"), where), _names(term.get("tr"), where), source)
        )
    return Glossary(entries, {str(key): str(value) for key, value in sources.items()})


@lru_cache(maxsize=4)
def load_glossary(path: Path = GLOSSARY_PATH) -> Glossary:
    """The glossary at `path`, read and indexed once per process."""
    with path.open("rb") as handle:
        return parse_glossary(tomllib.load(handle))
