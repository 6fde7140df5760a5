"""Where a query names a regulation (`indexer.laws.regulations`)."""

from __future__ import annotations

import pytest

from indexer.laws import RegulationName, find_regulation

EMZIRME = RegulationName(
    "emzirme",
    "Gebe veya Emziren Kadınların Çalıştırılma Şartlarıyla Emzirme Odaları ve Çocuk Bakım "
    "Yurtlarına Dair Yönetmelik",
)
TEBLIG = RegulationName(
    "gozetim", "İthalatta Gözetim Uygulanmasına İlişkin Tebliğ (Tebliğ No: 2025/1)"
)
AMENDMENT = RegulationName(
    "tip-onayi",
    "İki veya Üç Tekerlekli Motorlu Araçların ve Dört Tekerlekli Motosikletlerin Tip Onayı ve "
    "Piyasa Gözetimi ve Denetimi Hakkında Yönetmelik (AB/168/2013)’te Değişiklik Yapılmasına "
    "Dair Yönetmelik",
)
REGULATIONS = (EMZIRME, TEBLIG, AMENDMENT)


@pytest.mark.parametrize(
    ("query", "named", "address"),
    [
        ("emzirme odaları yönetmeliği m. 13", "emzirme odaları yönetmeliği", "emzirme"),
        ("Emzirme Yönetmeliğinin 8 inci maddesi", "Emzirme Yönetmeliğinin", "emzirme"),
        ("çocuk bakım yurtları yönetmeliği", "çocuk bakım yurtları yönetmeliği", "emzirme"),
        ("ithalatta gözetim tebliği madde 7", "ithalatta gözetim tebliği", "gozetim"),
        ("2025/1 sayılı Tebliğ m. 7", "2025/1 sayılı Tebliğ", "gozetim"),
        ("Tebliğ 2025/1 m. 7", "Tebliğ 2025/1", "gozetim"),
        ("tip onayı yönetmeliği m. 2", "tip onayı yönetmeliği", "tip-onayi"),
    ],
)
def test_a_regulation_by_some_words_of_its_name_or_its_number(
    query: str, named: str, address: str
) -> None:
    mention = find_regulation(query, REGULATIONS)
    assert mention is not None
    assert (query[mention.start : mention.end], mention.address) == (named, address)


@pytest.mark.parametrize(
    "query",
    [
        "yönetmelik m. 3",  # a type alone names none
        "6458 m. 91",
        "2024/1 sayılı Tebliğ",  # no such number
        "belediye yönetmeliği m. 4",
    ],
)
def test_queries_that_name_no_single_regulation(query: str) -> None:
    assert find_regulation(query, REGULATIONS) is None


def test_the_type_word_must_be_in_the_title() -> None:
    """ "Gözetim" is in two titles; only one of them is a Yönetmelik."""
    mention = find_regulation("gözetim yönetmeliği", REGULATIONS)
    assert mention is not None and mention.address == "tip-onayi"
    mention = find_regulation("gözetim tebliği", REGULATIONS)
    assert mention is not None and mention.address == "gozetim"


def test_two_regulations_that_fit_equally_are_not_guessed() -> None:
    twins = (
        RegulationName("a", "Zabıta Hizmetleri Yönetmeliği"),
        RegulationName("b", "İtfaiye Hizmetleri Yönetmeliği"),
    )
    assert find_regulation("hizmetleri yönetmeliği m. 3", twins) is None
    assert find_regulation("zabıta hizmetleri yönetmeliği m. 3", twins) is not None
