"""Tests for indexer.analysis.analyzers: the Turkish tokenizer, filters, stemming table and
analyzers."""

from __future__ import annotations

import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st
from whoosh.fields import ID, TEXT, Schema
from whoosh.filedb.filestore import RamStorage
from whoosh.highlight import HtmlFormatter, WholeFragmenter, highlight
from whoosh.qparser import QueryParser

from indexer.analysis import (
    ANALYSIS_VERSION,
    analyze,
    english_stem_analyzer,
    exact_analyzer,
    fold_diacritics,
    fold_turkish,
    prefix_analyzer,
    shared_analyzers,
    surface_analyzer,
    surface_words,
    turkish_lower,
    turkish_stem_analyzer,
)
from indexer.analysis.analyzers import (
    KaynakTokenizer,
    SnowballTurkishFilter,
    TurkishLowercaseFilter,
)
from indexer.analysis.stemming import snowball_turkish, stem_turkish

ALL_ANALYZERS = [
    exact_analyzer,
    surface_analyzer,
    turkish_stem_analyzer,
    english_stem_analyzer,
    prefix_analyzer,
]
TURKISH_ALPHABET = "abcçdefgğhıijklmnoöprsştuüvyzâîû"


def stem(text: str) -> list[str]:
    return analyze(turkish_stem_analyzer(), text)


# --- Lowercasing and folding -------------------------------------------------------------------


def test_turkish_lower_maps_dotted_and_dotless_capital_i():
    assert turkish_lower("İSTANBUL IŞIK") == "istanbul ışık"


def test_turkish_lower_joins_a_decomposed_capital_dotted_i():
    assert turkish_lower("I\u0307STANBUL") == "istanbul"


def test_turkish_lower_drops_a_stray_dot_above():
    assert turkish_lower("ı\u0307") == "ı"


def test_fold_diacritics_turkish_letters_and_others():
    assert fold_diacritics("çğıöşüâîû ÇĞİÖŞÜ é ﬁ") == "cgiosuaiu CGIOSU e fi"


def test_exact_analyzer_lowercases_capital_dotted_i():
    assert analyze(exact_analyzer(), "İSTANBUL") == ["istanbul"]


def test_capital_dotless_i_lowercases_to_dotless_and_matches_lowercase_word():
    assert [t.text for t in (KaynakTokenizer() | TurkishLowercaseFilter())("IŞIK")] == ["ışık"]
    assert stem("IŞIK") == stem("ışık") == ["isik"]


# --- Tokenizer ---------------------------------------------------------------------------------


@pytest.mark.parametrize("make_analyzer", ALL_ANALYZERS)
@pytest.mark.parametrize("text", [f"Türkiye{mark}nin" for mark in "’'ʼ‘´"] + ["TÜRKİYE'NİN"])
def test_apostrophe_suffix_is_dropped_under_every_analyzer(make_analyzer, text):
    analyzer = make_analyzer()
    assert analyze(analyzer, text) == analyze(analyzer, "Türkiye")


def test_apostrophe_suffix_after_abbreviations_and_numbers():
    assert analyze(exact_analyzer(), "MBB’nin 190’dan Kanun'un 2013'te") == [
        "mbb", "190", "kanun", "2013",
    ]  # fmt: skip


def test_apostrophe_before_a_capitalised_word_keeps_both_words():
    assert analyze(exact_analyzer(), "O'Brien") == ["o", "brien"]


def test_hyphenated_compounds_give_their_parts():
    assert analyze(exact_analyzer(), "sınır-dışı e-devlet") == ["sinir", "disi", "e", "devlet"]


def test_numbers_and_item_letters_are_terms():
    assert analyze(turkish_stem_analyzer(), "5 a ç 57/A 57A 4/4/2013") == [
        "5", "a", "c", "57", "a", "57", "a", "4", "4", "2013",
    ]  # fmt: skip


def test_footnote_marks_are_skipped_whole():
    assert analyze(exact_analyzer(), "madde\ue0005\ue001 ve") == ["madde", "ve"]


def test_soft_hyphen_and_superscript_do_not_split_or_join_words():
    assert analyze(exact_analyzer(), "sı\u00adnır madde²") == ["sinir", "madde"]


def test_chars_cover_the_surface_word_without_its_apostrophe_suffix():
    text = "Bu mültecilere Türkiye’nin 57/A maddesi"
    tokens = [
        (t.text, text[t.startchar : t.endchar], t.pos)
        for t in turkish_stem_analyzer()(text, chars=True, positions=True)
    ]
    assert tokens == [
        ("bu", "Bu", 0),
        ("multec", "mültecilere", 1),
        ("turkiye", "Türkiye", 2),
        ("57", "57", 3),
        ("a", "A", 4),
        ("madde", "maddesi", 5),
    ]


