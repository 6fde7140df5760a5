"""Names in the corpus folder: slugs from titles, numbered when taken, folders from kinds,
and what of a client's file name or a trash record is trusted."""

from __future__ import annotations

import pytest

from indexer.corpus import display_name, kind_folder, slugify, unique_stem
from indexer.corpus.names import safe_folder


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Göçmenlerin Uyumu: 2023 Raporu", "gocmenlerin-uyumu-2023-raporu"),
        ("İSTANBUL ŞEHİR ÇALIŞTAYI", "istanbul-sehir-calistayi"),
        ("Iğdır’ın Göç Profili", "igdirin-goc-profili"),
        ("Türkiye'nin Raporu", "turkiyenin-raporu"),
        ("Café Münih Øresund", "cafe-munih-oresund"),
        ("I\u0307stanbul ILIK Straße Æsop", "istanbul-ilik-strasse-aesop"),  # decomposed İ
        ("<script>alert(1)</script>", "script-alert-1-script"),
        ("../../etc/passwd", "etc-passwd"),
        ("/abs/path\x00nul", "abs-path-nul"),
        ("   ", "belge"),
        ("日本語", "belge"),
    ],
)
def test_slugs_are_lowercase_ascii_words(title: str, slug: str) -> None:
    assert slugify(title) == slug


def test_long_titles_are_cut_at_a_word_boundary() -> None:
    slug = slugify("Belediyelerde göç yönetimi " * 20)
    assert len(slug) <= 80 and not slug.endswith("-")
    assert slug.startswith("belediyelerde-goc-yonetimi-belediyelerde")
    assert len(slugify("a" * 300)) == 80


def test_taken_names_get_a_number_within_the_limit() -> None:
    assert unique_stem("rapor", set()) == "rapor"
    assert unique_stem("rapor", {"rapor", "rapor-2"}) == "rapor-3"
    long = "a" * 80
    assert unique_stem(long, {long}) == "a" * 78 + "-2"


@pytest.mark.parametrize(
    ("client_name", "shown"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\x\\rapor.pdf", "rapor.pdf"),
        ("a\x00b\x1b.pdf", "ab.pdf"),
        ("..", "upload.pdf"),
        (None, "upload.pdf"),
    ],
)
def test_client_file_names_are_only_shown_cleaned(client_name: str | None, shown: str) -> None:
    assert display_name(client_name) == shown


def test_folders_from_kinds_and_from_trash_records_stay_inside_the_corpus() -> None:
    assert (kind_folder("law"), kind_folder("report"), kind_folder("x")) == (
        "laws",
        "reports",
        "reports",
    )
    assert safe_folder("laws") == "laws"
    assert safe_folder("../../etc") == "etc"
    assert safe_folder(".trash") == "reports"
    assert safe_folder("") == "reports"
