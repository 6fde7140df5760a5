"""Read side of the collection: documents, laws and articles, for the API and the pages.

Documents come from the writer's manifest; articles from the index's stored fields, through
the search service's shared searcher.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from indexer.errors import NotFound
from indexer.index import Manifest, ManifestEntry, StoredUnit
from indexer.laws import (
    Amendment,
    Paragraph,
    Reference,
    citation_owner,
    find_references,
    parse_article_segment,
)
from indexer.models import DOCUMENT_KINDS, LEGISLATION_KINDS
from search_api.search import SearchService, find_article
from search_api.web.basis import BasedRegulation, LawBasis, basis_links, regulations_resting_on
from search_api.web.catalogue import DEFAULT_LANGUAGE, notice_message
from search_api.web.urls import ROOT, Urls


@dataclass
class ArticleSummary:
    label: str
    key: str
    title: str | None
    repealed: bool
    page: int
    part: str | None
    chapter: str | None
    url: str


@dataclass
class ArticleView:
    law_number: str
    law_title: str
    doc_id: str
    label: str
    key: str
    title: str | None
    text: str
    notes: list[str]
    note_numbers: list[str]  # the number the PDF prints for each note
    part: str | None
    chapter: str | None
    book: str | None
    page: int
    page_end: int
    repealed: bool
    paragraphs: list[Paragraph] = field(default_factory=list)
    amendments: list[Amendment] = field(default_factory=list)
    previous: ArticleSummary | None = None
    next: ArticleSummary | None = None
    url: str = ""
    pdf_url: str = ""
    law_url: str = ""
    citation: str = ""
    kind: str = "law"  # or "regulation"
    owner: str = ""  # what its citations start with: "6458 sayılı Kanun", a regulation's title
    references: list[dict[str, Any]] = field(default_factory=list)
    cited_by: list[CitingArticle] = field(default_factory=list)
    # A regulation's article: the laws its regulation rests on (its Dayanak article).
    based_on: list[dict[str, Any]] = field(default_factory=list)
    # A law's article: the regulations resting on this article.
    regulations: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class CitingArticle:
    """An article (of any law here) whose text refers to the article being read."""

    law_number: str
    key: str
    label: str
    title: str | None
    url: str
    kind: str = "law"  # or "regulation"
    law_title: str = ""


class Library:
    """Documents, laws and articles as plain data, cached until the index changes."""

    def __init__(self, service: SearchService, urls: Urls = ROOT) -> None:
        self.service = service
        self.urls = urls  # under the service's base path
        self._lock = threading.Lock()
        self._manifest: Manifest = {}
        self._manifest_mtime: tuple[Path, float] | None = None
        self._citations_by_target: dict[tuple[str, str], list[CitingArticle]] = {}
        self._citations_version: tuple[Path, float] | None = None

    def manifest(self) -> Manifest:
        path = self.service.store.manifest_path  # a new index generation has its own
        mtime = (path, path.stat().st_mtime if path.is_file() else 0.0)
        with self._lock:
            if mtime != self._manifest_mtime:
                self._manifest = self.service.store.read_manifest()
                self._manifest_mtime = mtime
            return self._manifest

    def documents(self, lang: str = DEFAULT_LANGUAGE) -> list[dict[str, Any]]:
        entries = [
            document_json(entry, self.urls, lang)
            for entry in self.manifest().values()
            if entry.indexed
        ]
        order = {kind: rank for rank, kind in enumerate(DOCUMENT_KINDS)}
        return sorted(
            entries,
            key=lambda e: (order.get(e["kind"], len(order)), e.get("law_number") or "", e["title"]),
        )

    def document(self, doc_id: str, lang: str = DEFAULT_LANGUAGE) -> dict[str, Any]:
        """The public document shape; its reading problems said in `lang`."""
        entry = self.manifest().get(doc_id)
        if entry is None or not entry.indexed:
            raise NotFound("document_not_found", doc_id=doc_id)
        return document_json(entry, self.urls, lang)

    def document_pages(self, doc_id: str) -> list[StoredUnit]:
        """The document's units in order, with their stored text (what search sees)."""
        return self.stored_units(doc_id=doc_id)

    def stored_units(self, **terms: str) -> list[StoredUnit]:
        """The units whose fields hold these terms, in their documents' order."""
        with self.service.searcher() as searcher:
            units = [StoredUnit.from_stored_fields(f) for f in searcher.documents(**terms)]
        return sorted(units, key=lambda unit: unit.order)

    def law_entry(self, law_number: str) -> ManifestEntry:
        for entry in self.manifest().values():
            if entry.kind in LEGISLATION_KINDS and entry.law_number == law_number:
                return entry
        raise NotFound("law_not_found", law_number=law_number)

    def law(self, law_number: str, lang: str = DEFAULT_LANGUAGE) -> dict[str, Any]:
        entry = self.law_entry(law_number)
        articles = self.article_summaries(law_number)
        law = entry.law or {}
        based_on = [asdict(basis) for basis in self.basis_of(entry)]
        regulations = [asdict(regulation) for regulation in self.regulations_based_on(law_number)]
        return {
            **document_json(entry, self.urls, lang),
            "header": law.get("header"),
            "divisions": law.get("divisions", []),
            "amendment_list": law.get("amendment_list", ""),
            "notes": law.get("notes", []),
            "articles": [summary.__dict__ for summary in articles],
            "url": self.urls.law(law_number),
            "based_on": based_on,  # a regulation: the laws it rests on
            "regulations": regulations,  # a law: the regulations resting on it
            "basis_article_url": self.basis_article_url(entry, law_number),
        }

    def basis_article_url(self, entry: ManifestEntry, law_number: str) -> str | None:
        """A regulation's Dayanak article (the one saying what it rests on), when it has one."""
        key = (entry.law or {}).get("basis_article") if entry.kind == "regulation" else None
        return self.urls.article(law_number, key) if key else None

    def basis_of(self, entry: ManifestEntry) -> list[LawBasis]:
        """The laws (and articles) a regulation rests on, linked where the collection has
        them; [] for a law or a regulation that names no basis."""
        laws = self.law_numbers()

        def article_keys(number: str) -> set[str]:
            return {summary.key for summary in self.article_summaries(number)}

        return basis_links(entry, laws, article_keys, self.urls)

    def regulations_based_on(
        self, law_number: str, article_key: str | None = None
    ) -> list[BasedRegulation]:
        """The regulations whose Dayanak names law `law_number` (its article `article_key`,
        when given): they need not be in the collection's laws to be listed."""
        entries = self.manifest().values()
        return regulations_resting_on(entries, law_number, article_key, self.urls)

    def law_numbers(self) -> dict[str, str]:
        """Every law the collection holds: number → title."""
        return {
            entry.law_number: entry.title or ""
            for entry in self.manifest().values()
            if entry.kind == "law" and entry.law_number and entry.indexed
        }

    def article_summaries(self, law_number: str) -> list[ArticleSummary]:
        units = self.stored_units(law_number=law_number)  # a law's or a regulation's
        return [summary_of(unit, self.urls) for unit in units if unit.article_key]

    def article(self, law_number: str, segment: str) -> ArticleView:
        reference = parse_article_segment(segment)
        if reference is None:
            raise NotFound("article_not_understood", segment=segment)
        entry = self.law_entry(law_number)
        with self.service.searcher() as searcher:
            # By its key, or the combined article that covers the number ("29" → "29-30").
            docnum = find_article(searcher, law_number, reference)
            stored = searcher.stored_fields(docnum) if docnum is not None else None
        if stored is None:
            raise NotFound("article_not_found", law_number=law_number, label=reference.short_label)
        unit = StoredUnit.from_stored_fields(stored)
        key, label = unit.article_key or "", unit.article or ""
        summaries = self.article_summaries(law_number)
        position = next(i for i, s in enumerate(summaries) if s.key == key)
        structure = unit.structure
        owner = owner_of(law_number, entry.kind, entry.title)
        view = ArticleView(
            law_number=law_number,
            law_title=entry.title or "",
            doc_id=unit.doc_id,
            label=label,
            key=key,
            title=unit.article_title,
            text=unit.text,
            notes=unit.notes,
            note_numbers=list(structure.note_numbers),
            part=unit.part,
            chapter=unit.chapter,
            book=structure.book,
            page=unit.page,
            page_end=unit.page_end,
            repealed=unit.repealed,
            paragraphs=list(structure.paragraphs),
            amendments=list(structure.amendments),
            previous=summaries[position - 1] if position > 0 else None,
            next=summaries[position + 1] if position + 1 < len(summaries) else None,
            url=self.urls.article(law_number, key),
            pdf_url=self.urls.pdf(unit.doc_id, unit.page),
            law_url=self.urls.law(law_number),
            citation=citation_text(law_number, label, owner),
            kind=entry.kind or "law",
            owner=owner,
        )
        view.references = self.references_in(view)
        view.cited_by = self.cited_by(law_number, view.key)
        view.based_on = [asdict(basis) for basis in self.basis_of(entry)]
        if view.kind == "law":
            view.regulations = [asdict(r) for r in self.regulations_based_on(law_number, view.key)]
        return view

    def reference_resolver(self, current: ArticleView) -> Callable[[Reference], str | None]:
        """Links for cross-references: only to laws and articles the collection holds, and
        never to the article being read."""
        laws = {
            document["law_number"]
            for document in self.documents()
            if document.get("kind") in LEGISLATION_KINDS and document.get("law_number")
        }
        keys: dict[str, set[str]] = {}

        def url_of(reference: Reference) -> str | None:
            number = reference.law_number
            if number is None or number not in laws:
                return None
            if reference.article is None:
                return self.urls.law(number)
            key = reference.article.key
            if number not in keys:
                keys[number] = {summary.key for summary in self.article_summaries(number)}
            if key not in keys[number] or (number, key) == (current.law_number, current.key):
                return None
            return self.urls.article(number, key)

        return url_of

    def manifest_version(self) -> tuple[Path, float] | None:
        """What changes when the collection changes (the manifest's path and time)."""
        self.manifest()
        with self._lock:
            return self._manifest_mtime

    def cited_by(self, law_number: str, key: str) -> list[CitingArticle]:
        """The articles that refer to article `key` of `law_number`, in law and article order
        (read from every law article once per index version)."""
        return self._citations().get((law_number, key), [])

    def _citations(self) -> dict[tuple[str, str], list[CitingArticle]]:
        version = self.manifest_version()
        with self._lock:
            if self._citations_version == version:
                return self._citations_by_target
        articles = [
            (unit.law_number, unit.article_key, unit)
            for kind in LEGISLATION_KINDS
            for unit in self.stored_units(kind=kind)
            if unit.law_number and unit.article_key
        ]
        articles.sort(key=lambda article: (len(article[0]), article[0], article[2].order))
        found: dict[tuple[str, str], list[CitingArticle]] = {}
        keys = {(number, key) for number, key, _ in articles}
        for number, key, unit in articles:
            citing = CitingArticle(
                number,
                key,
                unit.article or "",
                unit.article_title,
                self.urls.article(number, key),
                unit.kind,
                unit.doc_title,
            )
            targets = {
                (reference.law_number, reference.article.key)
                for reference in find_references(unit.text, number, self.service.aliases)
                if reference.law_number and reference.article is not None
            }
            for target in sorted(targets & keys):
                if target != (number, key):
                    found.setdefault(target, []).append(citing)
        with self._lock:
            self._citations_by_target, self._citations_version = found, version
        return found

    def references_in(self, view: ArticleView) -> list[dict[str, Any]]:
        """Cross-references in the article's text, with a URL where the target is here."""
        url_of = self.reference_resolver(view)
        return [
            {
                "text": view.text[reference.start : reference.end],
                "start": reference.start,
                "end": reference.end,
                "law_number": reference.law_number,
                "article": reference.article.short_label if reference.article else None,
                "url": url_of(reference),
            }
            for reference in find_references(view.text, view.law_number, self.service.aliases)
        ]


