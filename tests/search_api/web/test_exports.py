"""Results to take away, over real HTTP against the default corpus: the CSV export holds the
search page's hits in its order (filters and sort kept), up to the cap, readable as UTF-8 by
spreadsheets; the citation list names each law hit the way a memo cites it."""

from __future__ import annotations

import csv
import io
import re
import shutil
from html import unescape
from pathlib import Path

import httpx
from conftest import CORPUS_DIR, LiveServer
from page_support import page, result_count

from search_api.settings import Settings
from search_api.web.exports import CSV_COLUMNS


def export_rows(http: httpx.Client, **params: str) -> list[dict[str, str]]:
    response = http.get("/export.csv", params=params)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(response.text.lstrip("\ufeff"))))
    assert rows == [] or tuple(rows[0]) == CSV_COLUMNS
    return rows


def test_the_csv_holds_the_hits_in_the_page_order(http: httpx.Client) -> None:
    html = page(http, "/", q="ikamet izni", kind="law", per_page="20")
    shown = re.findall(r'<li class="hit".*?<h3>\s*<a href="([^"]+)"', html, re.S)
    rows = export_rows(http, q="ikamet izni", kind="law")
    assert len(rows) >= len(shown) > 0
    assert [re.sub(r"^https?://[^/]+", "", row["url"]) for row in rows[: len(shown)]] == [
        unescape(url) for url in shown
    ]
    assert {row["kind"] for row in rows} == {"law"}
    first = rows[0]
    assert first["citation"] == f"{first['law']} sayılı Kanun m. {first['article']}"
    assert "<" not in first["snippet"] and "izn" in first["snippet"].lower()


def test_the_csv_keeps_the_sort_and_stops_at_the_cap(http: httpx.Client) -> None:
    by_date = export_rows(http, q="göç", sort="date")
    relevance = export_rows(http, q="göç")
    assert sorted(row["url"] for row in by_date) == sorted(row["url"] for row in relevance)
    assert [row["url"] for row in by_date] != [row["url"] for row in relevance]


def test_an_export_stops_at_the_cap(corpus_data_dir: Path, tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    shutil.copytree(corpus_data_dir, data_dir)
    settings = Settings(corpus_dir=CORPUS_DIR, data_dir=data_dir, export_max_hits=73)
    with LiveServer(settings) as server, httpx.Client(base_url=server.url, timeout=60) as http:
        total = result_count(page(http, "/", q="-zzzyokkelime"))
        rows = export_rows(http, q="-zzzyokkelime")
        assert total > 73
        assert [int(row["rank"]) for row in rows] == list(range(1, 74))
        assert "İlk 73 sonuç" in page(http, "/", q="göç")


def test_the_citation_list_names_each_article_once(http: httpx.Client) -> None:
    response = http.get("/export/citations.txt", params={"q": "geçici koruma"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    lines = response.text.splitlines()
    assert "6458 sayılı Yabancılar ve Uluslararası Koruma Kanunu m. 91 (Geçici koruma)" in lines
    assert len(lines) == len(set(lines)) and all(" sayılı " in line for line in lines)


def test_the_search_page_links_its_exports(http: httpx.Client) -> None:
    html = page(http, "/", q="göç", lang="tr", page="2")
    link = re.search(r'<a href="([^"]+)" id="export-csv"', html)
    assert link is not None
    assert unescape(link.group(1)) == "/export.csv?q=g%C3%B6%C3%A7&lang=tr"