def test_chars_and_positions_start_where_asked():
    [token] = exact_analyzer()("göç", chars=True, positions=True, start_char=10, start_pos=3)
    assert (token.startchar, token.endchar, token.pos) == (10, 13, 3)


def test_highlight_shows_the_original_inflected_word():
    text = "Bu Kanun mültecilere uygulanır."
    terms = frozenset(stem("mülteci"))
    formatter = HtmlFormatter(tagname="b", classname="m", termclass="t")
    marked = highlight(text, terms, turkish_stem_analyzer(), WholeFragmenter(), formatter)
    assert marked == 'Bu Kanun <b class="m t0">mültecilere</b> uygulanır.'


# --- Turkish stemming ----------------------------------------------------------------------------


@pytest.mark.parametrize("make_analyzer", [exact_analyzer, turkish_stem_analyzer])
def test_turkish_letters_and_ascii_meet(make_analyzer):
    assert analyze(make_analyzer(), "göç") == analyze(make_analyzer(), "goc") == ["goc"]


def test_refugee_forms_share_a_stem():
    assert stem("mültecilere mülteciler mülteci MÜLTECI") == ["multec"] * 4


# Pairs measured on the legal and migration vocabulary (see STEM_FLOORS and friends).
SAME_STEM = [
    ("kanun", "kanunun"),  # Snowball: kanun → kan, kanunun → kanu
    ("kanun", "kanunları"),
    ("belediye", "belediyelerin"),  # Snowball: beledi vs belediye
    ("belediye", "belediyesi"),  # Snowball: belediyes
    ("madde", "maddesi"),
    ("mülteci", "mültecinin"),
    ("mülteciler", "MÜLTECILER"),  # capitals typed with I for İ
    ("projesi", "PROJESI"),
    ("proje", "projeler"),
    ("kişiler", "KIŞILER"),
    ("izin", "izni"),  # vowel drop
    ("izin", "izinlerin"),
    ("hüküm", "hükmü"),
    ("kısım", "kısmı"),
    ("hak", "hakkı"),  # consonant doubling
    ("bent", "bendi"),
    ("türkiye", "türkiyede"),
    ("suriye", "suriyede"),
    ("koruma", "korumalar"),  # Snowball: koruma → kor
    ("devlet", "devlete"),  # Snowball: devlete → devle
    ("ikamet", "ikamete"),
    ("hizmet", "hizmete"),
    ("meclis", "meclisi"),  # an s of the root, not of the possessive
    ("nüfus", "nüfusu"),
    ("insan", "insanlar"),
    ("uyum", "uyumu"),
    ("durum", "durumda"),
    ("kurum", "kurumların"),
    ("aile", "aileler"),
    ("süre", "süreler"),
    ("kişi", "kişiler"),
    ("yabancı", "yabancıların"),
    ("göç", "göçe"),
    ("göçmen", "göçmenlerin"),
    ("başvuru", "başvurusu"),
    ("vatandaş", "vatandaşların"),
    ("yönetmelik", "yönetmeliğe"),
    ("eğitim", "eğitimler"),
]

DIFFERENT_STEM = [
    ("kanun", "kan"),
    ("kanun", "kanal"),
    ("türkiye", "türk"),
    ("suriye", "süre"),
    ("göç", "göçmen"),
    ("hüküm", "hükümet"),
    ("için", "iç"),
    ("ile", "il"),
    ("önce", "ön"),
    ("göre", "gör"),
    ("hakkında", "hak"),
    ("ilişkin", "ilişki"),
    ("bina", "bin"),
    ("ilke", "ilk"),
    ("kendi", "kent"),
    ("durum", "dur"),
]


@pytest.mark.parametrize(("word", "other"), SAME_STEM)
def test_forms_of_one_word_share_a_stem(word, other):
    assert stem(word) == stem(other)


@pytest.mark.parametrize(("word", "other"), DIFFERENT_STEM)
def test_different_words_keep_different_stems(word, other):
    assert stem(word) != stem(other)


def test_function_words_stay_whole_in_capitals_and_ascii():
    assert stem("IÇIN ILE icin ile") == stem("için ile için ile") == ["icin", "ile"] * 2


@pytest.mark.parametrize("word", ["ve", "a", "5", "57a", "2013te"])
def test_short_words_and_numbers_are_not_stemmed(word):
    assert stem_turkish(word) == word


# --- English and prefix analyzers --------------------------------------------------------------


def test_english_stem_analyzer_stems_words_but_not_numbers():
    assert analyze(english_stem_analyzer(), "Migrants migrated in 2015") == [
        "migrant", "migrat", "in", "2015",
    ]  # fmt: skip


