"""The changing JSON routes over real HTTP: add, correct, replace, remove, restore, audit."""

from __future__ import annotations

import json
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from collection_support import add_librarian, bearer, follow_job, small_corpus
from conftest import LiveServer
from pdf_factory import distinct_word, make_pdf

from search_api.settings import Settings


class Service:
    def __init__(self, url: str, corpus: Path, data: Path, token: str) -> None:
        self.url = url
        self.corpus = corpus
        self.data = data
        self.client = httpx.Client(base_url=url, timeout=60, headers=bearer(token))

    def upload(self, pdf: bytes, **fields: str) -> httpx.Response:
        return self.client.post("/api/documents", files={"file": ("x.pdf", pdf)}, data=fields)

    def add(self, pdf: bytes, **fields: str) -> dict[str, Any]:
        """Upload, follow the job to its end, and return the document it stored."""
        job = follow_job(self.client, self.upload(pdf, **fields))
        assert job["state"] == "done", job
        document: dict[str, Any] = job["document"]
        return document

    def hits(self, query: str) -> list[dict[str, object]]:
        hits: list[dict[str, object]] = self.client.get("/api/search", params={"q": query}).json()[
            "hits"
        ]
        return hits


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Service]:
    root = tmp_path_factory.mktemp("documents-api")
    corpus = small_corpus(root)
    token = add_librarian(root / "data")
    settings = Settings(corpus_dir=corpus, data_dir=root / "data", workers=1)
    with LiveServer(settings) as server:
        service = Service(server.url, corpus, root / "data", token)
        with service.client:
            yield service


def test_an_upload_is_stored_under_its_title_and_searchable_on_return(service: Service) -> None:
    word = distinct_word(1, "apiadd")
    answer = service.upload(
        make_pdf(f"Kent uyum raporu {word}\nikinci satir"),
        title="Kent Uyum Raporu: İstanbul 2023",
        year="2023",
        publisher="MBB",
    )
    assert answer.status_code == 202, answer.text
    assert set(answer.json()["job"]) == {"id", "state", "url"}
    job = follow_job(service.client, answer)
    assert job["state"] == "done", job
    assert job["progress"]["pages_done"] == job["progress"]["pages_total"] == 1
    body = job["document"]
    assert body["doc_id"] == "kent-uyum-raporu-istanbul-2023"
    assert (body["title"], body["year"], body["kind"], body["unit_count"]) == (
        "Kent Uyum Raporu: İstanbul 2023",
        2023,
        "report",
        1,
    )
    assert body["warnings"] == []
    # The same shape as the read route, plus the warnings.
    shown = service.client.get(f"/api/documents/{body['doc_id']}").json()
    assert {k: v for k, v in body.items() if k != "warnings"} == shown
    assert [hit["doc_id"] for hit in service.hits(word)] == [body["doc_id"]]
    pdf = service.corpus / "reports" / "kent-uyum-raporu-istanbul-2023.pdf"
    metadata = tomllib.loads(pdf.with_suffix(".toml").read_text())
    assert metadata["title"] == "Kent Uyum Raporu: İstanbul 2023"
    assert metadata["publisher"] == "MBB"
    assert metadata["added"]


def test_metadata_not_given_is_detected_and_a_law_goes_to_the_laws_folder(service: Service) -> None:
    law = make_pdf(
        "DENEME KANUNU\nKanun Numarasi : 9901\nKabul Tarihi : 5/6/2019\n"
        f"Madde 1 - Bu Kanunun amaci {distinct_word(2, 'apilaw')} duzenlemektir.",
        title="Deneme Kanunu",
    )
    body = service.add(law)
    assert (body["title"], body["kind"], body["law_number"], body["year"]) == (
        "Deneme Kanunu",
        "law",
        "9901",
        2019,
    )
    assert (service.corpus / "laws" / f"{body['doc_id']}.pdf").is_file()


def test_a_pdf_already_in_the_collection_is_refused_with_the_existing_document(
    service: Service,
) -> None:
    pdf = make_pdf(f"Tekrar {distinct_word(3, 'apidup')}")
    first = service.add(pdf, title="İlk kopya")
    again = service.upload(pdf, title="İkinci kopya")
    assert again.status_code == 409
    error = again.json()["error"]
    assert error["code"] == "duplicate_document"
    assert error["doc_id"] == first["doc_id"]
    assert error["document"]["title"] == "İlk kopya"
    assert not list(service.corpus.rglob("ikinci-kopya*"))


