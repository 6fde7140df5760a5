"""Metadata detection from text and the Info dictionary, and merging with the stored file."""

from __future__ import annotations

from indexer.extraction import detect_metadata
from indexer.extraction.metadata import (
    detect_kind,
    detect_language,
    detect_law_number,
    is_junk_title,
    merge_metadata,
)
from indexer.models import PageText, TextLine


def test_language_detection() -> None:
    assert detect_language("Bu Kanunun amacı, yabancıların Türkiye’ye girişleri ile") == "tr"
    assert detect_language("The purpose of this plan is to support the integration of") == "en"


def test_law_header_gives_kind_and_number() -> None:
    assert detect_law_number("YABANCILAR\nKanun Numarası : 6458\nKabul Tarihi : 4/4/2013") == "6458"


def test_junk_titles() -> None:
    assert is_junk_title("Microsoft Word - rapor.docx")
    assert is_junk_title("")
    assert not is_junk_title("Belediye Kanunu")


def test_detect_from_first_page_when_info_is_empty() -> None:
    page = PageText(
        number=1,
        lines=[
            TextLine("BELEDİYE KANUNU", size=14),
            TextLine("Kanun Numarası : 5393", size=12),
            TextLine("Kabul Tarihi : 3/7/2005", size=12),
        ],
    )
    detected = detect_metadata("x", [page], {"Title": "untitled"})
    assert detected["title"] == "Belediye Kanunu"  # said in title case, not in capitals
    assert detected["kind"] == "law"
    assert detected["law_number"] == "5393"
    assert detected["year"] == 2005


def test_stored_values_win_over_detected_ones() -> None:
    meta = merge_metadata(
        "doc", {"title": "detected", "lang": "tr"}, {"title": "Given", "year": "2020"}
    )
    assert meta.title == "Given"
    assert meta.year == 2020
    assert meta.lang == "tr"


def test_the_law_header_is_read_with_the_same_rules_as_the_law_structure() -> None:
    """One definition of the mevzuat header fields (`indexer.laws`) for detection and for
    the law's header block; detection took only slashes in the accepted date."""
    from indexer.extraction.metadata import detect_accepted_date

    header = "KANUN NUMARASI : 6458\nKabul Tarihi : 4.4.2013"
    assert detect_law_number(header) == "6458"
    assert detect_accepted_date(header) == "2013-04-04"
    assert detect_accepted_date("Kabul Tarihi : 4/4/2013") == "2013-04-04"


def test_regulations_are_their_own_kind_by_their_title() -> None:
    """Yönetmelik, tebliğ, genelge and yönerge are the kind `regulation`; the word ends the
    title (a report about a regulation does not end with it)."""

    def kind_of(title: str, heading: str = "Giriş") -> str:
        page = PageText(number=1, lines=[TextLine(heading, size=12)])
        return str(detect_kind(None, title, [page]))

    assert kind_of("Gebe veya Emziren Kadınların Çalıştırılma Şartlarına Dair Yönetmelik") == (
        "regulation"
    )
    assert kind_of("İthalatta Gözetim Uygulanmasına İlişkin Tebliğ (Tebliğ No: 2025/1)") == (
        "regulation"
    )
    assert kind_of("Göç İdaresi Genelgesi 2024/3") == "regulation"
    assert kind_of("Belge", heading="KAMU KURUMLARI PERSONEL YÖNETMELİĞİ") == "regulation"
    assert kind_of("Yönetmelik değişikliklerinin belediyelere etkisi üzerine bir rapor") == "report"
    assert detect_kind("6458", "Yabancılar ve Uluslararası Koruma Kanunu", []) == "law"


def test_a_regulation_is_addressed_by_its_doc_id_a_law_by_its_number() -> None:
    law = merge_metadata("yukk", {"kind": "law", "law_number": "6458"}, {})
    regulation = merge_metadata("emzirme-yonetmeligi", {"kind": "regulation"}, {})
    report = merge_metadata("rapor", {"kind": "report"}, {})
    assert (law.address, regulation.address, report.address) == (
        "6458",
        "emzirme-yonetmeligi",
        None,
    )
    assert merge_metadata("x", {}, {"kind": "regulation"}).kind == "regulation"
