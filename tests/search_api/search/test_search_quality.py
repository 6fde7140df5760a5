"""Search behaviour that the analysis promises, pinned through a real index and the real
`SearchService`: capitals, apostrophes, diacritics, numbers and item letters, cross-language
search, ranking signals, snippets and "did you mean"."""

from __future__ import annotations

import pytest
from whoosh.filedb.filestore import RamStorage
from whoosh_support import MemoryStore, law_unit, unit_store

from indexer.index.schema import build_schema
from indexer.index.store import unit_fields
from indexer.models import SearchUnit
from search_api.search import SearchRequest, SearchResult, SearchService
from search_api.search.ranking import DEFAULT_RANKING

UNITS = [
    law_unit("1", "1", "Amaç", "İSTANBUL’da IŞIK yanar; Türkiye’nin göç politikası."),
    law_unit("2", "2", "Kapsam", "istanbul ışık türkiye"),
    law_unit("3", "57/A", "Gözetim", "Bu maddenin 5 inci fıkrasının (a) bendi uygulanır."),
    law_unit("4", "4", "Atıf", "57/A maddesi saklıdır."),
    law_unit("5", "5", "Sınır", "Sınır kapıları ve sınır dışı etme."),
    law_unit("6", "6", "Sinir", "Sinir hastalıkları için sağlık raporu."),
]


def memory_service(units: list[SearchUnit]) -> SearchService:
    """The real search service over an in-memory index of `units`."""
    return SearchService(unit_store(units))  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def small_service() -> SearchService:
    return memory_service(UNITS)


def found(service: SearchService, text: str, **options: object) -> list[str]:
    return [hit.unit_id for hit in run(service, text, **options).hits]


def run(service: SearchService, text: str, **options: object) -> SearchResult:
    return service.search(SearchRequest(q=text, per_page=50, **options))  # type: ignore[arg-type]


# --- Analysis through the index ----------------------------------------------------------------


@pytest.mark.parametrize("query", ["İSTANBUL", "istanbul", "Istanbul"])
def test_capital_dotted_i_and_lowercase_find_each_other(small_service, query):
    assert {"law:9999:1", "law:9999:2"} <= set(found(small_service, query))


@pytest.mark.parametrize("query", ["IŞIK", "ışık", "isik"])
def test_capital_dotless_i_and_lowercase_find_each_other(small_service, query):
    assert {"law:9999:1", "law:9999:2"} <= set(found(small_service, query))


@pytest.mark.parametrize("query", ["Türkiye’nin", "Türkiye'nin", "Türkiye", "türkiye"])
def test_apostrophe_suffix_and_bare_name_find_each_other(small_service, query):
    assert {"law:9999:1", "law:9999:2"} <= set(found(small_service, query))


def test_numbers_item_letters_and_article_labels_are_searchable(small_service):
    assert "law:9999:57/a" in found(small_service, "5")
    assert "law:9999:57/a" in found(small_service, "a")
    assert found(small_service, "57/A")[0] == "law:9999:4"
    assert found(small_service, "57/a") == found(small_service, "57/A")


def test_turkish_letters_typed_prefer_the_exact_form(small_service):
    assert found(small_service, "sınır")[:2] == ["law:9999:5", "law:9999:6"]
    # Typed without Turkish letters, the word may be either.
    assert set(found(small_service, "sinir")[:2]) == {"law:9999:5", "law:9999:6"}


def test_goc_and_goc_with_turkish_letters_find_the_same_units(search_service):
    with_letters = run(search_service, "göç")
    without = run(search_service, "goc")
    assert with_letters.total == without.total > 10
    assert {h.unit_id for h in with_letters.hits} == {h.unit_id for h in without.hits}
    assert with_letters.hits[0].unit_id == without.hits[0].unit_id


# --- Ranking -------------------------------------------------------------------------------------


def test_long_article_on_metropolitan_duties_comes_first(search_service):
    """5216 m. 7 runs ~1,400 words; length normalisation must not bury it."""
    assert found(search_service, "büyükşehir belediyesinin görevleri")[0] == "law:5216:7"


def test_article_with_every_word_beats_one_repeating_a_single_word(search_service):
    """6458 m. 81 holds "adli yardım"; m. 89 is titled and full of "yardım" alone."""
    ranked = found(search_service, "adli yardım")
    assert ranked[0] == "law:6458:81"
    assert "law:6458:89" not in ranked[:1]


