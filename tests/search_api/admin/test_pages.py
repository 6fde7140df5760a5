"""The admin pages over real HTTP: login, list, upload in two steps, edit, remove, restore."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from collection_support import (
    LIBRARIAN,
    PASSWORD,
    add_librarian,
    bearer,
    csrf_of,
    logged_in_client,
    small_corpus,
    wait_for_job,
)
from conftest import LiveServer
from pdf_factory import distinct_word, make_pdf

from search_api.settings import Settings


class Service:
    def __init__(self, url: str, corpus: Path, token: str) -> None:
        self.url = url
        self.corpus = corpus
        self.token = token


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Service]:
    root = tmp_path_factory.mktemp("admin")
    corpus = small_corpus(root)
    token = add_librarian(root / "data")
    with LiveServer(Settings(corpus_dir=corpus, data_dir=root / "data", workers=1)) as server:
        yield Service(server.url, corpus, token)


@pytest.fixture
def admin(service: Service) -> Iterator[httpx.Client]:
    with logged_in_client(service.url) as client:
        yield client


def form_values(page: str) -> dict[str, str]:
    """The values a browser would post from the page's form (inputs and selected options)."""
    values = {name: html.unescape(value) for name, value in INPUT_RE.findall(page)}
    values.update(SELECT_RE.findall(page))
    return values


INPUT_RE = re.compile(r'<input type="(?:hidden|text|url)"[^>]*? name="(\w+)" value="([^"]*)"')
SELECT_RE = re.compile(r'<select id="f-\w+" name="(\w+)">.*?<option value="(\w+)" selected', re.S)


JOB_RE = re.compile(r'data-job="(\w+)"')


def upload_files(client: httpx.Client, files: list[tuple[str, bytes]]) -> list[dict[str, Any]]:
    """Step 1: the files, in one form; each becomes a job, followed until it has a proposal
    (or failed). Returns the jobs, in the order the batch page lists them."""
    token = csrf_of(client.get("/admin/upload").text)
    sent = client.post(
        "/admin/upload",
        data={"csrf_token": token},
        files=[("file", (name, content)) for name, content in files],
    )
    assert sent.status_code == 303, sent.text
    batch_page = client.get(sent.headers["location"])
    ids = JOB_RE.findall(batch_page.text)
    return [wait_for_job(client, f"/api/jobs/{job_id}", ("proposed", "failed")) for job_id in ids]


def analyse(client: httpx.Client, pdf: bytes, name: str = "rapor.pdf") -> httpx.Response:
    """Step 1 for one file: its job's page once the proposal is ready."""
    (job,) = upload_files(client, [(name, pdf)])
    return client.get(f"/admin/jobs/{job['id']}")


def upload_through_forms(client: httpx.Client, pdf: bytes, **changes: str) -> httpx.Response:
    """Step 1 (the file), then step 2 (the proposed values, with `changes`, confirmed)."""
    page = analyse(client, pdf)
    assert page.status_code == 200, page.text
    action = re.search(r'action="(/admin/jobs/\w+/confirm)"', page.text)
    assert action, page.text
    return client.post(action.group(1), data={**form_values(page.text), **changes})


@pytest.mark.parametrize("path", ["/admin", "/admin/upload", "/admin/trash", "/admin/audit"])
def test_anonymous_visitors_are_sent_to_the_login_form(service: Service, path: str) -> None:
    response = httpx.get(service.url + path)
    assert response.status_code == 303
    assert response.headers["location"] == f"/admin/login?next={path.replace('/', '%2F')}"


def test_a_token_is_not_a_web_session(service: Service) -> None:
    response = httpx.get(service.url + "/admin", headers=bearer(service.token))
    assert response.status_code == 303


def test_a_wrong_password_shows_the_form_again(service: Service) -> None:
    with httpx.Client(base_url=service.url) as client:
        token = csrf_of(client.get("/admin/login").text)
        response = client.post(
            "/admin/login", data={"username": LIBRARIAN, "password": "yanlis", "csrf_token": token}
        )
        assert response.status_code == 401
        assert "Kullanıcı adı veya parola yanlış" in response.text
        assert client.get("/admin").status_code == 303


def test_login_returns_to_the_page_asked_for_and_shows_the_admin_link(service: Service) -> None:
    with httpx.Client(base_url=service.url) as client:
        assert 'href="/admin"' not in client.get("/").text
        login = client.get("/admin/trash", follow_redirects=True)
        token = csrf_of(login.text)
        response = client.post(
            "/admin/login",
            data={"username": LIBRARIAN, "password": PASSWORD, "csrf_token": token,
                  "next": "/admin/trash"},
        )  # fmt: skip
        assert response.headers["location"] == "/admin/trash"
        assert ">Yönetim</a>" in client.get("/").text
        # Never to another site.
        assert client.get("/admin/login?next=//evil.example").headers["location"] == "/admin"


def test_the_document_list_filters_and_sorts(service: Service, admin: httpx.Client) -> None:
    page = admin.get("/admin")
    assert page.status_code == 200
    assert "reslog-turkey-project-en" in page.text
    assert page.headers["cache-control"] == "no-store"
    assert "reslog" not in admin.get("/admin", params={"kind": "law"}).text
    assert "reslog" in admin.get("/admin", params={"lang": "en", "ocr": "no"}).text
    assert "reslog" not in admin.get("/admin", params={"q": "göç yasası"}).text
    assert "reslog" not in admin.get("/admin", params={"problems": "yes"}).text
    sorted_page = admin.get("/admin", params={"sort": "units", "order": "desc"})
    assert 'aria-sort="descending"' in sorted_page.text
    assert "Son dizinleme" in page.text  # the latest indexing summary