def owner_of(law_number: str, kind: str | None, title: str | None) -> str:
    """What the citations of a law's or a regulation's articles start with."""
    return citation_owner(law_number, (title or law_number) if kind == "regulation" else None)


def citation_text(law_number: str, label: str, owner: str | None = None) -> str:
    """How a lawyer cites the article: `6458 sayılı Kanun m. 91`, `geçici m. 1`, `ek m. 2`;
    a regulation (no number) by its name (`owner`): `… Dair Yönetmelik m. 8`."""
    owner = owner or citation_owner(law_number)
    if label.startswith("Geçici "):
        return f"{owner} geçici m. {label.split(' ', 1)[1]}"
    if label.startswith("Ek "):
        return f"{owner} ek m. {label.split(' ', 1)[1]}"
    return f"{owner} m. {label}"


def summary_of(unit: StoredUnit, urls: Urls = ROOT) -> ArticleSummary:
    key = unit.article_key or ""
    return ArticleSummary(
        label=unit.article or "",
        key=key,
        title=unit.article_title,
        repealed=unit.repealed,
        page=unit.page,
        part=unit.part,
        chapter=unit.chapter,
        url=urls.article(unit.law_number or "", key),
    )


def document_json(
    entry: ManifestEntry, urls: Urls = ROOT, lang: str = DEFAULT_LANGUAGE
) -> dict[str, Any]:
    """A manifest entry as the public document shape (never the password or local path);
    its reading problems (typed in the manifest) are said in `lang`."""
    doc_id = entry.doc_id
    return {
        "doc_id": doc_id,
        "source": entry.source,
        "title": entry.title or doc_id,
        "kind": entry.kind or "report",
        "lang": entry.lang or "tr",
        "year": entry.year,
        "date": entry.date,
        "publisher": entry.publisher,
        "law_number": entry.law_number,
        "source_url": entry.source_url,
        "author": entry.author,
        "page_count": entry.page_count,
        "unit_count": entry.unit_count,
        "ocr_pages": entry.ocr_pages,
        "problems": [notice_message(notice, lang) for notice in entry.problems],
        "indexed_at": entry.indexed_at,
        "url": urls.law(entry.law_number)
        if entry.kind in LEGISLATION_KINDS and entry.law_number
        else urls.document(doc_id),
        "pdf_url": urls.pdf(doc_id),
    }
