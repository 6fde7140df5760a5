"""The search page's guidance over real HTTP, against the real app and the default corpus:
"did you mean", the cross-language note and its "typed words only" link, a query of only
exclusions, sorting by date and grouping by document."""

from __future__ import annotations

import re
from html import unescape

import httpx
from page_support import page, result_count

from search_api.web.i18n import t


def hit_languages(html: str) -> list[str]:
    return re.findall(r'<li class="hit" lang="(\w+)">', html)


def test_the_suggestion_is_a_link_above_the_results(http: httpx.Client) -> None:
    html = page(http, "/", q="sosyal uyumm")
    link = re.search(r'<a href="([^"]+)" id="suggestion">([^<]+)</a>', html)
    assert link is not None and link.group(2) == "sosyal uyum"
    assert html.index('id="suggestion"') < html.index('class="hit"')
    followed = page(http, unescape(link.group(1)))
    assert 'id="suggestion"' not in followed and result_count(followed) > 0


def test_the_cross_language_note_names_the_added_words(http: httpx.Client) -> None:
    html = page(http, "/", q="refugees", ui="tr")  # the shared client may remember English
    note = re.search(r'id="also-searched".*?</p>', html, re.S)
    assert note is not None and "mülteci" in note.group(0)
    assert t("also_searched") in note.group(0) and "tr" in hit_languages(html)
    typed_only = re.search(r'<a href="([^"]+)" id="typed-only">', note.group(0))
    assert typed_only is not None
    followed = page(http, unescape(typed_only.group(1)))
    assert 'id="also-searched"' not in followed and t("typed_only_note") in followed
    assert set(hit_languages(followed)) == {"en"}
    # The form keeps the choice, so a new search from that page stays with the typed words.
    assert '<input type="hidden" name="translate" value="0">' in followed


def test_a_query_of_only_exclusions_says_so_and_lists_the_rest(http: httpx.Client) -> None:
    everything = result_count(page(http, "/", q="-zzzyokkelime"))
    html = page(http, "/", q="-göç")
    assert 'id="only-excluded"' in html and "<mark>" not in html
    assert 0 < result_count(html) < everything


def test_sort_by_date_is_offered_and_kept(http: httpx.Client) -> None:
    html = page(http, "/", q="göç", sort="date")
    assert '<option value="date" selected>' in html
    following = re.search(r'<a href="([^"]+)" rel="next">', html)
    assert following is not None and "sort=date" in unescape(following.group(1))


def test_grouping_shows_each_document_once_with_more_pages(http: httpx.Client) -> None:
    html = page(http, "/", q="göç", group="document", ui="tr")
    titles = re.findall(r'<h3 class="group-title"><a href="/documents/([^"]+)"', html)
    assert len(titles) == len(set(titles)) > 1
    more = re.search(r'<p class="more">([^<]+)</p>', html)
    assert more is not None and re.search(r"\d+", more.group(1))
    assert f"{len(titles)} belgede" in html
