"""Real-browser test support: Debian's Chromium launched through Playwright (never a
downloaded browser), a page per test, and numbered screenshots of a test's steps.

Test modules import the `browser` and `page` fixtures from here and set
`pytestmark = BROWSER_MARKS`; without /usr/bin/chromium their tests are skipped.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
BROWSER_MARKS = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="Debian's Chromium (/usr/bin/chromium) is missing"
    ),
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One Chromium for the run (each test has a fresh context and page of its own)."""
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


def wait_for_focus(page: Any, selector: str) -> None:
    """Wait until `selector` has the focus (fails if it never gets it). Playwright's own
    assertion, not `wait_for_function`: polling a JavaScript string needs `eval`, which the
    pages' Content Security Policy refuses, so a focus that came one frame late failed."""
    sync_api = pytest.importorskip("playwright.sync_api")
    sync_api.expect(page.locator(selector)).to_be_focused(timeout=30_000)


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
