"""The one search function: a `SearchRequest` in, a `SearchResult` out.

The JSON API, the HTML pages, the CLI and the evaluation all call `SearchService.search`.
The service keeps its searchers open across requests (`search_api.search.searchers`) and
picks up a new commit in the background, never opening the index per request.

Results are plain data: hits carry their passage as marked runs (`Snippet`) and the unit they
come from (doc_id, law_number, article_key, page); notices are a message key with its
parameters. HTML, URLs and sentences are made by the web layer (and the CLI).
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import Any, Literal

import numpy as np
from whoosh import query as wq
from whoosh.searching import Searcher

from indexer.analysis import analyze
from indexer.index import FACET_FIELDS, IndexStore, StoredUnit
from indexer.laws import Citation, LawAliases, load_law_aliases
from search_api.search.citations import (
    as_law_entry,
    at_paragraph,
    cited_units,
    read_citation,
)
from search_api.search.dictionary import (
    TURKISH_FIELD,
    BilingualDictionary,
    DictionaryLookup,
    load_dictionary,
)
from search_api.search.glossary import Glossary, load_glossary
from search_api.search.matches import Matches
from search_api.search.parsing import MAX_QUERY_CHARS, clean_query_text, parse_user_query
from search_api.search.query import plan_query
from search_api.search.ranking import DEFAULT_RANKING, RankingConfig
from search_api.search.results import DocumentGroup, FacetValue, Hit, SearchRequest, SearchResult
from search_api.search.searchers import LiveIndex
from search_api.search.snippets import MatchForms, make_snippet, match_forms
from search_api.search.suggest import suggest
from search_api.search.vocabulary import Vocabulary

MAX_PER_PAGE = 50  # the default largest page size (Settings `per_page_max`)


SORTS = ("relevance", "date")
GROUP_HITS = 3  # best units shown under each document when grouping


class SearchService:
    """The search over one index. Thread-safe without a lock: each search reads with a
    searcher of its own, of the newest index version opened (see `LiveIndex`)."""

    def __init__(
        self,
        store: IndexStore,
        aliases: LawAliases | None = None,
        ranking: RankingConfig = DEFAULT_RANKING,
        glossary: Glossary | None = None,
        per_page_max: int = MAX_PER_PAGE,
        max_query_chars: int = MAX_QUERY_CHARS,
        dictionary: BilingualDictionary | Literal["default"] | None = "default",
    ) -> None:
        self.store = store
        self.per_page_max = per_page_max
        self.max_query_chars = max_query_chars
        self.aliases = aliases or load_law_aliases()
        self.ranking = ranking
        self.glossary = glossary if glossary is not None else load_glossary()
        self.dictionary = load_dictionary() if dictionary == "default" else dictionary
        self.weighting = ranking.weighting()
        self.live = LiveIndex(lambda: store.index, self.weighting)  # the served generation

    @contextmanager
    def searcher(self) -> Iterator[Searcher]:
        """A searcher of the newest index version opened, for this thread alone while held."""
        with self.live.searcher() as (searcher, _):
            yield searcher

    def refresh(self) -> None:
        """Make the latest commit searchable now (a writer in this process, after its change);
        otherwise searches pick commits up in the background."""
        self.live.refresh()

    def close(self) -> None:
        self.live.close()

    def _dictionary_over(self, searcher: Searcher) -> DictionaryLookup | None:
        ranking = self.ranking
        if self.dictionary is None or ranking.dictionary_translations <= 0:
            return None
        if ranking.dictionary_weight <= 0 or TURKISH_FIELD not in searcher.schema:
            return None
        return DictionaryLookup(
            self.dictionary,
            searcher.reader(),
            searcher.schema[TURKISH_FIELD].analyzer,
            ranking.dictionary_translations,
            ranking.dictionary_weight,
        )

    # -- the search function ---------------------------------------------------------------

    def search(self, request: SearchRequest) -> SearchResult:
        """Search under this service's limits: the query cut to `max_query_chars` (cleaned
        as the pages clean it), at most `per_page_max` hits a page, whoever asks."""
        started = time.perf_counter()
        request = dataclasses.replace(request, q=clean_query_text(request.q, self.max_query_chars))
        page = max(1, min(request.page, 1000))
        per_page = max(1, min(request.per_page, self.per_page_max))
        with self.live.searcher() as (searcher, version):
            citation = (
                read_citation(request.q, self.aliases, request.law, version.regulations)
                if request.q
                else None
            )
            citing = cited_units(searcher, citation, request.q)
            cited, notice = citing.docnums, citing.notice
            parsed = parse_user_query(citing.text)
            vocabulary = version.vocabulary
            weights = self.ranking.title_fields if request.titles_only else None
            glossary = self.glossary if request.translate else None
            plan = plan_query(
                searcher.schema,
                parsed,
                self.ranking,
                vocabulary.spellings,
                glossary,
                weights,
                self._dictionary_over(searcher) if request.translate else None,
            )
            filters = self._filters(
                replace(request, law=citing.law_number or request.law), searcher
            )
            mask = None if request.include_repealed else wq.Term("repealed", True)
            allowed = version.filters.units(filters, searcher) if filters is not None else None
            hidden = version.filters.units(mask, searcher) if mask is not None else None
            results = Matches.of(plan.query, searcher, allowed, hidden)
            every = request.sort == "date" or request.group_by_document
            cited_docnums = {*cited, *citing.law_articles}
            # Repealed articles (when shown at all) rank by their score like the others; sort
            # on document numbers, and load stored fields only for the page being shown.
            newest = year_key(searcher) if request.sort == "date" else None
            ranked = results.best(
                None if every else page * per_page + len(cited), cited_docnums, newest
            )
            listed = [(docnum, 0.0, "citation") for docnum in cited]
            if citing.law_docnum is not None:  # a law named alone: the law, then its articles
                listed.insert(0, (citing.law_docnum, 0.0, "law"))
                listed += [(docnum, 0.0, "article") for docnum in citing.law_articles]
            listed += [(docnum, score, "text") for docnum, score in ranked]
            grouped: list[list[tuple[int, float, str]]] = []
            if request.group_by_document:
                documents = version.facets.members("doc_id", results.docnums.tolist())
                grouped = group_listed(listed, documents)
            # The words to mark in snippets: a citation's own words in the articles it names.
            marked = {
                "citation": match_forms([citation.remainder] if citation else []),
                "text": match_forms(plan.marked_words),
                "law": match_forms([]),
                "article": match_forms([]),
            }
            start = (page - 1) * per_page

            def hit_of(docnum: int, score: float, match: str) -> Hit:
                hit = self._stored_hit(searcher.stored_fields(docnum), marked[match], score, match)
                if match == "law":
                    return as_law_entry(hit)
                return at_paragraph(hit, citing.anchor) if match == "citation" else hit

            found = [hit_of(*item) for item in listed[start : start + per_page]]
            groups = []
            for members in grouped[start : start + per_page]:
                best = [hit_of(*item) for item in members[:GROUP_HITS]]
                more = len(members) - len(best)
                groups.append(DocumentGroup(best[0].doc_id, best[0].title, best, more))
            if request.group_by_document:
                found = [hit for group in groups for hit in group.hits]
            matched = results.scores
            total = len(results) + sum(1 for d in cited_docnums if d not in matched)
            total += citing.law_docnum is not None
            facet_counts = {
                name: sorted(
                    (FacetValue(value, count)
                     for value, count in version.facets.counts(name, matched.docnums).items()),
                    key=lambda fv: (-fv.count, fv.value),
                )
                for name in FACET_FIELDS
            }  # fmt: skip
            suggestion = (
                self._suggestion(
                    searcher, request.q, vocabulary, allowed, hidden, plan.glossary_words
                )
                if request.q and not cited
                else None
            )
        return SearchResult(
            query=request.q,
            total=total,
            page=page,
            per_page=per_page,
            took_ms=round((time.perf_counter() - started) * 1000, 2),
            hits=found,
            facets=facet_counts,
            notice=notice,
            citation=citation_summary(citation),
            suggestion=suggestion,
            translations=plan.translations,
            groups=groups,
            total_groups=len(grouped),
        )

    def words_to_mark(self, text: str, translate: bool = True) -> MatchForms:
        """The forms of every word a search for `text` looks for, to mark them on the page a
        hit opens (its article, its report page)."""
        with self.live.searcher() as (searcher, version):
            spellings = version.vocabulary.spellings
            glossary = self.glossary if translate else None
            dictionary = self._dictionary_over(searcher) if translate else None
            plan = plan_query(
                searcher.schema,
                parse_user_query(text),
                self.ranking,
                spellings,
                glossary,
                dictionary=dictionary,
            )
        return match_forms(plan.marked_words)

    def _suggestion(
        self,
        searcher: Searcher,
        text: str,
        vocabulary: Vocabulary,
        allowed: np.ndarray | None,
        hidden: np.ndarray | None,
        known: set[str],
    ) -> str | None:
        """The corrected query, if any word needs correcting and the correction finds units."""
        reader = searcher.reader()
        schema = searcher.schema

        def stem_known(word: str) -> bool:
            return any(
                reader.doc_frequency(name, term) > 0
                for name in ("body_tr", "body_en")
                for term in analyze(schema[name].analyzer, word)
            )

        corrected = suggest(text, vocabulary, stem_known, known)
        if corrected is None:
            return None
        plan = plan_query(schema, parse_user_query(corrected), self.ranking, vocabulary.spellings)
        return corrected if Matches.of(plan.query, searcher, allowed, hidden) else None

    def _filters(self, request: SearchRequest, searcher: Searcher) -> wq.Query | None:
        terms: list[wq.Query] = []
        if request.kind:
            terms.append(wq.Term("kind", request.kind))
        if request.law:
            terms.append(wq.Term("law_number", request.law))
        if request.lang:
            terms.append(wq.Term("lang", request.lang))
        if request.year_from is not None or request.year_to is not None:
            terms.append(year_filter(searcher, request.year_from, request.year_to))
        if not terms:
            return None
        return terms[0] if len(terms) == 1 else wq.And(terms)

    def _stored_hit(
        self, stored: dict[str, Any], forms: MatchForms, score: float, match: str
    ) -> Hit:
        unit = StoredUnit.from_stored_fields(stored)
        snippet = make_snippet(unit.text, forms, unit.lang)
        passage_page = (
            unit.structure.page_at(snippet.start, unit.page) if unit.page_end > unit.page else None
        )
        return Hit(
            unit_id=unit.unit_id,
            doc_id=unit.doc_id,
            source=unit.source,
            title=unit.doc_title,
            kind=unit.kind,
            lang=unit.lang,
            law_number=unit.law_number,
            article=unit.article,
            article_key=unit.article_key,
            article_title=unit.article_title,
            page=unit.page,
            snippet=snippet,
            score=round(float(score), 4),
            match=match,
            repealed=unit.repealed,
            ocr=unit.ocr,
            passage_page=passage_page if unit.article_key else None,
        )


def year_filter(searcher: Searcher, first: int | None, last: int | None) -> wq.Query:
    """The units of the years in [first, last] (either open), as the index's own year terms:
    Whoosh's NumericRange on the 32-bit year field matches every unit when the range starts
    low (`year_to=2010` alone found the 2026 reports). A reversed range, or one outside every
    year held, matches nothing; no bound is too large."""
    low, high = first if first is not None else 0, last if last is not None else 10**9
    years = [
        wq.Term("year", year)
        for year in (str(term) for term in searcher.reader().field_terms("year"))
        if year.isdigit() and low <= int(year) <= high
    ]
    return wq.Or(years) if years else wq.NullQuery


def year_key(searcher: Searcher) -> Callable[[int], int]:
    """Sort key of a unit by its document's year, newest first (no year: last)."""
    column = searcher.reader().column_reader("year")

    def key(docnum: int) -> int:
        value = str(column[docnum] or "")
        return -int(value) if value.isdigit() else 0

    return key


def group_listed(
    listed: list[tuple[int, float, str]], members: dict[Any, list[int]]
) -> list[list[tuple[int, float, str]]]:
    """The listed units by document, documents in the order of their best unit."""
    document_of = {docnum: doc_id for doc_id, docnums in members.items() for docnum in docnums}
    groups: dict[Any, list[tuple[int, float, str]]] = {}
    for item in listed:
        groups.setdefault(document_of.get(item[0], item[0]), []).append(item)
    return list(groups.values())


def citation_summary(citation: Citation | None) -> dict[str, Any] | None:
    if citation is None:
        return None
    return {
        "law_number": citation.law_number,
        "articles": [article.short_label for article in citation.articles],
        "paragraph": citation.paragraph,
        "item": citation.item,
    }
