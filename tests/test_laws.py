"""Law structure: header styles and amendment notes on hand-built pages, and the five corpus
laws parsed from their PDFs against the official text (../shared/testdata/law-texts)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from indexer.amendments import Amendment, find_amendments, is_repeal_only
from indexer.layout import build_document_text
from indexer.laws import LawDocument, parse_law
from indexer.models import Footnote, PageText, TextLine, footnote_mark
from indexer.pdf import read_pages

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SHARED = PROJECT_ROOT.parent / "shared"
LAW_PDFS = PROJECT_ROOT / "corpus" / "laws"
LAW_NUMBERS = ["5216", "5393", "5901", "6458", "6735"]
BODY_MATCH_SHARE = 0.99


# --- hand-built pages ---------------------------------------------------------------------


def page(*texts: str, number: int = 1, footnotes: list[Footnote] | None = None) -> PageText:
    return PageText(number, [TextLine(text) for text in texts], footnotes or [])


def parse(*texts: str) -> LawDocument:
    return parse_law([page(*texts)])


@pytest.mark.parametrize(
    ("header", "label", "key"),
    [
        ("MADDE 1 – (1) Metin.", "1", "1"),
        ("Madde 1- Metin.", "1", "1"),
        ("GEÇİCİ MADDE 3- (1) Metin.", "Geçici 3", "g3"),
        ("EK MADDE 2 – (1) Metin.", "Ek 2", "ek2"),
        ("Ek Madde 1- Metin.", "Ek 1", "ek1"),
        ("Gecici Madde 5- Metin.", "Geçici 5", "g5"),
        ("Geçici Madde 5 Metin.", None, None),  # no dash: not a header
        ("MADDE 57/A – (1) Metin.", "57/A", "57/a"),
        ("MADDE 121/A -(Ek: 2/7/2018 – KHK-703/71 md.) Metin.", "121/A", "121/a"),
        ("Madde 29- 30- (Kanun ile ilgili olup yerine işlenmiştir.)", "29-30", "29-30"),
        ("Madde 4- (Değişik: 12/11/2012-6360/5 md.)", "4", "4"),
    ],
)
def test_header_styles(header: str, label: str | None, key: str | None) -> None:
    law = parse("Başlık", header)
    assert [article.label for article in law.articles] == ([label] if label else [])
    assert [article.key for article in law.articles] == ([key] if key else [])


def test_dash_on_the_next_line_is_not_text() -> None:
    law = parse("Tanımlar", "MADDE 3", "– (1) Bu Kanunun uygulanmasında;")
    assert law.articles[0].title == "Tanımlar"
    assert law.articles[0].text == "(1) Bu Kanunun uygulanmasında;"


def test_a_line_mentioning_an_article_is_not_a_header() -> None:
    law = parse(
        "Amaç",
        "MADDE 1 – (1) Başvuru",
        "6 ncı maddeye göre işlem yapılır.",
        "Madde 6 uyarınca verilen karar tebliğ edilir.",
    )
    assert [article.key for article in law.articles] == ["1"]
    assert "Madde 6 uyarınca" in law.articles[0].text


def test_bold_titles_footnotes_and_repeal() -> None:
    law = parse_law(
        [
            PageText(
                1,
                [
                    TextLine("Tanımlar" + footnote_mark(3), bold=True),
                    TextLine("MADDE 3 – (1) Bu Kanunda geçen terimler;"),
                    TextLine("a) Bakanlık: İçişleri Bakanlığını,"),
                    TextLine("b) (Değişik: 6/12/2019-7196/78 md.) Yabancı" + footnote_mark(4)),
                    TextLine("ifade eder."),
                    TextLine("Kaldırılan", bold=True),
                    TextLine("MADDE 28 – (Mülga: 2/7/2018-KHK-703/71 md.)"),
                ],
                [Footnote("3", "Birinci not."), Footnote("4", "İkinci not.")],
            )
        ]
    )
    definitions, repealed = law.articles
    assert definitions.title == "Tanımlar"
    assert definitions.notes == ["Birinci not.", "İkinci not."]
    assert "\ue000" not in definitions.text and "4" not in definitions.text.split("Yabancı")[1]
    (paragraph,) = definitions.paragraphs
    assert paragraph.number == "1"
    assert [item.label for item in paragraph.items] == ["a", "b"]
    assert [a.kind for a in paragraph.items[1].amendments] == ["Değişik"]
    assert repealed.repealed and not definitions.repealed
    assert [a.law for a in repealed.amendments] == ["KHK-703"]


def test_divisions_give_part_and_chapter() -> None:
    law = parse(
        "BİRİNCİ KISIM",
        "Genel Hükümler",
        "BİRİNCİ BÖLÜM",
        "Amaç ve Kapsam",
        "Amaç",
        "MADDE 1 – (1) Metin.",
        "İKİNCİ BÖLÜM",
        "Tanımlar",
        "MADDE 2 – (1) Metin.",
    )
    assert [(d.kind, d.label, d.title, d.first_article_key) for d in law.divisions] == [
        ("kisim", "BİRİNCİ KISIM", "Genel Hükümler", "1"),
        ("bolum", "BİRİNCİ BÖLÜM", "Amaç ve Kapsam", "1"),
        ("bolum", "İKİNCİ BÖLÜM", "Tanımlar", "2"),
    ]
    first, second = law.articles
    assert (first.part, first.chapter) == ("BİRİNCİ KISIM — Genel Hükümler", "BİRİNCİ BÖLÜM — Amaç ve Kapsam")
    assert second.chapter == "İKİNCİ BÖLÜM — Tanımlar" and second.title is None


def test_header_block_and_amendment_list() -> None:
    law = parse(
        "YABANCILAR VE ULUSLARARASI KORUMA KANUNU" + footnote_mark(1),
        "Kanun Numarası : 6458",
        "Kabul Tarihi : 4/4/2013",
        "Yayımlandığı Resmî Gazete: Tarih: 11/4/2013 Sayı: 28615",
        "Yayımlandığı Düstur : Tertip: 5 Cilt: 53",
        "Yürütme",
        "MADDE 126 – (1) Bu Kanun hükümlerini Bakanlar Kurulu yürütür.",
        "6458 SAYILI KANUNA EK VE DEĞİŞİKLİK GETİREN MEVZUATIN",
        "6462 3 3/5/2013",
    )
    assert law.header.law_number == "6458"
    assert law.header.title == "YABANCILAR VE ULUSLARARASI KORUMA KANUNU"
    assert (law.header.accepted_date, law.header.gazette_date) == ("4/4/2013", "11/4/2013")
    assert (law.header.gazette_number, law.header.dustur) == ("28615", "Tertip: 5 Cilt: 53")
    assert law.articles[0].text == "(1) Bu Kanun hükümlerini Bakanlar Kurulu yürütür."
    assert law.amendment_list.startswith("6458 SAYILI KANUNA EK")


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("(Değişik: 6/12/2019-7196/78 md.)", [("Değişik", "6/12/2019", "7196", "78", None)]),
        ("(Ek: 28/7/2016-6735/27 md.)", [("Ek", "28/7/2016", "6735", "27", None)]),
        ("(Mülga: 2/7/2018-KHK-703/71 md.)", [("Mülga", "2/7/2018", "KHK-703", "71", None)]),
        ("(Ek:21/11/2024-7533/38 md.)", [("Ek", "21/11/2024", "7533", "38", None)]),
        (
            "(Değişik: 15/8/2017-KHK-694/169 md.; Aynen kabul: 1/2/2018-7078/163 md.)",
            [
                ("Değişik", "15/8/2017", "KHK-694", "169", None),
                ("Aynen kabul", "1/2/2018", "7078", "163", None),
            ],
        ),
        (
            "(Değişik birinci fıkra: 26/12/2006-5568/6 md.)",
            [("Değişik", "26/12/2006", "5568", "6", "birinci fıkra")],
        ),
        ("(Ek fıkra: 30/12/2004 – 5281/40 md.)", [("Ek", "30/12/2004", "5281", "40", "fıkra")]),
        (
            "(Başlığı ile Birlikte Değişik: 19/10/2017-7039/31 md.)",
            [("Değişik", "19/10/2017", "7039", "31", "Başlığı ile Birlikte")],
        ),
        (
            "(İptal: Anayasa Mahkemesinin 18/10/2012 tarihli ve E.: 2010/82 sayılı Kararı ile.)",
            [("İptal", "18/10/2012", None, None, None)],
        ),
        ("(Ek:RG-16/10/2020-7254/10 md.)", [("Ek", "16/10/2020", "7254", "10", None)]),
        ("(Yeniden düzenleme: 1/2/2020-7000/1 md.)", [("Yeniden düzenleme", "1/2/2020", "7000", "1", None)]),
        ("(18.1.1984 tarihli ve 2972 sayılı Kanun ile ilgili olup yerine işlenmiştir.)", []),
        ("(Dilek: 1/1/2000-1/1 md.)", []),
    ],
)
def test_amendment_notes(note: str, expected: list[tuple[str | None, ...]]) -> None:
    def fields(a: Amendment) -> tuple[str | None, ...]:
        return (a.kind, a.date, a.law, a.article, a.scope)

    assert [fields(a) for a in find_amendments(f"b) {note} Metin.")] == expected


def test_repeal_only_text() -> None:
    assert is_repeal_only("(Ek: 26/12/2006-5568/7 md.; Mülga: 28/1/2010-5951/13 md.)")
    assert not is_repeal_only("(Mülga: 2/7/2018-KHK-703/71 md.) Kalan metin.")
    assert not is_repeal_only("(Değişik: 6/12/2019-7196/78 md.)")


# --- ground truth: the official text of the corpus laws -----------------------------------
#
# The .md files are the official HTML text turned into paragraphs ("blocks", separated by
# blank lines). Footnote markers are `[n]` lines; the footnote texts and the amendment table
# follow the last article. The helper below reads them independently of the parser.

TRUTH_HEADER_RE = re.compile(
    r"^(?:(?P<prefix>GEÇİCİ|Geçici|Gecici|EK|Ek) )?(?:MADDE|Madde) "
    r"(?P<number>\d+(?: ?/ ?[A-Z])?(?: ?- ?\d+(?= ?-))?) ?(?:[-–—]|$)"
)
TRUTH_DIVISION_RE = re.compile(r"^[A-ZÇĞİÖŞÜ ]+ (?:KİTAP|KISIM|BÖLÜM)$")
TRUTH_END_RE = re.compile(r"SAYILI KANUNA (?:EK|İŞLENEMEYEN)|^\(?[IVX]+\)? SAYILI CETVEL")
TRUTH_NOT_TITLE_RE = re.compile(r"^(?:\(|[a-zçğıöşü]{1,2}\) )|[.:;,]$")
MARKER_LINE_RE = re.compile(r"^\s*\[\d+\]\s*$", re.MULTILINE)


@dataclass(frozen=True)
class TruthArticle:
    label: str
    title: str | None
    body: str


def normalise_space(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def truth_label(match: re.Match[str]) -> str:
    number = match["number"].replace(" ", "")
    prefix = (match["prefix"] or "").upper()
    return f"Geçici {number}" if prefix.startswith("GE") else f"Ek {number}" if prefix else number


def truth_blocks(markdown: str) -> list[str]:
    """The text's paragraphs after the preamble, marker lines dropped, lone dashes merged."""
    text = MARKER_LINE_RE.sub("", markdown.split("\n---\n", 1)[1])
    blocks: list[str] = []
    for block in (normalise_space(part) for part in re.split(r"\n\s*\n", text)):
        if block in {"-", "–"} and blocks:
            blocks[-1] += " " + block
        elif block:
            blocks.append(block)
    return blocks


