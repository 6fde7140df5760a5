"""Security over real HTTP: credentials, CSRF, file names, escaping, refused files, throttling."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from collection_support import (
    LIBRARIAN,
    PASSWORD,
    add_librarian,
    bearer,
    csrf_of,
    follow_job,
    logged_in_client,
    small_corpus,
)
from conftest import LiveServer
from pdf_factory import distinct_word, make_pdf

from search_api.settings import Settings

PAYLOAD = '<script>alert("x")</script><img src=x onerror=alert(1)>'


class Service:
    def __init__(self, url: str, root: Path, token: str) -> None:
        self.url = url
        self.root = root
        self.corpus = root / "corpus"
        self.token = token
        self.api = httpx.Client(base_url=url, timeout=60, headers=bearer(token))
        self.anonymous = httpx.Client(base_url=url, timeout=60)

    def stored_files(self) -> set[Path]:
        """Every file under the test root except the data folder (the index changes there)."""
        data = self.root / "data"
        return {p for p in self.root.rglob("*") if p.is_file() and data not in p.parents}


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Service]:
    root = tmp_path_factory.mktemp("security")
    corpus = small_corpus(root)
    token = add_librarian(root / "data")
    add_librarian(root / "data", "throttled", PASSWORD)
    settings = Settings(
        corpus_dir=corpus,
        data_dir=root / "data",
        workers=1,
        max_upload_mb=1,
        login_max_failures=3,
        login_max_failures_per_client=8,
    )
    with LiveServer(settings) as server:
        service = Service(server.url, root, token)
        with service.api, service.anonymous:
            yield service


CHANGES = [
    ("POST", "/api/documents"),
    ("PATCH", "/api/documents/reslog-turkey-project-en"),
    ("PUT", "/api/documents/reslog-turkey-project-en/file"),
    ("DELETE", "/api/documents/reslog-turkey-project-en"),
    ("POST", "/api/trash/20250101T000000000000Z-x/restore"),
    ("GET", "/api/trash"),
    ("GET", "/api/audit"),
]


@pytest.mark.parametrize(("method", "path"), CHANGES)
@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer kyn_not-a-real-token"}, {"Authorization": "Basic YTpi"}],
    ids=["none", "bad-token", "wrong-scheme"],
)
def test_changing_routes_refuse_without_a_valid_token(
    service: Service, method: str, path: str, headers: dict[str, str]
) -> None:
    before = service.stored_files()
    files = {"file": ("a.pdf", make_pdf("izinsiz"))} if method in ("POST", "PUT") else None
    json_body = {"title": "izinsiz"} if method == "PATCH" else None
    response = service.anonymous.request(method, path, headers=headers, files=files, json=json_body)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthorized"
    assert service.stored_files() == before


ADMIN_FORMS = [
    "/admin/upload",
    "/admin/jobs/confirm",
    "/admin/documents/reslog-turkey-project-en",
    "/admin/documents/reslog-turkey-project-en/file",
    "/admin/documents/reslog-turkey-project-en/remove",
    "/admin/trash/x/restore",
    "/admin/logout",
]


@pytest.mark.parametrize("path", ADMIN_FORMS)
def test_admin_forms_need_a_session(service: Service, path: str) -> None:
    response = service.anonymous.post(path, data={"title": "x"})
    assert response.status_code == 303
    assert response.headers["location"] == "/admin/login"


@pytest.mark.parametrize("path", ADMIN_FORMS)
@pytest.mark.parametrize("token", [None, "wrong"])
def test_admin_forms_need_the_sessions_csrf_token(
    service: Service, path: str, token: str | None
) -> None:
    before = service.stored_files()
    with logged_in_client(service.url) as client:
        data = {"title": "CSRF", "key": "0" * 32}
        if token:
            data["csrf_token"] = token
        with_file = path.endswith(("/file", "/upload"))
        files = {"file": ("a.pdf", make_pdf("csrf"))} if with_file else None
        response = client.post(path, data=data, files=files)
        assert response.status_code == 403
        assert client.get("/admin").status_code == 200  # still logged in
    assert service.stored_files() == before  # staging included


def test_the_login_form_needs_its_csrf_token(service: Service) -> None:
    with httpx.Client(base_url=service.url) as client:
        response = client.post("/admin/login", data={"username": LIBRARIAN, "password": PASSWORD})
        assert response.status_code == 403
        assert client.get("/admin").status_code == 303


def raw_upload(name: bytes, pdf: bytes, title: str) -> tuple[bytes, str]:
    """A multipart body written byte by byte (clients would clean such names up)."""
    boundary = "kaynakboundary"
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\n{title}\r\n'.encode()
        + f"--{boundary}\r\n".encode()
        + b'Content-Disposition: form-data; name="file"; filename="'
        + name
        + b'"\r\nContent-Type: application/pdf\r\n\r\n'
        + pdf
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return body, f"multipart/form-data; boundary={boundary}"


@pytest.mark.parametrize(
    "name",
    [
        b"../../../../evil.pdf",
        b"/etc/cron.d/evil.pdf",
        b"..\\..\\evil.pdf",
        b"evil\x00.pdf",
        b"a" * 300 + b".pdf",
        b".hidden.pdf",
    ],
    ids=["dotdot", "absolute", "backslash", "nul", "300-chars", "hidden"],
)
def test_client_file_names_never_become_paths(service: Service, name: bytes) -> None:
    word = distinct_word(len(name) + name.count(b"."), "secname")
    title = f"Dosya adı denemesi {word}"
    body, content_type = raw_upload(name, make_pdf(f"Ad denemesi {word}"), title)
    before = service.stored_files()
    response = service.api.post(
        "/api/documents", content=body, headers={"Content-Type": content_type}
    )
    job = follow_job(service.api, response)
    doc_id = job["document"]["doc_id"]
    assert doc_id == f"dosya-adi-denemesi-{word}"
    new = service.stored_files() - before
    assert {p.relative_to(service.corpus).as_posix() for p in new} == {
        f"reports/{doc_id}.pdf",
        f"reports/{doc_id}.toml",
    }


def test_a_300_character_title_gives_a_short_name(service: Service) -> None:
    title = "Uzun " + "başlık " * 60
    response = service.api.post(
        "/api/documents",
        files={"file": ("x.pdf", make_pdf(f"uzun {distinct_word(1, 'seclong')}"))},
        data={"title": title[:300]},
    )
    document = follow_job(service.api, response)["document"]
    doc_id = document["doc_id"]
    assert len(doc_id) <= 80 and re.fullmatch(r"[a-z0-9-]+", doc_id)
    assert document["title"] == " ".join(title[:300].split())


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("text.pdf", b"just some text, renamed to .pdf", "unreadable_pdf"),
        ("page.pdf", b"<html><body>hello</body></html>", "unreadable_pdf"),
        ("fake.pdf", b"%PDF-1.7\n" + b"\x00garbage" * 200, "unreadable_pdf"),
        ("empty.pdf", b"", "unreadable_pdf"),
        ("blank.pdf", make_pdf(""), "unreadable_pdf"),
    ],
)
def test_files_that_are_not_readable_pdfs_are_refused_and_nothing_is_stored(
    service: Service, name: str, content: bytes, code: str
) -> None:
    before = service.stored_files()
    response = service.api.post("/api/documents", files={"file": (name, content)})
    if response.status_code == 202:  # looks like a PDF: refused by its job, once read
        error = follow_job(service.api, response)["error"]
    else:
        assert response.status_code == 422
        error = response.json()["error"]
    assert error["code"] == code
    assert service.stored_files() == before


def test_an_oversize_file_is_refused_before_it_is_read(service: Service) -> None:
    before = service.stored_files()
    big = make_pdf("buyuk") + b"%" + b"0" * (1024 * 1024 + 10)
    response = service.api.post("/api/documents", files={"file": ("big.pdf", big)})
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "payload_too_large"
    assert service.stored_files() == before


def test_an_oversize_file_without_a_length_is_refused_while_streaming(service: Service) -> None:
    before = service.stored_files()
    body, content_type = raw_upload(b"big.pdf", b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 10), "b")

    def chunks() -> Iterator[bytes]:  # chunked transfer: no Content-Length to check first
        for start in range(0, len(body), 64 * 1024):
            yield body[start : start + 64 * 1024]

    try:
        response = service.api.post(
            "/api/documents", content=chunks(), headers={"Content-Type": content_type}
        )
    except httpx.TransportError:
        pass  # the server may close the connection while the rest is still being sent
    else:
        assert response.status_code == 413
    assert service.stored_files() == before


def test_markup_in_titles_and_text_is_shown_escaped_everywhere(service: Service) -> None:
    word = distinct_word(9, "secxss")
    pdf = make_pdf(f"Metin {word} {PAYLOAD}\nikinci satir {PAYLOAD}")
    response = service.api.post(
        "/api/documents", files={"file": ("x.pdf", pdf)}, data={"title": f"{PAYLOAD} {word}"}
    )
    assert response.headers["content-type"] == "application/json"
    document = follow_job(service.api, response)["document"]
    assert document["title"] == f"{PAYLOAD} {word}"  # the API returns data, as given
    doc_id = document["doc_id"]
    with logged_in_client(service.url) as admin:
        pages = {
            "search": service.anonymous.get("/", params={"q": word}),
            "documents": service.anonymous.get("/documents"),
            "document": service.anonymous.get(f"/documents/{doc_id}"),
            "admin list": admin.get("/admin"),
            "admin document": admin.get(f"/admin/documents/{doc_id}"),
            "admin remove": admin.get(f"/admin/documents/{doc_id}/remove"),
            "audit": admin.get("/admin/audit"),
        }
        service.api.delete(f"/api/documents/{doc_id}")
        pages["trash"] = admin.get("/admin/trash")
    for name, page in pages.items():
        assert page.status_code == 200, name
        assert "<script>alert" not in page.text, name
        assert "<img src=x" not in page.text, name
        assert html.escape("<script>", quote=False) in page.text, name


def test_failed_logins_are_throttled_per_user(service: Service) -> None:
    with httpx.Client(base_url=service.url) as client:
        statuses = []
        for password in ["yanlis-1", "yanlis-2", "yanlis-3", "yanlis-4", PASSWORD]:
            token = csrf_of(client.get("/admin/login").text)
            response = client.post(
                "/admin/login",
                data={"username": "throttled", "password": password, "csrf_token": token},
            )
            statuses.append(response.status_code)
        assert statuses == [401, 401, 401, 429, 429]  # even the right password, for now
        assert "Retry-After" in response.headers
        # Another librarian from the same address is not locked out.
        with logged_in_client(service.url) as other:
            assert other.get("/admin").status_code == 200
