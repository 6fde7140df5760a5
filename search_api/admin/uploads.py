"""Receiving an uploaded PDF: multipart parsed as it streams, the file written to staging.

The request body is never held in memory: each chunk goes through python-multipart's
streaming parser, each file part straight to a hidden staging file in the corpus folder
(`.incoming/`, so that placing it later is one rename on the same file system). A body that
announces more than the limit is refused before a byte is read; one that turns out larger
is refused (413) the moment it crosses the limit. The client's file name is kept only to
show in messages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from io import BufferedWriter
from pathlib import Path

from fastapi import Request
from python_multipart.exceptions import FormParserError
from python_multipart.multipart import MultipartParser, parse_options_header

from indexer.corpus import Collection, display_name
from indexer.errors import BadRequest, PayloadTooLarge

FILE_FIELD = "file"
FORM_OVERHEAD_BYTES = 64 * 1024  # room for the other fields and the multipart framing
MAX_FIELD_BYTES = 10_000
MAX_FIELDS = 50


@dataclass
class ReceivedUpload:
    """A staged upload: the hidden file, its stage key, the client's name, the other fields."""

    path: Path
    key: str
    filename: str
    fields: dict[str, str] = field(default_factory=dict)


@dataclass
class StagedFile:
    path: Path
    key: str
    filename: str


class _Receiver:
    """python-multipart callbacks: fields into a dict, each file part into a staging file."""

    def __init__(self, collection: Collection, max_bytes: int, max_files: int = 1) -> None:
        self.collection = collection
        self.max_bytes = max_bytes
        self.max_files = max_files
        self.files: list[StagedFile] = []
        self.fields: dict[str, str] = {}
        self.size = 0
        self.error: Exception | None = None
        self._header_name = b""
        self._header_value = b""
        self._headers: dict[bytes, bytes] = {}
        self._name = ""
        self._value = bytearray()
        self._is_file = False
        self._handle: BufferedWriter | None = None

    def callbacks(self) -> dict[str, object]:
        return {
            "on_part_begin": self.part_begin,
            "on_header_field": self.header_field,
            "on_header_value": self.header_value,
            "on_header_end": self.header_end,
            "on_headers_finished": self.headers_finished,
            "on_part_data": self.part_data,
            "on_part_end": self.part_end,
        }

    def part_begin(self) -> None:
        self._headers = {}
        self._value = bytearray()
        self._is_file = False

    def header_field(self, data: bytes, start: int, end: int) -> None:
        self._header_name += data[start:end]

    def header_value(self, data: bytes, start: int, end: int) -> None:
        self._header_value += data[start:end]

    def header_end(self) -> None:
        self._headers[self._header_name.strip().lower()] = self._header_value.strip()
        self._header_name = b""
        self._header_value = b""

    def headers_finished(self) -> None:
        _, options = parse_options_header(self._headers.get(b"content-disposition", b""))
        self._name = options.get(b"name", b"").decode("utf-8", "replace")
        self._is_file = b"filename" in options
        if self._is_file:
            if self._name != FILE_FIELD or len(self.files) >= self.max_files:
                self.fail(too_many_files(self.max_files))
                return
            filename = display_name(options[b"filename"].decode("utf-8", "replace"))
            key, staged = self.collection.new_stage()
            self.files.append(StagedFile(staged, key, filename))
            self.size = 0
            self._handle = staged.open("wb")
        elif len(self.fields) >= MAX_FIELDS:
            self.fail(BadRequest("too_many_fields"))

    def part_data(self, data: bytes, start: int, end: int) -> None:
        if self.error is not None:
            return
        if self._is_file:
            self.size += end - start
            if self.size > self.max_bytes:
                self.fail(too_large(self.max_bytes))
                return
            if self._handle is not None:
                self._handle.write(data[start:end])
        else:
            self._value += data[start:end]
            if len(self._value) > MAX_FIELD_BYTES:
                self.fail(BadRequest("field_too_long", field=self._name))

    def part_end(self) -> None:
        if self.error is not None:
            return
        if self._is_file:
            self.close_file()
        elif self._name:
            self.fields[self._name] = self._value.decode("utf-8", "replace")

    def fail(self, error: Exception) -> None:
        if self.error is None:
            self.error = error

    def close_file(self) -> None:
        # No fsync here: `Collection.place` syncs the file before it gets its corpus name.
        if self._handle is not None:
            self._handle.close()
            self._handle = None


def too_many_files(max_files: int) -> BadRequest:
    if max_files == 1:
        return BadRequest("one_file_only", field=FILE_FIELD)
    return BadRequest("too_many_files", field=FILE_FIELD, limit=max_files)


def too_large(max_bytes: int) -> PayloadTooLarge:
    megabytes = max_bytes // (1024 * 1024)
    return PayloadTooLarge("file_too_large", max_mb=megabytes)


async def receive_upload(
    request: Request, collection: Collection, max_bytes: int
) -> ReceivedUpload:
    """Stream a one-file multipart upload into staging; the caller discards it when done."""
    files, fields = await receive_uploads(request, collection, max_bytes, max_files=1)
    return ReceivedUpload(files[0].path, files[0].key, files[0].filename, fields)


async def receive_uploads(
    request: Request, collection: Collection, max_bytes: int, max_files: int
) -> tuple[list[StagedFile], dict[str, str]]:
    """Stream a multipart upload of up to `max_files` PDFs (each up to `max_bytes`) into
    staging; on any error nothing is left staged. The caller discards the files when done."""
    content_type, options = parse_options_header(request.headers.get("content-type", ""))
    boundary = options.get(b"boundary")
    if content_type != b"multipart/form-data" or not boundary:
        raise BadRequest("multipart_expected")
    announced = request.headers.get("content-length", "")
    if announced.isdigit() and int(announced) > max_files * max_bytes + FORM_OVERHEAD_BYTES:
        raise too_large(max_bytes)
    receiver = _Receiver(collection, max_bytes, max_files)
    try:
        parser = MultipartParser(boundary, receiver.callbacks())  # type: ignore[arg-type]
        async for chunk in request.stream():
            parser.write(chunk)
            if receiver.error is not None:
                raise receiver.error
        parser.finalize()
        if receiver.error is not None:
            raise receiver.error
        if not receiver.files:
            raise BadRequest("file_missing", field=FILE_FIELD)
        receiver.close_file()
    except BaseException as error:
        receiver.close_file()
        for staged in receiver.files:
            staged.path.unlink(missing_ok=True)
        if isinstance(error, FormParserError):
            raise BadRequest("malformed_multipart") from error
        raise
    return receiver.files, receiver.fields
