"""Helpers for tests that read the HTML pages over HTTP."""

from __future__ import annotations

import re

import httpx


def result_count(html: str) -> int:
    match = re.search(r"(\d+) (?:sonuç|results)", html)
    assert match is not None, "no result count on the page"
    return int(match.group(1))


def page(http: httpx.Client, url: str, **params: str) -> str:
    # httpx replaces a URL's query with `params` whenever they are given, even empty ones.
    response = http.get(url, params=params) if params else http.get(url)
    assert response.status_code == 200, (url, params, response.status_code)
    assert response.headers["content-type"].startswith("text/html")
    return response.text
