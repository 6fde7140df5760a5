"""The audit trail a person can read, and a replaced file's old version restored, over real
HTTP: old → new per field in Istanbul time with the title, filters, CSV; the trash names
the document of an older file, and restoring that file makes it the current one again."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import httpx
import pytest
from collection_support import add_librarian, bearer, follow_job, logged_in_client, small_corpus
from conftest import LiveServer
from pdf_factory import distinct_word, make_pdf

from search_api.curation import AuditEvent, AuditQuery, in_istanbul
from search_api.settings import Settings


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, httpx.Client]]:
    root = tmp_path_factory.mktemp("audit-pages")
    corpus = small_corpus(root)
    token = add_librarian(root / "data")
    settings = Settings(corpus_dir=corpus, data_dir=root / "data", workers=1)
    with (
        LiveServer(settings) as server,
        httpx.Client(base_url=server.url, timeout=60, headers=bearer(token)) as api,
    ):
        yield server.url, api


def add(api: httpx.Client, text: str, **fields: str) -> str:
    answer = api.post("/api/documents", files={"file": ("x.pdf", make_pdf(text))}, data=fields)
    job = follow_job(api, answer)
    assert job["state"] == "done", job
    doc_id: str = job["document"]["doc_id"]
    return doc_id


def test_a_correction_shows_old_and_new_values_in_istanbul_time_with_the_title(
    service: tuple[str, httpx.Client],
) -> None:
    url, api = service
    doc_id = add(api, f"Denetim {distinct_word(1, 'audit')}", title="Eski Başlık", year="2001")
    assert api.patch(f"/api/documents/{doc_id}", json={"title": "Yeni Başlık"}).status_code == 200
    with logged_in_client(url) as admin:
        page = admin.get("/admin/audit", params={"action": "update"}).text
        row = page.split("<tbody>")[1].split("</tr>")[0]
        assert "Yeni Başlık" in row and "düzeltti" in row
        assert re.search(r"<del>Eski Başlık</del> → <ins>Yeni Başlık</ins>", row), row
        shown = re.search(r"<time>([^<]+)</time>", row)
        assert shown is not None
        now_istanbul = datetime.now(UTC) + timedelta(hours=3)
        assert abs(datetime.fromisoformat(shown.group(1)) - now_istanbul.replace(tzinfo=None)) < (
            timedelta(minutes=5)
        )
        assert "ekledi" not in page.split("<tbody>")[1]  # only corrections

        exported = admin.get("/admin/audit.csv", params={"action": "update"})
        assert exported.headers["content-type"].startswith("text/csv")
        assert exported.text.startswith("\ufeff")
        rows = list(csv.DictReader(io.StringIO(exported.text.lstrip("\ufeff"))))
        mine = [r for r in rows if r["doc_id"] == doc_id]
        assert [(r["action"], r["title"], r["changes"]) for r in mine] == [
            ("update", "Yeni Başlık", "title: Eski Başlık → Yeni Başlık")
        ]
        tomorrow = (now_istanbul.date() + timedelta(days=1)).strftime("%d.%m.%Y")
        later = admin.get("/admin/audit", params={"since": tomorrow}).text
        assert doc_id not in later
        nobody = admin.get("/admin/audit", params={"actor": "nobody"}).text
        assert doc_id not in nobody
        bad = admin.get("/admin/audit", params={"since": "yarın"})
        assert bad.status_code == 400 and "2026-12-01" in bad.text


def test_an_older_file_is_named_in_the_trash_and_restored_as_the_current_one(
    service: tuple[str, httpx.Client],
) -> None:
    url, api = service
    old, new = distinct_word(2, "qeski"), distinct_word(2, "wyeni")  # no shared prefix
    doc_id = add(api, f"Ilk surum {old}", title="Sürümlü Rapor")
    replaced = api.put(
        f"/api/documents/{doc_id}/file", files={"file": ("v2.pdf", make_pdf(f"Yeni {new}"))}
    )
    assert follow_job(api, replaced)["state"] == "done"

    def hits(word: str) -> list[str]:
        return [hit["doc_id"] for hit in api.get("/api/search", params={"q": word}).json()["hits"]]

    assert (hits(old), hits(new)) == ([], [doc_id])
    with logged_in_client(url) as admin:
        trash = admin.get("/admin/trash").text
        assert "Geri al: Sürümlü Rapor" in trash  # the older file is named by its document
        name = re.search(rf'action="/admin/trash/([^"]*{doc_id})/restore"', trash)
        assert name is not None
        token = re.search(r'name="csrf_token" value="([^"]+)"', trash)
        assert token is not None
        restored = admin.post(
            f"/admin/trash/{name.group(1)}/restore", data={"csrf_token": token.group(1)}
        )
        assert restored.status_code == 303, restored.text
        assert restored.headers["location"] == f"/admin/documents/{doc_id}?done=restored"
    assert (hits(old), hits(new)) == ([doc_id], [])  # the old file is the current one again
    entries = api.get("/api/trash").json()["entries"]
    assert [e["reason"] for e in entries if e["doc_id"] == doc_id] == ["replaced"]  # the newer
    events = api.get("/api/audit", params={"limit": 1}).json()["events"]
    assert (events[0]["action"], events[0]["doc_id"]) == ("restore", doc_id)


def test_filter_days_are_istanbul_days() -> None:
    late = AuditEvent(at="2026-12-01T22:30:00+00:00", actor="ayse", action="add", doc_id="x")
    assert in_istanbul(late.at) is not None
    assert str(in_istanbul(late.at))[:16] == "2026-12-02 01:30"
    assert AuditQuery(since=date(2026, 12, 2)).matches(late)
    assert not AuditQuery(until=date(2026, 12, 1)).matches(late)
    assert AuditQuery(actor="ayse", action="add").matches(late)
    assert not AuditQuery(action="remove").matches(late)


def test_the_latest_indexing_shows_changes_made_since_the_start(
    service: tuple[str, httpx.Client],
) -> None:
    url, api = service
    add(api, f"Son degisiklik {distinct_word(3, 'sonde')}", title="En Son Eklenen")
    with logged_in_client(url) as admin:
        page = admin.get("/admin").text
    summary = page.split('id="summary-heading"')[1].split("</section>")[0]
    assert "Son değişiklik" in summary and "ayse (api) ekledi: En Son Eklenen" in summary