TERM_UNITS = [
    law_unit("1", "1", "Geri kabul", "Türkiye ile yapılan geri kabul anlaşması uygulanır."),
    law_unit(
        "2",
        "2",
        "Ret isteminin geri çevrilmesi",
        "Mahkeme ret istemini geri çevirir. Bu karar kabul edilir; taraflar anlaşmasını sunar.",
    ),
    law_unit("3", "3", "Güvence", "Güvence geri verilir."),
]


@pytest.fixture(scope="module")
def term_service() -> SearchService:
    return memory_service(TERM_UNITS)


def test_a_glossary_term_is_not_found_by_its_words_apart(term_service):
    """The term "geri kabul anlaşması" (readmission agreement) is one concept: an article titled
    with "geri" and holding "kabul" and "anlaşması" elsewhere is not about it (it ranked
    first once the Criminal Procedure Code was indexed)."""
    assert found(term_service, "geri kabul anlaşması") == ["law:9999:1"]
    assert found(term_service, "geri kabul") == ["law:9999:1"]


def test_a_term_in_another_segment_still_counts_as_found(term_service):
    """Whoosh scores one segment at a time: a term found only in another segment of the
    index is still found, and its words apart do not count here (the real-PDF index is
    written in batches, so "geri kabul anlaşması" once fell back to "geri" in 5271)."""
    index = RamStorage().create_index(build_schema())
    for units in (TERM_UNITS[:1], TERM_UNITS[1:]):
        writer = index.writer()
        for unit in units:
            writer.add_document(**unit_fields(unit, "deneme.pdf"))
        writer.commit(merge=False)
    assert len(index.reader().leaf_readers()) == 2
    service = SearchService(MemoryStore(index))  # type: ignore[arg-type]
    assert found(service, "geri kabul anlaşması") == ["law:9999:1"]


def test_a_term_the_index_holds_nowhere_is_searched_by_its_words(term_service):
    """The term "gönüllü geri dönüş" is in no unit (together or translated): its words count."""
    assert set(found(term_service, "gönüllü geri dönüş")) == {f"law:9999:{n}" for n in "123"}


@pytest.mark.parametrize(
    ("query", "article"),
    [
        ("mülteci", "law:6458:61"),  # `Mülteci`, not `Şartlı mülteci` (more "mülteci")
        ("multeci", "law:6458:61"),
        ("sartli multeci", "law:6458:62"),
        ("başvuru", "law:6458:65"),
    ],
)
def test_the_article_whose_title_the_query_covers_whole_comes_first(search_service, query, article):
    assert found(search_service, query)[0] == article


def test_words_of_the_laws_title_count_towards_the_article_title(search_service):
    """`Başvuru` in the Uluslararası Koruma law, before articles whose own titles repeat
    "uluslararası koruma başvuru" among other words (kimlik belgesi, sınır kapısı)."""
    assert found(search_service, "uluslararası koruma başvurusu")[0] == "law:6458:65"


def test_english_query_finds_the_turkish_article(search_service):
    assert found(search_service, "international protection interview")[0] == "law:6458:75"
    assert found(search_service, "unaccompanied minors")[0] == "law:6458:66"


def test_turkish_query_finds_english_report_pages_through_the_glossary(search_service):
    pages = found(search_service, "kent mültecileri çalıştayı", lang="en")
    assert "doc:mmu-migration-policy-center-brochure-en:p1" in pages[:3]


def test_translations_rank_below_the_users_own_words(search_service):
    ranked = run(search_service, "mülakat").hits
    assert ranked[0].unit_id == "law:6458:75"
    assert all(hit.lang == "tr" for hit in ranked[:3])


def test_repealed_articles_rank_by_their_score_when_shown(search_service):
    """6458 m. 106 `Teşkilat` (repealed) is the best match for "teşkilat": it ranked 53rd of
    55 when repealed articles were all put last."""
    hits = run(search_service, "teşkilat", include_repealed=True).hits
    assert (hits[0].unit_id, hits[0].repealed) == ("law:6458:106", True)
    assert "law:6458:106" not in [hit.unit_id for hit in run(search_service, "teşkilat").hits]


