"""Real-browser tests: Debian's Chromium driven by Playwright against the real service.

A reader searches, filters and opens an article; a librarian logs in, uploads a PDF, finds
it by a word in it, corrects its title, removes it and restores it; uploads three PDFs at
once and confirms them together; follows a 200-page upload's progress; an anonymous visitor
cannot reach the admin pages. A screenshot of each step is saved under the test's tmp_path.
Never downloads a browser: without /usr/bin/chromium the tests are skipped.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_support import BROWSER_MARKS, Steps
from collection_support import LIBRARIAN, PASSWORD, add_librarian, small_corpus
from conftest import CORPUS_DIR, LiveServer
from pdf_factory import distinct_word, make_pdf

from search_api.settings import Settings

LAW = CORPUS_DIR / "laws" / "6735-uluslararasi-isgucu-kanunu.pdf"

pytestmark = BROWSER_MARKS


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
    page.get_by_role("button", name="Yükle", exact=True).click()
    page.wait_for_url("**/admin/jobs?batch=*")
    title = page.locator("tr.job[data-state=proposed] input[name^='title.']")
    title.wait_for()  # the job was read; the page showed its proposal by itself
    assert title.input_value() == "Tarayıcı Raporu"  # detected from the PDF
    steps.shot("upload-confirm")
    page.get_by_role("button", name="Onayla", exact=True).click()
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


FILLER_WORDS = [
    "belediye",
    "hizmet",
    "uyum",
    "rapor",
    "kent",
    "calisma",
    "egitim",
    "saglik",
    "konut",
    "ulasim",
    "cevre",
    "kultur",
    "spor",
    "genclik",
    "kadin",
    "cocuk",
    "yasli",
    "engelli",
    "isci",
    "esnaf",
]


def filler_text(number: int) -> str:
    """A page of real words, in an order that differs from page to page (a line on every
    page would be dropped as a running header; made-up words would read as garbage)."""
    size = len(FILLER_WORDS)
    return "\n".join(
        " ".join(FILLER_WORDS[(number * 7 + line * 3 + k) % size] for k in range(9))
        for line in range(20)
    )


def log_in(page: Any, server_url: str) -> None:
    page.goto(server_url + "/admin/login")
    page.fill("#username", LIBRARIAN)
    page.fill("#password", PASSWORD)
    page.get_by_role("button", name="Giriş yap").click()
    page.wait_for_url(server_url + "/admin")


def seen_states(page: Any) -> list[str]:
    """The jobs' states as the page shows them ([] while it reloads itself)."""
    return [row["state"] for row in seen_rows(page)]


def seen_rows(page: Any) -> list[dict[str, str]]:
    """Each job row's state, progress text and progress value, as the page shows them."""
    script = """rows => rows.map(row => ({
        state: row.dataset.state,
        text: (row.querySelector('.progress-text') || {}).textContent || '',
        value: String((row.querySelector('progress') || {}).value || 0)}))"""
    try:
        rows: list[dict[str, str]] = page.eval_on_selector_all("tr.job", script)
    except Exception as error:  # the page navigated (reloaded) meanwhile
        if "context was destroyed" not in str(error) and "navigat" not in str(error):
            raise
        return []
    return rows


def test_three_pdfs_at_once_become_three_jobs_confirmed_together(
    page: Any, server_url: str, tmp_path: Path
) -> None:
    steps = Steps(page, tmp_path)
    words = [distinct_word(number, "uclu") for number in range(3)]
    files = []
    for number, word in enumerate(words):
        path = tmp_path / f"toplu-{number}.pdf"
        pages = [filler_text(number * 40 + page) for page in range(40)]
        pages[20] += f"\nToplu yukleme {word}"
        path.write_bytes(make_pdf(pages, title=f"Toplu Rapor {number + 1}"))
        files.append(str(path))
    log_in(page, server_url)
    page.goto(server_url + "/admin/upload")
    page.set_input_files("#upload-file", files)
    page.get_by_role("button", name="Yükle", exact=True).click()
    page.wait_for_url("**/admin/jobs?batch=*")
    assert page.locator("tr.job").count() == 3
    observed = set(seen_states(page))
    steps.shot("three-jobs")
    progress_texts = set()
    for _ in range(600):  # until all three are read, watching the live progress
        rows = seen_rows(page)
        observed.update(row["state"] for row in rows)
        progress_texts.update(row["text"] for row in rows)
        if [row["state"] for row in rows] == ["proposed"] * 3:
            break
        page.wait_for_timeout(100)
    assert seen_states(page) == ["proposed"] * 3
    assert observed & {"queued", "running"}  # the page showed them before they were read
    assert any("sayfa okundu" in text for text in progress_texts), progress_texts
    steps.shot("three-proposed")
    page.get_by_role("button", name="Hepsini onayla (3)").click()
    page.wait_for_url("**done=added")
    assert seen_states(page) == ["done"] * 3
    steps.shot("three-added")
    for number, word in enumerate(words):
        page.goto(f"{server_url}/?q={word}")
        assert page.locator("li.hit h3 a").first.inner_text() == f"Toplu Rapor {number + 1}"


def test_a_200_page_upload_returns_at_once_and_shows_its_progress(
    page: Any, server_url: str, tmp_path: Path
) -> None:
    steps = Steps(page, tmp_path)
    word = distinct_word(7, "ikiyuz")
    path = tmp_path / "ikiyuz.pdf"
    pages = [filler_text(number) for number in range(200)]
    pages[120] += f"\nAranan kelime {word}"
    path.write_bytes(make_pdf(pages, title="İki Yüz Sayfalık Rapor"))
    log_in(page, server_url)
    page.goto(server_url + "/admin/upload")
    page.set_input_files("#upload-file", str(path))
    started = time.monotonic()
    page.get_by_role("button", name="Yükle", exact=True).click()
    page.wait_for_url("**/admin/jobs?batch=*")
    answered = time.monotonic() - started
    assert answered < 1.0, f"the upload took {answered:.2f} s to answer"
    values = set()
    for _ in range(1200):
        rows = seen_rows(page)
        if [row["state"] for row in rows] == ["proposed"]:
            break
        values.update(int(float(row["value"])) for row in rows)
        page.wait_for_timeout(50)
    steps.shot("read")
    assert seen_states(page) == ["proposed"]
    assert len([value for value in values if 0 < value < 200]) >= 2, values  # it moved
    page.get_by_role("button", name="Onayla", exact=True).click()
    page.wait_for_url("**/admin/documents/iki-yuz-sayfalik-rapor?done=added")
    page.goto(f"{server_url}/?q={word}")
    assert page.locator("li.hit h3 a").first.inner_text() == "İki Yüz Sayfalık Rapor"
    steps.shot("searchable")
