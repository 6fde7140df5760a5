"""Citations of Turkish laws in what a user types, and articles in URL segments.

- `parse_citation` reads a query ("YUKK m. 53", "5216 sayılı Kanunun 7. maddesi", "Article 91
  of Law 6458") into a `Citation` plus the rest of the query.
- `parse_article_segment` reads an article from a URL segment ("57-a", "gecici-1", "ek2").

Cross-references in a law's own text are `indexer.laws.references`; the article-number
patterns both share are `indexer.laws.article_numbers`. Patterns run on
`fold_same_length(text)`, which has the original's length, so every offset found in it is an
offset into the original. Pure: the only I/O is loading the alias table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.analysis import turkish_lower
from indexer.laws.aliases import (
    LawAliases,
    LawMention,
    find_law_mentions,
    fold_same_length,
    load_law_aliases,
)
from indexer.laws.article_numbers import (
    BARE_AFTER_LAW_RE,
    ITEM_RE,
    LETTERED_ALONE_RE,
    MARKED_RE,
    ORDINAL_GROUP_RE,
    ORDINAL_PARAGRAPH_RE,
    PARAGRAPH_RE,
    WITH_ITEM_ALONE_RE,
    ArticleSpan,
    article_ref,
    expand_ranges,
    kind_of,
    marked_span,
    ordinal_span,
    read_articles,
)
from indexer.laws.articles import ArticleRef

__all__ = [
    "ArticleRef",
    "Citation",
    "LawAliases",
    "load_law_aliases",
    "parse_article_segment",
    "parse_citation",
]


@dataclass(frozen=True)
class Citation:
    """A citation read from a query. No articles means the whole law ("6458", "YUKK")."""

    law_number: str | None  # None: an article was cited, but no law and no default law given
    articles: tuple[ArticleRef, ...]
    paragraph: str | None  # "2" in "m. 21/2-a"
    item: str | None  # "a" in "m. 21/2-a"
    law_name_matched: str | None  # the query's own words that named the law ("YUKK")
    remainder: str  # the query without the citation, spaces collapsed; may be empty


# --- Queries ---------------------------------------------------------------------------------

_AFTER_LAW_GAP_RE = re.compile(r"(?:'[a-z]*)?\s*(?:,\s*)?")  # "YUKK'nın 53. maddesi"
_OF_GAP_RE = re.compile(r"\s+of\s+(?:the\s+)?")  # "Article 91 of Law 6458"


def _article_after(original: str, folded: str, law: LawMention) -> ArticleSpan | None:
    position = _AFTER_LAW_GAP_RE.match(folded, law.end)
    start = position.end() if position else law.end
    marked = marked_span(MARKED_RE.match(folded, start))
    if marked or not law.explicit:
        return marked
    ordinal = ordinal_span(original, folded, ORDINAL_GROUP_RE.match(folded, start))
    return ordinal or marked_span(BARE_AFTER_LAW_RE.match(folded, law.end))


def _standalone_articles(original: str, folded: str, lettered: bool) -> list[ArticleSpan]:
    spans = [marked_span(m) for m in MARKED_RE.finditer(folded)]
    spans += [ordinal_span(original, folded, m) for m in ORDINAL_GROUP_RE.finditer(folded)]
    if lettered:
        spans += [marked_span(m) for m in LETTERED_ALONE_RE.finditer(folded)]
    spans += [marked_span(m) for m in WITH_ITEM_ALONE_RE.finditer(folded)]
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
        if not ordinal_span(query, folded, ORDINAL_GROUP_RE.match(folded, law.start))
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
    span: ArticleSpan,
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
    articles = expand_ranges(
        read_articles(query, folded, span.list_start, span.list_end, span.kind)
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


def _paragraph_of_first_article(query: str, folded: str, span: ArticleSpan) -> _Paragraph | None:
    first = ITEM_RE.match(folded, span.list_start)
    match = PARAGRAPH_RE.match(folded, first.end()) if first else None
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
    match = ORDINAL_PARAGRAPH_RE.match(folded, end)
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
    kind = kind_of("gecici" if match["kind"] == "g" else match["kind"])
    if match["through"]:  # a combined article, "29-30"
        low, high = int(match["number"]), int(match["through"])
        return ArticleRef(kind, f"{low}-{high}") if 0 < low < high else None
    letter = text[match.start("letter") : match.end("letter")] if match["letter"] else None
    return article_ref(kind, match["number"], letter)
