"""Law structure: header styles and amendment notes on hand-built pages, and the five corpus
laws parsed from their PDFs against the official text (../shared/testdata/law-texts)."""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
from corpus_support import corpus_read

from indexer.laws import ArticleStructure, LawDocument, parse_law
from indexer.laws.amendments import Amendment, find_amendments, is_repeal_only
from indexer.laws.document import Article
from indexer.laws.markers import parts_of
from indexer.laws.paragraphs import Item
from indexer.layout import build_document_text
from indexer.models import (
    FOOTNOTE_MARK_RE,
    Footnote,
    PageText,
    TextLine,
    footnote_mark,
    strip_footnote_marks,
)
from indexer.pdf import read_pages

PROJECT_ROOT = Path(__file__).resolve().parents[3]
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
    assert (first.part, first.chapter) == (
        "BİRİNCİ KISIM — Genel Hükümler",
        "BİRİNCİ BÖLÜM — Amaç ve Kapsam",
    )
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


def test_titles_without_bold_start_in_the_header_column_after_a_full_stop() -> None:
    def line(text: str, x0: float) -> TextLine:
        return TextLine(text, x0=x0)

    law = parse_law(
        [
            PageText(
                1,
                [
                    line("BİRİNCİ BÖLÜM", 270),
                    line("Amaç ve Kapsam", 235),
                    line("Amaç", 55),
                    line("MADDE 1 – (1) Bu Yönetmeliğin amacı, çalışanın sağlığının", 55),
                    line("korunmasıdır", 33),
                    line("MADDE 2 – (1) Bu Yönetmelik işyerlerine", 55),
                    line("uygulanır.", 33),
                    line("Yürürlük ve", 55),
                    line("yürütme", 33),
                    line("MADDE 3 – (1) Bu Yönetmelik yayımı tarihinde yürürlüğe girer.", 55),
                ],
            )
        ]
    )
    assert [article.title for article in law.articles] == ["Amaç", None, "Yürürlük ve yürütme"]
    assert law.articles[0].text.endswith("sağlığının korunmasıdır")
    assert law.divisions[0].title == "Amaç ve Kapsam"


def test_items_and_subitems() -> None:
    law = parse(
        "Personel",
        "MADDE 17 – (1) Personelin nitelikleri aşağıda belirtilmiştir;",
        "a) Yönetici: aşağıdakilerden biri görevlendirilir:",
        "1) Yükseköğrenim görmüş olmak,",
        "2) Öğretmen unvanını almış olmak.",
        "b) (Ek: 1/2/2020-7000/1 md.) Sağlık personeli.",
        "(2) Diğer personel işverence belirlenir.",
    )
    first, second = law.articles[0].paragraphs
    manager, health = first.items
    assert [sub.label for sub in manager.subitems] == ["1", "2"]
    assert manager.text.endswith("2) Öğretmen unvanını almış olmak.")
    assert health.amendments[0].law == "7000" and not first.amendments
    assert (second.number, second.text) == ("2", "Diğer personel işverence belirlenir.")


def test_markers_point_to_the_note_on_their_own_page() -> None:
    law = parse_law(
        [
            page("Amaç", "MADDE 1 – (1) Metin" + footnote_mark(1) + " devam", number=1,
                 footnotes=[Footnote("1", "Birinci sayfanın notu.")]),
            page("eder.", "Kapsam", "MADDE 2 – (1) Metin" + footnote_mark(1) + ".", number=2,
                 footnotes=[Footnote("1", "İkinci sayfanın notu.")]),
            page("Yürürlük", "MADDE 3 – (1) Yeniden anılan not" + footnote_mark(1) + ".", number=3),
        ]
    )  # fmt: skip
    notes = [article.notes for article in law.articles]
    assert notes == [
        ["Birinci sayfanın notu."],
        ["İkinci sayfanın notu."],
        ["İkinci sayfanın notu."],
    ]
    assert [(a.page, a.page_end) for a in law.articles] == [(1, 2), (2, 2), (3, 3)]
    assert law.articles[0].text == "(1) Metin devam eder." and law.notes == []


