"""The HTML pages over real HTTP, against the real app and the index of the default corpus.

Expected values come from the official texts in `corpus/` (e.g. article 91 of Law 6458 is
titled "Geçici koruma", articles 103–120 of it were repealed by KHK-703), never from the
pages' own output.
"""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import httpx
import pytest
from page_support import page, result_count

from indexer.index import StoredUnit
from indexer.laws import Reference
from search_api.web.article_parts import link_references
from search_api.web.catalogue import TEXTS
from search_api.web.i18n import UI_COOKIE, UI_LANGUAGES, chosen_language, switch_url, t
from search_api.web.law_pages import table_of_contents
from search_api.web.pages import document_sections, paginate, url_with

TEMPLATES = Path(__file__).resolve().parents[3] / "templates"
LAW_6458_DOC = "6458-yabancilar-ve-uluslararasi-koruma-kanunu"
MBB_REPORT = "mbb-goc-politikalari-merkezi-tanitim-tr"


class LinkCollector(HTMLParser):
    """Every <a href> with its text, and which result (<li class="hit">) it sits in."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str, int | None]] = []  # href, text, hit number
        self.hits = 0
        self._li_depth: list[bool] = []
        self._href: str | None = None
        self._text: list[str] = []

    @property
    def in_hit(self) -> bool:
        return any(self._li_depth)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "li":
            is_hit = "hit" in (values.get("class") or "").split()
            self.hits += is_hit
            self._li_depth.append(is_hit)
        elif tag == "a":
            self._href, self._text = values.get("href") or "", []

    def handle_endtag(self, tag: str) -> None:
        if tag == "li" and self._li_depth:
            self._li_depth.pop()
        elif tag == "a" and self._href is not None:
            hit = self.hits if self.in_hit else None
            self.links.append((self._href, " ".join("".join(self._text).split()), hit))
            self._href = None

    def handle_data(self, data: str) -> None:
        if self._href is not None:
            self._text.append(data)


def links_of(html: str) -> LinkCollector:
    collector = LinkCollector()
    collector.feed(html)
    return collector


def hit_urls(html: str) -> dict[int, list[str]]:
    """Result number → the links inside that result (without the searched words they carry
    to mark them: `?q=…#first-mark`)."""
    found: dict[int, list[str]] = {}
    for href, _, hit in links_of(html).links:
        if hit is not None:
            found.setdefault(hit, []).append(re.sub(r"\?q=[^#&]*#first-mark$", "", href))
    return found


# --- Search page -----------------------------------------------------------------------------


def test_search_page_without_query_shows_the_form(http: httpx.Client) -> None:
    html = page(http, "/")
    assert '<html lang="tr">' in html
    assert "Kaynak" in html and "Marmara Belediyeler Birliği" in html
    assert 'name="q"' in html and ">Ara</button>" in html
    for label in ("Kanun", "Rapor", "Mülga maddeleri de göster", "Yalnızca başlıklarda ara"):
        assert label in html
    # The law filter offers every law of the corpus, by number.
    for number in ("5216", "5393", "5901", "6458", "6735"):
        assert f'<option value="{number}"' in html


def test_search_finds_the_temporary_protection_article(http: httpx.Client) -> None:
    html = page(http, "/", q="geçici koruma")
    urls = hit_urls(html)
    assert urls, "no results for 'geçici koruma'"
    article_hits = [n for n, hrefs in urls.items() if "/laws/6458/articles/91" in hrefs]
    assert article_hits, "6458 m. 91 is not among the results"
    hrefs = urls[article_hits[0]]
    assert any(href.startswith(f"/files/{LAW_6458_DOC}.pdf#page=") for href in hrefs)
    assert "Geçici koruma" in html
    assert "<mark>" in html  # the snippet's highlighting is rendered, not escaped
    assert "PDF&#39;de aç" in html or "PDF'de aç" in html


def test_a_citation_brings_the_article_first_with_a_badge(http: httpx.Client) -> None:
    html = page(http, "/", q="6458 m. 91")
    urls = hit_urls(html)
    assert "/laws/6458/articles/91" in urls[1]
    first_hit = html.split('<li class="hit"', 2)[1]
    assert 'class="badge citation"' in first_hit


def test_a_citation_outside_the_corpus_shows_the_message(http: httpx.Client) -> None:
    html = page(http, "/", q="2577 sayılı Kanun m. 7")
    assert 'class="notice"' in html
    assert "2577" in html.split('class="notice"', 1)[1]


def test_kind_filter_shows_only_reports(http: httpx.Client) -> None:
    everything = page(http, "/", q="göç")
    assert any(
        href.startswith("/laws/") for hrefs in hit_urls(everything).values() for href in hrefs
    ), "the unfiltered search should find laws too"
    html = page(http, "/", q="göç", kind="report")
    urls = hit_urls(html)
    assert urls, "no reports about göç"
    for hrefs in urls.values():
        assert not any(href.startswith("/laws/") for href in hrefs)
        assert any(href.startswith("/documents/") for href in hrefs)
    assert result_count(html) < result_count(everything)
    assert '<option value="report" selected>' in html


def test_law_filter_keeps_one_law(http: httpx.Client) -> None:
    html = page(http, "/", q="yabancı", law="6458")
    urls = hit_urls(html)
    assert urls
    for hrefs in urls.values():
        assert hrefs[0].startswith("/laws/6458/articles/")
    assert '<option value="6458" selected>' in html


def test_repealed_articles_only_on_request(http: httpx.Client) -> None:
    # 6458 m. 103 "Kuruluş" was repealed by KHK-703.
    without = page(http, "/", q="Kuruluş", law="6458", titles="1")
    assert "/laws/6458/articles/103" not in without
    html = page(http, "/", q="Kuruluş", law="6458", titles="1", repealed="1")
    urls = hit_urls(html)
    hits = [n for n, hrefs in urls.items() if "/laws/6458/articles/103" in hrefs]
    assert hits, "the repealed article 103 should be found when asked for"
    hit = html.split('<li class="hit"')[hits[0]]
    assert "Mülga" in hit
    assert 'name="repealed" value="1" checked' in html


def test_facets_link_to_filtered_searches(http: httpx.Client) -> None:
    html = page(http, "/", q="göç")
    hrefs = [unescape(href) for href, _, _ in links_of(html).links]
    assert any("kind=report" in href and "q=g%C3%B6%C3%A7" in href for href in hrefs)
    assert any("law=6458" in href for href in hrefs)


def test_pagination_keeps_the_query(http: httpx.Client) -> None:
    html = page(http, "/", q="belediye")
    assert result_count(html) > 10
    next_links = re.findall(r'<a href="([^"]+)" rel="next"', html)
    assert next_links
    url = unescape(next_links[0])
    assert "page=2" in url and "q=belediye" in url
    second = page(http, url)
    assert '<span aria-current="page" aria-label="2. sayfa">2</span>' in second
    assert hit_urls(second)
    assert set(hit_urls(second)[1]) != set(hit_urls(html)[1])


# --- Escaping and hostile input ------------------------------------------------------------------


def test_a_script_query_is_shown_escaped(http: httpx.Client) -> None:
    html = page(http, "/", q="<script>alert(1)</script>")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


@pytest.mark.parametrize(
    "query",
    ['"', "*", "(", ")", "AND", "OR NOT", "-", "m.", "6458 m. 99999", "a" * 10_000,
     "\x00\x1f", "geçici\x00koruma", "'; DROP TABLE", "%", "\\", "“yarım"],
)  # fmt: skip
def test_hostile_queries_give_a_page(http: httpx.Client, query: str) -> None:
    html = page(http, "/", q=query)
    assert "</html>" in html
    assert "\x00" not in html
    assert "a" * 1001 not in html  # the query is cut, not echoed in full


def test_junk_parameters_are_said_not_ignored(http: httpx.Client) -> None:
    params = {"q": "koruma", "page": "x", "per_page": "-5", "year_from": "iki bin", "kind": ""}
    response = http.get("/", params={**params, "year_to": ""})
    assert response.status_code == 422
    assert 'id="invalid-parameter"' in response.text and not hit_urls(response.text)
    assert hit_urls(page(http, "/", q="koruma", year_to="", kind=""))  # empty means not given


@pytest.mark.parametrize(
    "url",
    ["/documents/no-such-document", "/laws/6458/articles/999", "/laws/6458/articles/abc",
     "/laws/9999", "/laws/9999/articles/1", "/no-such-page"],
)  # fmt: skip
def test_unknown_pages_give_the_html_error_page(http: httpx.Client, url: str) -> None:
    response = http.get(url)
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "Hata 404" in response.text
    assert 'href="/"' in response.text  # a way back


def test_the_error_page_escapes_what_was_asked_for(http: httpx.Client) -> None:
    response = http.get("/documents/%3Cscript%3Ealert(1)%3C%2Fscript%3E")
    assert response.status_code == 404
    assert "<script>alert(1)</script>" not in response.text


# --- Documents, laws and articles ----------------------------------------------------------------


def test_documents_page_lists_the_collection(http: httpx.Client) -> None:
    html = page(http, "/documents")
    for title in ("Yabancılar ve Uluslararası Koruma Kanunu", "Belediye Kanunu",
                  "MBB Göç Politikaları Merkezi", "RESLOG Project in Turkey"):  # fmt: skip
        assert title in html
    hrefs = {href for href, _, _ in links_of(html).links}
    assert "/laws/6458" in hrefs
    assert f"/documents/{MBB_REPORT}" in hrefs
    assert f"/files/{MBB_REPORT}.pdf" in hrefs


def test_a_report_page_has_an_anchor_per_page(http: httpx.Client) -> None:
    html = page(http, f"/documents/{MBB_REPORT}", page="2")
    for number in (1, 2, 3):  # the brochure has three pages of text
        assert f'id="page-{number}"' in html
    assert f"/files/{MBB_REPORT}.pdf" in html
    assert "Marmara Belediyeler Birliği" in html
    assert "aradığınız sayfa" in html  # the page a search hit pointed at is marked


def test_a_law_document_page_shows_articles_with_page_anchors(http: httpx.Client) -> None:
    html = page(http, f"/documents/{LAW_6458_DOC}")
    assert 'id="page-1"' in html
    assert 'href="/laws/6458/articles/91"' in html
    assert "kitlesel olarak sınırlarımıza gelen" in " ".join(html.split())


def test_law_page_has_header_and_table_of_contents(http: httpx.Client) -> None:
    html = page(http, "/laws/6458")
    text = " ".join(html.split())
    assert (
        "YABANCILAR VE ULUSLARARASI KORUMA KANUNU" in text
        or "Yabancılar ve Uluslararası Koruma Kanunu" in text
    )
    assert "4/4/2013" in text  # Kabul Tarihi
    assert "11/4/2013" in text and "28615" in text  # Resmî Gazete
    assert "Tertip: 5" in text  # Düstur
    assert "DÖRDÜNCÜ BÖLÜM" in text
    hrefs = {href for href, _, _ in links_of(html).links}
    for number in ("1", "91", "92", "103", "123"):
        assert f"/laws/6458/articles/{number}" in hrefs
    assert "Geçici koruma" in text
    assert f"/files/{LAW_6458_DOC}.pdf" in hrefs


def test_law_page_marks_repealed_articles(http: httpx.Client) -> None:
    html = page(http, "/laws/6458")
    rows = {
        number: row
        for row in html.split("<li")[1:]
        if (match := re.search(r'href="/laws/6458/articles/(\d+)"', row))
        for number in [match.group(1)]
    }
    for repealed in ("103", "110", "120"):
        assert 'class="repealed"' in rows[repealed] and "Mülga" in rows[repealed]
    for in_force in ("1", "91", "102"):
        assert "Mülga" not in rows[in_force]
    # 5216 m. 6 was repealed by Law 6360.
    municipal = page(http, "/laws/5216")
    row = next(r for r in municipal.split("<li")[1:] if 'href="/laws/5216/articles/6"' in r)
    assert "Mülga" in row


def test_article_page_shows_the_article(http: httpx.Client) -> None:
    html = page(http, "/laws/6458/articles/91")
    text = " ".join(html.split())
    assert "Geçici koruma" in text
    assert "Madde 91" in text
    assert "kitlesel olarak sınırlarımıza gelen veya sınırlarımızı geçen yabancılara" in text
    assert "Cumhurbaşkanı tarafından çıkarılacak yönetmelikle düzenlenir" in text
    assert "DÖRDÜNCÜ BÖLÜM" in text  # its chapter
    assert 'value="6458 sayılı Kanun m. 91"' in html  # the citation, ready to copy
    assert 'id="copy-citation"' in html
    links = {href: label for href, label, _ in links_of(html).links}
    assert "Yükümlülükler" in links["/laws/6458/articles/90"]  # m. 90
    assert "Uluslararası koruma süreçlerinde iş birliği" in links["/laws/6458/articles/92"]
    assert "/laws/6458" in links
    assert any(href.startswith(f"/files/{LAW_6458_DOC}.pdf#page=") for href in links)


def test_article_page_shows_paragraph_numbers(http: httpx.Client) -> None:
    html = page(http, "/laws/6458/articles/91")
    assert '<span class="number">(1)</span>' in html
    assert '<span class="number">(2)</span>' in html


def test_article_page_links_cross_references(http: httpx.Client) -> None:
    # 6458 m. 102 (1)(a): "5 inci maddeye aykırı şekilde, Türkiye'ye yasa dışı giren …"
    html = page(http, "/laws/6458/articles/102")
    xrefs = [
        (href, text) for href, text, _ in links_of(html).links if "/laws/6458/articles/" in href
    ]
    assert ("/laws/6458/articles/5", "5 inci maddeye") in xrefs or any(
        href == "/laws/6458/articles/5" and text.startswith("5 inci madde") for href, text in xrefs
    )


def test_a_repealed_article_page_says_so(http: httpx.Client) -> None:
    html = page(http, "/laws/6458/articles/103")
    text = " ".join(html.split())
    assert "Mülga" in text and "703" in text  # repealed by KHK-703
    assert "Kuruluş" in text


# --- Interface language ------------------------------------------------------------------------


def test_english_interface_is_remembered(live_server: str) -> None:
    # A client of its own: the cookie must not leak into the other tests.
    with httpx.Client(base_url=live_server, timeout=30) as client:
        html = page(client, "/", q="geçici koruma", ui="en")
        assert '<html lang="en">' in html
        assert ">Search</button>" in html and "Open in the PDF" in html
        assert client.cookies.get(UI_COOKIE) == "en"
        # The switch back keeps the query.
        switch = next(unescape(href) for href, text, _ in links_of(html).links if text == "Türkçe")
        assert "ui=tr" in switch and "q=ge%C3%A7ici+koruma" in switch
        # Without ?ui= the choice holds, on every page.
        assert '<html lang="en">' in page(client, "/laws/6458/articles/91")
        assert "Previous article" in page(client, "/laws/6458/articles/91")
        assert "Error 404" in client.get("/documents/nothing").text
        assert '<html lang="tr">' in page(client, switch)
        assert client.cookies.get(UI_COOKIE) == "tr"
        assert '<html lang="tr">' in page(client, "/documents")


def test_turkish_is_the_default_interface(http: httpx.Client) -> None:
    html = page(http, "/documents")
    assert '<html lang="tr">' in html and "Belgeler" in html
    switch = next(href for href, text, _ in links_of(html).links if text == "English")
    assert unescape(switch) == "/documents?ui=en"


# --- Pure helpers ---------------------------------------------------------------------------


def test_every_interface_text_the_templates_use_exists_in_both_languages() -> None:
    used = set()
    for template in TEMPLATES.glob("*.html"):
        used |= set(re.findall(r"""\bt\(\s*["']([a-z0-9_]+)["']""", template.read_text()))
    assert used, "no t() calls found"
    assert sorted(key for key in used if key not in TEXTS) == []
    for key, texts in TEXTS.items():
        assert set(texts) == set(UI_LANGUAGES), key


def test_only_the_snippet_is_trusted_markup() -> None:
    for template in TEMPLATES.glob("*.html"):
        for line in template.read_text().splitlines():
            if "|safe" in line.replace(" ", ""):
                raise AssertionError(f"{template.name}: |safe (use snippet_html, which escapes)")


def test_t_fills_fields_and_survives_unknown_keys() -> None:
    assert t("results_count", "tr", total=3) == "3 sonuç"
    assert t("results_count", "en", total=3) == "3 results"
    assert t("no_such_key", "en") == "no_such_key"
    assert t("search_button", "xx") == "Ara"


def test_ui_language_choice() -> None:
    assert chosen_language({}, {}) == "tr"
    assert chosen_language({"ui": "en"}, {}) == "en"
    assert chosen_language({}, {UI_COOKIE: "en"}) == "en"
    assert chosen_language({"ui": "tr"}, {UI_COOKIE: "en"}) == "tr"
    assert chosen_language({"ui": "<b>"}, {UI_COOKIE: "de"}) == "tr"
    assert switch_url("/", [("q", "a b"), ("ui", "tr"), ("page", "2")], "en") == (
        "/?q=a+b&page=2&ui=en"
    )


def test_url_with_replaces_and_drops_parameters() -> None:
    params = [("q", "göç"), ("kind", ""), ("page", "3")]
    assert url_with("/", params, page=None) == "/?q=g%C3%B6%C3%A7"
    assert url_with("/", params, kind="law", page=None) == "/?q=g%C3%B6%C3%A7&kind=law"
    assert url_with("/", [], page=None) == "/"


def test_link_references_links_only_what_it_can_place() -> None:
    text = "bu Kanunun 5 inci maddesi ve 9 uncu madde"
    references = [Reference(0, 25, "6458", None), Reference(29, 41, "6458", None)]
    pieces = link_references(text, references, lambda r: "/x" if r.start == 0 else None)
    assert [(p.text, p.url) for p in pieces] == [
        ("bu Kanunun 5 inci maddesi", "/x"),
        (" ve 9 uncu madde", None),
    ]
    assert "".join(p.text for p in pieces) == text


def test_paginate_shows_ends_and_gaps() -> None:
    assert paginate(0, 1, 10).numbers == [1]
    assert paginate(95, 5, 10).numbers == [1, None, 3, 4, 5, 6, 7, None, 10]
    pagination = paginate(25, 3, 10)
    assert (pagination.previous, pagination.next, pagination.last) == (2, None, 3)


def test_table_of_contents_groups_articles_under_divisions() -> None:
    articles: list[dict[str, Any]] = [
        {"key": "1", "label": "1", "part": "BİRİNCİ KISIM — Genel", "chapter": None},
        {"key": "2", "label": "2", "part": "BİRİNCİ KISIM — Genel", "chapter": "BİRİNCİ BÖLÜM"},
        {"key": "g1", "label": "Geçici 1", "part": None, "chapter": None},
    ]
    divisions: list[dict[str, Any]] = [
        {"kind": "kisim", "label": "BİRİNCİ KISIM", "title": "Genel", "first_article_key": "1"},
        {"kind": "bolum", "label": "BİRİNCİ BÖLÜM", "title": None, "first_article_key": "2"},
    ]
    sections = table_of_contents(articles, divisions)
    assert [(s.heading, [a["key"] for a in s.articles]) for s in sections] == [
        ("BİRİNCİ KISIM — Genel", ["1"]),
        ("BİRİNCİ BÖLÜM", ["2", "g1"]),
    ]
    fallback = table_of_contents(articles, [])
    assert [s.heading for s in fallback] == ["BİRİNCİ KISIM — Genel", "BİRİNCİ BÖLÜM"]


def test_document_sections_put_each_page_anchor_once() -> None:
    units = [
        StoredUnit.from_stored_fields({"unit_id": f"doc:r:{text}", "doc_id": "r", "text": text,
                                       "page": first, "page_end": last, "order": order})
        for order, (text, first, last) in enumerate([("a", 1, 3), ("b", 3, 3), ("c", 5, 5)])
    ]  # fmt: skip
    assert [s.anchors for s in document_sections(units)] == [[1, 2], [3], [5]]


@pytest.mark.parametrize("ui", ["tr", "en"])
def test_temporary_and_additional_articles_read_as_the_law_writes_them(
    http: httpx.Client, ui: str
) -> None:
    """ "Geçici Madde 1", "Ek Madde 1" (once "Madde Geçici 1", "Madde Ek 1")."""
    temporary = " ".join(page(http, f"/laws/6458/articles/gecici-1?ui={ui}").split())
    additional = " ".join(page(http, f"/laws/5216/articles/ek-1?ui={ui}").split())
    contents = " ".join(page(http, f"/laws/6458?ui={ui}").split())
    if ui == "tr":
        assert "Geçici Madde 1" in temporary and "Ek Madde 1" in additional
        assert "Geçici Madde 1" in contents
    else:
        assert "Provisional Article 1" in temporary and "Additional Article 1" in additional
    for text in (temporary, additional, contents):
        assert "Madde Geçici" not in text and "Madde Ek" not in text
        assert "Article Geçici" not in text and "Article Ek" not in text


def visible_text(html: str) -> str:
    body = html.split('<div class="article-body"', 1)[1].split("</section>", 1)[0]
    body = re.sub(r"<sup class=\"fn\">.*?</sup>|<button.*?</button>", " ", body, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", body)).split())


def test_footnote_markers_are_links_with_the_pdfs_numbers(http: httpx.Client) -> None:
    """ "/laws/5216/articles/7 shows 'ilçe (…) 3 belediyelerinin', 'ruhsat vermek. 10'";
    and the notes were renumbered 1..n, so even those numbers pointed nowhere."""
    html = page(http, "/laws/5216/articles/7")
    text = visible_text(html)
    assert "ilçe (…) belediyelerinin" in text and "(…) 3" not in text
    assert "ruhsat vermek. 10" not in text
    assert 'href="#fn-3"' in html and 'id="fn-3"' in html and 'id="fn-13"' in html
    assert "verebilirler. 16" not in visible_text(page(http, "/laws/5393/articles/15"))


def test_paragraphs_and_items_have_anchors_and_citations(http: httpx.Client) -> None:
    html = page(http, "/laws/6458/articles/91")
    assert 'id="f2"' in html and 'data-citation="6458 sayılı Kanun m. 91/2"' in html
    items = page(http, "/laws/6458/articles/54")
    assert 'id="f1-a"' in items and 'data-citation="6458 sayılı Kanun m. 54/1-a"' in items
    # Unnumbered paragraphs of an old-style law are split, each with its anchor.
    old_style = page(http, "/laws/5393/articles/15")
    assert 'id="f1"' in old_style and 'id="f2"' in old_style and 'id="f1-a"' in old_style


def test_line_breaks_inside_sentences_are_mended(http: httpx.Client) -> None:
    temporary = visible_text(page(http, "/laws/6458/articles/gecici-1"))
    assert "geri gönderme merkezlerine" in temporary


@pytest.mark.slow
def test_every_article_page_links_each_marker_to_its_note(http: httpx.Client) -> None:
    for number in ("5216", "5393", "5901", "6458", "6735"):
        for article in http.get(f"/api/laws/{number}").json()["articles"]:
            html = page(http, article["url"])
            ids = re.findall(r'\bid="([^"]+)"', html)
            assert len(ids) == len(set(ids)), article["url"]
            for target in set(re.findall(r'href="#(fn-\d+)"', html)):
                assert target in ids, (article["url"], target)
            anchors = re.findall(r'class="part [^"]*" id="(f[^"]+)"', html)
            assert all(re.fullmatch(r"f\d+(-[a-zçğıöşü]{1,2}(-\d+)?)?", a) for a in anchors)


def test_article_page_lists_what_cites_it(http: httpx.Client) -> None:
    html = page(http, "/laws/5393/articles/69")
    section = html.split('id="cited-by-heading"', 1)[1].split("</section>", 1)[0]
    assert 'href="/laws/5216/articles/7"' in section
