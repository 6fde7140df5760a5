"""The Whoosh schema and the version stamp that says when the index must be rebuilt.

Search fields, each with one analyzer used at both index and query time:
- `body`: exact words (lowercased, diacritics folded): phrases and the exact-form bonus;
- `surface`: the words as written (lowercased, not folded), body and headings: prefers `sınır`
  to `sinir` when the query has Turkish letters, and its lexicon restores them when it has not
  (and spells the "did you mean" suggestion);
- `body_tr` / `body_en`: stemmed with the unit's language (Turkish or English);
- `body_prefix`: folded 5-letter prefixes, robust to suffixes and missing diacritics;
- `heading` / `heading_tr` / `heading_en` / `heading_prefix`: an article's title and its
  law's title, or a report's title on its pages; weighted up;
- `title_tr` / `title_en` / `title_prefix` and `title_words`: the unit's own title alone (an
  article's, without its law's) and its length in content words, not scored by themselves:
  they tell how much of its own title a query covers (`search_api.search.coordination.TitleMatch`);
- `notes`: footnotes and amendment notes.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from whoosh import fields

from indexer.analysis import (
    ANALYSIS_VERSION,
    content_word_count,
    english_stem_analyzer,
    exact_analyzer,
    index_terms,
    prefix_analyzer,
    surface_analyzer,
    turkish_stem_analyzer,
)
from indexer.laws import ArticleStructure
from indexer.models import SearchUnit

SCHEMA_VERSION = "9"  # 9: a regulation's decrees and Dayanak article (8: page starts)
INDEX_VERSION = f"schema-{SCHEMA_VERSION}+analysis-{ANALYSIS_VERSION}"

FACET_FIELDS = ("kind", "law_number", "lang", "year")


def build_schema() -> fields.Schema:
    exact = exact_analyzer()
    turkish = turkish_stem_analyzer()
    english = english_stem_analyzer()
    prefix = prefix_analyzer()
    return fields.Schema(
        unit_id=fields.ID(stored=True, unique=True),
        doc_id=fields.ID(stored=True),
        kind=fields.ID(stored=True, sortable=True),
        lang=fields.ID(stored=True, sortable=True),
        law_number=fields.ID(stored=True, sortable=True),
        year=fields.ID(stored=True, sortable=True),
        year_number=fields.NUMERIC(int, bits=32, stored=False, signed=False),
        article=fields.STORED(),
        article_key=fields.ID(stored=True),
        article_title=fields.STORED(),
        doc_title=fields.STORED(),
        source=fields.STORED(),
        page=fields.NUMERIC(int, stored=True),
        page_end=fields.STORED(),
        order=fields.NUMERIC(int, stored=True, sortable=True),
        repealed=fields.BOOLEAN(stored=True),
        ocr=fields.BOOLEAN(stored=True),
        text=fields.STORED(),
        payload=fields.STORED(),
        body=fields.TEXT(analyzer=exact, phrase=True),
        surface=fields.TEXT(analyzer=surface_analyzer(), phrase=False),
        body_tr=fields.TEXT(analyzer=turkish, phrase=True),
        body_en=fields.TEXT(analyzer=english, phrase=True),
        body_prefix=fields.TEXT(analyzer=prefix, phrase=False),
        heading=fields.TEXT(analyzer=exact, phrase=True),
        heading_tr=fields.TEXT(analyzer=turkish, phrase=False),
        heading_en=fields.TEXT(analyzer=english, phrase=False),
        heading_prefix=fields.TEXT(analyzer=prefix, phrase=False),
        title_tr=fields.TEXT(analyzer=turkish, phrase=False),
        title_en=fields.TEXT(analyzer=english, phrase=False),
        title_prefix=fields.TEXT(analyzer=prefix, phrase=False),
        # Content words in the unit's own title: how much of it a query covers.
        title_words=fields.NUMERIC(int, bits=32, stored=False, signed=False, sortable=True),
        notes=fields.TEXT(analyzer=turkish, phrase=False),
    )


def unit_headings(unit: SearchUnit) -> tuple[str, str]:
    """A unit's own title, and its heading: an article's title with its law's title after it
    (so "uluslararası koruma başvurusu" finds `Başvuru` in the Uluslararası Koruma law), or a
    report's title on each of its pages."""
    if not unit.article:
        return unit.doc_title, unit.doc_title
    own = unit.article_title or ""
    return own, " ".join(part for part in (own, unit.doc_title) if part)


