"""The law a regulation rests on, from its Dayanak article (`indexer.laws.basis`)."""

from __future__ import annotations

import pytest
from conftest import shared_path

from indexer.laws import (
    ArticleText,
    Basis,
    DecreeBasis,
    find_basis,
    find_decrees,
    load_law_aliases,
    parse_law,
)
from indexer.layout import build_document_text
from indexer.pdf import read_pages

ALIASES = load_law_aliases()


def basis_of(text: str, *others: ArticleText) -> list[Basis]:
    return find_basis(
        [ArticleText("Amaç", "(1) Amacı."), ArticleText("Dayanak", text), *others], ALIASES
    )


def test_a_law_by_number_and_article() -> None:
    assert basis_of(
        "(1) Bu Yönetmelik, 6458 sayılı Yabancılar ve Uluslararası Koruma Kanununun 91 inci "
        "maddesine dayanılarak hazırlanmıştır."
    ) == [Basis("6458", "91", "Yabancılar ve Uluslararası Koruma Kanunu")]


def test_several_laws_and_several_articles() -> None:
    assert basis_of(
        "(1) Bu Yönetmelik, 5393 sayılı Belediye Kanununun 15 inci maddesi ile 5216 sayılı "
        "Büyükşehir Belediyesi Kanununun 7 nci maddesine dayanılarak hazırlanmıştır."
    ) == [
        Basis("5393", "15", "Belediye Kanunu"),
        Basis("5216", "7", "Büyükşehir Belediyesi Kanunu"),
    ]
    two = basis_of(
        "(1) Bu Yönetmelik, 6458 sayılı Kanunun 91 inci ve 104 üncü maddelerine dayanılarak"
    )
    assert [(basis.law_number, basis.article_key) for basis in two] == [
        ("6458", "91"),
        ("6458", "104"),
    ]


def test_a_law_by_name_alone_is_found_from_the_regulations_own_text() -> None:
    """The table does not know 6331; the regulation names it with its number elsewhere."""
    scope = ArticleText(
        "Kapsam", "(1) 20/6/2012 tarihli ve 6331 sayılı İş Sağlığı ve Güvenliği Kanunu kapsamındaki"
    )
    assert basis_of(
        "(1) Bu Yönetmelik İş Sağlığı ve Güvenliği Kanununun 30 uncu maddesine dayanılarak "
        "hazırlanmıştır.",
        scope,
    ) == [Basis("6331", "30", "İş Sağlığı ve Güvenliği Kanunu")]


def test_a_decree_is_not_a_law_and_a_whole_law_has_no_article() -> None:
    assert basis_of(
        "(1) Bu Yönetmelik, 1 sayılı Cumhurbaşkanlığı Teşkilatı Hakkında Cumhurbaşkanlığı "
        "Kararnamesinin 508 inci maddesine ve 5393 sayılı Belediye Kanununa dayanılarak"
    ) == [Basis("5393", None, "Belediye Kanunu")]


def decrees_of(text: str) -> list[DecreeBasis]:
    return find_decrees([ArticleText("Amaç", "(1) Amacı."), ArticleText("Dayanak", text)])


def test_a_decree_is_named_in_the_nominative_with_its_article() -> None:
    assert decrees_of(
        "(1) Bu Yönetmelik, 10/7/2018 tarihli ve 30474 sayılı Resmî Gazete’de yayımlanan 1 "
        "sayılı Cumhurbaşkanlığı Teşkilatı Hakkında Cumhurbaşkanlığı Kararnamesinin 508 "
        "inci maddesine dayanılarak hazırlanmıştır."
    ) == [
        DecreeBasis(
            "1 sayılı Cumhurbaşkanlığı Teşkilatı Hakkında Cumhurbaşkanlığı Kararnamesi", "508"
        )
    ]


def test_decrees_beside_a_law_and_of_every_kind() -> None:
    text = (
        "(1) Bu Yönetmelik, 5393 sayılı Belediye Kanununun 15 inci maddesi, 703 sayılı Kanun "
        "Hükmünde Kararnamenin 12 nci maddesi ve 2025/123 sayılı Cumhurbaşkanı Kararına "
        "dayanılarak hazırlanmıştır."
    )
    assert decrees_of(text) == [
        DecreeBasis("703 sayılı Kanun Hükmünde Kararname", "12"),
        DecreeBasis("2025/123 sayılı Cumhurbaşkanı Kararı", None),
    ]
    assert basis_of(text) == [Basis("5393", "15", "Belediye Kanunu")]
    assert decrees_of("(1) Bu Yönetmelik Cumhurbaşkanlığı Kararnamesine dayanılarak") == [
        DecreeBasis("Cumhurbaşkanlığı Kararnamesi", None)  # not "Bu Yönetmelik …"
    ]
    assert decrees_of("(1) Bu Yönetmelik, 5393 sayılı Kanuna dayanılarak hazırlanmıştır.") == []
    assert find_decrees([ArticleText("Kapsam", "(1) Bu Tebliğ, eşyayı kapsar.")]) == []


def test_without_a_dayanak_article_an_early_article_may_say_it() -> None:
    early = [
        ArticleText(
            None,
            "(1) Bu Tebliğ, 5901 sayılı Türk Vatandaşlığı Kanununun 4 üncü maddesine "
            "dayanılarak hazırlanmıştır.",
        )
    ]
    assert [b.law_number for b in find_basis(early, ALIASES)] == ["5901"]
    assert find_basis([ArticleText("Kapsam", "(1) Bu Tebliğ, eşyayı kapsar.")], ALIASES) == []


@pytest.mark.parametrize(
    ("file_name", "expected"),
    [
        ("tr-emzirme-odalari-yonetmelik-wkhtmltopdf.pdf", [("6331", "30")]),
        ("tr-ithalatta-gozetim-teblig-2025-1.pdf", []),  # no Dayanak article in it
    ],
)
def test_real_regulations(file_name: str, expected: list[tuple[str, str]]) -> None:
    pdf = shared_path("testdata", "pdfs", "real", file_name)
    law = parse_law(build_document_text(list(read_pages(pdf))))
    found = find_basis([ArticleText(a.title, a.text) for a in law.articles], ALIASES)
    assert [(basis.law_number, basis.article_key) for basis in found] == expected
