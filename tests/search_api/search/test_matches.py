"""Facet counts, filters and paging without Whoosh's collector, on the real corpus index."""

from __future__ import annotations

import numpy as np
from whoosh import query as wq

from indexer.index import FACET_FIELDS, IndexStore
from search_api.search import SearchRequest, SearchService
from search_api.search.matches import FacetTable, Matches
from search_api.search.vectors import ScoreVector, mask_of


def test_facet_counts_over_every_unit_are_the_terms_document_frequencies(
    corpus_store: IndexStore,
) -> None:
    with corpus_store.index.searcher() as searcher:
        reader = searcher.reader()
        table = FacetTable.from_reader(reader, FACET_FIELDS)
        every = list(reader.all_doc_ids())
        for name in FACET_FIELDS:
            expected = {
                str(term): reader.doc_frequency(name, term) for term in reader.field_terms(name)
            }
            assert table.counts(name, np.array(every)) == expected


def test_search_facets_count_the_filtered_matches(search_service: SearchService) -> None:
    result = search_service.search(SearchRequest(q="göç", kind="law"))
    assert result.total > 0
    assert {fv.value: fv.count for fv in result.facets["kind"]} == {"law": result.total}
    assert sum(fv.count for fv in result.facets["law_number"]) == result.total


def test_best_pages_in_score_order_with_ties_in_index_order() -> None:
    matches = Matches(ScoreVector.from_mapping({5: 1.0, 3: 2.0, 9: 1.0, 1: 0.5}))
    assert matches.best(None) == [(3, 2.0), (5, 1.0), (9, 1.0), (1, 0.5)]
    assert matches.best(2, leaving_out={3}) == [(5, 1.0), (9, 1.0)]


def test_filters_and_mask_are_applied(corpus_store: IndexStore) -> None:
    with corpus_store.index.searcher() as searcher:
        laws = frozenset(searcher.docs_for_query(wq.Term("kind", "law")))
        law_mask = mask_of(laws, searcher.doc_count_all())
        query = wq.Term("body_tr", "goc")
        every = Matches.of(query, searcher)
        only_laws = Matches.of(query, searcher, allowed=law_mask)
        no_laws = Matches.of(query, searcher, hidden=law_mask)
        assert set(only_laws.scores) == set(every.scores) & laws
        assert set(no_laws.scores) == set(every.scores) - laws
        assert only_laws.scores and no_laws.scores