@dataclass(frozen=True)
class StoredUnit:
    """A unit as the index stores it: what search, the library and the pages read back.

    `stored_fields` and `from_stored_fields` are the one encoder and decoder of Whoosh's
    stored fields. The notes, part, chapter and article structure travel as one JSON
    `payload`, decoded only when one of them is read (a search reads thousands of units'
    other fields and none of these)."""

    unit_id: str
    doc_id: str
    kind: str
    lang: str
    doc_title: str
    source: str  # the PDF's file name
    text: str
    page: int  # where the unit starts, 1-based
    page_end: int  # where it ends (its first page when it fits on one)
    order: int  # position in its document
    law_number: str | None = None
    year: int | None = None
    article: str | None = None  # "91", "57/A", "Geçici 1"
    article_key: str | None = None  # "91", "57/a", "g1"
    article_title: str | None = None
    repealed: bool = False
    ocr: bool = False
    payload: str = "{}"  # JSON: notes, part, chapter, structure

    @classmethod
    def of(cls, unit: SearchUnit, source: str) -> StoredUnit:
        payload = {
            "notes": unit.notes,
            "part": unit.part,
            "chapter": unit.chapter,
            "structure": unit.structure.to_json() if unit.structure else None,
        }
        return cls(
            unit_id=unit.unit_id,
            doc_id=unit.doc_id,
            kind=unit.kind,
            lang=unit.lang,
            doc_title=unit.doc_title,
            source=source,
            text=unit.text,
            page=unit.page,
            page_end=unit.page_end or unit.page,
            order=unit.order,
            law_number=unit.law_number,
            year=unit.year,
            article=unit.article,
            article_key=unit.article_key,
            article_title=unit.article_title,
            repealed=unit.repealed,
            ocr=unit.ocr,
            payload=json.dumps(payload, ensure_ascii=False),
        )

    def stored_fields(self) -> dict[str, Any]:
        """The stored fields Whoosh keeps (the ID fields only when they have a value)."""
        stored: dict[str, Any] = {
            "unit_id": self.unit_id,
            "doc_id": self.doc_id,
            "kind": self.kind,
            "lang": self.lang,
            "article": self.article,
            "article_title": self.article_title,
            "doc_title": self.doc_title,
            "source": self.source,
            "page": self.page,
            "page_end": self.page_end,
            "order": self.order,
            "repealed": self.repealed,
            "ocr": self.ocr,
            "text": self.text,
            "payload": self.payload,
        }
        if self.law_number:
            stored["law_number"] = self.law_number
        if self.article_key:
            stored["article_key"] = self.article_key
        if self.year is not None:
            stored["year"] = str(self.year)
        return stored

    @classmethod
    def from_stored_fields(cls, stored: Mapping[str, Any]) -> StoredUnit:
        page = int(stored.get("page") or 1)
        year = stored.get("year")
        return cls(
            unit_id=stored["unit_id"],
            doc_id=stored["doc_id"],
            kind=stored.get("kind") or "report",
            lang=stored.get("lang") or "tr",
            doc_title=stored.get("doc_title") or "",
            source=stored.get("source") or "",
            text=stored.get("text") or "",
            page=page,
            page_end=max(page, int(stored.get("page_end") or page)),
            order=int(stored.get("order") or 0),
            law_number=stored.get("law_number"),
            year=int(year) if year else None,
            article=stored.get("article"),
            article_key=stored.get("article_key"),
            article_title=stored.get("article_title"),
            repealed=bool(stored.get("repealed")),
            ocr=bool(stored.get("ocr")),
            payload=stored.get("payload") or "{}",
        )

    @cached_property
    def _decoded_payload(self) -> dict[str, Any]:
        try:
            payload = json.loads(self.payload)
        except ValueError:
            return {}
        return payload if isinstance(payload, dict) else {}

    @property
    def notes(self) -> list[str]:
        return list(self._decoded_payload.get("notes") or [])

    @property
    def part(self) -> str | None:
        return self._decoded_payload.get("part")

    @property
    def chapter(self) -> str | None:
        return self._decoded_payload.get("chapter")

    @property
    def structure(self) -> ArticleStructure:
        """An article's structure (paragraphs, amendments, note numbers, book); empty for a
        report's page."""
        return ArticleStructure.from_json(self._decoded_payload.get("structure"))


def unit_texts(unit: SearchUnit) -> dict[str, str]:
    """The text each search field of a unit indexes (Whoosh analyses these with the fields'
    analyzers when given them; `unit_fields` gives their terms instead)."""
    own_title, heading = unit_headings(unit)
    stemmed = "_en" if unit.lang == "en" else "_tr"
    return {
        "body": unit.text,
        "surface": f"{heading}\n{unit.text}",
        f"body{stemmed}": unit.text,
        "body_prefix": unit.text,
        "heading": heading,
        f"heading{stemmed}": heading,
        "heading_prefix": heading,
        f"title{stemmed}": own_title,
        "title_prefix": own_title,
        "notes": " ".join(unit.notes),
    }


def unit_fields(unit: SearchUnit, source: str) -> dict[str, Any]:
    """A search unit as Whoosh document fields: its stored fields and its search fields.

    The search fields are given as their analysed terms (`indexer.analysis.index_terms`, one
    tokenisation of each text for all of its fields), which Whoosh indexes exactly as it would
    index `unit_texts` through each field's analyzer."""
    own_title, heading = unit_headings(unit)
    english = unit.lang == "en"
    stemmed = "_en" if english else "_tr"
    body = index_terms(unit.text, english)
    head = index_terms(heading, english)
    title = index_terms(own_title, english)
    fields: dict[str, Any] = {
        **StoredUnit.of(unit, source).stored_fields(),
        "body": body.exact,
        "surface": head.surface + body.surface,
        f"body{stemmed}": body.stemmed,
        "body_prefix": body.prefix,
        "heading": head.exact,
        f"heading{stemmed}": head.stemmed,
        "heading_prefix": head.prefix,
        f"title{stemmed}": title.stemmed,
        "title_prefix": title.prefix,
        "title_words": content_word_count(own_title),
        "notes": index_terms(" ".join(unit.notes)).stemmed,
    }
    if unit.year is not None:
        fields["year_number"] = unit.year
    return fields
