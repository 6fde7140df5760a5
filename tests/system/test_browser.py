"""Real-browser tests: Debian's Chromium driven by Playwright against the real service.

A reader searches, filters and opens an article; a librarian logs in, uploads a PDF, finds
it by a word in it, corrects its title, removes it and restores it; an anonymous visitor
cannot reach the admin pages. A screenshot of each step is saved under the test's tmp_path.
Never downloads a browser: without /usr/bin/chromium the tests are skipped.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from collection_support import LIBRARIAN, PASSWORD, add_librarian, small_corpus
from conftest import CORPUS_DIR, LiveServer
from pdf_factory import distinct_word, make_pdf

from search_api.settings import Settings

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
LAW = CORPUS_DIR / "laws" / "6735-uluslararasi-isgucu-kanunu.pdf"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="Debian's Chromium (/usr/bin/chromium) is missing"
    ),
]


@pytest.fixture(scope="module")
def server_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("browser")
    corpus = small_corpus(root)
    (corpus / "laws").mkdir()
    shutil.copy(LAW, corpus / "laws")
    shutil.copy(LAW.with_suffix(".toml"), corpus / "laws")
    add_librarian(root / "data")
    with LiveServer(Settings(corpus_dir=corpus, data_dir=root / "data", workers=1)) as server:
        yield server.url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="tr-TR")
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    context.close()


class Steps:
    """Numbered screenshots of a test's steps."""

    def __init__(self, page: Any, folder: Path) -> None:
        self.page = page
        self.folder = folder
        self.number = 0

    def shot(self, name: str) -> None:
        self.number += 1
        self.page.screenshot(
            path=str(self.folder / f"{self.number:02d}-{name}.png"), full_page=True
        )


def test_a_reader_searches_filters_and_opens_an_article(
    page: Any, server_url: str, tmp_path: Path
) -> None:
    steps = Steps(page, tmp_path)
    page.goto(server_url + "/")
    steps.shot("search-page")
    page.fill("#q", "çalışma izni")
    page.click("form[role=search] button[type=submit]")
    page.wait_for_selector("li.hit")
    steps.shot("results")
    page.select_option("#kind", "law")
    page.click("form[role=search] button[type=submit]")
    page.wait_for_url("**kind=law**")
    badges = page.locator("li.hit .badge").all_inner_texts()
    assert "Kanun" in badges and "Rapor" not in badges
    steps.shot("filtered")
    page.locator("li.hit h3 a").first.click()
    page.wait_for_url("**/laws/6735/articles/**")
    assert "6735" in page.inner_text("main")
    steps.shot("article")


def test_a_librarian_adds_finds_corrects_removes_and_restores(
    page: Any, server_url: str, tmp_path: Path
) -> None:
    steps = Steps(page, tmp_path)
    word = distinct_word(1, "tarayici")
    pdf = tmp_path / "yeni-rapor.pdf"
    pdf.write_bytes(make_pdf(f"Tarayici ile eklenen rapor {word}", title="Tarayıcı Raporu"))

    page.goto(server_url + "/admin")
    page.wait_for_url("**/admin/login**")
    page.fill("#username", LIBRARIAN)
    page.fill("#password", PASSWORD)
    steps.shot("login")
    page.get_by_role("button", name="Giriş yap").click()
    page.wait_for_url(server_url + "/admin")
    assert page.locator("nav a[href='/admin']", has_text="Yönetim").count() == 1
    steps.shot("documents")

    page.get_by_role("link", name="Belge ekle").click()
    page.set_input_files("#upload-file", str(pdf))
    steps.shot("upload-file")
    page.get_by_role("button", name="Yükle ve incele").click()
    page.wait_for_selector("#f-title")
    assert page.input_value("#f-title") == "Tarayıcı Raporu"  # detected from the PDF
    steps.shot("upload-confirm")
    page.get_by_role("button", name="Onayla ve ekle").click()
    page.wait_for_url("**/admin/documents/tarayici-raporu?done=added")
    assert word in page.inner_text("main")
    steps.shot("added")

    page.goto(server_url + "/")
    page.fill("#q", word)
    page.click("form[role=search] button[type=submit]")
    page.wait_for_selector("li.hit")
    assert page.locator("li.hit h3 a").first.inner_text() == "Tarayıcı Raporu"
    steps.shot("found")

    page.goto(server_url + "/admin/documents/tarayici-raporu")
    page.fill("#f-title", "Düzeltilmiş Tarayıcı Raporu")
    page.get_by_role("button", name="Kaydet").click()
    page.wait_for_url("**?done=saved")
    assert page.input_value("#f-title") == "Düzeltilmiş Tarayıcı Raporu"
    steps.shot("corrected")

    page.get_by_role("link", name="Belgeyi kaldır").click()
    page.wait_for_url("**/remove")
    steps.shot("remove-confirm")
    page.get_by_role("button", name="Evet, kaldır").click()
    page.wait_for_url("**/admin/trash?done=removed")
    steps.shot("trash")
    page.goto(f"{server_url}/?q={word}")
    assert page.locator("li.hit").count() == 0
    steps.shot("gone-from-search")

    page.goto(server_url + "/admin/trash")
    page.get_by_role("button", name="Geri al: Düzeltilmiş Tarayıcı Raporu").click()
    page.wait_for_url("**/admin/documents/tarayici-raporu?done=restored")
    steps.shot("restored")
    page.goto(f"{server_url}/?q={word}")
    assert page.locator("li.hit h3 a").first.inner_text() == "Düzeltilmiş Tarayıcı Raporu"
    steps.shot("found-again")

    page.goto(server_url + "/admin/audit")
    audit = page.inner_text("main")
    for action in ("ekledi", "düzeltti", "kaldırdı", "geri aldı"):
        assert action in audit
    steps.shot("audit")


def test_an_anonymous_visitor_cannot_reach_the_admin_pages(
    page: Any, server_url: str, tmp_path: Path
) -> None:
    steps = Steps(page, tmp_path)
    for path in ("/admin", "/admin/upload", "/admin/trash", "/admin/audit",
                 "/admin/documents/reslog-turkey-project-en"):  # fmt: skip
        page.goto(server_url + path)
        assert page.url.startswith(server_url + "/admin/login")
        assert page.locator("#password").count() == 1
    steps.shot("login-instead")
    page.goto(server_url + "/")
    assert page.locator("nav a[href='/admin']").count() == 0
    steps.shot("no-admin-link")
