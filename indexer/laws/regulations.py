"""Pure: where a query names a regulation, by its name or its number.

A regulation has no law number, and legal officers rarely type its whole title: they name it
by a few of its words and its type, "emzirme odaları yönetmeliği m. 13", "İthalatta Gözetim
Tebliği madde 7", or by the number a communiqué carries, "2025/1 sayılı Tebliğ m. 7". So a
mention is a type word (yönetmelik, tebliğ, genelge, yönerge, in any inflection) with the
words right before it, each found in one regulation's title (by its first five letters, so
"odaları" finds "Odaları", "yurtları" finds "Yurtlarına"), or a number that title carries.
When two regulations fit equally, the query names neither.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from indexer.analysis import is_stopword
from indexer.laws.aliases import fold_same_length

TYPE_WORD_RE = re.compile(r"(?<![a-z])(?:yonetmeli|teblig|genelge|yonerge)[a-z']*")
WORD_RE = re.compile(r"[a-z0-9]+")
NUMBER_RE = re.compile(r"(?<![\d/])\d{4}/\d{1,3}(?![\d/])")
PREFIX = 5  # letters compared: Turkish suffixes follow the stem
MAX_NAME_WORDS = 10
NUMBER_DISTANCE = 24  # characters between a number and its type word ("2025/1 sayılı Tebliğ")


@dataclass(frozen=True)
class RegulationName:
    """A regulation of the collection: its address (doc_id) and its title."""

    address: str
    title: str


@dataclass(frozen=True)
class RegulationMention:
    """`query[start:end]` names the regulation at `address`."""

    start: int
    end: int
    address: str


def find_regulation(query: str, regulations: Sequence[RegulationName]) -> RegulationMention | None:
    """The first regulation `query` names, or None."""
    if not regulations:
        return None
    folded = fold_same_length(query)
    titles = [(regulation, title_words(regulation.title)) for regulation in regulations]
    for type_word in TYPE_WORD_RE.finditer(folded):
        mention = _by_number(folded, type_word, titles) or _by_name(folded, type_word, titles)
        if mention is not None:
            return mention
    return None


def title_words(title: str) -> tuple[set[str], str]:
    """A title's word prefixes, and its folded text (for numbers)."""
    folded = fold_same_length(title)
    return {word[:PREFIX] for word in WORD_RE.findall(folded)}, folded


def _by_name(
    folded: str, type_word: re.Match[str], titles: list[tuple[RegulationName, tuple[set[str], str]]]
) -> RegulationMention | None:
    stem = type_word.group()[:PREFIX]
    words = list(WORD_RE.finditer(folded, 0, type_word.start()))[-MAX_NAME_WORDS:]
    best: tuple[int, int, list[RegulationName]] = (0, type_word.start(), [])
    for regulation, (prefixes, _) in titles:
        if stem not in prefixes:
            continue
        start, content = type_word.start(), 0
        for word in reversed(words):  # the run of title words right before the type word
            if word.group()[:PREFIX] not in prefixes:
                break
            start = word.start()
            content += not is_stopword(word.group())
        if content > best[0]:
            best = (content, start, [regulation])
        elif content == best[0] and content:
            best[2].append(regulation)
    content, start, found = best
    if content == 0 or len(found) != 1:
        return None
    return RegulationMention(start, type_word.end(), found[0].address)


def _by_number(
    folded: str, type_word: re.Match[str], titles: list[tuple[RegulationName, tuple[set[str], str]]]
) -> RegulationMention | None:
    for number in NUMBER_RE.finditer(folded):
        gap = (
            type_word.start() - number.end()
            if number.end() <= type_word.start()
            else (number.start() - type_word.end())
        )
        if not 0 <= gap <= NUMBER_DISTANCE:
            continue
        found = [
            regulation
            for regulation, (prefixes, text) in titles
            if type_word.group()[:PREFIX] in prefixes
            and re.search(rf"(?<![\d/]){re.escape(number.group())}(?![\d/])", text)
        ]
        if len(found) == 1:
            start, end = min(number.start(), type_word.start()), max(number.end(), type_word.end())
            return RegulationMention(start, end, found[0].address)
    return None