def test_text_without_articles() -> None:
    law = parse_law([page("Bir rapor", "6 ncı maddeye göre işlem yapılır.")])
    assert law.articles == [] and law.divisions == []
    assert law.header.law_number is None
    assert parse_law([]).articles == []


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
        (
            "(Yeniden düzenleme: 1/2/2020-7000/1 md.)",
            [("Yeniden düzenleme", "1/2/2020", "7000", "1", None)],
        ),
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
# `[n]` lines; and bare `n` lines, where the consolidated text cites a note again at body size
# ("ilçe (…)" / "3" / "belediyelerinin"): markers too, never words of the article.
MARKER_LINE_RE = re.compile(r"^[ \t]*\[?(\d+)\]?[ \t]*$", re.MULTILINE)
MARKER_TOKEN_RE = re.compile(r" ?⟦(\d+)⟧")  # a `[n]` line, kept inside its block


@dataclass(frozen=True)
class TruthArticle:
    label: str
    title: str | None
    body: str
    markers: list[str]  # footnote numbers marked in its title, header and body
    title_markers: list[str]  # those marked in its title


def normalise_space(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def without_markers(text: str) -> str:
    return normalise_space(MARKER_TOKEN_RE.sub("", text))


def truth_label(match: re.Match[str]) -> str:
    number = match["number"].replace(" ", "")
    prefix = (match["prefix"] or "").upper()
    return f"Geçici {number}" if prefix.startswith("GE") else f"Ek {number}" if prefix else number


def truth_blocks(markdown: str) -> list[str]:
    """The text's paragraphs after the preamble; markers and lone dashes join the one before."""
    text = MARKER_LINE_RE.sub(r"⟦\1⟧", markdown.split("\n---\n", 1)[1])
    blocks: list[str] = []
    for block in (normalise_space(part) for part in re.split(r"\n\s*\n", text)):
        leading = re.findall(r"^(?:⟦\d+⟧ ?)*", block)[0]  # markers of the text before
        if blocks and (leading or without_markers(block) in {"-", "–"}):
            blocks[-1] += " " + leading.strip()
            block = block[len(leading) :].strip()
            if block in {"-", "–"}:
                blocks[-1] += " " + block
                continue
        if block:
            blocks.append(block)
    return blocks


def is_truth_title(blocks: list[str], index: int) -> bool:
    block = without_markers(blocks[index])
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
    headers = [i for i, block in enumerate(blocks) if TRUTH_HEADER_RE.match(without_markers(block))]
    end = next(i for i in range(headers[0], len(blocks)) if TRUTH_END_RE.search(blocks[i]))
    headers = [i for i in headers if i < end]
    titled = {i: i > 0 and is_truth_title(blocks, i - 1) for i in headers}
    articles = []
    for position, start in enumerate(headers):
        following = headers[position + 1 : position + 2]
        stop = following[0] - titled[following[0]] if following else end
        body_blocks = blocks[start:stop]
        division = next((i for i, b in enumerate(body_blocks) if TRUTH_DIVISION_RE.match(b)), None)
        body_blocks = body_blocks[:division]
        text = without_markers(" ".join(body_blocks))
        match = TRUTH_HEADER_RE.match(text)
        assert match is not None
        title = blocks[start - 1] if titled[start] else ""
        body = re.sub(r"^[-–—] ?", "", text[match.end() :].strip())  # `MADDE 3` + `– (1)` below
        markers = MARKER_TOKEN_RE.findall(" ".join([title, *body_blocks]))
        label = truth_label(match)
        title_markers = MARKER_TOKEN_RE.findall(title)
        articles.append(
            TruthArticle(label, without_markers(title) or None, body, markers, title_markers)
        )
    return articles


def truth_footnotes(markdown: str) -> dict[str, str]:
    """The footnote texts printed after the amendment table, by number: `[n]` then the text."""
    tail = markdown.split("\n---\n", 1)[1]
    found = re.finditer(r"^\[(\d+)\]\s*\n(?!\s*\[)(.*?)(?=^\[\d+\]\s*$|\Z)", tail, re.S | re.M)
    return {match[1]: normalise_space(match[2]) for match in found if match[2].strip()}


@dataclass(frozen=True)
class LawCase:
    """One corpus law: parsed from its PDF, and read from its official text."""

    number: str
    law: LawDocument
    truth: list[TruthArticle]
    footnotes: dict[str, str]  # the official footnote texts by number
    meta: dict[str, object]


@pytest.fixture(scope="module")
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared not present")
    return SHARED


@pytest.fixture(scope="module", params=LAW_NUMBERS)
def law_case(request: pytest.FixtureRequest, shared: Path) -> LawCase:
    number = request.param
    (pdf,) = LAW_PDFS.glob(f"{number}-*.pdf")
    texts = shared / "testdata" / "law-texts"
    markdown = (texts / f"{number}-tr.md").read_text(encoding="utf-8")
    return LawCase(
        number=number,
        law=parse_law(corpus_read(pdf).pages),
        truth=parse_truth(markdown),
        footnotes=truth_footnotes(markdown),
        meta=json.loads((texts / f"{number}-tr.meta.json").read_text(encoding="utf-8")),
    )


# Differences from the official text that come from the layout step, not from this parser.
KNOWN_BODY_DIFFERENCES: dict[tuple[str, str], str] = {}


def first_difference(got: str, expected: str) -> str:
    at = next(
        (i for i, pair in enumerate(zip(got, expected, strict=False)) if len(set(pair)) > 1), None
    )
    at = min(len(got), len(expected)) if at is None else at
    start = max(0, at - 40)
    return f"pdf …{got[start : at + 60]!r} / official …{expected[start : at + 60]!r}"


def test_article_labels_match_the_official_text(law_case: LawCase) -> None:
    labels = [article.label for article in law_case.law.articles]
    assert labels == [article.label for article in law_case.truth]
    assert len(set(labels)) == len(labels)
    keys = [article.key for article in law_case.law.articles]
    assert len(set(keys)) == len(keys)
    assert [article.order for article in law_case.law.articles] == list(range(len(labels)))


def test_titles_match_the_official_text(law_case: LawCase) -> None:
    titles = [(a.label, a.title) for a in law_case.law.articles]
    assert titles == [(a.label, a.title and normalise_space(a.title)) for a in law_case.truth]


def test_bodies_match_the_official_text(law_case: LawCase) -> None:
    truth = {article.label: article.body for article in law_case.truth}
    exceptions = {}
    for article in law_case.law.articles:
        body = normalise_space(article.text)
        if body != truth[article.label]:
            known = KNOWN_BODY_DIFFERENCES.get((law_case.number, article.label), "unexplained")
            exceptions[article.label] = f"{known}: {first_difference(body, truth[article.label])}"
    for label, reason in exceptions.items():
        print(f"{law_case.number} madde {label}: {reason}")
    share = 1 - len(exceptions) / len(law_case.law.articles)
    assert share >= BODY_MATCH_SHARE, exceptions
    assert all(not reason.startswith("unexplained") for reason in exceptions.values()), exceptions


def test_no_footnote_text_or_marker_in_bodies(law_case: LawCase) -> None:
    truth = {article.label: article.body for article in law_case.truth}
    note_texts = list(law_case.footnotes.values()) + law_case.law.notes
    note_texts += [note for article in law_case.law.articles for note in article.notes]
    openings = {normalise_space(text)[:50] for text in note_texts if len(text) > 30}
    for article in law_case.law.articles:
        assert not re.search("[\ue000\ue001]", article.text + (article.title or ""))
        body = normalise_space(article.text)
        leaked = [o for o in openings if o in body and o not in truth[article.label]]
        assert not leaked, (article.label, leaked)


def test_notes_are_the_official_footnotes_of_each_article(law_case: LawCase) -> None:
    footnotes = law_case.footnotes
    expected = {
        article.label: [footnotes[n] for n in dict.fromkeys(article.markers) if n in footnotes]
        for article in law_case.truth
    }
    got = {a.label: [normalise_space(note) for note in a.notes] for a in law_case.law.articles}
    assert {label: notes for label, notes in got.items() if notes != expected[label]} == {}
    claimed = {note for notes in expected.values() for note in notes}
    law_notes = [normalise_space(note) for note in law_case.law.notes]
    assert law_notes == [text for text in footnotes.values() if text not in claimed]


def test_law_header_matches_its_metadata(law_case: LawCase) -> None:
    def iso(date: str | None) -> str | None:
        day, month, year = (date or "//").split("/")
        return f"{year}-{int(month):02d}-{int(day):02d}" if date else None

    header, meta = law_case.law.header, law_case.meta
    gazette = meta["official_gazette"]
    assert isinstance(gazette, dict)
    assert header.law_number == law_case.number
    assert normalise_space(header.title or "") == normalise_space(str(meta["title"]))
    assert iso(header.accepted_date) == meta["accepted_date"]
    assert header.gazette_number == gazette["number"]
    assert gazette["date"] in (None, iso(header.gazette_date))
    assert header.dustur is not None and header.dustur.startswith("Tertip: 5 Cilt: ")


def test_amendment_table_belongs_to_the_law(law_case: LawCase) -> None:
    law = law_case.law
    assert re.search(r"SAYILI KANUNA (EK|İŞLENEMEYEN)", law.amendment_list)
    assert "SAYILI KANUNA" not in law.articles[-1].text
    assert law.articles[-1].title == "Yürütme"


def test_structure_details_of_the_corpus(law_case: LawCase) -> None:
    law = law_case.law
    articles = {article.key: article for article in law.articles}
    if law_case.number == "5216":
        assert articles["6"].repealed and articles["g5"].repealed  # `(Ek: …; Mülga: …)`
        assert articles["g3"].notes[0].startswith("21/4/2005 tarihli ve 5335")  # marker in header
        assert law.notes[0].startswith("6/3/2008 tarihli ve 5747 sayılı")  # marker on law title
        assert articles["29-30"].title == "Değiştirilen hükümler"
    elif law_case.number == "5393":
        assert [a.kind for a in articles["g9"].amendments] == ["Ek", "Aynen kabul"]
        assert (
            articles["85"].title is None
            and articles["85"].part == "ALTINCI KISIM — Çeşitli ve Son Hükümler"
        )
    elif law_case.number == "5901":
        assert (articles["12"].page, articles["g1"].page, articles["26"].page_end) == (2, 9, 5)
        assert articles["ek1"].amendments[0].law == "7039"
    elif law_case.number == "6458":
        assert (
            articles["1"].part == "BİRİNCİ KISIM — Amaç, Kapsam, Tanımlar ve Geri Gönderme Yasağı"
        )
        assert articles["1"].chapter == "BİRİNCİ BÖLÜM — Amaç, Kapsam ve Tanımlar"
        assert articles["108"].repealed and not articles["57/a"].repealed
        assert [i.label for i in articles["3"].paragraphs[0].items][:5] == ["a", "b", "c", "ç", "d"]
        assert "(I) SAYILI CETVEL" in law.amendment_list
        assert [d.kind for d in law.divisions].count("kisim") == 5
    elif law_case.number == "6735":
        assert [p.number for p in articles["3"].paragraphs] == ["1"]


def test_every_amendment_note_is_parsed_once(law_case: LawCase) -> None:
    def records(items: list[Item]) -> int:
        return sum(len(item.amendments) + records(item.subitems) for item in items)

    for article in law_case.law.articles:
        in_text = find_amendments(article.text)
        structured = len(article.amendments) + sum(
            len(paragraph.amendments) + records(paragraph.items) for paragraph in article.paragraphs
        )
        assert structured == len(in_text), article.label
        looks_like_notes = re.findall(
            r"\((?:[^()]{0,40}\s)?(?:Ek|Değişik|Mülga|İptal)\b[^()]{0,40}:", article.text
        )
        assert len(looks_like_notes) <= len(in_text), (article.label, looks_like_notes)


# --- regulations: the same parser on other producers' PDFs ---------------------------------


@pytest.mark.parametrize(
    ("file_name", "labels", "chapters"),
    [
        # MADDE 1–9, counted in the PDF's text (pdftotext), no KISIM/BÖLÜM.
        ("tr-ithalatta-gozetim-teblig-2025-1.pdf", [str(n) for n in range(1, 10)], 0),
        # MADDE 1–24, GEÇİCİ MADDE 1–2, MADDE 25–26 (wkhtmltopdf: no bold, one font size).
        (
            "tr-emzirme-odalari-yonetmelik-wkhtmltopdf.pdf",
            [str(n) for n in range(1, 25)] + ["Geçici 1", "Geçici 2", "25", "26"],
            5,
        ),
    ],
)
def test_regulations(shared: Path, file_name: str, labels: list[str], chapters: int) -> None:
    pdf = shared / "testdata" / "pdfs" / "real" / file_name
    law = parse_law(build_document_text(list(read_pages(pdf))))
    assert [article.label for article in law.articles] == labels
    assert all(article.title and article.paragraphs for article in law.articles)
    assert law.header.law_number is None and law.header.gazette_number is None
    assert law.articles[-1].text.endswith("yürütür.")
    assert len(law.divisions) == chapters and "tıklayınız" in law.amendment_list


# --- article text as the page shows it: markers, paragraphs, items --------------------------


def shown_parts(article: Article) -> list[str]:
    """The own texts of an article's paragraphs, items and sub-items, in order."""
    return [part.own for part in parts_of(article.paragraphs)]


def test_footnote_markers_are_placed_where_the_official_text_has_them(law_case: LawCase) -> None:
    """Every marker the page shows is one the official text prints in the article (a `[n]`
    line, or a bare `n` line where it cites a note again), and nearly every article shows
    them all (the rest: markers in a title, which the page shows without them)."""
    exact = 0
    for article in law_case.law.articles:
        truth = next(t for t in law_case.truth if t.label == article.label)
        placed = [m for own in shown_parts(article) for m in FOOTNOTE_MARK_RE.findall(own)]
        assert not Counter(placed) - Counter(truth.markers), (article.label, placed)
        exact += Counter(truth.markers) - Counter(placed) <= Counter(truth.title_markers)
    assert exact / len(law_case.law.articles) >= 0.95


def test_no_footnote_number_left_in_the_text_shown(law_case: LawCase) -> None:
    """ "ilçe (…) 3 belediyelerinin", "ruhsat vermek. 10", "verebilirler. 16": the numbers the
    consolidated text prints at body size where it cites a note again are markers."""
    numbers = set(law_case.footnotes)
    for article in law_case.law.articles:
        for own in shown_parts(article):
            visible = strip_footnote_marks(own)
            leftover = re.findall(r"\(…\)\s+(\d{1,3})\b|[.;]\s+(\d{1,3})$", visible)
            assert not [n for pair in leftover for n in pair if n in numbers], (article.label, own)


def test_paragraphs_and_items_are_split_as_the_official_text(law_case: LawCase) -> None:
    """Each official block that opens a numbered paragraph or an item starts a part of its
    own, and unnumbered paragraphs (5216, 5393) are not one wall of text."""
    for article in law_case.law.articles:
        truth = next(t for t in law_case.truth if t.label == article.label)
        numbers = re.findall(r"(?:^|\s)\((\d{1,2})\) ", f" {truth.body}")
        got = [p.number for p in article.paragraphs if p.number]
        if got:
            assert got == list(dict.fromkeys(n for n in numbers if n in got)), article.label
        for paragraph in article.paragraphs:
            for item in paragraph.items:
                assert re.match(r"[a-zçğıöşü]{1,2}$", item.label), (article.label, item.label)
    walls = [
        a.label for a in law_case.law.articles if max(map(len, shown_parts(a)), default=0) > 6000
    ]
    assert not walls


# --- where each page of an article starts (a hit's PDF link opens its passage's page) -------


def test_every_page_an_article_runs_over_is_found_in_its_text(law_case: LawCase) -> None:
    """One break per later page, in order, each at the text of that page's first line."""
    for article in law_case.law.articles:
        pages = [page for _, page in article.page_breaks]
        assert pages == list(range(article.page + 1, article.page_end + 1)), article.label
        offsets = [offset for offset, _ in article.page_breaks]
        # 0: the header ends a page, the text starts the next.
        assert offsets == sorted(offsets) and all(0 <= o < len(article.text) for o in offsets)


def test_a_passage_of_5393_article_49_is_on_page_20() -> None:
    """Issue 11: the article starts on page 18; its paragraph on municipal staff lent to other
    bodies runs onto page 20, which starts "terfi haklarını kazananlar" (pdftotext -f 20)."""
    (pdf,) = LAW_PDFS.glob("5393-*.pdf")
    law = parse_law(build_document_text(list(read_pages(pdf))))
    article = next(article for article in law.articles if article.key == "49")
    assert (article.page, article.page_end) == (18, 20)
    offset, page = article.page_breaks[-1]
    assert page == 20 and article.text[offset:].startswith("terfi haklarını kazananlar")
    structure = ArticleStructure.of(article)
    at = article.text.index("yeniden değerleme katsayısı")
    assert structure.page_at(at, article.page) == 20
    assert structure.page_at(0, article.page) == 18
