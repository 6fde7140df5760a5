"""Receiving an upload: the multipart body streams into a hidden staging file, other fields
into a dict, and every refusal (not multipart, no file, two files, too large — announced or
streamed —, malformed) is a typed error that leaves no staged file behind.

The route under test is a real FastAPI route calling `receive_upload` on a real request;
the refusals come back as the typed error's key and status."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from conftest import LiveServer
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from pdf_factory import make_pdf

from indexer.corpus import Collection
from indexer.errors import KaynakError
from search_api.admin.uploads import FORM_OVERHEAD_BYTES, receive_upload

MAX_BYTES = 4096


@pytest.fixture
def collection(tmp_path: Path) -> Collection:
    (tmp_path / "corpus").mkdir()
    return Collection(tmp_path / "corpus")


@pytest.fixture
def client(collection: Collection) -> Iterator[httpx.Client]:
    app = FastAPI()

    @app.post("/upload")
    async def upload(request: Request) -> JSONResponse:
        try:
            received = await receive_upload(request, collection, MAX_BYTES)
        except KaynakError as error:
            return JSONResponse({"key": error.key}, status_code=error.status_code)
        return JSONResponse(
            {
                "staged": str(received.path),
                "key": received.key,
                "filename": received.filename,
                "fields": received.fields,
                "bytes": received.path.read_bytes().hex(),
            }
        )

    with LiveServer(app=app) as server, httpx.Client(base_url=server.url, timeout=30) as http:
        yield http


def staged_files(collection: Collection) -> list[Path]:
    return sorted(collection.incoming_dir.glob("*")) if collection.incoming_dir.exists() else []


def test_the_file_is_staged_byte_for_byte_with_the_other_fields(
    client: httpx.Client, collection: Collection
) -> None:
    pdf = make_pdf("Göç raporu", title="Rapor")
    response = client.post(
        "/upload",
        files={"file": ("../../Göç Raporu.pdf", pdf, "application/pdf")},
        data={"title": "Göç Raporu 2023", "kind": "report"},
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert bytes.fromhex(body["bytes"]) == pdf
    assert body["fields"] == {"title": "Göç Raporu 2023", "kind": "report"}
    assert "/" not in body["filename"] and body["filename"].endswith("Göç Raporu.pdf")
    staged = Path(body["staged"])
    assert staged.parent == collection.incoming_dir  # hidden, inside the corpus folder
    assert collection.stage_path(body["key"]) == staged


@pytest.mark.parametrize(
    ("request_kwargs", "status", "key"),
    [
        ({"files": {"title": (None, "no file")}}, 400, "file_missing"),
        ({"content": b"plain text", "headers": {"content-type": "text/plain"}}, 400,
         "multipart_expected"),
        ({"files": [("file", ("a.pdf", b"%PDF-1", "application/pdf")),
                    ("file", ("b.pdf", b"%PDF-2", "application/pdf"))]}, 400, "one_file_only"),
        ({"files": {"file": ("big.pdf", b"x" * (MAX_BYTES + 1), "application/pdf")}}, 413,
         "file_too_large"),
        ({"data": {"title": "x" * 10_001}, "files": {"file": ("a.pdf", b"%PDF", "x/y")}}, 400,
         "field_too_long"),
    ],
)  # fmt: skip
def test_refusals_are_typed_and_leave_nothing_staged(
    client: httpx.Client,
    collection: Collection,
    request_kwargs: dict[str, object],
    status: int,
    key: str,
) -> None:
    response = client.post("/upload", **request_kwargs)  # type: ignore[arg-type]
    assert (response.status_code, response.json()["key"]) == (status, key)
    assert staged_files(collection) == []


def test_a_body_announcing_more_than_the_limit_is_refused_before_reading(
    client: httpx.Client, collection: Collection
) -> None:
    announced = MAX_BYTES + FORM_OVERHEAD_BYTES + 1
    port = int(str(client.base_url).rstrip("/").rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=30) as connection:
        connection.sendall(
            b"POST /upload HTTP/1.1\r\nHost: test\r\n"
            b"Content-Type: multipart/form-data; boundary=b\r\n"
            + f"Content-Length: {announced}\r\n\r\n".encode()
            + b"--b\r\n"  # the body is never sent: the refusal must not wait for it
        )
        reply = b""
        while not reply.endswith(b"}"):  # the JSON body may come in a second packet
            received = connection.recv(65536)
            if not received:
                break
            reply += received
    reply_text = reply.decode()
    assert reply_text.startswith("HTTP/1.1 413")
    assert '"key":"file_too_large"' in reply_text
    assert staged_files(collection) == []


def test_a_larger_body_streamed_without_a_length_is_cut_at_the_limit(
    client: httpx.Client, collection: Collection
) -> None:
    head = (
        b'--b\r\nContent-Disposition: form-data; name="file"; filename="big.pdf"\r\n'
        b"Content-Type: application/pdf\r\n\r\n"
    )

    def chunks() -> Iterator[bytes]:  # no content-length: a chunked body
        yield head
        for _ in range(10):
            yield b"y" * 1024
        yield b"\r\n--b--\r\n"

    response = client.post(
        "/upload", content=chunks(), headers={"content-type": "multipart/form-data; boundary=b"}
    )
    assert (response.status_code, response.json()["key"]) == (413, "file_too_large")
    assert staged_files(collection) == []


def test_a_malformed_body_is_a_bad_request(client: httpx.Client, collection: Collection) -> None:
    response = client.post(
        "/upload",
        content=b'--b\r\nContent-Disposition: form-data; name="file"\r\n\r\nno end\r\n--c',
        headers={"content-type": "multipart/form-data; boundary=b"},
    )
    assert response.status_code == 400
    assert response.json()["key"] in {"malformed_multipart", "file_missing"}
    assert staged_files(collection) == []
