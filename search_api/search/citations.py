"""The citation path of a search: what a recognised citation lists first, and which words
of the query are left to search as text.

- A law and articles ("6458 m. 91", "5216 m. 29" for the combined "Madde 29-30"): those
  articles, found by their own number or by a combined article that covers it.
- Articles and no law ("geçici madde 1", "m. 91/2"): that article of every law in the index
  (or of the law the search is filtered to).
- A law alone ("YUKK", "6458"): the law itself first; the rest of the query is searched in
  that law only, and with nothing left the law's articles follow in order.

The words left after a citation are searched only when they mean something: "m", "f.", "2",
"s.K." and "sayılı" are the citation's own debris, not words to look for in the corpus.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

from whoosh.searching import Searcher

from indexer.analysis import fold_diacritics, is_stopword, turkish_lower
from indexer.index import StoredUnit
from indexer.laws import (
    ArticleRef,
    Citation,
    LawAliases,
    RegulationName,
    find_regulation,
    paragraph_anchor,
    parse_citation,
)
from search_api.search.snippets import MarkedRun, Snippet

HitT = TypeVar("HitT")

# Folded words that only ever belong to a citation.
CITATION_WORDS = frozenset(
    {
        *("m", "md", "mad", "madde", "maddesi", "maddenin", "maddesinin", "maddeleri"),
        *("fikra", "fikrasi", "fikrasinin", "fik", "bent", "bendi", "bendinin", "alt"),
        *("sayili", "s.k", "sk", "kanun", "kanunu", "kanunun", "kanunda", "kanununun"),
        *("article", "art", "law", "no", "paragraph", "para", "item", "sub"),
    }
)
_TRIM = ".,;:()[]/-–'’\""


def leftover_words(remainder: str) -> str:
    """The words after a citation worth searching: none of its debris, no lone letters or
    numbers ("6458 m. 91" leaves nothing; "YUKK geçici koruma şartları" leaves the topic)."""
    kept = []
    for token in remainder.split():
        bare = fold_diacritics(turkish_lower(token)).strip(_TRIM)
        if sum(character.isalpha() for character in bare) < 2:
            continue
        if bare in CITATION_WORDS or is_stopword(bare):
            continue
        kept.append(token)
    return " ".join(kept)


@dataclass(frozen=True)
class Notice:
    """Something to tell the reader about a search: a message key and its parameters (the
    web layer says it in the reader's language)."""

    key: str
    params: dict[str, str] = field(default_factory=dict)


@dataclass
class CitedUnits:
    """What a citation lists first, in order, and the words left to search."""

    docnums: list[int] = field(default_factory=list)
    anchor: str = ""  # "f2-a": the cited paragraph or item on the article's page
    notice: Notice | None = None  # the cited law or articles are not in the index
    law_number: str | None = None  # a law named without articles: searched within,
    law_docnum: int | None = None  # shown first (as the law) through one of its units,
    law_articles: list[int] = field(default_factory=list)  # its articles when nothing else
    text: str = ""  # the words left to search as text


def read_citation(
    query: str,
    aliases: LawAliases,
    default_law: str | None,
    regulations: Sequence[RegulationName] = (),
) -> Citation | None:
    """The citation in `query`: of a regulation named with an article ("emzirme odaları
    yönetmeliği m. 13", "2025/1 sayılı Tebliğ m. 7"), else of a law (`parse_citation`). A
    regulation named without an article is not a citation: its words are searched."""
    mention = find_regulation(query, regulations)
    if mention is not None:
        rest = f"{query[: mention.start]} {query[mention.end :]}"
        cited = parse_citation(rest, aliases, default_law=mention.address)
        if cited is not None and cited.articles and cited.law_number == mention.address:
            return replace(cited, law_name_matched=query[mention.start : mention.end])
    return parse_citation(query, aliases, default_law=default_law)


def cited_units(searcher: Searcher, citation: Citation | None, query: str) -> CitedUnits:
    """The units `citation` names in the index behind `searcher` (`query` is searched as
    text when there is no citation)."""
    if citation is None:
        return CitedUnits(text=query)
    text = leftover_words(citation.remainder)
    if citation.law_number is not None and not _law_known(searcher, citation.law_number):
        notice = Notice("law_not_found", {"law_number": citation.law_number})
        return CitedUnits(notice=notice, text=text)
    if not citation.articles:
        if citation.law_number is None:
            return CitedUnits(text=text)
        articles = law_articles(searcher, citation.law_number)
        return CitedUnits(
            law_number=citation.law_number,
            law_docnum=articles[0] if articles else None,
            law_articles=[] if text else articles,
            text=text,
        )
    laws = [citation.law_number] if citation.law_number else None
    docnums: list[int] = []
    missing: list[str] = []
    for article in citation.articles:
        found = find_articles(searcher, article, laws)
        docnums += found
        if not found:
            missing.append(article.short_label)
    absent: Notice | None = None
    if missing:
        listed = ", ".join(missing)
        absent = (
            Notice("articles_not_found", {"law_number": citation.law_number, "labels": listed})
            if citation.law_number
            else Notice("articles_not_found_anywhere", {"labels": listed})
        )
    anchor = paragraph_anchor(citation.paragraph, citation.item)
    return CitedUnits(list(dict.fromkeys(docnums)), anchor, absent, text=text)


def find_article(searcher: Searcher, law_number: str, article: ArticleRef) -> int | None:
    """The document number of the law's article, or of its combined article that covers
    the number ("Madde 29-30" for m. 29)."""
    found = find_articles(searcher, article, [law_number])
    return found[0] if found else None


def find_articles(
    searcher: Searcher, article: ArticleRef, laws: Sequence[str] | None = None
) -> list[int]:
    """The document numbers of `article` in each of `laws` (None: every law), in the laws'
    order: the article itself or, where a law has no such article, its combined article
    that covers the number. Read from the units holding the article's key (a few, however
    many laws the index holds), not law by law."""
    # By law and key, not by unit id: a regulation's articles are `reg:…` units.
    found: dict[str, int] = {}
    if laws is not None:  # a law named: its article, at once
        for law in laws:
            docnum = searcher.document_number(law_number=law, article_key=article.key)
            if docnum is not None:
                found[law] = docnum
        if len(found) == len(laws):
            return [found[law] for law in laws]
    keys = [article.key] if laws is None else []
    keys += [
        key
        for key in searcher.reader().field_terms("article_key")
        if (combined := ArticleRef.from_key(key)) is not None
        and combined != article
        and combined.covers(article)
    ]
    wanted = set(laws) if laws is not None else None
    law_of = _law_numbers_by_docnum(searcher)
    for key in keys:
        for docnum in searcher.document_numbers(article_key=key):
            owner = law_of(docnum)
            if owner and (wanted is None or owner in wanted) and owner not in found:
                found[owner] = docnum
    order = laws if laws is not None else sorted(found, key=law_order)
    return [found[law] for law in order if law in found]


def _law_numbers_by_docnum(searcher: Searcher) -> Callable[[int], str | None]:
    """Each unit's law number: from its column (no stored fields read), else stored."""
    reader = searcher.reader()
    if reader.has_column("law_number"):
        column = reader.column_reader("law_number")
        return lambda docnum: column[docnum] or None
    return lambda docnum: searcher.stored_fields(docnum).get("law_number")


def law_order(number: str) -> tuple[int, str]:
    """Laws in numeric order (5216 before 6458; shorter numbers first)."""
    return len(number), number


def law_articles(searcher: Searcher, law_number: str) -> list[int]:
    """The document numbers of a law's articles, in the law's order."""
    found = [
        (unit.order, docnum)
        for docnum in searcher.document_numbers(law_number=law_number)
        if (unit := StoredUnit.from_stored_fields(searcher.stored_fields(docnum))).article_key
    ]
    return [docnum for _, docnum in sorted(found)]


def _law_known(searcher: Searcher, law_number: str) -> bool:
    return searcher.document(law_number=law_number) is not None


def as_law_entry(hit: HitT) -> HitT:
    """A hit on one of a law's units made into the law itself: its page, table of contents
    and PDF."""
    found: Any = hit
    return replace(
        found,
        unit_id=f"law:{found.law_number}",
        article=None,
        article_key=None,
        article_title=None,
        page=1,
        snippet=Snippet((MarkedRun(found.title, False),)),
        score=0.0,
        repealed=False,
    )


def at_paragraph(hit: HitT, anchor: str) -> HitT:
    """A cited article's hit opening its page at the cited paragraph or item."""
    found: Any = hit
    return replace(found, anchor=anchor) if anchor else hit
