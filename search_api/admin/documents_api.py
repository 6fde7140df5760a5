"""JSON routes that change the collection (a librarian's bearer token required).

POST   /api/documents                  multipart `file` + metadata fields → 201 + document
PATCH  /api/documents/{doc_id}         JSON object of metadata fields (null removes one)
PUT    /api/documents/{doc_id}/file    multipart `file`: a new PDF for the document
DELETE /api/documents/{doc_id}         to the trash
GET    /api/trash                      what the trash holds
POST   /api/trash/{name}/restore       back from the trash
GET    /api/audit                      the latest audit events

Routes only translate HTTP: the work is `Curator`'s, run on the thread pool (extraction is
slow and blocking), and each returns once the change is committed and searchable.
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Body, Depends, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from indexer.corpus import TrashEntry
from indexer.errors import DuplicateDocument, KaynakError
from search_api.admin.auth import Librarian, api_librarian
from search_api.admin.uploads import ReceivedUpload, receive_upload
from search_api.curation import EDITABLE_FIELDS, Change, Curator, clean_fields
from search_api.settings import Settings
from search_api.web import NotFound
from search_api.web.library import Library, document_json

router = APIRouter(prefix="/api")


def curator_of(request: Request) -> Curator:
    curator: Curator = request.app.state.curator
    return curator


def max_upload_bytes(request: Request) -> int:
    settings: Settings = request.app.state.settings
    return settings.max_upload_mb * 1024 * 1024


def change_json(change: Change) -> dict[str, Any]:
    """The document as `GET /api/documents/{doc_id}` shows it, plus what to know about it."""
    return {**document_json(change.entry), "warnings": change.warnings}


def with_existing_document(library: Library, error: KaynakError) -> KaynakError:
    """A duplicate's error carries the document that is already there."""
    doc_id = error.details.get("doc_id")
    if isinstance(doc_id, str):
        with contextlib.suppress(NotFound):  # NotFound: still being added by another request
            error.details["document"] = library.document(doc_id)
    return error


async def staged_change(request: Request, run: Callable[[ReceivedUpload], Change]) -> Change:
    """Receive an upload, run a change on it, and always discard what is left in staging."""
    curator = curator_of(request)
    upload = await receive_upload(request, curator.collection, max_upload_bytes(request))
    try:
        return await run_in_threadpool(run, upload)
    except DuplicateDocument as error:
        raise with_existing_document(request.app.state.library, error) from None
    finally:
        curator.collection.discard_stage(upload.path)


@router.post("/documents", status_code=201)
async def add_document(
    request: Request, librarian: Librarian = Depends(api_librarian)
) -> JSONResponse:
    curator = curator_of(request)

    def run(upload: ReceivedUpload) -> Change:
        given = clean_fields(upload.fields)
        return curator.add(upload.path, given, librarian.actor, upload.filename)

    change = await staged_change(request, run)
    return JSONResponse(change_json(change), status_code=201)


@router.patch("/documents/{doc_id}")
def update_document(
    request: Request,
    doc_id: str,
    changes: dict[str, Any] = Body(..., description="Metadata fields; null removes one"),
    librarian: Librarian = Depends(api_librarian),
) -> dict[str, Any]:
    checked = clean_fields(changes, EDITABLE_FIELDS)
    return change_json(curator_of(request).update(doc_id, checked, librarian.actor))


@router.put("/documents/{doc_id}/file")
async def replace_file(
    request: Request, doc_id: str, librarian: Librarian = Depends(api_librarian)
) -> dict[str, Any]:
    curator = curator_of(request)
    curator.collection.find(doc_id)  # 404 before the body is read

    def run(upload: ReceivedUpload) -> Change:
        return curator.replace(doc_id, upload.path, librarian.actor, upload.filename)

    change = await staged_change(request, run)
    return {**change_json(change), "old_file": change.trash.name if change.trash else None}


@router.delete("/documents/{doc_id}")
def remove_document(
    request: Request, doc_id: str, librarian: Librarian = Depends(api_librarian)
) -> dict[str, Any]:
    entry = curator_of(request).remove(doc_id, librarian.actor)
    return {"doc_id": doc_id, "trash": trash_json(entry)}


@router.get("/trash")
def list_trash(request: Request, librarian: Librarian = Depends(api_librarian)) -> dict[str, Any]:
    entries = curator_of(request).collection.trashed()
    return {"total": len(entries), "entries": [trash_json(entry) for entry in entries]}


@router.post("/trash/{name}/restore")
def restore_document(
    request: Request, name: str, librarian: Librarian = Depends(api_librarian)
) -> dict[str, Any]:
    return change_json(curator_of(request).restore(name, librarian.actor))


@router.get("/audit")
def audit_events(
    request: Request, limit: int = 200, librarian: Librarian = Depends(api_librarian)
) -> dict[str, Any]:
    events = curator_of(request).audit.latest(max(1, min(limit, 1000)))
    return {"events": [dataclasses.asdict(event) for event in events]}


def trash_json(entry: TrashEntry) -> dict[str, Any]:
    return {
        "name": entry.name,
        "doc_id": entry.doc_id,
        "title": entry.title,
        "folder": entry.folder,
        "removed_at": entry.removed_at,
        "by": entry.by,
        "reason": entry.reason,
    }
