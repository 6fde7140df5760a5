"""Citations of Turkish laws: in what a user types, in article text, and in URL segments.

- `parse_citation` reads a query ("YUKK m. 53", "5216 sayılı Kanunun 7. maddesi", "Article 91
  of Law 6458") into a `Citation` plus the rest of the query.
- `find_references` finds cross-references in a law's own text ("bu Kanunun 91 inci maddesi",
  "5490 sayılı Nüfus Hizmetleri Kanunu") with character offsets, so a page can link them.
- `parse_article_segment` reads an article from a URL segment ("57-a", "gecici-1", "ek2").

Patterns run on `fold_same_length(text)` (Turkish lowercase, no diacritics, one apostrophe),
which has the original's length, so every offset found in it is an offset into the original.
Pure: the only I/O is loading the alias table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.analysis import turkish_lower
from indexer.laws.aliases import (
    LawAliases,
    LawMention,
    find_law_mentions,
    find_law_named_before,
    find_numbered_laws,
    fold_same_length,
    load_law_aliases,
)
from indexer.laws.amendments import NOTE_RE
from indexer.laws.articles import ArticleKind, ArticleRef

__all__ = [
    "ArticleRef",
    "Citation",
    "LawAliases",
    "Reference",
    "find_references",
    "load_law_aliases",
    "parse_article_segment",
    "parse_citation",
]

MAX_RANGE_ARTICLES = 50  # "m. 1-400" is a typo or a joke; do not expand it into 400 articles


@dataclass(frozen=True)
class Citation:
    """A citation read from a query. No articles means the whole law ("6458", "YUKK")."""

    law_number: str | None  # None: an article was cited, but no law and no default law given
    articles: tuple[ArticleRef, ...]
    paragraph: str | None  # "2" in "m. 21/2-a"
    item: str | None  # "a" in "m. 21/2-a"
    law_name_matched: str | None  # the query's own words that named the law ("YUKK")
    remainder: str  # the query without the citation, spaces collapsed; may be empty


@dataclass(frozen=True)
class Reference:
    """A cross-reference in article text: `text[start:end]` is the phrase to link.

    `law_number` is None when the law could not be identified (an unnamed "Kanunun", or no
    `current_law`); `article` is None for a reference to a whole law.
    """

    start: int
    end: int
    law_number: str | None
    article: ArticleRef | None


# --- Article numbers (patterns on folded text) -------------------------------------------------

_ORDINAL = r"(?:\s*(?:'\s*)?(?:inci|uncu|nci|ncu)(?![a-z])|\.(?=[ \t]*(?:madde|,|ve\s)))"
_ARTICLE = r"\d{1,3}(?!\d)(?:\s*[/-]\s*[a-z](?![a-z\d])|[a-z](?![a-z\d.]))?"
_ITEM = rf"(?:(?<![a-z])(?:gecici|ek)\s*(?:madde\s*)?)?{_ARTICLE}"
_ITEM_WITH_ORDINAL = rf"{_ITEM}{_ORDINAL}?"
_LIST_SEPARATOR = r"(?:\s*,\s*|\s+(?:ve|veya|ila)\s+)"
# Queries also write ranges with a dash ("m. 52-54"); law texts write "52 ila 54" and use dashes
# after article headings ("MADDE 55 – 54 üncü madde"), so only queries accept them.
_QUERY_SEPARATOR = rf"(?:{_LIST_SEPARATOR}|\s*[-–]\s*)"
_WORD_ITEM = r"(?:\s*-\s*|\s+(?:b\.|bent(?:i)?)\s*)"
_PARAGRAPH = (
    r"(?:\s*/\s*\d{1,2}(?!\d)(?:\s*-\s*[a-z](?![a-z\d]))?|\s*\(\d{1,2}\)(?:\s*\([a-z]\))?"
    rf"|\s+(?:f\.|fik\.|fikra(?:si)?)\s*\d{{1,2}}(?!\d)(?:{_WORD_ITEM}[a-z](?![a-z\d]))?)"
)
# Lists are capped so that a long run of numbers costs linear time, not quadratic.
_MAX_LIST = 40
_QUERY_LIST = rf"{_ITEM}{_PARAGRAPH}?(?:{_QUERY_SEPARATOR}{_ITEM}){{0,{_MAX_LIST}}}"

_ITEM_RE = re.compile(
    r"(?:(?<![a-z])(?P<kind>gecici|ek)\s*(?:madde\s*)?)?"
    r"(?P<number>\d{1,3})(?!\d)(?:\s*[/-]\s*(?P<letter>[a-z])(?![a-z\d])"
    r"|(?P<attached>[a-z])(?![a-z\d.]))?"
    rf"(?P<ordinal>{_ORDINAL})?"
)
_PARAGRAPH_RE = re.compile(
    r"\s*(?:/\s*(?P<slash_paragraph>\d{1,2})(?!\d)(?:\s*-\s*(?P<slash_item>[a-z])(?![a-z\d]))?"
    r"|\((?P<paren_paragraph>\d{1,2})\)(?:\s*\((?P<paren_item>[a-z])\))?"
    r"|(?:f\.|fik\.|fikra(?:si)?)\s*(?P<word_paragraph>\d{1,2})(?!\d)"
    rf"(?:{_WORD_ITEM}(?P<word_item>[a-z])(?![a-z\d]))?)"
)
# After "91. maddenin" / "91 inci maddesinin": "2. fıkrası", "2 nci fıkrasının (a) bendi".
_ORDINAL_PARAGRAPH_RE = re.compile(
    rf"\s+(?P<paragraph>\d{{1,2}})(?:{_ORDINAL}|\.)\s*fikra[a-z]*"
    r"(?:\s+\(?(?P<item>[a-z])\)?\s*bend[a-z]*)?(?![a-z])"
)
# "7 nci madde", "5 inci, 6 ncı ve 7 nci maddelerde", "geçici 1 inci maddesi", "57/A maddesi".
_ORDINAL_GROUP_RE = re.compile(
    rf"(?<![\w/.]){_ITEM_WITH_ORDINAL}(?:{_LIST_SEPARATOR}{_ITEM_WITH_ORDINAL}){{0,{_MAX_LIST}}}"
    r"\s*madde[a-z]*"
)
# "m. 91", "md 91", "madde 91", "article 53", "ek madde 2", "geçici madde 1". A bare "m" is
# not a marker: "100 m 2" is an area.
_MARKED_RE = re.compile(
    r"(?<![a-z\d])(?:(?P<kind>gecici|ek)\s*)?(?:maddesi|madde|md\.?|m\.|article|art\.?)"
    rf"(?![a-z])\s*:?\s*(?P<list>{_QUERY_LIST})(?![\w/])"
)
# After a law only: "6458/91", "YUKK 53", "6458 57/A", "6458 geçici 1".
_BARE_AFTER_LAW_RE = re.compile(rf"(?:\s*/\s*|\s+)(?P<list>{_QUERY_LIST})(?![\w/])")
_LETTERED_ALONE_RE = re.compile(r"(?<![\w/.-])(?P<list>\d{1,3}[/-][a-z])(?![\w/])")
_WITH_ITEM_ALONE_RE = re.compile(
    r"(?<![\w/.-])(?P<list>\d{1,3}\s*/\s*\d{1,2}\s*-\s*[a-z])(?![\w/])"
)


@dataclass(frozen=True)
class _WrittenArticle:
    """One article number as written, with its span and whether it follows a range dash."""

    start: int
    end: int
    article: ArticleRef
    has_ordinal_or_letter: bool
    ends_range: bool


def _article_ref(kind: ArticleKind, number: str, letter: str | None) -> ArticleRef | None:
    value = int(number)
    if value == 0:
        return None
    return ArticleRef(kind, f"{value}/{turkish_lower(letter)}" if letter else str(value))


def _read_articles(
    original: str, folded: str, start: int, end: int, kind: ArticleKind = "madde"
) -> list[_WrittenArticle]:
    """The article numbers written in `folded[start:end]`; a "geçici"/"ek" carries forward."""
    articles: list[_WrittenArticle] = []
    previous_end = start
    for match in _ITEM_RE.finditer(folded, start, end):
        if match.group("kind"):
            kind = _kind_of(match.group("kind"))
        # Letters come from the original: folding made "Ç" a "c".
        group = "letter" if match["letter"] else "attached"
        letter = original[match.start(group) : match.end(group)] if match[group] else None
        article = _article_ref(kind, match.group("number"), letter)
        if article is not None:
            gap = folded[previous_end : match.start()]
            articles.append(
                _WrittenArticle(
                    start=match.start(),
                    end=match.end(),
                    article=article,
                    has_ordinal_or_letter=bool(match.group("ordinal") or letter),
                    ends_range=bool(re.search(r"[-–]|\bila\b", gap)) and bool(articles),
                )
            )
        previous_end = match.end()
    return articles


def _expand_ranges(written: list[_WrittenArticle]) -> tuple[ArticleRef, ...]:
    articles: list[ArticleRef] = []
    for index, current in enumerate(written):
        if current.ends_range:
            articles.extend(_rest_of_range(written[index - 1].article, current.article))
        else:
            articles.append(current.article)
    return tuple(dict.fromkeys(articles))


def _rest_of_range(first: ArticleRef, last: ArticleRef) -> list[ArticleRef]:
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
class _ArticleSpan:
    """Where an article citation was found: the whole phrase, and the part with the numbers."""

    start: int
    end: int
    list_start: int
    list_end: int
    kind: ArticleKind = "madde"


def _kind_of(word: str | None) -> ArticleKind:
    return "gecici" if word == "gecici" else "ek" if word == "ek" else "madde"


def _marked_span(match: re.Match[str] | None) -> _ArticleSpan | None:
    if match is None:
        return None
    return _ArticleSpan(
        match.start(),
        match.end(),
        match.start("list"),
        match.end("list"),
        _kind_of(match.groupdict().get("kind")),
    )


def _ordinal_span(original: str, folded: str, match: re.Match[str] | None) -> _ArticleSpan | None:
    """An ordinal group, if its last number really is an ordinal ("91 madde" is not)."""
    if match is None:
        return None
    written = _read_articles(original, folded, match.start(), match.end())
    if not written or not written[-1].has_ordinal_or_letter:
        return None
    return _ArticleSpan(match.start(), match.end(), match.start(), match.end())


# --- Queries ---------------------------------------------------------------------------------

_AFTER_LAW_GAP_RE = re.compile(r"(?:'[a-z]*)?\s*(?:,\s*)?")  # "YUKK'nın 53. maddesi"
_OF_GAP_RE = re.compile(r"\s+of\s+(?:the\s+)?")  # "Article 91 of Law 6458"


def _article_after(original: str, folded: str, law: LawMention) -> _ArticleSpan | None:
    position = _AFTER_LAW_GAP_RE.match(folded, law.end)
    start = position.end() if position else law.end
    marked = _marked_span(_MARKED_RE.match(folded, start))
    if marked or not law.explicit:
        return marked
    ordinal = _ordinal_span(original, folded, _ORDINAL_GROUP_RE.match(folded, start))
    return ordinal or _marked_span(_BARE_AFTER_LAW_RE.match(folded, law.end))


def _standalone_articles(original: str, folded: str, lettered: bool) -> list[_ArticleSpan]:
    spans = [_marked_span(m) for m in _MARKED_RE.finditer(folded)]
    spans += [_ordinal_span(original, folded, m) for m in _ORDINAL_GROUP_RE.finditer(folded)]
    if lettered:
        spans += [_marked_span(m) for m in _LETTERED_ALONE_RE.finditer(folded)]
    spans += [_marked_span(m) for m in _WITH_ITEM_ALONE_RE.finditer(folded)]
    return sorted((span for span in spans if span), key=lambda span: span.start)


def parse_citation(
    query: str, aliases: LawAliases, default_law: str | None = None
) -> Citation | None:
    """The first law citation in `query`, or None when it cites nothing.

    A law with an article ("YUKK m. 53") is preferred over an article alone ("m. 53", which
    takes `default_law`), which is preferred over a law alone: "6458" or "YUKK" gives a Citation
    with no articles, for the caller to show or filter by that law. A bare number counts as a law
    only when the alias table knows it ("6458" does, "2015" does not) or an article marker
    follows it. A lettered number alone ("57/A") is an article only when there is a default law.
    """
    folded = fold_same_length(query)
    # A number that starts an ordinal group is an article: "657 nci madde" is not law 657.
    mentions = [
        law
        for law in find_law_mentions(query, aliases)
        if not _ordinal_span(query, folded, _ORDINAL_GROUP_RE.match(folded, law.start))
    ]
    standalone = _standalone_articles(query, folded, lettered=default_law is not None)
    for law in mentions:
        after = _article_after(query, folded, law)
        if after is not None:
            return _citation(query, folded, after, law, law.start, after.end)
        for article in standalone:
            if _OF_GAP_RE.fullmatch(folded, article.end, law.start):
                return _citation(query, folded, article, law, article.start, law.end)
    if standalone:
        article = standalone[0]
        return _citation(query, folded, article, None, article.start, article.end, default_law)
    explicit = [law for law in mentions if law.explicit]
    if not explicit:
        return None
    law = explicit[0]
    return Citation(
        law_number=law.number,
        articles=(),
        paragraph=None,
        item=None,
        law_name_matched=_name_matched(query, law),
        remainder=_remainder(query, law.start, law.end),
    )


def _citation(
    query: str,
    folded: str,
    span: _ArticleSpan,
    law: LawMention | None,
    start: int,
    end: int,
    default_law: str | None = None,
) -> Citation:
    paragraph = _paragraph_of_first_article(query, folded, span)
    if paragraph is not None:
        # Blank the paragraph out so that its digits are not read as another article.
        blank = " " * (paragraph.end - paragraph.start)
        folded = folded[: paragraph.start] + blank + folded[paragraph.end :]
    articles = _expand_ranges(
        _read_articles(query, folded, span.list_start, span.list_end, span.kind)
    )
    if paragraph is None and (after := _paragraph_after(query, folded, end)) is not None:
        paragraph, end = after, after.end
    if len(articles) != 1:
        paragraph = None  # "m. 21/2, 22": a paragraph of one article only, not of a list
    return Citation(
        law_number=law.number if law else default_law,
        articles=articles,
        paragraph=paragraph.paragraph if paragraph else None,
        item=paragraph.item if paragraph else None,
        law_name_matched=_name_matched(query, law) if law else None,
        remainder=_remainder(query, start, end),
    )


@dataclass(frozen=True)
class _Paragraph:
    """ "/2-a" or "(2)(a)" after the first article number in a query."""

    start: int
    end: int
    paragraph: str
    item: str | None


def _paragraph_of_first_article(query: str, folded: str, span: _ArticleSpan) -> _Paragraph | None:
    first = _ITEM_RE.match(folded, span.list_start)
    match = _PARAGRAPH_RE.match(folded, first.end()) if first else None
    if match is None or match.end() > span.list_end:
        return None
    item_group = next(
        (name for name in ("slash_item", "paren_item", "word_item") if match[name]), None
    )
    # The item letter comes from the query itself: folding made "ç" a "c".
    item = query[match.start(item_group) : match.end(item_group)] if item_group else None
    number = match["slash_paragraph"] or match["paren_paragraph"] or match["word_paragraph"]
    return _Paragraph(
        start=match.start(),
        end=match.end(),
        paragraph=str(int(number)),
        item=turkish_lower(item) if item else None,
    )


def _paragraph_after(query: str, folded: str, end: int) -> _Paragraph | None:
    """ "2. fıkrası" or "2 nci fıkrasının (a) bendi" right after an article citation."""
    match = _ORDINAL_PARAGRAPH_RE.match(folded, end)
    if match is None:
        return None
    item = query[match.start("item") : match.end("item")] if match["item"] else None
    return _Paragraph(
        match.start(),
        match.end(),
        str(int(match["paragraph"])),
        turkish_lower(item) if item else None,
    )


def _name_matched(query: str, law: LawMention) -> str | None:
    return query[law.name_start : law.end].strip() if law.name_start is not None else None


def _remainder(query: str, start: int, end: int) -> str:
    return " ".join(f"{query[:start]} {query[end:]}".split()).strip(" ,;:-–")


# --- URL segments ----------------------------------------------------------------------------

_SEGMENT_RE = re.compile(
    r"(?:(?P<kind>gecici|g|ek)[\s_-]*)?(?:madde[\s_-]*)?"
    r"(?P<number>\d{1,3})(?:\s*[/-]\s*(?P<letter>[a-z])|-(?P<through>\d{1,3}))?"
)


def parse_article_segment(segment: str) -> ArticleRef | None:
    """The article in a URL path segment: "91", "57-A", "57/a", "29-30", "gecici-1", "g1",
    "ek-2"…"""
    text = segment.strip()
    match = _SEGMENT_RE.fullmatch(fold_same_length(text))
    if match is None:
        return None
    kind = _kind_of("gecici" if match["kind"] == "g" else match["kind"])
    if match["through"]:  # a combined article, "29-30"
        low, high = int(match["number"]), int(match["through"])
        return ArticleRef(kind, f"{low}-{high}") if 0 < low < high else None
    letter = text[match.start("letter") : match.end("letter")] if match["letter"] else None
    return _article_ref(kind, match["number"], letter)


# --- Cross-references in law text ------------------------------------------------------------

# Amendment notes cite the amending law ("(Değişik: 12/11/2012-6360/5 md.)"): not a reference
# the reader follows, so they are blanked out (same length) before searching. One definition
# of a note: `amendments.NOTE_RE`.
_AMENDMENT_NOTE_RE = NOTE_RE
_THIS_LAW_BEFORE_RE = re.compile(r"(?<![a-z])(?:bu|isbu)\s+kanun'?(?:un)?un$")
_UNKNOWN_LAW_BEFORE_RE = re.compile(r"(?<![a-z])kanun'?(?:un)?un$")
_OTHER_INSTRUMENT_BEFORE_RE = re.compile(
    r"(?<![a-z])(?:khk|karar|sozlesme|yonetmeli|tuzu|anayasa|anlasma|protokol|genelge|teblig)"
    r"[a-z']*$"
)
_LOOK_BACK = 40  # characters: "bu Kanunun" and the like end just before the article number


def find_references(text: str, current_law: str | None, aliases: LawAliases) -> list[Reference]:
    """Cross-references in article text, in order of their start offset.

    "53 üncü madde" and "bu Kanunun 91 inci maddesi" cite `current_law`; "5393 sayılı Belediye
    Kanununun 14 üncü maddesi" and "Belediye Kanununun 14 üncü maddesi" are one reference to
    5393/14 covering the law's name; "5490 sayılı Nüfus Hizmetleri Kanunu" alone cites a whole
    law. A list ("4, 6 ve 9 uncu maddelerde") gives one reference per number, and the last one
    covers the word "maddelerde"; a range ("103 ila 120 nci") gives its two ends. Articles of a
    KHK, a regulation or a convention are skipped.
    """
    visible = _AMENDMENT_NOTE_RE.sub(lambda note: " " * len(note.group()), text)
    folded = fold_same_length(visible)
    numbered = {mention.end: mention for mention in find_numbered_laws(visible)}
    references: list[Reference] = []
    for group in _ORDINAL_GROUP_RE.finditer(folded):
        written = _read_articles(visible, folded, group.start(), group.end())
        if not written or not written[-1].has_ordinal_or_letter:
            continue
        owner_end = len(folded[: group.start()].rstrip())
        owner = numbered.pop(owner_end, None) or _owner_of(
            visible, folded, owner_end, current_law, aliases
        )
        if owner is None:
            continue
        for index, article in enumerate(written):
            first, last = index == 0, index == len(written) - 1
            start = owner.start if first and owner.start is not None else article.start
            end = group.end() if last else article.end
            references.append(Reference(start, end, owner.number, article.article))
    references += [Reference(m.start, m.end, m.number, None) for m in numbered.values()]
    return sorted(references, key=lambda reference: (reference.start, reference.end))


@dataclass(frozen=True)
class _Owner:
    """Whose articles follow: `number` None for an unidentified law; `start` when the owner's
    words belong in the link ("bu Kanunun 91 inci maddesi")."""

    number: str | None
    start: int | None = None


def _owner_of(
    visible: str, folded: str, end: int, current_law: str | None, aliases: LawAliases
) -> _Owner | LawMention | None:
    """The law whose articles follow `end`, when no numbered law ends there; None when they
    are the articles of another kind of instrument."""
    window_start = max(0, end - _LOOK_BACK)
    this_law = _THIS_LAW_BEFORE_RE.search(folded, window_start, end)
    if this_law:
        return _Owner(current_law, this_law.start())
    named = find_law_named_before(visible, end, aliases)
    if named:
        return named
    if _UNKNOWN_LAW_BEFORE_RE.search(folded, window_start, end):
        return _Owner(None)  # "… Hakkında Kanunun 29 uncu maddesi", a law the table lacks
    if _OTHER_INSTRUMENT_BEFORE_RE.search(folded, window_start, end):
        return None
    return _Owner(current_law)
