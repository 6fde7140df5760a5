"""A regulation's links to the law it rests on, and back: read from the `based_on` list
the pipeline stores with a regulation's manifest entry (its Dayanak article,
`indexer.laws.find_basis`), made into links where the collection holds the law.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from indexer.index import ManifestEntry
from indexer.laws import ArticleRef, citation_owner
from search_api.web.urls import Urls


@dataclass
class LawBasis:
    """A law (and article) a regulation rests on, from its Dayanak article; `url` when the
    collection holds that law (and article). `kind` "decree": a presidential decree or
    decision, a decree-law (no law number, never linked: the collection holds none)."""

    law_number: str | None
    article_key: str | None
    article: str | None  # "30", "Geçici 1": the short label
    law_title: str | None
    citation: str  # "6331 sayılı Kanun m. 30", "1 sayılı … Cumhurbaşkanlığı Kararnamesi m. 508"
    url: str | None
    kind: str = "law"  # or "decree"


@dataclass
class BasedRegulation:
    """A regulation that names a law (and article) as its basis."""

    law_number: str  # the regulation's address (its doc_id)
    doc_id: str
    title: str
    url: str
    article_key: str | None  # the law's article it rests on, when it names one
    article: str | None
    article_url: str | None


def basis_links(
    entry: ManifestEntry,
    laws: dict[str, str],
    article_keys: Callable[[str], set[str]],
    urls: Urls,
) -> list[LawBasis]:
    """The laws (and articles) regulation `entry` rests on, then the decrees it names; a
    link where `laws` (number → title) holds the law, to the article when
    `article_keys(number)` has it. [] for a law."""
    if entry.kind != "regulation":
        return []
    found = []
    for basis in (entry.law or {}).get("based_on") or []:
        number, key = basis["law_number"], basis.get("article_key")
        reference = ArticleRef.from_key(key) if key else None
        url = None
        if number in laws:
            url = (
                urls.article(number, key)
                if key and key in article_keys(number)
                else urls.law(number)
            )
        title = laws.get(number) or basis.get("law_name")
        citation = reference.citation(number) if reference else citation_owner(number)
        short = reference.short_label if reference else None
        found.append(LawBasis(number, key, short, title, citation, url))
    for decree in (entry.law or {}).get("decrees") or []:
        name, article = decree["name"], decree.get("article")
        citation = f"{name} m. {article}" if article else name
        found.append(LawBasis(None, None, article, None, citation, None, kind="decree"))
    return found


def regulations_resting_on(
    entries: Iterable[ManifestEntry], law_number: str, article_key: str | None, urls: Urls
) -> list[BasedRegulation]:
    """The regulations among `entries` whose basis is law `law_number` (its article
    `article_key`, when given), in title order."""
    found = []
    for entry in entries:
        if entry.kind != "regulation" or not entry.indexed:
            continue
        for basis in (entry.law or {}).get("based_on") or []:
            key = basis.get("article_key")
            if basis["law_number"] != law_number or (article_key and key != article_key):
                continue
            reference = ArticleRef.from_key(key) if key else None
            address = entry.law_number or entry.doc_id
            found.append(
                BasedRegulation(
                    address,
                    entry.doc_id,
                    entry.title or entry.doc_id,
                    urls.law(address),
                    key,
                    reference.short_label if reference else None,
                    urls.article(law_number, key) if key else None,
                )
            )
    return sorted(found, key=lambda regulation: (regulation.title, regulation.article or ""))