def report_page(page: int, title: str, text: str) -> SearchUnit:
    return SearchUnit(
        unit_id=f"doc:rapor:p{page}",
        doc_id="rapor",
        kind="report",
        lang="tr",
        doc_title=title,
        text=text,
        page=page,
        order=page,
    )


# A report titled with the query's first word, each of its pages holding both words once
# among others, and the article titled by that word, without the second one.
TITLED_REPORT = [
    law_unit(
        "1",
        "1",
        "Mülteci",
        "Olaylar nedeniyle ülkesi dışında bulunan yabancıya mülteci statüsü verilir.",
    ),
    law_unit("2", "2", "Kapsam", "Bu Kanun yabancıların girişini ve çıkışını kapsar."),
    *(
        report_page(
            page,
            "Mültecilerin Kentteki Durumu",
            f"Sayfa {page}: mülteci kavramının tanımı, belediye hizmetleri ve saha çalışmaları.",
        )
        for page in range(1, 21)
    ),
]


def test_a_reports_title_on_every_page_does_not_outrank_the_article_it_names():
    """A report page's heading is its report's title, the same on each page: "mültecinin
    tanımı" must find the article `Mülteci` before twenty pages of a report titled
    "Mültecilerin …" (at 100,000 units such pages buried 6458 m. 61 at rank 81)."""
    service = memory_service(TITLED_REPORT)
    assert found(service, "mültecinin tanımı")[0] == "law:9999:1"
    # The report's pages are still found, on their words, and its title still finds them.
    assert {f"doc:rapor:p{page}" for page in range(1, 21)} <= set(
        found(service, "mültecinin tanımı")
    )
    assert found(service, "Mültecilerin Kentteki Durumu")[0].startswith("doc:rapor:")


def test_titles_only_weighs_a_reports_title_as_an_articles():
    """Searching titles alone, a report's title counts in full, as without the share."""
    store = unit_store(TITLED_REPORT)
    unscaled = SearchService(store, ranking=DEFAULT_RANKING.but(report_titles=1.0))  # type: ignore[arg-type]

    def scores(service: SearchService) -> dict[str, float]:
        hits = service.search(SearchRequest(q="mülteci", titles_only=True, per_page=50)).hits
        return {hit.unit_id: hit.score for hit in hits}

    assert DEFAULT_RANKING.report_titles < 1
    assert scores(SearchService(store)) == scores(unscaled)  # type: ignore[arg-type]
    assert {"law:9999:1", "doc:rapor:p1"} <= set(scores(unscaled))


# --- Snippets ------------------------------------------------------------------------------------


def test_law_snippet_marks_the_word_and_leaves_the_heading_to_the_page(search_service):
    hit = run(search_service, "mülakat").hits[0]
    assert (hit.article, hit.article_title) == ("75", "Mülakat")
    marked = [run.text.lower() for run in hit.snippet.runs if run.marked]
    assert "mülakat" in marked
    assert "Madde 75" not in hit.snippet.text


def test_snippet_marks_the_translation_of_an_english_query(search_service):
    hit = run(search_service, "interview").hits[0]
    assert hit.unit_id == "law:6458:75"
    assert any(run.marked and run.text.lower().startswith("mülakat") for run in hit.snippet.runs)


# --- Did you mean --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "suggestion"),
    [
        ("mültecı", "mülteci"),
        ("belediyeeler", "belediyeler"),
        ("Belediyeeler", "Belediyeler"),
        ("mülteciler belediyeeler", "mülteciler belediyeler"),
        ("geçiçi koruma", "geçici koruma"),
    ],
)
def test_misspelt_words_get_the_index_word(search_service, query, suggestion):
    assert run(search_service, query).suggestion == suggestion


@pytest.mark.parametrize(
    "query", ["mülteci", "multeci", "göç", "goc", "mültecilerimizin", "6458 m. 91", "residence"]
)
def test_known_words_and_unseen_inflections_get_no_suggestion(search_service, query):
    assert run(search_service, query).suggestion is None


def test_suggestion_only_when_it_would_find_something(search_service):
    assert run(search_service, "belediyeeler", lang="en").suggestion is None
    assert run(search_service, "xqzvw").suggestion is None


def test_titles_only_search_ranks_the_exact_title_first(search_service):
    assert found(search_service, "ikamet izni", titles_only=True)[0] == "law:6458:19"
