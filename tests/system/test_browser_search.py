"""The search page a researcher keeps open, in Debian's Chromium against the real service
over the default corpus: the suggestion shown and followed, the cross-language note and its
"typed words only" link, marked words on the article page and the report page view reached
from a hit, a query of only exclusions, sort by date, grouping, CSV export, /docs without a
network, and every page at 390 and 1280 px without sideways scrolling (screenshots saved
under the test's tmp_path)."""

from __future__ import annotations

import csv
import io
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_support import BROWSER_MARKS, Steps, wait_for_focus
from collection_support import LIBRARIAN, PASSWORD, add_librarian
from conftest import CORPUS_DIR, LiveServer

from search_api.settings import Settings

pytestmark = [*BROWSER_MARKS, pytest.mark.slow]
LAW_6458 = "6458-yabancilar-ve-uluslararasi-koruma-kanunu"


@pytest.fixture(scope="module")
def server_url(corpus_data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    data_dir = tmp_path_factory.mktemp("browser-search") / "data"
    shutil.copytree(corpus_data_dir, data_dir)
    add_librarian(data_dir)
    with LiveServer(Settings(corpus_dir=CORPUS_DIR, data_dir=data_dir)) as server:
        yield server.url


def search(page: Any, server_url: str, text: str) -> None:
    page.goto(server_url + "/")
    # The box has the focus: the browser applies `autofocus` at its next rendering step,
    # which may come just after the load event, so wait for it (fails if it never comes).
    wait_for_focus(page, "#q")
    page.keyboard.type(text)
    page.keyboard.press("Enter")
    page.wait_for_selector("p.summary")


def in_view(page: Any, selector: str) -> bool:
    script = """element => { const box = element.getBoundingClientRect();
        return box.top >= 0 && box.bottom <= window.innerHeight; }"""
    return bool(page.eval_on_selector(selector, script))


def test_the_suggestion_is_shown_and_followed(page: Any, server_url: str, tmp_path: Path) -> None:
    steps = Steps(page, tmp_path)
    search(page, server_url, "sosyal uyumm")
    assert page.inner_text("#suggestion") == "sosyal uyum"
    steps.shot("suggestion")
    page.click("#suggestion")
    page.wait_for_url("**q=sosyal+uyum")
    assert page.input_value("#q") == "sosyal uyum"
    assert page.locator("#suggestion").count() == 0 and page.locator("li.hit").count() > 0


def test_the_cross_language_note_and_its_typed_words_link(
    page: Any, server_url: str, tmp_path: Path
) -> None:
    steps = Steps(page, tmp_path)
    search(page, server_url, "refugees")
    assert "mülteci" in page.inner_text("#also-searched")
    assert "tr" in page.eval_on_selector_all("li.hit", "hits => hits.map(h => h.lang)")
    steps.shot("also-searched")
    page.click("#typed-only")
    page.wait_for_url("**translate=0**")
    assert page.locator("#also-searched").count() == 0
    languages = page.eval_on_selector_all("li.hit", "hits => hits.map(h => h.lang)")
    assert languages and set(languages) == {"en"}
    steps.shot("typed-only")


def test_a_law_hit_opens_the_article_with_the_words_marked(
    page: Any, server_url: str, tmp_path: Path
) -> None:
    steps = Steps(page, tmp_path)
    search(page, server_url, "geçici koruma")
    page.locator('li.hit h3 a[href^="/laws/6458/articles/91?"]').first.click()
    page.wait_for_url("**/laws/6458/articles/91?q=**")
    marked = {text.lower() for text in page.locator("main mark").all_inner_texts()}
    assert {"geçici", "koruma"} <= marked
    assert in_view(page, "#first-mark")
    steps.shot("article-marked")


def test_a_report_hit_opens_its_page_with_the_words_marked(
    page: Any, server_url: str, tmp_path: Path
) -> None:
    steps = Steps(page, tmp_path)
    page.goto(server_url + "/?q=refugees&translate=0")
    page.locator('li.hit .links a[href*="/pages/"]').first.click()
    page.wait_for_url("**/documents/*/pages/*")
    marks = page.locator(".page-text mark").all_inner_texts()
    assert marks and all(mark.lower().startswith("refugee") for mark in marks)
    assert in_view(page, "#first-mark")
    pdf = page.get_attribute("#open-pdf", "href") or ""
    number = page.url.split("/pages/")[1].split("?")[0]
    assert pdf.endswith(f".pdf#page={number}")
    steps.shot("report-page")


def test_a_query_of_only_exclusions_lists_the_rest(
    page: Any, server_url: str, tmp_path: Path
) -> None:
    search(page, server_url, "-göç")
    assert page.is_visible("#only-excluded")
    assert page.locator("li.hit").count() > 0 and page.locator("li.hit mark").count() == 0
    Steps(page, tmp_path).shot("only-excluded")


def test_sort_by_date_and_grouping_apply_when_changed(
    page: Any, server_url: str, tmp_path: Path
) -> None:
    steps = Steps(page, tmp_path)
    search(page, server_url, "göç")
    relevance = page.locator("li.hit h3 a").all_inner_texts()
    page.select_option("#sort", "date")  # no button: the form submits itself
    page.wait_for_url("**sort=date**")
    assert page.locator("li.hit h3 a").all_inner_texts() != relevance
    steps.shot("by-date")
    page.check("#group")
    page.wait_for_url("**group=document**")
    titles = page.locator("h3.group-title").all_inner_texts()
    assert len(titles) == len(set(titles)) > 1
    assert page.locator(".group .more").count() > 0
    steps.shot("grouped")


def test_the_results_download_as_csv(page: Any, server_url: str, tmp_path: Path) -> None:
    page.goto(server_url + "/?q=ikamet+izni&kind=law")
    shown = page.locator("li.hit").count()
    with page.expect_download() as download:
        page.click("#export-csv")
    path = tmp_path / "results.csv"
    download.value.save_as(path)
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    assert len(rows) >= shown > 0
    assert {row["kind"] for row in rows} == {"law"} and rows[0]["citation"].startswith("6458")


def test_the_api_reference_renders_without_a_network(
    page: Any, server_url: str, tmp_path: Path
) -> None:
    outside: list[str] = []

    def only_the_service(route: Any) -> None:
        if route.request.url.startswith(server_url):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.context.route("**/*", only_the_service)
    page.goto(server_url + "/docs")
    page.wait_for_selector(".swagger-ui .info .title")
    assert "Kaynak" in page.inner_text(".swagger-ui .info .title")
    page.wait_for_selector(".opblock-summary-path[data-path='/api/search']")
    assert page.locator("button.authorize").count() == 1
    assert outside == []
    Steps(page, tmp_path).shot("docs-offline")


PAGES = [
    "/",
    "/?q=göç",
    "/?q=göç&group=document",
    "/documents",
    f"/documents/{LAW_6458}",
    "/laws/6458",
    "/laws/6458/articles/91?q=geçici+koruma",
    "/documents/imm-migration-social-cohesion-action-plan-en/pages/2?q=refugees",
    "/admin",
    "/admin/audit",
    "/admin/trash",
]


@pytest.mark.parametrize("width", [390, 1280])
def test_every_page_fits_the_screen(
    browser: Any, server_url: str, tmp_path: Path, width: int
) -> None:
    context = browser.new_context(locale="tr-TR", viewport={"width": width, "height": 844})
    page = context.new_page()
    try:
        page.goto(server_url + "/admin/login")
        page.fill("#username", LIBRARIAN)
        page.fill("#password", PASSWORD)
        page.click("form button[type=submit]")
        page.wait_for_url("**/admin**")
        too_wide = {}
        for number, path in enumerate(PAGES, 1):
            page.goto(server_url + path)
            page.wait_for_load_state("load")
            page.screenshot(path=str(tmp_path / f"{width}-{number:02d}.png"), full_page=True)
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            if overflow > 0:
                too_wide[path] = overflow
        assert too_wide == {}, f"scrolls sideways at {width} px: {too_wide}"
        if width == 390:
            page.goto(server_url + "/?q=göç")
            # The filters fold away on a phone: the first result shows on the first screen.
            assert not page.is_visible("#kind")
            assert in_view(page, "li.hit h3")
    finally:
        context.close()


def test_the_table_of_contents_folds_on_a_phone(
    browser: Any, server_url: str, tmp_path: Path
) -> None:
    heights = {}
    for width in (390, 1280):
        context = browser.new_context(locale="tr-TR", viewport={"width": width, "height": 844})
        page = context.new_page()
        try:
            page.goto(server_url + "/laws/6458")
            heights[width] = page.evaluate("document.documentElement.scrollHeight")
            if width == 390:
                first = page.locator("details.toc-part").first
                assert not first.locator("li").first.is_visible()
                first.locator("summary").click()
                assert first.locator("li a").first.is_visible()
                page.screenshot(path=str(tmp_path / "toc-390.png"), full_page=True)
            else:
                assert page.locator("details.toc-part li a").first.is_visible()
        finally:
            context.close()
    # 6458 has 130-odd articles: folded, the phone's page is a fraction of the desktop's.
    assert heights[390] < heights[1280] / 2, heights