def test_an_upload_is_analysed_then_confirmed_then_searchable(
    service: Service, admin: httpx.Client
) -> None:
    word = distinct_word(1, "admup")
    pdf = make_pdf(f"Goc ve uyum raporu {word}\nBelediye hizmetleri", title="Göç ve Uyum Raporu")
    analysed = analyse(admin, pdf, "../a.pdf")
    assert analysed.status_code == 200
    assert 'name="title" value="Göç ve Uyum Raporu"' in analysed.text  # detected, pre-filled
    assert not list(service.corpus.glob("*/goc-ve-uyum*"))  # nothing stored yet
    confirmed = upload_through_forms(admin, pdf, title="Göç ve Uyum Raporu 2024", year="2024")
    assert confirmed.status_code == 303
    assert confirmed.headers["location"] == "/admin/documents/goc-ve-uyum-raporu-2024?done=added"
    detail = admin.get(confirmed.headers["location"])
    assert "Belge eklendi ve aranabilir." in detail.text
    assert word in detail.text  # the extracted text is shown
    hits = httpx.get(service.url + "/api/search", params={"q": word}).json()["hits"]
    assert [hit["title"] for hit in hits] == ["Göç ve Uyum Raporu 2024"]


def test_an_unreadable_upload_is_shown_as_its_failed_job(
    service: Service, admin: httpx.Client
) -> None:
    (job,) = upload_files(admin, [("x.pdf", b"not a pdf")])
    assert job["state"] == "failed"
    assert job["error"]["code"] == "unreadable_pdf"
    page = admin.get(f"/admin/jobs/{job['id']}")
    assert "x.pdf: bu dosya bir PDF değil" in page.text


def test_a_duplicate_upload_is_named_before_it_is_confirmed(
    service: Service, admin: httpx.Client
) -> None:
    pdf = make_pdf(f"Ikiz {distinct_word(2, 'admdup')}")
    assert upload_through_forms(admin, pdf, title="İkiz Belge").status_code == 303
    (job,) = upload_files(admin, [("b.pdf", pdf)])
    assert job["state"] == "failed" and job["error"]["code"] == "duplicate_document"
    assert job["error"]["document"]["title"] == "İkiz Belge"
    page = admin.get(f"/admin/jobs/{job['id']}")
    assert "Bu PDF derlemde zaten var" in page.text


def test_editing_removing_and_restoring_through_the_forms(
    service: Service, admin: httpx.Client
) -> None:
    word = distinct_word(3, "admedit")
    created = upload_through_forms(admin, make_pdf(f"Duzenle {word}"), title="Düzenlenecek")
    doc_url = created.headers["location"].split("?")[0]
    page = admin.get(doc_url)
    token = csrf_of(page.text)
    form = {"csrf_token": token, "title": "Düzenlendi", "kind": "report", "lang": "tr",
            "year": "2022", "date": "", "law_number": "", "publisher": "MBB", "author": "",
            "source_url": ""}  # fmt: skip
    saved = admin.post(doc_url, data=form)
    assert saved.status_code == 303 and saved.headers["location"].endswith("?done=saved")
    assert "Düzenlendi" in admin.get(doc_url).text
    bad = admin.post(doc_url, data={**form, "year": "iki bin"})
    assert bad.status_code == 400 and "year" in bad.text and 'value="iki bin"' in bad.text

    confirm = admin.get(doc_url + "/remove")
    assert "Evet, kaldır" in confirm.text
    removed = admin.post(doc_url + "/remove", data={"csrf_token": csrf_of(confirm.text)})
    assert removed.headers["location"] == "/admin/trash?done=removed"
    assert httpx.get(service.url + "/api/search", params={"q": word}).json()["total"] == 0
    trash = admin.get("/admin/trash")
    name = re.search(r'action="/admin/trash/([^"]+)/restore"', trash.text)
    assert name and "Düzenlendi" in trash.text
    restored = admin.post(f"/admin/trash/{name.group(1)}/restore", data={"csrf_token": token})
    assert restored.headers["location"] == doc_url + "?done=restored"
    assert httpx.get(service.url + "/api/search", params={"q": word}).json()["total"] == 1

    audit = admin.get("/admin/audit").text
    for action in ("ekledi", "düzeltti", "kaldırdı", "geri aldı"):
        assert action in audit
    assert "ayse (web)" in audit


def test_the_admin_pages_speak_english_on_request(admin: httpx.Client) -> None:
    page = admin.get("/admin", params={"ui": "en"})
    assert "Manage documents" in page.text and "Log out" in page.text


def test_logging_out_ends_the_session(service: Service) -> None:
    with logged_in_client(service.url) as client:
        token = csrf_of(client.get("/admin").text)
        response = client.post("/admin/logout", data={"csrf_token": token})
        assert response.headers["location"] == "/?done=logged_out"
        assert client.get("/admin").status_code == 303


def test_reading_needs_a_login_when_the_settings_say_so(tmp_path: Path) -> None:
    corpus = small_corpus(tmp_path)
    token = add_librarian(tmp_path / "data")
    settings = Settings(
        corpus_dir=corpus, data_dir=tmp_path / "data", workers=1, require_login=True
    )
    # The first search a process serves loads the dictionary (seconds on a busy machine).
    with LiveServer(settings) as server, httpx.Client(base_url=server.url, timeout=60) as reader:
        assert reader.get("/").status_code == 303
        assert reader.get("/api/search?q=x").status_code == 401
        assert reader.get("/files/reslog-turkey-project-en.pdf").status_code == 303
        assert reader.get("/healthz").status_code == 200
        assert reader.get("/api/search?q=x", headers=bearer(token)).status_code == 200
        with logged_in_client(server.url) as client:
            assert client.get("/", params={"q": "migration"}).status_code == 200