def is_truth_title(blocks: list[str], index: int) -> bool:
    block = blocks[index]
    after_division = index > 0 and TRUTH_DIVISION_RE.match(blocks[index - 1]) is not None
    return not (
        TRUTH_NOT_TITLE_RE.search(block)
        or TRUTH_DIVISION_RE.match(block)
        or TRUTH_HEADER_RE.match(block)
        or after_division
        or len(block) > 200
    )


def parse_truth(markdown: str) -> list[TruthArticle]:
    blocks = truth_blocks(markdown)
    headers = [i for i, block in enumerate(blocks) if TRUTH_HEADER_RE.match(block)]
    end = next(i for i in range(headers[0], len(blocks)) if TRUTH_END_RE.search(blocks[i]))
    headers = [i for i in headers if i < end]
    titled = {i: i > 0 and is_truth_title(blocks, i - 1) for i in headers}
    articles = []
    for position, start in enumerate(headers):
        stop = headers[position + 1] - titled[headers[position + 1]] if position + 1 < len(headers) else end
        body_blocks = blocks[start:stop]
        division = next((i for i, b in enumerate(body_blocks) if TRUTH_DIVISION_RE.match(b)), None)
        body_blocks = body_blocks[:division]
        match = TRUTH_HEADER_RE.match(body_blocks[0])
        assert match is not None
        body_blocks[0] = body_blocks[0][match.end() :]
        title = blocks[start - 1] if titled[start] else None
        body = re.sub(r"^[-–—] ?", "", normalise_space(" ".join(body_blocks)))  # `MADDE 3\n– (1)`
        articles.append(TruthArticle(truth_label(match), title, body))
    return articles
