"""What every request passes first, over real HTTP (issue 12 §5 and §10): security headers on
every route, HEAD, the API docs behind `require_login`, authentication before a body is read
and a body size limit on every route."""

from __future__ import annotations

import re
import socket
from collections.abc import Iterator

import httpx
import pytest
from collection_support import add_librarian, bearer, logged_in_client, small_corpus
from conftest import LiveServer

from search_api.settings import Settings

ROUTES = ["/", "/?q=göç", "/documents", "/laws/6458/articles/91", "/api/search?q=göç",
          "/api/documents", "/healthz", "/admin/login", "/docs", "/openapi.json",
          "/no-such-page", "/api/search?q=x&year_to=-5"]  # fmt: skip
HUNDRED_MB = 100 * 1024 * 1024


@pytest.mark.parametrize("path", ROUTES)
def test_every_route_sends_the_security_headers(http: httpx.Client, path: str) -> None:
    response = http.get(path)
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "same-origin"
    policy = response.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy


def test_page_scripts_run_by_nonce_only(http: httpx.Client) -> None:
    response = http.get("/", params={"q": "göç"})
    policy = response.headers["content-security-policy"]
    nonce = re.search(r"'nonce-([^']+)'", policy)
    assert nonce and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    scripts = re.findall(r"<script(?![^>]*application/json)([^>]*)>", response.text)
    assert scripts and all(f'nonce="{nonce.group(1)}"' in attributes for attributes in scripts)
    other = http.get("/", params={"q": "göç"}).headers["content-security-policy"]
    assert other != policy  # a fresh nonce per response


@pytest.mark.parametrize("path", ["/", "/documents", "/api/search?q=göç", "/healthz"])
def test_head_answers_like_get_without_a_body(http: httpx.Client, path: str) -> None:
    head = http.head(path)
    assert head.status_code == 200
    assert head.content == b""
    assert head.headers["content-type"] == http.get(path).headers["content-type"]


@pytest.fixture(scope="module")
def guarded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """A service with `require_login` on and a librarian token: (url, token)."""
    root = tmp_path_factory.mktemp("guarded")
    corpus = small_corpus(root)
    token = add_librarian(root / "data")
    settings = Settings(corpus_dir=corpus, data_dir=root / "data", workers=1, require_login=True)
    with LiveServer(settings) as server:
        yield server.url, token


@pytest.mark.parametrize("path", ["/docs", "/openapi.json", "/docs/assets/swagger-ui.css"])
def test_the_api_docs_need_a_login_when_reading_does(guarded: tuple[str, str], path: str) -> None:
    url, token = guarded
    with httpx.Client(base_url=url, timeout=30) as anonymous:
        refused = anonymous.get(path)
        assert refused.status_code in (303, 401)
        assert "openapi" not in refused.text.lower()
        assert anonymous.get(path, headers=bearer(token)).status_code == 200
    with logged_in_client(url) as librarian:
        assert librarian.get(path).status_code == 200


def send_body_without_token(url: str, method: str, path: str) -> bytes:
    """Announce a 100 MB JSON body, send only its first 64 KB, and read the status line of
    the answer (a service that waits for the whole body never answers: a timeout)."""
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as connection:
        connection.sendall(
            f"{method} {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {HUNDRED_MB}\r\n\r\n".encode()
        )
        connection.sendall(b"[" + b"1," * 32_767)
        return connection.recv(65536).split(b"\r\n", 1)[0]


@pytest.mark.parametrize(
    ("method", "path"),
    [("PATCH", "/api/documents/x"), ("POST", "/api/documents"), ("POST", "/admin/documents/x")],
)
def test_a_100_mb_body_without_credentials_is_refused_before_it_is_read(
    guarded: tuple[str, str], method: str, path: str
) -> None:
    url, _ = guarded
    status = send_body_without_token(url, method, path)
    assert status.startswith((b"HTTP/1.1 401", b"HTTP/1.1 303")), status


def test_a_body_over_the_limit_is_refused_with_a_valid_token_too(
    guarded: tuple[str, str],
) -> None:
    url, token = guarded
    with httpx.Client(base_url=url, timeout=30, headers=bearer(token)) as client:
        announced = client.patch(
            "/api/documents/x",
            content=b"{" + b" " * (2 << 20) + b"}",
            headers={"content-type": "application/json"},
        )
        assert announced.status_code == 413
        assert announced.json()["error"]["code"] == "payload_too_large"

        def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it arrives
            yield b'{"title": "'
            for _ in range(40):
                yield b"x" * 65536
            yield b'"}'

        streamed = client.patch(
            "/api/documents/x", content=chunks(), headers={"content-type": "application/json"}
        )
        assert streamed.status_code == 413
        assert client.get("/healthz").status_code == 200


def test_a_body_within_the_limit_still_reaches_the_route(guarded: tuple[str, str]) -> None:
    url, token = guarded
    with httpx.Client(base_url=url, timeout=30, headers=bearer(token)) as client:
        response = client.patch("/api/documents/no-such-document", json={"title": "Yeni"})
        assert response.status_code == 404
