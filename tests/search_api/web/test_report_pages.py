"""Where a hit leads, over real HTTP against the default corpus: the report page view (one
PDF page's text with the searched words marked, previous/next, the PDF at that page) and the
article page with the searched words marked. Expected words come from the PDFs: page 2 of
the IMM action plan speaks of "refugees"; 6458 m. 91 is "Geçici koruma"."""

from __future__ import annotations

import re
from html import unescape

import httpx
import pytest
from page_support import page

ACTION_PLAN = "imm-migration-social-cohesion-action-plan-en"


def marked(html: str) -> list[str]:
    return [unescape(word) for word in re.findall(r"<mark[^>]*>([^<]+)</mark>", html)]


def test_a_report_hit_opens_its_page_with_the_words_marked(http: httpx.Client) -> None:
    results = page(http, "/", q="refugees", translate="0")
    links = re.findall(r'href="(/documents/[^"]+/pages/\d+[^"]*)"', results)
    assert links, "no report page link among the hits"
    html = page(http, unescape(links[0]).split("#")[0])
    words = marked(html)
    assert words and all(word.lower().startswith("refugee") for word in words)
    assert html.count('id="first-mark"') == 1


def test_the_report_page_view_links_neighbours_and_the_pdf_page(http: httpx.Client) -> None:
    html = page(http, f"/documents/{ACTION_PLAN}/pages/2", q="refugees")
    assert f'href="/files/{ACTION_PLAN}.pdf#page=2"' in html
    previous = re.search(r'<a class="button secondary" href="([^"]+)" rel="prev">', html)
    assert previous is not None
    assert unescape(previous.group(1)).startswith(f"/documents/{ACTION_PLAN}/pages/1?q=refugees")
    first = page(http, f"/documents/{ACTION_PLAN}/pages/1")
    assert 'rel="prev"' not in first and 'rel="next"' in first and "<mark" not in first


@pytest.mark.parametrize("segment", ["0", "999", "abc", "-1"])
def test_a_page_that_does_not_exist_is_a_clear_404(http: httpx.Client, segment: str) -> None:
    response = http.get(f"/documents/{ACTION_PLAN}/pages/{segment}", params={"ui": "tr"})
    assert response.status_code == 404 and "text/html" in response.headers["content-type"]
    assert f"Bu belgede {segment}. sayfa yok" in unescape(response.text)


def test_an_article_opened_from_a_hit_marks_the_searched_words(http: httpx.Client) -> None:
    results = page(http, "/", q="geçici koruma")
    link = re.search(r'href="(/laws/6458/articles/91\?[^"]+)"', results)
    assert link is not None and link.group(1).endswith("#first-mark")
    html = page(http, unescape(link.group(1)).split("#")[0])
    words = {word.lower() for word in marked(html)}
    assert {"geçici", "koruma"} <= words
    assert html.count('id="first-mark"') == 1
    assert "<mark" not in page(http, "/laws/6458/articles/91")
