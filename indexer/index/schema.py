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
from typing import Any

from whoosh import fields

from indexer.analysis import (
    ANALYSIS_VERSION,
    content_word_count,
    english_stem_analyzer,
    exact_analyzer,
    prefix_analyzer,
    surface_analyzer,
    turkish_stem_analyzer,
)
from indexer.models import SearchUnit

SCHEMA_VERSION = "6"  # 6: article text as the law prints it (markers, paragraphs)
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


def unit_fields(unit: SearchUnit, source: str) -> dict[str, Any]:
    """A search unit as Whoosh document fields."""
    own_title, heading = unit_headings(unit)
    stemmed_body = "body_en" if unit.lang == "en" else "body_tr"
    stemmed_heading = "heading_en" if unit.lang == "en" else "heading_tr"
    stemmed_title = "title_en" if unit.lang == "en" else "title_tr"
    fields: dict[str, Any] = {
        "unit_id": unit.unit_id,
        "doc_id": unit.doc_id,
        "kind": unit.kind,
        "lang": unit.lang,
        "article": unit.article,
        "article_title": unit.article_title,
        "doc_title": unit.doc_title,
        "source": source,
        "page": unit.page,
        "page_end": unit.page_end or unit.page,
        "order": unit.order,
        "repealed": unit.repealed,
        "ocr": unit.ocr,
        "text": unit.text,
        "payload": json.dumps(
            {
                "notes": unit.notes,
                "part": unit.part,
                "chapter": unit.chapter,
                "structure": json.loads(unit.payload) if unit.payload else None,
            },
            ensure_ascii=False,
        ),
        "body": unit.text,
        "surface": f"{heading}\n{unit.text}",
        stemmed_body: unit.text,
        "body_prefix": unit.text,
        "heading": heading,
        stemmed_heading: heading,
        "heading_prefix": heading,
        stemmed_title: own_title,
        "title_prefix": own_title,
        "title_words": content_word_count(own_title),
        "notes": " ".join(unit.notes),
    }
    if unit.law_number:
        fields["law_number"] = unit.law_number
    if unit.article_key:
        fields["article_key"] = unit.article_key
    if unit.year is not None:
        fields["year"] = str(unit.year)
        fields["year_number"] = unit.year
    return fields