def test_surface_analyzer_lowercases_but_keeps_turkish_letters():
    assert analyze(surface_analyzer(), "SINIR sinir İSTANBUL’un Göç") == [
        "sınır", "sinir", "istanbul", "göç",
    ]  # fmt: skip


def test_surface_words_give_the_tokenizer_spans_without_tokens():
    text = "Bu mül\u00adtecilere Türkiye’nin 57/A maddesi"
    assert list(surface_words(text)) == [
        (start, end, text[start:end].replace("\u00ad", ""))
        for start, end in ((t.startchar, t.endchar) for t in KaynakTokenizer()(text, chars=True))
    ]
    assert [word for _, _, word in surface_words(text)] == [
        "Bu", "mültecilere", "Türkiye", "57", "A", "maddesi",
    ]  # fmt: skip


def test_snowball_filter_is_plain_snowball_for_comparisons():
    analyzer = KaynakTokenizer() | TurkishLowercaseFilter() | SnowballTurkishFilter()
    assert analyze(analyzer, "tanımı belediyesi 57") == [
        snowball_turkish("tanımı"), snowball_turkish("belediyesi"), "57",
    ]  # fmt: skip


def test_prefix_analyzer_cuts_words_but_not_numbers():
    assert analyze(prefix_analyzer(), "Belediyelerin 123456") == ["beled", "123456"]
    assert analyze(prefix_analyzer(length=3), "göçmen") == ["goc"]


# --- Pickling into an index ----------------------------------------------------------------------


@pytest.mark.parametrize("make_analyzer", ALL_ANALYZERS)
def test_analyzer_survives_pickling(make_analyzer):
    analyzer = make_analyzer()
    restored = pickle.loads(pickle.dumps(analyzer))
    assert restored == analyzer
    text = "Mültecilere İSTANBUL’da"
    assert analyze(restored, text) == analyze(analyzer, text)


def test_index_reopened_from_its_pickled_schema_finds_inflected_forms():
    storage = RamStorage()
    schema = Schema(id=ID(stored=True), body=TEXT(analyzer=turkish_stem_analyzer(), stored=True))
    with storage.create_index(schema).writer() as writer:
        writer.add_document(id="1", body="Bu Kanun mültecilere uygulanır.")
    index = storage.open_index()
    parser = QueryParser("body", index.schema)
    with index.searcher() as searcher:
        assert [hit["id"] for hit in searcher.search(parser.parse("MÜLTECI"))] == ["1"]
        assert [hit["id"] for hit in searcher.search(parser.parse("kan"))] == []


def test_analysis_version_is_a_string():
    assert isinstance(ANALYSIS_VERSION, str) and ANALYSIS_VERSION


# --- Properties --------------------------------------------------------------------------------


@pytest.mark.parametrize("make_analyzer", ALL_ANALYZERS)
@given(text=st.text())
def test_analyzers_accept_any_text(make_analyzer, text):
    for token in make_analyzer()(text, chars=True, positions=True):
        assert token.text
        assert 0 <= token.startchar < token.endchar <= len(text)


@given(text=st.text())
def test_turkish_lower_is_idempotent_and_leaves_no_dot_above(text):
    lowered = turkish_lower(text)
    assert turkish_lower(lowered) == lowered
    assert "\u0307" not in lowered


@given(text=st.text(alphabet=TURKISH_ALPHABET + TURKISH_ALPHABET.upper() + "İ "))
def test_fold_diacritics_of_turkish_text_is_ascii(text):
    assert fold_diacritics(turkish_lower(text)).isascii()
    assert fold_diacritics(text).isascii()


@pytest.mark.parametrize(
    "name",
    ["KaynakTokenizer", "TurkishLowercaseFilter", "DiacriticFoldFilter", "TurkishStemFilter",
     "EnglishStemFilter", "PrefixFilter"],
)  # fmt: skip
def test_classes_pickled_into_older_indexes_still_load_from_their_path(name: str) -> None:
    """An index's schema names its analyzer classes by module path; those written before the
    analysis package was split name `indexer.analysis.analyzers`."""
    old_reference = f"cindexer.analysis.analyzers\n{name}\n.".encode()
    loaded = pickle.loads(old_reference)
    assert loaded.__name__ == name
    assert pickle.loads(pickle.dumps(turkish_stem_analyzer())) is not None


def test_the_shared_analyzers_are_built_once() -> None:
    assert shared_analyzers() is shared_analyzers()
    assert analyze(shared_analyzers().turkish, "Mültecilere") == analyze(
        turkish_stem_analyzer(), "Mültecilere"
    )


def test_fold_turkish_meets_every_capital_spelling() -> None:
    assert {fold_turkish(word) for word in ("İstanbul", "ISTANBUL", "istanbul", "Istanbul")} == {
        "istanbul"
    }
    assert fold_turkish("IŞIK") == "isik"
