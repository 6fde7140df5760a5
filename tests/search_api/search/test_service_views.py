"""The ways a result can be asked for, through the real corpus index and `SearchService`:
exclusions alone, newest first, one entry per document, and the glossary's added words."""

from __future__ import annotations

import re

from indexer.analysis import turkish_lower
from search_api.search import SearchRequest, SearchService
from search_api.web.library import Library


def test_only_exclusions_list_every_unit_without_the_word(search_service: SearchService) -> None:
    everything = search_service.search(SearchRequest(q="-zzzyokkelime", include_repealed=True))
    listed: list[str] = []
    for page in range(1, 20):
        request = SearchRequest(q="-göç", include_repealed=True, per_page=50, page=page)
        result = search_service.search(request)
        listed += [hit.unit_id for hit in result.hits]
        assert not any(run.marked for hit in result.hits for run in hit.snippet.runs)
        if page * 50 >= result.total:
            break
    assert len(listed) == result.total < everything.total
    with search_service.searcher() as searcher:
        texts = {
            unit["unit_id"]: turkish_lower(unit.get("text", "")) for unit in searcher.documents()
        }
    containing = {unit_id for unit_id, text in texts.items() if re.search(r"\bgöç\b", text)}
    assert containing and not containing & set(listed)
    assert set(listed) | containing <= set(texts)


def test_date_sort_lists_the_newest_documents_first(search_service: SearchService) -> None:
    years = {
        document["doc_id"]: document.get("year") for document in Library(search_service).documents()
    }
    relevance = search_service.search(SearchRequest(q="göç", per_page=50))
    newest = search_service.search(SearchRequest(q="göç", per_page=50, sort="date"))
    assert {hit.unit_id for hit in newest.hits} == {hit.unit_id for hit in relevance.hits}
    listed = [years[hit.doc_id] for hit in newest.hits]
    known = [year for year in listed if year is not None]
    assert known == sorted(known, reverse=True) and len(set(known)) > 1
    assert listed != [years[hit.doc_id] for hit in relevance.hits]


def test_grouping_gives_one_entry_per_document_with_its_best_units(
    search_service: SearchService,
) -> None:
    flat = search_service.search(SearchRequest(q="göç", per_page=50))
    grouped = search_service.search(SearchRequest(q="göç", group_by_document=True))
    documents = list(dict.fromkeys(hit.doc_id for hit in flat.hits))
    assert [group.doc_id for group in grouped.groups] == documents[: len(grouped.groups)]
    assert grouped.total_groups == len(documents)
    for group in grouped.groups:
        in_flat = [hit.unit_id for hit in flat.hits if hit.doc_id == group.doc_id]
        assert [hit.unit_id for hit in group.hits] == in_flat[: len(group.hits)]
        assert group.more == len(in_flat) - len(group.hits)
    assert any(group.more > 0 for group in grouped.groups)


def test_the_result_names_the_words_a_translation_added(search_service: SearchService) -> None:
    translated = search_service.search(SearchRequest(q="refugees"))
    typed_only = search_service.search(SearchRequest(q="refugees", translate=False))
    assert "mülteci" in translated.translations
    assert typed_only.translations == []
    assert {hit.lang for hit in typed_only.hits} == {"en"}
    assert "tr" in {hit.lang for hit in translated.hits}
    assert all("refugee" in turkish_lower(hit.snippet.text) for hit in typed_only.hits)


def test_a_year_range_open_at_the_start_keeps_only_older_documents(
    search_service: SearchService,
) -> None:
    """Regression: `year_to` alone (Whoosh's NumericRange from 0) matched every year."""
    years = {
        document["doc_id"]: document.get("year") for document in Library(search_service).documents()
    }
    everything = search_service.search(SearchRequest(q="göç", per_page=50))
    older = search_service.search(SearchRequest(q="göç", per_page=50, year_to=2010))
    expected = [hit.unit_id for hit in everything.hits if (years[hit.doc_id] or 9999) <= 2010]
    assert expected and [hit.unit_id for hit in older.hits] == expected
    newer = search_service.search(SearchRequest(q="göç", per_page=50, year_from=2011))
    # Undated documents (three reports have no year) are in neither range.
    dated_newer = [hit.unit_id for hit in everything.hits if (years[hit.doc_id] or 0) >= 2011]
    assert everything.total <= 50 and sorted(hit.unit_id for hit in newer.hits) == sorted(
        dated_newer
    )
