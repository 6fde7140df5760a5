"""Tests for indexer.analysis.indexing: one tokenisation gives each analyzer's own terms, and
a unit indexed from them has the postings it has when Whoosh analyses its text."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh import index

from indexer.analysis import (
    analyze,
    english_stem_analyzer,
    exact_analyzer,
    index_terms,
    prefix_analyzer,
    surface_analyzer,
    turkish_stem_analyzer,
)
from indexer.index import unit_fields
from indexer.index.schema import build_schema, unit_texts
from indexer.models import SearchUnit

LAW_TEXTS = Path(__file__).resolve().parents[3].parent / "shared" / "testdata" / "law-texts"
# Letters, Turkish capitals, digits, apostrophes, footnote marks, soft hyphens, zero-width
# joiners, combining marks, superscripts and ligatures: every branch of the tokenizer.
ALPHABET = (
    "aAçÇğĞıIİiöÖşŞüÜâéxyz0123456789 \n.,;:/'’ʼ´‘-"
    "\u00ad\u200b\u200d\ufeff\u0307\u0301²¹ﬁ\ue000\ue001"
)


def analyzers_terms(text: str, english: bool) -> tuple[list[str], ...]:
    stem = english_stem_analyzer() if english else turkish_stem_analyzer()
    return (
        analyze(surface_analyzer(), text),
        analyze(exact_analyzer(), text),
        analyze(stem, text),
        analyze(prefix_analyzer(), text),
    )


def one_pass_terms(text: str, english: bool) -> tuple[list[str], ...]:
    terms = index_terms(text, english)
    return terms.surface, terms.exact, terms.stemmed, terms.prefix


@settings(max_examples=300)
@given(st.text(alphabet=ALPHABET, max_size=80), st.booleans())
def test_one_pass_makes_every_analyzers_terms(text: str, english: bool) -> None:
    assert one_pass_terms(text, english) == analyzers_terms(text, english)


@pytest.mark.parametrize("path", sorted(LAW_TEXTS.glob("*.md")), ids=lambda path: path.name)
def test_one_pass_makes_the_analyzers_terms_of_real_law_texts(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    for english in (False, True):
        expected = analyzers_terms(text, english)
        assert expected[0], "the law text has words"
        assert one_pass_terms(text, english) == expected


ARTICLE = SearchUnit(
    unit_id="law:6458:91", doc_id="6458", kind="law", lang="tr", page=40, order=91,
    year=2013, doc_title="Yabancılar ve Uluslararası Koruma Kanunu",
    text="(1) Geçici koruma, Türkiye'ye SINIR dışı edilenlere sağlanabilir; 57/A maddesi.",
    law_number="6458", article="91", article_key="91", article_title="Geçici koruma",
    notes=["¹ Değişik: 6/12/2016-6757/2 md.", "İptal: Anayasa Mahkemesi"],
)  # fmt: skip
PAGE = SearchUnit(
    unit_id="doc:rapor:p3", doc_id="rapor", kind="report", lang="en", page=3, order=3,
    doc_title="Refugees in Cities", text="Municipalities' services for refugees, 2019 figures.",
)  # fmt: skip


def fields_as_text(unit: SearchUnit) -> dict[str, object]:
    """The unit's fields with its texts given whole, for Whoosh's analyzers to analyse."""
    return {**unit_fields(unit, "s.pdf"), **unit_texts(unit)}


def postings_of(folder: Path, documents: list[dict[str, object]]) -> dict[object, object]:
    folder.mkdir()
    ix = index.create_in(str(folder), build_schema())
    with ix.writer() as writer:
        for document in documents:
            writer.add_document(**document)
    with ix.reader() as reader:
        found: dict[object, object] = {}
        for fieldname, text in reader.all_terms():
            matcher = reader.postings(fieldname, text)
            postings = []
            while matcher.is_active():
                postings.append((matcher.id(), matcher.weight(), matcher.value()))
                matcher.next()
            found[fieldname, text] = postings
        for docnum in range(reader.doc_count_all()):
            for fieldname in reader.indexed_field_names():
                found[docnum, fieldname] = reader.doc_field_length(docnum, fieldname)
        return found


def test_a_unit_indexed_from_its_terms_has_the_postings_of_its_analysed_texts(
    tmp_path: Path,
) -> None:
    units = [ARTICLE, PAGE]
    from_terms = postings_of(tmp_path / "terms", [unit_fields(u, "s.pdf") for u in units])
    from_texts = postings_of(tmp_path / "texts", [fields_as_text(u) for u in units])
    assert ("body_tr", b"turkiye") in from_texts and ("body_en", b"refuge") in from_texts
    assert from_terms == from_texts