def test_a_duplicates_existing_document_is_said_in_the_requests_language(
    service: Service,
) -> None:
    pdf = make_pdf([f"Sayfali {distinct_word(4, 'apidup')}", ""])  # page 2: no text
    first = service.add(pdf, title="Boş sayfalı")
    english = service.client.get(f"/api/documents/{first['doc_id']}", params={"ui": "en"})
    problems = english.json()["problems"]
    assert problems and problems != first["problems"]  # said in English, not Turkish
    for ui, expected in (("en", problems), ("tr", first["problems"])):
        again = service.client.post(
            "/api/documents", params={"ui": ui}, files={"file": ("x.pdf", pdf)}
        )
        assert again.status_code == 409
        assert again.json()["error"]["document"]["problems"] == expected


def test_the_same_title_twice_gets_a_numbered_name(service: Service) -> None:
    names = [
        service.add(make_pdf(f"Ayni baslik {distinct_word(n, 'apisame')}"), title="Aynı Başlık")
        for n in (1, 2)
    ]
    assert [document["doc_id"] for document in names] == ["ayni-baslik", "ayni-baslik-2"]


def test_a_correction_rewrites_the_metadata_file_and_the_index(service: Service) -> None:
    word = distinct_word(4, "apifix")
    doc_id = service.add(make_pdf(f"Duzeltme {word}"), title="Eski Ad", year="2001")["doc_id"]
    response = service.client.patch(
        f"/api/documents/{doc_id}", json={"title": "Yeni Ad", "year": None, "lang": "en"}
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["doc_id"], body["title"], body["year"], body["lang"]) == (
        doc_id,
        "Yeni Ad",
        None,
        "en",
    )
    assert [hit["title"] for hit in service.hits(word)] == ["Yeni Ad"]
    metadata = tomllib.loads((service.corpus / "reports" / f"{doc_id}.toml").read_text())
    assert metadata["title"] == "Yeni Ad" and "year" not in metadata


@pytest.mark.parametrize(
    "changes",
    [{"colour": "red"}, {"year": "soon"}, {"kind": "novel"}, {"source_url": "javascript:x"}],
)
def test_a_bad_correction_is_refused_and_changes_nothing(
    service: Service, changes: dict[str, str]
) -> None:
    doc_id = "reslog-turkey-project-en"
    before = (service.corpus / "reports" / f"{doc_id}.toml").read_bytes()
    response = service.client.patch(f"/api/documents/{doc_id}", json=changes)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "bad_request"
    assert (service.corpus / "reports" / f"{doc_id}.toml").read_bytes() == before


def test_replacing_a_file_proposes_its_language_again(service: Service) -> None:
    """A Turkish report replaced by its English edition is English from then on."""
    turkish = "Bu rapor belediyelerin göç politikasını ve kentlerdeki uyum çalışmalarını anlatır. "
    english = "This report describes the migration policy of the municipalities and the support "
    doc_id = service.add(make_pdf(turkish * 4 + distinct_word(8, "dil")), title="Dil Raporu")[
        "doc_id"
    ]
    assert service.client.get(f"/api/documents/{doc_id}").json()["lang"] == "tr"
    response = service.client.put(
        f"/api/documents/{doc_id}/file",
        files={"file": ("en.pdf", make_pdf(english * 4 + "given to refugees in the cities."))},
    )
    assert follow_job(service.client, response)["state"] == "done"
    assert service.client.get(f"/api/documents/{doc_id}").json()["lang"] == "en"


def test_a_replaced_pdf_is_searched_instead_and_the_old_one_is_kept(service: Service) -> None:
    old, new = distinct_word(5, "apiold"), distinct_word(5, "apinew")
    doc_id = service.add(make_pdf(f"Surum bir {old}"), title="Sürümlü Belge")["doc_id"]
    response = service.client.put(
        f"/api/documents/{doc_id}/file", files={"file": ("v2.pdf", make_pdf(f"Surum iki {new}"))}
    )
    job = follow_job(service.client, response)
    assert job["state"] == "done", job
    assert job["document"]["title"] == "Sürümlü Belge"
    assert service.hits(old) == []
    assert [hit["doc_id"] for hit in service.hits(new)] == [doc_id]
    trash = service.client.get("/api/trash").json()["entries"]
    assert {"doc_id": doc_id, "reason": "replaced"}.items() <= trash[0].items()
    assert trash[0]["title"] == "Sürümlü Belge"  # the old version says what it was


