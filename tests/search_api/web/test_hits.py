"""Hits as the web layer renders them: the JSON contract without the core's HTML, URLs under
a base path, the search's limits applied whoever asks (API and CLI), typed parts only."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from conftest import CORPUS_DIR, LiveServer
from typer.testing import CliRunner

from search_api.cli.main import app as cli
from search_api.search import SearchRequest, SearchService
from search_api.settings import PROJECT_ROOT, Settings
from search_api.web import ROOT, Urls, hit_view, result_json

HIT_FIELDS = [
    "unit_id", "doc_id", "source", "title", "kind", "lang", "law_number", "article",
    "article_key", "article_title", "page", "snippet_html", "score", "url", "pdf_url",
    "match", "repealed", "ocr",
]  # fmt: skip


def test_a_law_hit_has_its_fields_and_no_heading_in_its_snippet(
    search_service: SearchService,
) -> None:
    result = search_service.search(SearchRequest(q="mülakat"))
    view = hit_view(result.hits[0], ROOT)
    assert (view.article, view.article_title) == ("75", "Mülakat")
    assert list(result_json(result, ROOT, "tr")["hits"][0]) == HIT_FIELDS
    assert "article-ref" not in view.snippet_html and "Madde 75" not in view.snippet_html
    assert "<mark>" in view.snippet_html
    assert view.url == "/laws/6458/articles/75"
    assert view.pdf_url == f"/files/{view.doc_id}.pdf#page={view.page}"


def test_a_cited_article_missing_from_the_corpus_is_told_in_the_readers_language(
    search_service: SearchService,
) -> None:
    result = search_service.search(SearchRequest(q="6458 m. 999"))
    assert result.notice is not None and result.notice.key == "articles_not_found"
    assert (
        result_json(result, ROOT, "tr")["message"] == "6458 sayılı Kanunda madde 999 derlemde yok."
    )
    assert "not in the collection" in result_json(result, ROOT, "en")["message"]


def test_urls_respect_a_base_path() -> None:
    urls = Urls("/kaynak")
    assert urls.article("6458", "g1") == "/kaynak/laws/6458/articles/gecici-1"
    assert urls.document("rapor", 3) == "/kaynak/documents/rapor?page=3#page-3"
    assert urls.pdf("rapor", 2) == "/kaynak/files/rapor.pdf#page=2"
    assert (
        urls.report_page("rapor", 2, "göç")
        == "/kaynak/documents/rapor/pages/2?q=g%C3%B6%C3%A7#first-mark"
    )
    assert ROOT.law("5216") == "/laws/5216"


@pytest.fixture(scope="module")
def limited(corpus_data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The service behind a proxy at /kaynak, with small limits."""
    data_dir = tmp_path_factory.mktemp("limited")
    shutil.copytree(corpus_data_dir, data_dir, dirs_exist_ok=True)
    settings = Settings(
        corpus_dir=CORPUS_DIR, data_dir=data_dir, base_path="/kaynak", per_page_max=3,
        max_query_chars=20, index_on_start=False,
    )  # fmt: skip
    with LiveServer(settings) as server:
        yield server.url


def test_the_api_makes_every_url_under_the_base_path(limited: str) -> None:
    body = httpx.get(f"{limited}/api/search", params={"q": "göç"}, timeout=30).json()
    assert body["hits"]
    for hit in body["hits"]:
        assert hit["url"].startswith(("/kaynak/laws/", "/kaynak/documents/"))
        assert hit["pdf_url"].startswith("/kaynak/files/")
    document = httpx.get(f"{limited}/api/documents", timeout=30).json()["documents"][0]
    assert document["url"].startswith("/kaynak/") and document["pdf_url"].startswith("/kaynak/")


def test_the_search_page_links_under_the_base_path(limited: str) -> None:
    html = httpx.get(f"{limited}/", params={"q": "göç"}, timeout=30).text
    links = re.findall(r'href="([^"#]*)', html)
    assert links
    inside = [link for link in links if link.startswith("/")]
    assert inside and all(link.startswith("/kaynak/") or link == "/kaynak" for link in inside)


def test_the_api_applies_the_page_size_and_query_limits(limited: str) -> None:
    long_query = "göç " * 30
    body = httpx.get(
        f"{limited}/api/search", params={"q": long_query, "per_page": "3"}, timeout=30
    ).json()
    assert body["per_page"] == 3 and len(body["hits"]) == 3
    assert len(body["query"]) <= 20
    too_many = httpx.get(f"{limited}/api/search", params={"q": "göç", "per_page": "50"})
    assert too_many.status_code == 422  # the API says so; the CLI below is held to it


def test_the_cli_applies_the_same_limits(corpus_data_dir: Path) -> None:
    settings = Settings(
        corpus_dir=CORPUS_DIR, data_dir=corpus_data_dir, per_page_max=3, max_query_chars=20
    )
    runner = CliRunner()
    shown = runner.invoke(cli, ["search", "göç", "--limit", "50", "--json"], obj=settings)
    assert shown.exit_code == 0, shown.output
    body = json.loads(shown.output)
    assert body["per_page"] == 3 and len(body["hits"]) == 3
    assert body["hits"][0]["url"].startswith("/")
    long = runner.invoke(cli, ["search", "göç " * 30, "--json"], obj=settings)
    assert len(json.loads(long.output)["query"]) <= 20
    plain = runner.invoke(cli, ["search", "mülakat", "--limit", "1"], obj=settings)
    assert "law:6458:75" in plain.output and "mülakat" in plain.output.lower()
    assert "<mark>" not in plain.output


def test_only_the_dependencies_module_touches_app_state() -> None:
    files = [*(PROJECT_ROOT / "search_api").rglob("*.py"), *(PROJECT_ROOT / "templates").glob("*")]
    readers = [
        str(path.relative_to(PROJECT_ROOT))
        for path in files
        if "app.state" in path.read_text(encoding="utf-8")
    ]
    assert readers == ["search_api/web/dependencies.py"]
