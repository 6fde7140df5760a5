"""Citations: queries ("YUKK m. 53"), URL segments ("gecici-1"), cross-references in law text.

The law-text sentences below are copied verbatim (line breaks included) from the corpus laws;
expected offsets are computed with `text.index`, so the tests read as "this phrase links there".
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from indexer.laws import (
    ArticleRef,
    Citation,
    LawAliases,
    Reference,
    find_references,
    load_law_aliases,
    parse_article_segment,
    parse_citation,
)
from indexer.laws.aliases import LawEntry, fold_same_length


@pytest.fixture(scope="module")
def aliases() -> LawAliases:
    return load_law_aliases()


def keys(citation: Citation | None) -> list[str]:
    assert citation is not None
    return [article.key for article in citation.articles]


# --- Alias table -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "number"),
    [
        ("Belediye Kanunu", "5393"),
        ("BELEDİYE KANUNU", "5393"),
        ("belediye kanununun", "5393"),
        ("YUKK", "6458"),
        ("yukk", "6458"),
        ("LFIP", "6458"),
        ("Law on Foreigners and International Protection", "6458"),
        ("yabancilar ve uluslararasi koruma kanunu", "6458"),
        ("Metropolitan Municipality Law", "5216"),
        ("Municipality Law", "5393"),
        ("Turkish Citizenship Law", "5901"),
        ("International Labour Force Law", "6735"),
        ("İdari Yargılama Usulü Kanunu", "2577"),
        (
            "Mahallî İdareler ile Mahalle Muhtarlıkları ve İhtiyar Heyetleri Seçimi Hakkında Kanun",
            "2972",
        ),
        ("Köy Kanunu", None),
    ],
)
def test_lookup_ignores_case_diacritics_and_suffixes(
    aliases: LawAliases, name: str, number: str | None
) -> None:
    assert aliases.lookup(name) == number


def test_name_of(aliases: LawAliases) -> None:
    assert aliases.name_of("6458") == "Yabancılar ve Uluslararası Koruma Kanunu"
    assert aliases.name_of("9999") is None


def test_table_knows_the_corpus_laws_and_the_laws_they_cite(aliases: LawAliases) -> None:
    for number in ["6458", "5216", "5393", "5901", "6735", "5490", "5682", "3194", "4857"]:
        assert aliases.has_number(number), number
    for number in ["2577", "5237", "5442", "2972"]:
        assert aliases.has_number(number), number


def test_load_from_a_given_path(tmp_path: Path) -> None:
    path = tmp_path / "aliases.toml"
    path.write_text('[[law]]\nnumber = "5393"\nname = "Belediye Kanunu"\naliases = ["BK"]\n')
    assert load_law_aliases(path).lookup("bk") == "5393"


def test_a_name_given_to_two_laws_is_refused() -> None:
    with pytest.raises(ValueError, match="given to both"):
        LawAliases((LawEntry("5393", "Belediye Kanunu"), LawEntry("5272", "Belediye Kanunu")))


def test_a_law_number_must_be_digits(tmp_path: Path) -> None:
    path = tmp_path / "aliases.toml"
    path.write_text('[[law]]\nnumber = 5393\nname = "Belediye Kanunu"\n')
    with pytest.raises(ValueError, match="string of digits"):
        load_law_aliases(path)


def test_fold_keeps_length_so_offsets_carry_over() -> None:
    text = "İSTANBUL’da GEÇİCİ 1 inci maddesi ﬁ"
    assert len(fold_same_length(text)) == len(text)
    assert fold_same_length(text).startswith("istanbul'da gecici 1 inci")


# --- Queries ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "default_law", "law", "articles"),
    [
        ("6458 m. 91", None, "6458", ["91"]),
        ("6458 md. 91", None, "6458", ["91"]),
        ("6458 md 91", None, "6458", ["91"]),
        ("m.91", "6458", "6458", ["91"]),
        ("m.91", None, None, ["91"]),
        ("madde 91", "6458", "6458", ["91"]),
        ("6458/91", None, "6458", ["91"]),
        ("5216 sayılı Kanunun 7. maddesi", None, "5216", ["7"]),
        ("5393 sayılı Kanun 14. madde", None, "5393", ["14"]),
        ("7 nci madde", None, None, ["7"]),
        ("14 üncü maddesi", "5393", "5393", ["14"]),
        ("Belediye Kanunu madde 13", None, "5393", ["13"]),
        ("YUKK 53", None, "6458", ["53"]),
        ("YUKK m. 53", None, "6458", ["53"]),
        ("YUKK'nın 53. maddesi", None, "6458", ["53"]),
        ("LFIP article 53", None, "6458", ["53"]),
        ("Article 91 of Law 6458", None, "6458", ["91"]),
        ("Law No. 6458 Article 3", None, "6458", ["3"]),
        ("yukk gecici madde 1", None, "6458", ["g1"]),
        ("YUKK geçici madde 1", None, "6458", ["g1"]),
        ("YUKK GEÇİCİ MADDE 1", None, "6458", ["g1"]),
        ("6458 geçici 1", None, "6458", ["g1"]),
        ("ek madde 2", "6458", "6458", ["ek2"]),
        ("6458 ek madde 2", None, "6458", ["ek2"]),
        ("57/A", "6458", "6458", ["57/a"]),
        ("6458 m. 57/A", None, "6458", ["57/a"]),
        ("6458 m. 57/a", None, "6458", ["57/a"]),
        ("6458 m. 57-A", None, "6458", ["57/a"]),
        ("6458 57/A", None, "6458", ["57/a"]),
        ("6458 m. 52-54", None, "6458", ["52", "53", "54"]),
        ("m. 52, 53", "6458", "6458", ["52", "53"]),
        ("İYUK m. 7", None, "2577", ["7"]),
        ("belediye kanununun 14 üncü maddesi", None, "5393", ["14"]),
        ("2015 m. 3", None, "2015", ["3"]),  # an unknown number, but an article marker follows
        ("5393 s.K. m.18", None, "5393", ["18"]),
        ("5393 s. K. m. 18", None, "5393", ["18"]),
        ("6458 m. 57A", None, "6458", ["57/a"]),
        ("6458 m.57a", None, "6458", ["57/a"]),
        ("m. 91/2", None, None, ["91"]),
        ("geçici madde 1", None, None, ["g1"]),
        ("5216 m. 29", None, "5216", ["29"]),
    ],
)
def test_recognised_citations(
    aliases: LawAliases, query: str, default_law: str | None, law: str | None, articles: list[str]
) -> None:
    citation = parse_citation(query, aliases, default_law=default_law)
    assert citation is not None
    assert (citation.law_number, keys(citation)) == (law, articles)
    assert citation.remainder == ""


@pytest.mark.parametrize(
    "suffix",
    [
        *[". ", ".", " nci ", " ncı ", " inci ", " ıncı ", " üncü ", " uncu ", " ncü ", " ncu "],
        *["nci ", "’nci ", "'inci ", "'üncü "],  # no space, or an apostrophe
    ],
)
def test_every_ordinal_suffix(aliases: LawAliases, suffix: str) -> None:
    assert keys(parse_citation(f"5393 sayılı Kanunun 7{suffix}maddesi", aliases)) == ["7"]


def test_paragraph_and_item(aliases: LawAliases) -> None:
    citation = parse_citation("6458 sayılı Kanun m. 21/2-a", aliases)
    assert citation == Citation("6458", (ArticleRef("madde", "21"),), "2", "a", None, "")


@pytest.mark.parametrize(
    ("query", "law", "article", "paragraph", "item"),
    [
        ("6458 s. K. m. 91 f. 2", "6458", "91", "2", None),
        ("6458 m. 91 fıkra 2", "6458", "91", "2", None),
        ("6458 s. K. m. 91 f. 2-a", "6458", "91", "2", "a"),
        ("m. 91/2", None, "91", "2", None),
        ("91. maddenin 2. fıkrası", None, "91", "2", None),
        ("5216 sayılı Kanunun 7 nci maddesinin 2 nci fıkrasının (a) bendi", "5216", "7", "2", "a"),
        ("54/1-a", None, "54", "1", "a"),
        ("YUKK 54/1-a", "6458", "54", "1", "a"),
    ],
)
def test_paragraph_and_item_in_every_form(
    aliases: LawAliases,
    query: str,
    law: str | None,
    article: str,
    paragraph: str,
    item: str | None,
) -> None:
    citation = parse_citation(query, aliases)
    assert citation is not None
    assert (citation.law_number, keys(citation), citation.paragraph, citation.item) == (
        law,
        [article],
        paragraph,
        item,
    )
    assert citation.remainder == ""


def test_item_keeps_its_turkish_letter(aliases: LawAliases) -> None:
    citation = parse_citation("YUKK m. 21(2)(ç)", aliases)
    assert citation is not None
    assert (citation.paragraph, citation.item) == ("2", "ç")


def test_remainder_and_name_matched(aliases: LawAliases) -> None:
    citation = parse_citation("ikamet izni YUKK m. 31 şartları", aliases)
    assert citation is not None
    assert (citation.law_name_matched, citation.remainder) == ("YUKK", "ikamet izni şartları")


def test_law_name_by_number_and_name(aliases: LawAliases) -> None:
    citation = parse_citation("6458 sayılı Yabancılar ve Uluslararası Koruma Kanunu 53", aliases)
    assert citation is not None
    assert citation.law_name_matched == "Yabancılar ve Uluslararası Koruma Kanunu"


@pytest.mark.parametrize(
    ("query", "law", "name_matched", "remainder"),
    [
        ("6458", "6458", None, ""),
        ("YUKK", "6458", "YUKK", ""),
        ("belediye kanunu encümen", "5393", "belediye kanunu", "encümen"),
    ],
)
def test_a_law_alone_is_a_citation_without_articles(
    aliases: LawAliases, query: str, law: str, name_matched: str | None, remainder: str
) -> None:
    assert parse_citation(query, aliases) == Citation(law, (), None, None, name_matched, remainder)


def test_a_range_is_capped_at_fifty_articles(aliases: LawAliases) -> None:
    assert keys(parse_citation("6458 m. 1-400", aliases)) == [str(n) for n in range(1, 51)]


@pytest.mark.parametrize(
    "query",
    [
        "ikamet izni çeşitleri",
        "geçici koruma",
        "göç 2015",
        "2015 yılında",
        "190 belediye",
        "2013",
        "2015/53",
        "100 m 2 konut",
        "madde bağımlılığı",
        "",
    ],
)
def test_not_citations(aliases: LawAliases, query: str) -> None:
    assert parse_citation(query, aliases, default_law="6458") is None


def test_a_lettered_number_alone_needs_a_default_law(aliases: LawAliases) -> None:
    assert parse_citation("4/b sigortalı", aliases) is None
    assert keys(parse_citation("57/A", aliases, default_law="6458")) == ["57/a"]


# --- URL segments ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("segment", "key"),
    [
        ("91", "91"),
        ("57-A", "57/a"),
        ("57-a", "57/a"),
        ("57/A", "57/a"),
        ("gecici-1", "g1"),
        ("geçici-1", "g1"),
        ("GEÇİCİ-1", "g1"),
        ("g1", "g1"),
        ("Geçici 1", "g1"),
        ("ek-2", "ek2"),
        ("ek2", "ek2"),
    ],
)
def test_article_segment(segment: str, key: str) -> None:
    article = parse_article_segment(segment)
    assert article is not None and article.key == key


@pytest.mark.parametrize("segment", ["", "abc", "0", "57-ab", "91a", "madde"])
def test_not_an_article_segment(segment: str) -> None:
    assert parse_article_segment(segment) is None


def test_segment_round_trips_the_key() -> None:
    for article in [ArticleRef("madde", "57/a"), ArticleRef("gecici", "1"), ArticleRef("ek", "2")]:
        assert parse_article_segment(article.key) == article


# --- Cross-references in law text ------------------------------------------------------------


def span(text: str, phrase: str, start_at: int = 0) -> tuple[int, int]:
    start = text.index(phrase, start_at)
    return start, start + len(phrase)


def reference(text: str, phrase: str, law: str | None, article: ArticleRef | None) -> Reference:
    start, end = span(text, phrase)
    return Reference(start, end, law, article)


# Sentences copied from the corpus laws (the law and article they stand in), the law being
# read, and each reference expected: the phrase that links, its law, its article.
REFERENCES = [
    pytest.param(
        "v) Yabancı kimlik numarası: 25/4/2006\n"
        "tarihli ve 5490 sayılı Nüfus Hizmetleri Kanunu\n"
        "uyarınca yabancılara verilen kimlik\n"
        "numarasını,",  # 6458, article 3 (v)
        "6458",
        [("5490 sayılı Nüfus Hizmetleri Kanunu", "5490", None)],
        id="law-reference-next-to-a-date",
    ),
    pytest.param(
        "e) Belediye Kanununun 69 ve 73 üncü maddelerindeki yetkileri kullanmak.",  # 5216/7
        "5216",
        [
            ("Belediye Kanununun 69", "5393", ArticleRef("madde", "69")),
            ("73 üncü maddelerindeki", "5393", ArticleRef("madde", "73")),
        ],
        id="law-named-without-number",
    ),
    pytest.param(
        "3/7/2005 tarihli ve 5393 sayılı Belediye Kanununun 12 nci maddesinin yedinci\n"
        "fıkrası ile 31/8/1956 tarihli ve 6831 sayılı Orman Kanununun ek 17 nci maddesi "
        "hükümlerinden",  # 5216, additional article 3
        "5216",
        [
            ("5393 sayılı Belediye Kanununun 12 nci maddesinin", "5393", ArticleRef("madde", "12")),
            ("6831 sayılı Orman Kanununun ek 17 nci maddesi", "6831", ArticleRef("ek", "17")),
        ],
        id="numbered-law-and-article-are-one-reference",
    ),
    pytest.param(
        "Bu Kanunun 23 üncü maddesinin birinci fıkrasının (b) bendi\n"
        "1.1.2005 tarihinde, aynı maddenin ikinci fıkrası yayımını izleyen ay başında, diğer\n"
        "maddeleri ise yayımı tarihinde yürürlüğe girer.",  # 5216, article 32
        "5216",
        [("Bu Kanunun 23 üncü maddesinin", "5216", ArticleRef("madde", "23"))],
        id="this-law",
    ),
    pytest.param(
        "GEÇİCİ MADDE —\n"
        "5216 sayılı Kanunun geçici 2 nci maddesinin birinci\n"
        "fıkrası gereğince büyükşehir belediyesi kapsamına alınan ilçelerin mülkî sınırları",
        "5216",  # the temporary article an amending law added (after article 33)
        [("5216 sayılı Kanunun geçici 2 nci maddesinin", "5216", ArticleRef("gecici", "2"))],
        id="temporary-article-after-a-temporary-heading",
    ),
    pytest.param(
        "e)\n"
        "(Ek:6/12/2019-7196/88 md.)\n"
        "57/A maddesinin birinci fıkrasının\n"
        "(a), (b), (c), (ç), (d) ve (f) bentlerinde yer alan yükümlülüklere uymayanlara",
        "6458",  # article 102 (e)
        [("57/A maddesinin", "6458", ArticleRef("madde", "57/a"))],
        id="lettered-article-after-an-amendment-note",
    ),
    pytest.param(
        "Madde 4- (Değişik: 12/11/2012-6360/5 md.)\n"
        "\n"
        "Toplam nüfusu 750.000’den fazla olan illerin il belediyeleri kanunla büyükşehir",
        "5216",  # article 4
        [],
        id="amendment-notes-are-not-references",
    ),
    pytest.param(
        "2/7/2018 tarihli 703 sayılı KHK’nin 71 inci maddesiyle, bu\n"
        "maddede yer alan “ve İçişleri Bakanlığına bağlı Göç İdaresi Genel Müdürlüğünün\n"
        "kuruluş, görev, yetki ve sorumluluklarını” ibaresi yürürlükten kaldırılmıştır.",
        "6458",  # footnote 1
        [],
        id="articles-of-a-decree-are-not-law-references",
    ),
    pytest.param(
        "20/12/2012 tarihli ve 6363 sayılı 2013 Yılı Merkezi Yönetim Bütçe Kanununun 6\n"
        "ncı maddesinin birinci fıkrasının (ç) bendine göre karşılanır.",
        "6458",  # temporary article 1
        [
            (
                "6363 sayılı 2013 Yılı Merkezi Yönetim Bütçe Kanununun 6\nncı maddesinin",
                "6363",
                ArticleRef("madde", "6"),
            )
        ],
        id="a-year-in-a-budget-law-name",
    ),
    pytest.param(
        "tarihli ve 5442 sayılı İl İdaresi Kanunu, 12.9.1960 tarihli ve 80 sayılı 1580 Sayılı\n"
        "Belediye Kanununun 15 inci Maddesinin 58 inci Bendine Tevfikan Belediyelerce Kurulan",
        "5393",  # article 84
        [
            ("5442 sayılı İl İdaresi Kanunu", "5442", None),
            (
                "1580 Sayılı\nBelediye Kanununun 15 inci Maddesinin",
                "1580",
                ArticleRef("madde", "15"),
            ),
        ],
        id="a-law-title-citing-another-law-is-read-as-that-citation",
    ),
    pytest.param(
        "Köy Kanununun 13 üncü maddesi uyarınca",  # made up: the corpus names all its laws
        "5393",
        [("13 üncü maddesi", None, ArticleRef("madde", "13"))],
        id="an-unknown-law-is-a-reference-without-a-number",
    ),
    pytest.param(
        "(5) 56 ncı madde uyarınca Türkiye’yi terke davet\n"
        "edilenlerden, süresi içinde ülkeyi terk edenler hakkında giriş yasağı kararı",
        None,  # 6458, article 9, read without knowing its law
        [("56 ncı madde", None, ArticleRef("madde", "56"))],
        id="current-law-is-unknown-without-current-law",
    ),
    pytest.param(
        "MADDE 55 –\n"
        "(1) 54 üncü madde kapsamında olsalar dahi,\n"
        "aşağıdaki yabancılar hakkında sınır dışı etme kararı alınmaz:",
        "6458",  # article 55
        [("54 üncü madde", "6458", ArticleRef("madde", "54"))],
        id="an-article-heading-is-not-a-reference",
    ),
    pytest.param(
        "(2) Birinci fıkranın (a) bendine giren bir kişi hakkındaki",
        "6458",  # article 64
        [],
        id="an-item-is-not-an-article",
    ),
]


@pytest.mark.parametrize(("text", "current_law", "expected"), REFERENCES)
def test_references_in_law_text(
    aliases: LawAliases,
    text: str,
    current_law: str | None,
    expected: list[tuple[str, str | None, ArticleRef | None]],
) -> None:
    assert find_references(text, current_law, aliases) == [
        reference(text, phrase, law, article) for phrase, law, article in expected
    ]


def test_a_list_gives_one_reference_per_number(aliases: LawAliases) -> None:
    text = (  # 5393, article 12
        "4, 6, 7, 8 ve 9 uncu maddelerde belirtilen kararlar kesinleşme\n"
        "tarihini takip eden yılın ocak ayının birinci gününden itibaren yürürlüğe girer.\n"
        "4 üncü maddeye göre belediye kurulan yerlerde 2972 sayılı Mahallî İdareler ile Mahalle\n"
        "Muhtarlıkları ve İhtiyar Heyetleri Seçimi Hakkında Kanunun 29 uncu maddesine göre\n"
        "seçim yapılır."
    )
    law_phrase = text[text.index("2972") : text.index(" göre\nseçim")]
    assert find_references(text, "5393", aliases) == [
        Reference(0, 1, "5393", ArticleRef("madde", "4")),
        Reference(3, 4, "5393", ArticleRef("madde", "6")),
        Reference(6, 7, "5393", ArticleRef("madde", "7")),
        Reference(9, 10, "5393", ArticleRef("madde", "8")),
        reference(text, "9 uncu maddelerde", "5393", ArticleRef("madde", "9")),
        reference(text, "4 üncü maddeye", "5393", ArticleRef("madde", "4")),
        reference(text, law_phrase, "2972", ArticleRef("madde", "29")),
    ]


def test_omnibus_law_title_is_read_to_its_end(aliases: LawAliases) -> None:
    text = (  # 5216, additional article 3
        "yerler hakkında 12/11/2012 tarihli ve 6360 sayılı On Dört İlde Büyükşehir Belediyesi\n"
        "ve Yirmi Yedi İlçe Kurulması ile Bazı Kanun ve Kanun Hükmünde Kararnamelerde Değişiklik\n"
        "Yapılmasına Dair Kanunun geçici 1 inci maddesinin onbeşinci ve yirmidokuzuncu fıkraları"
    )
    start = text.index("6360")
    end = text.index(" onbeşinci")
    assert find_references(text, "5216", aliases) == [
        Reference(start, end, "6360", ArticleRef("gecici", "1"))
    ]


def test_a_long_list_without_madde_is_quick(aliases: LawAliases) -> None:
    # Regression: a whitespace pattern that could split one space two ways made this take
    # 2**30 steps; lists are also capped, so even thousands of numbers stay linear.
    text = "5 inci, " * 30 + "fıkra; " + "5, " * 3000
    started = time.thread_time()  # CPU time: a loaded machine's waits are not the cost
    assert find_references(text, "6458", aliases) == []
    assert parse_citation("m. " + "1, " * 3000, aliases) is not None
    assert time.thread_time() - started < 1.0