def test_a_removed_document_leaves_the_search_and_comes_back_restored(service: Service) -> None:
    word = distinct_word(6, "apitrash")
    doc_id = service.add(make_pdf(f"Silinecek {word}"), title="Silinecek Belge")["doc_id"]
    removed = service.client.delete(f"/api/documents/{doc_id}")
    assert removed.status_code == 200
    trash_name = removed.json()["trash"]["name"]
    assert service.hits(word) == []
    assert service.client.get(f"/api/documents/{doc_id}").status_code == 404
    assert not (service.corpus / "reports" / f"{doc_id}.pdf").exists()
    trashed = service.corpus / ".trash" / trash_name
    assert sorted(p.name for p in trashed.iterdir()) == [
        f"{doc_id}.pdf",
        f"{doc_id}.toml",
        "trash.json",
    ]
    restored = service.client.post(f"/api/trash/{trash_name}/restore")
    assert restored.status_code == 200, restored.text
    assert restored.json()["title"] == "Silinecek Belge"
    assert [hit["doc_id"] for hit in service.hits(word)] == [doc_id]
    assert not trashed.exists()
    assert service.client.post(f"/api/trash/{trash_name}/restore").status_code == 404


def test_a_second_document_for_a_law_number_is_refused(service: Service) -> None:
    pdf = make_pdf(f"Baska bir metin {distinct_word(7, 'apilaw')}")
    response = service.upload(pdf, title="İkinci 9901", kind="law", law_number="9901")
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "conflict"


def test_changes_to_documents_that_do_not_exist_are_404(service: Service) -> None:
    pdf = make_pdf("yok")
    assert service.client.patch("/api/documents/nope", json={"title": "x"}).status_code == 404
    assert service.client.delete("/api/documents/nope").status_code == 404
    put = service.client.put("/api/documents/nope/file", files={"file": ("a.pdf", pdf)})
    assert put.status_code == 404


def test_every_change_is_in_the_audit_log(service: Service) -> None:
    doc_id = service.add(make_pdf(f"Kayit {distinct_word(8, 'apiaudit')}"), title="Kayıt")["doc_id"]
    service.client.patch(f"/api/documents/{doc_id}", json={"year": 2020})
    service.client.delete(f"/api/documents/{doc_id}")
    lines = (service.data / "audit.log").read_text().splitlines()
    events = [json.loads(line) for line in lines]
    mine = [(e["action"], e["actor"]) for e in events if e["doc_id"] == doc_id]
    assert mine == [("add", "ayse (api)"), ("update", "ayse (api)"), ("remove", "ayse (api)")]
    shown = service.client.get("/api/audit", params={"limit": 3}).json()["events"]
    assert [e["action"] for e in shown] == ["remove", "update", "add"]
    assert all(set(e) == {"at", "actor", "action", "doc_id", "title", "details"} for e in events)


def test_a_pdf_with_text_past_the_page_edge_is_accepted_without_title_or_kind(
    service: Service,
) -> None:
    """Issue 12 §2: 30 lines of 150 characters at 12 pt on A4 run past the right edge; such an
    upload with no title and no kind answered 500 (layout raised IndexError in detection)."""
    word = distinct_word(2, "kenar")
    lines = [(f"{word} satir{number:02d} " + "genis metin " * 13)[:150] for number in range(30)]
    answer = service.upload(make_pdf("\n".join(lines)))
    assert answer.status_code == 202, answer.text
    job = follow_job(service.client, answer)
    assert job["state"] == "done", job
    assert job["document"]["unit_count"] == 1
    assert any(hit["doc_id"] == job["document"]["doc_id"] for hit in service.hits(word))


def test_a_body_of_the_wrong_shape_is_a_422_in_the_error_shape(service: Service) -> None:
    """An invalid value is a 422 in the API's error shape (issue 12 §1), in the asked language."""
    doc_id = "reslog-turkey-project-en"
    before = (service.corpus / "reports" / f"{doc_id}.toml").read_bytes()
    response = service.client.patch(f"/api/documents/{doc_id}", json=["title", "x"])
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid_request"
    assert response.json()["error"]["message"]
    assert (service.corpus / "reports" / f"{doc_id}.toml").read_bytes() == before
