"""Pure: the law a regulation rests on, read from its `Dayanak` article.

A regulation (yönetmelik, tebliğ, genelge…) says what it is based on in an article titled
"Dayanak": "Bu Yönetmelik, 6458 sayılı Kanunun 91 inci maddesine dayanılarak hazırlanmıştır",
or by name only, "İş Sağlığı ve Güvenliği Kanununun 30 uncu maddesine dayanılarak". A name
the alias table does not know is resolved from the regulation's own text, which names the
law with its number elsewhere ("20/6/2012 tarihli ve 6331 sayılı İş Sağlığı ve Güvenliği
Kanunu kapsamındaki…"). A law named without an article gives a basis without one; articles
of a decree or another regulation are not a law's ("Cumhurbaşkanlığı Kararnamesinin 508 inci
maddesi"): a presidential decree or decision, a decree-law or a Council of Ministers decision
is a basis of its own kind (`DecreeBasis`), named as the regulation names it, with no number
to link to.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from indexer.analysis import fold_diacritics, turkish_lower
from indexer.laws.aliases import LawAliases, LawEntry, find_numbered_laws, normalize_law_name
from indexer.laws.references import find_references

BASIS_TITLE_RE = re.compile(r"^dayanak", re.IGNORECASE)
BASED_ON_RE = re.compile(r"dayan[ıi]larak|dayanak", re.IGNORECASE)
# The Dayanak article comes early (Amaç, Kapsam, Dayanak, Tanımlar); a regulation without one
# may say it in its first article ("Bu Yönetmelik … dayanılarak hazırlanmıştır").
EARLY_ARTICLES = 5


@dataclass(frozen=True)
class Basis:
    """A law a regulation is based on: its number, the article when one is named (its key,
    "91", "57/a"), and the law's name as the regulation writes it, when it does."""

    law_number: str
    article_key: str | None = None
    law_name: str | None = None


@dataclass(frozen=True)
class DecreeBasis:
    """A decree or decision a regulation is based on: its name as the regulation writes it,
    put in the nominative ("1 sayılı Cumhurbaşkanlığı Teşkilatı Hakkında Cumhurbaşkanlığı
    Kararnamesi"), and the article's number when one is named ("508")."""

    name: str
    article: str | None = None


# What a decree is called, each written as the regulation inflects it, to its nominative.
DECREE_KINDS = (
    (r"Cumhurbaşkanlığı\s+Kararname\w*", "Cumhurbaşkanlığı Kararnamesi"),
    (r"Kanun\s+Hükmünde\s+Kararname\w*", "Kanun Hükmünde Kararname"),
    (r"Cumhurbaşkanı\s+Karar\w*", "Cumhurbaşkanı Kararı"),
    (r"Bakanlar\s+Kurulu\s+Karar\w*", "Bakanlar Kurulu Kararı"),
)
# Its number ("1 sayılı"), the capitalised words of its title (not the regulation's own
# "Bu Yönetmelik"), its kind, then maybe the article named ("508 inci maddesine").
DECREE_RE = re.compile(
    r"(?:(?P<number>\d+(?:/\d+)?)\s+sayılı\s+)?"
    r"(?P<title>(?:(?!Bu\b|Yönetmeli|Tebliğ|Genelge|Yönerge)[A-ZÇĞİÖŞÜ][^\s,;.()]*\s+){0,10}?)"
    r"(?P<kind>" + "|".join(f"(?:{pattern})" for pattern, _ in DECREE_KINDS) + r")"
    r"(?:\s+eki\w*)?"
    r"(?:\s+(?P<article>\d+)\s*['’]?\s*(?:inci|ıncı|uncu|üncü|nci|ncı|ncu|ncü|\.)?\s+madde)?"
)


@dataclass(frozen=True)
class ArticleText:
    """What the search for a basis needs of an article: its title and its text."""

    title: str | None
    text: str


def find_basis(articles: Sequence[ArticleText], aliases: LawAliases) -> list[Basis]:
    """The laws (and articles) the regulation with `articles` says it is based on, in the
    order it names them; [] when it says nothing of its basis."""
    source = basis_article(articles)
    if source is None:
        return []
    known = with_local_names(aliases, articles)
    found: list[Basis] = []
    for reference in find_references(source.text, None, known):
        if reference.law_number is None:
            continue
        basis = Basis(
            reference.law_number,
            reference.article.key if reference.article else None,
            known.name_of(reference.law_number),
        )
        # "6331 sayılı Kanunun 30 uncu maddesi" also yields the bare law: keep the article.
        if basis not in found:
            found.append(basis)
    with_articles = {basis.law_number for basis in found if basis.article_key}
    return [basis for basis in found if basis.article_key or basis.law_number not in with_articles]


def find_decrees(articles: Sequence[ArticleText]) -> list[DecreeBasis]:
    """The decrees and decisions (not laws) the regulation with `articles` says it is based
    on, in the order it names them; [] when it names none."""
    source = basis_article(articles)
    if source is None:
        return []
    found: list[DecreeBasis] = []
    for match in DECREE_RE.finditer(" ".join(source.text.split())):
        kind = next(
            name for pattern, name in DECREE_KINDS if re.fullmatch(pattern, match.group("kind"))
        )
        number = f"{match.group('number')} sayılı " if match.group("number") else ""
        decree = DecreeBasis(f"{number}{match.group('title')}{kind}", match.group("article"))
        if decree not in found:
            found.append(decree)
    return found


def basis_article(articles: Sequence[ArticleText]) -> ArticleText | None:
    """The article titled "Dayanak", else an early article saying "… dayanılarak"."""
    for article in articles:
        if article.title and BASIS_TITLE_RE.match(fold_diacritics(turkish_lower(article.title))):
            return article
    for article in articles[:EARLY_ARTICLES]:
        if BASED_ON_RE.search(article.text):
            return article
    return None


def with_local_names(aliases: LawAliases, articles: Sequence[ArticleText]) -> LawAliases:
    """`aliases` plus every law the articles name with its number ("6331 sayılı İş Sağlığı
    ve Güvenliği Kanunu"), so that the name alone finds the number."""
    entries = list(aliases.laws)
    taken = {normalize_law_name(name) for law in aliases.laws for name in law.names}
    numbers = {law.number for law in aliases.laws}
    for article in articles:
        for mention in find_numbered_laws(article.text):
            if mention.name_start is None:
                continue
            name = article.text[mention.name_start : mention.end]
            key = normalize_law_name(name)
            if not key or key == "kanun" or key in taken:
                continue
            taken.add(key)
            if mention.number in numbers:
                continue  # the table knows the law under its own name
            numbers.add(mention.number)
            entries.append(LawEntry(mention.number, name))
    return LawAliases(tuple(entries)) if len(entries) > len(aliases.laws) else aliases
