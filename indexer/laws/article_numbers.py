"""Pure: article numbers as Turkish legal text writes them, shared by the two readers of
citations, queries (`indexer.laws.citations`) and law text (`indexer.laws.references`).

Patterns run on `fold_same_length(text)` (Turkish lowercase, no diacritics, one apostrophe),
which has the original's length, so every offset found in it is an offset into the original:
"91 inci madde", "5 inci, 6 ncı ve 7 nci maddelerde", "m. 57/A", "geçici madde 1", "m. 21/2-a".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.analysis import turkish_lower
from indexer.laws.articles import ArticleKind, ArticleRef

MAX_RANGE_ARTICLES = 50  # "m. 1-400" is a typo or a joke; do not expand it into 400 articles

ORDINAL = r"(?:\s*(?:'\s*)?(?:inci|uncu|nci|ncu)(?![a-z])|\.(?=[ \t]*(?:madde|,|ve\s)))"
ARTICLE = r"\d{1,3}(?!\d)(?:\s*[/-]\s*[a-z](?![a-z\d])|[a-z](?![a-z\d.]))?"
ITEM = rf"(?:(?<![a-z])(?:gecici|ek)\s*(?:madde\s*)?)?{ARTICLE}"
ITEM_WITH_ORDINAL = rf"{ITEM}{ORDINAL}?"
LIST_SEPARATOR = r"(?:\s*,\s*|\s+(?:ve|veya|ila)\s+)"
# Queries also write ranges with a dash ("m. 52-54"); law texts write "52 ila 54" and use dashes
# after article headings ("MADDE 55 – 54 üncü madde"), so only queries accept them.
QUERY_SEPARATOR = rf"(?:{LIST_SEPARATOR}|\s*[-–]\s*)"
WORD_ITEM = r"(?:\s*-\s*|\s+(?:b\.|bent(?:i)?)\s*)"
PARAGRAPH = (
    r"(?:\s*/\s*\d{1,2}(?!\d)(?:\s*-\s*[a-z](?![a-z\d]))?|\s*\(\d{1,2}\)(?:\s*\([a-z]\))?"
    rf"|\s+(?:f\.|fik\.|fikra(?:si)?)\s*\d{{1,2}}(?!\d)(?:{WORD_ITEM}[a-z](?![a-z\d]))?)"
)
# Lists are capped so that a long run of numbers costs linear time, not quadratic.
MAX_LIST = 40
QUERY_LIST = rf"{ITEM}{PARAGRAPH}?(?:{QUERY_SEPARATOR}{ITEM}){{0,{MAX_LIST}}}"

ITEM_RE = re.compile(
    r"(?:(?<![a-z])(?P<kind>gecici|ek)\s*(?:madde\s*)?)?"
    r"(?P<number>\d{1,3})(?!\d)(?:\s*[/-]\s*(?P<letter>[a-z])(?![a-z\d])"
    r"|(?P<attached>[a-z])(?![a-z\d.]))?"
    rf"(?P<ordinal>{ORDINAL})?"
)
PARAGRAPH_RE = re.compile(
    r"\s*(?:/\s*(?P<slash_paragraph>\d{1,2})(?!\d)(?:\s*-\s*(?P<slash_item>[a-z])(?![a-z\d]))?"
    r"|\((?P<paren_paragraph>\d{1,2})\)(?:\s*\((?P<paren_item>[a-z])\))?"
    r"|(?:f\.|fik\.|fikra(?:si)?)\s*(?P<word_paragraph>\d{1,2})(?!\d)"
    rf"(?:{WORD_ITEM}(?P<word_item>[a-z])(?![a-z\d]))?)"
)
# After "91. maddenin" / "91 inci maddesinin": "2. fıkrası", "2 nci fıkrasının (a) bendi".
ORDINAL_PARAGRAPH_RE = re.compile(
    rf"\s+(?P<paragraph>\d{{1,2}})(?:{ORDINAL}|\.)\s*fikra[a-z]*"
    r"(?:\s+\(?(?P<item>[a-z])\)?\s*bend[a-z]*)?(?![a-z])"
)
# "7 nci madde", "5 inci, 6 ncı ve 7 nci maddelerde", "geçici 1 inci maddesi", "57/A maddesi".
ORDINAL_GROUP_RE = re.compile(
    rf"(?<![\w/.]){ITEM_WITH_ORDINAL}(?:{LIST_SEPARATOR}{ITEM_WITH_ORDINAL}){{0,{MAX_LIST}}}"
    r"\s*madde[a-z]*"
)
# "m. 91", "md 91", "madde 91", "article 53", "ek madde 2", "geçici madde 1". A bare "m" is
# not a marker: "100 m 2" is an area.
MARKED_RE = re.compile(
    r"(?<![a-z\d])(?:(?P<kind>gecici|ek)\s*)?(?:maddesi|madde|md\.?|m\.|article|art\.?)"
    rf"(?![a-z])\s*:?\s*(?P<list>{QUERY_LIST})(?![\w/])"
)
# After a law only: "6458/91", "YUKK 53", "6458 57/A", "6458 geçici 1".
BARE_AFTER_LAW_RE = re.compile(rf"(?:\s*/\s*|\s+)(?P<list>{QUERY_LIST})(?![\w/])")
LETTERED_ALONE_RE = re.compile(r"(?<![\w/.-])(?P<list>\d{1,3}[/-][a-z])(?![\w/])")
WITH_ITEM_ALONE_RE = re.compile(r"(?<![\w/.-])(?P<list>\d{1,3}\s*/\s*\d{1,2}\s*-\s*[a-z])(?![\w/])")


@dataclass(frozen=True)
class WrittenArticle:
    """One article number as written, with its span and whether it follows a range dash."""

    start: int
    end: int
    article: ArticleRef
    has_ordinal_or_letter: bool
    ends_range: bool


def article_ref(kind: ArticleKind, number: str, letter: str | None) -> ArticleRef | None:
    value = int(number)
    if value == 0:
        return None
    return ArticleRef(kind, f"{value}/{turkish_lower(letter)}" if letter else str(value))


def read_articles(
    original: str, folded: str, start: int, end: int, kind: ArticleKind = "madde"
) -> list[WrittenArticle]:
    """The article numbers written in `folded[start:end]`; a "geçici"/"ek" carries forward."""
    articles: list[WrittenArticle] = []
    previous_end = start
    for match in ITEM_RE.finditer(folded, start, end):
        if match.group("kind"):
            kind = kind_of(match.group("kind"))
        # Letters come from the original: folding made "Ç" a "c".
        group = "letter" if match["letter"] else "attached"
        letter = original[match.start(group) : match.end(group)] if match[group] else None
        article = article_ref(kind, match.group("number"), letter)
        if article is not None:
            gap = folded[previous_end : match.start()]
            articles.append(
                WrittenArticle(
                    start=match.start(),
                    end=match.end(),
                    article=article,
                    has_ordinal_or_letter=bool(match.group("ordinal") or letter),
                    ends_range=bool(re.search(r"[-–]|\bila\b", gap)) and bool(articles),
                )
            )
        previous_end = match.end()
    return articles


def expand_ranges(written: list[WrittenArticle]) -> tuple[ArticleRef, ...]:
    articles: list[ArticleRef] = []
    for index, current in enumerate(written):
        if current.ends_range:
            articles.extend(rest_of_range(written[index - 1].article, current.article))
        else:
            articles.append(current.article)
    return tuple(dict.fromkeys(articles))


def rest_of_range(first: ArticleRef, last: ArticleRef) -> list[ArticleRef]:
    """The articles after `first` up to `last`, at most MAX_RANGE_ARTICLES in the whole range;
    just `last` when the two do not make a range (lettered, different kinds, backwards)."""
    if not (first.number.isdigit() and last.number.isdigit() and first.kind == last.kind):
        return [last]
    low, high = int(first.number), int(last.number)
    if high <= low:
        return [last]
    high = min(high, low + MAX_RANGE_ARTICLES - 1)
    return [ArticleRef(last.kind, str(number)) for number in range(low + 1, high + 1)]


@dataclass(frozen=True)
class ArticleSpan:
    """Where an article citation was found: the whole phrase, and the part with the numbers."""

    start: int
    end: int
    list_start: int
    list_end: int
    kind: ArticleKind = "madde"


def kind_of(word: str | None) -> ArticleKind:
    return "gecici" if word == "gecici" else "ek" if word == "ek" else "madde"


def marked_span(match: re.Match[str] | None) -> ArticleSpan | None:
    if match is None:
        return None
    return ArticleSpan(
        match.start(),
        match.end(),
        match.start("list"),
        match.end("list"),
        kind_of(match.groupdict().get("kind")),
    )


def ordinal_span(original: str, folded: str, match: re.Match[str] | None) -> ArticleSpan | None:
    """An ordinal group, if its last number really is an ordinal ("91 madde" is not)."""
    if match is None:
        return None
    written = read_articles(original, folded, match.start(), match.end())
    if not written or not written[-1].has_ordinal_or_letter:
        return None
    return ArticleSpan(match.start(), match.end(), match.start(), match.end())
