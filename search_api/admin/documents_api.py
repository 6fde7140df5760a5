"""JSON routes that change the collection (a librarian's bearer token required).

POST   /api/documents                  multipart `file` + metadata fields → 202 + job
GET    /api/jobs/{id}                  a job: state, progress, then the document or the error
GET    /api/jobs                       the latest jobs
PATCH  /api/documents/{doc_id}         JSON object of metadata fields (null removes one)
PUT    /api/documents/{doc_id}/file    multipart `file`: a new PDF for the document → 202 + job
DELETE /api/documents/{doc_id}         to the trash
GET    /api/trash                      what the trash holds
POST   /api/trash/{name}/restore       back from the trash
GET    /api/audit                      the latest audit events

Routes only translate HTTP. An upload is screened in the request (not a PDF, a duplicate, a
law number taken: refused at once) and then becomes a job (`JobRunner`): the answer is
`202` with the job, whose `GET` shows its progress and, once `done`, the document as
`GET /api/documents/{doc_id}` shows it (searchable from then on), or once `failed`, the
error in the API's error shape. The other changes are `Curator`'s, on the thread pool, and
return once committed.
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
from indexer.notices import Notice
from search_api.admin.auth import Librarian, api_librarian, authenticator_of
from search_api.admin.uploads import ReceivedUpload, receive_upload
from search_api.curation import EDITABLE_FIELDS, Change, Curator, clean_fields
from search_api.jobs import Job, JobRunner
from search_api.settings import Settings
from search_api.web import (
    Library,
    NotFound,
    Unauthorized,
    document_json,
    error_text,
    message_language,
    notice_message,
    part_of,
)

router = APIRouter(prefix="/api")


def curator_of(request: Request) -> Curator:
    """The app's curator, for code that is not a route."""
    return part_of(request, Curator)


def max_upload_bytes(request: Request) -> int:
    settings = part_of(request, Settings)
    return settings.max_upload_mb * 1024 * 1024


def change_json(request: Request, change: Change) -> dict[str, Any]:
    """The document as `GET /api/documents/{doc_id}` shows it, plus what to know about it
    (in the request's language)."""
    lang = message_language(request)
    return {**document_json(change.entry, lang=lang), "warnings": said(change.warnings, lang)}


def said(warnings: list[Notice], lang: str) -> list[str]:
    return [notice_message(notice, lang) for notice in warnings]


def with_existing_document(library: Library, error: KaynakError, lang: str) -> KaynakError:
    """A duplicate's error carries the document that is already there (said in `lang`)."""
    doc_id = error.details.get("doc_id")
    if isinstance(doc_id, str):
        with contextlib.suppress(NotFound):  # NotFound: still being added by another request
            error.details["document"] = library.document(doc_id, lang)
    return error


def jobs_of(request: Request) -> JobRunner:
    return part_of(request, JobRunner)


def job_url(job: Job) -> str:
    return f"/api/jobs/{job.id}"


def job_json(request: Request, job: Job, library: Library | None = None) -> dict[str, Any]:
    """A job as the API shows it: state and progress, then the document or the error (in
    the request's language)."""
    body: dict[str, Any] = {
        "id": job.id,
        "state": job.state,
        "url": job_url(job),
        "action": job.action,
        "filename": job.filename,
        "created": job.created,
        "updated": job.updated,
        "progress": dataclasses.asdict(job.progress),
        "doc_id": job.doc_id,
    }
    if job.proposal is not None:
        body["proposal"] = job.proposal
    lang = message_language(request)
    if job.state == "done" and job.entry is not None:
        warnings = said(job.warnings, lang)
        body["document"] = {**document_json(job.entry, lang=lang), "warnings": warnings}
        body["warnings"] = warnings
    if job.state == "failed" and job.error is not None:
        error = job.error
        message = error_text(request, error.as_error())
        body["error"] = {"code": error.code, "message": message, **error.details}
        if library is not None and error.code == "duplicate_document":
            body["error"] = with_existing_document_json(library, body["error"], lang)
    return body


def with_existing_document_json(
    library: Library, error: dict[str, Any], lang: str
) -> dict[str, Any]:
    doc_id = error.get("doc_id")
    if isinstance(doc_id, str):
        with contextlib.suppress(NotFound):
            return {**error, "document": library.document(doc_id, lang)}
    return error


def job_answer(job: Job) -> JSONResponse:
    """`202 Accepted` with the job; `Location` says where to follow it."""
    summary = {"id": job.id, "state": job.state, "url": job_url(job)}
    return JSONResponse({"job": summary}, status_code=202, headers={"Location": job_url(job)})


async def staged_job(request: Request, submit: Callable[[ReceivedUpload], Job]) -> JSONResponse:
    """Receive an upload, screen it and submit its job; a refused upload is discarded."""
    curator = curator_of(request)
    upload = await receive_upload(request, curator.collection, max_upload_bytes(request))
    try:
        job = await run_in_threadpool(submit, upload)
    except DuplicateDocument as error:
        curator.collection.discard_stage(upload.path)
        library, lang = part_of(request, Library), message_language(request)
        raise with_existing_document(library, error, lang) from None
    except BaseException:
        curator.collection.discard_stage(upload.path)
        raise
    return job_answer(job)


@router.post("/documents", status_code=202)
async def add_document(
    request: Request, librarian: Librarian = Depends(api_librarian)
) -> JSONResponse:
    curator, jobs = curator_of(request), jobs_of(request)

    def submit(upload: ReceivedUpload) -> Job:
        given = clean_fields(upload.fields)
        curator.screen(upload.path, upload.filename, given)
        return jobs.submit("add", upload.key, upload.filename, librarian.actor, given)

    return await staged_job(request, submit)


def job_reader(request: Request) -> Librarian:
    """A job may be followed with the API token or from the admin pages' session."""
    authenticator = authenticator_of(request)
    librarian = authenticator.token_librarian(request) or authenticator.web_librarian(request)
    if librarian is None:
        raise Unauthorized("token_required")
    return librarian


@router.get("/jobs/{job_id}")
def get_job(
    request: Request, job_id: str, librarian: Librarian = Depends(job_reader)
) -> dict[str, Any]:
    job = jobs_of(request).jobs.snapshot(job_id)
    if job is None:
        raise NotFound("job_not_found", job_id=job_id)
    library = part_of(request, Library)
    if job.state == "done":
        # Done means searchable here too, when another worker process ran the job: this
        # one opens the newest commit now (nothing to do when it has it already).
        library.service.refresh()
    return job_json(request, job, library)


@router.get("/jobs")
def list_jobs(
    request: Request, limit: int = 100, librarian: Librarian = Depends(job_reader)
) -> dict[str, Any]:
    jobs = jobs_of(request).jobs.snapshots()[: max(1, min(limit, 500))]
    return {"jobs": [job_json(request, job) for job in jobs]}


@router.patch("/documents/{doc_id}")
def update_document(
    request: Request,
    doc_id: str,
    changes: dict[str, Any] = Body(..., description="Metadata fields; null removes one"),
    librarian: Librarian = Depends(api_librarian),
) -> dict[str, Any]:
    checked = clean_fields(changes, EDITABLE_FIELDS)
    return change_json(request, curator_of(request).update(doc_id, checked, librarian.actor))


@router.put("/documents/{doc_id}/file", status_code=202)
async def replace_file(
    request: Request, doc_id: str, librarian: Librarian = Depends(api_librarian)
) -> JSONResponse:
    curator, jobs = curator_of(request), jobs_of(request)
    curator.collection.find(doc_id)  # 404 before the body is read

    def submit(upload: ReceivedUpload) -> Job:
        curator.screen(upload.path, upload.filename, replacing=doc_id)
        return jobs.submit("replace", upload.key, upload.filename, librarian.actor, doc_id=doc_id)

    return await staged_job(request, submit)


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
    return change_json(request, curator_of(request).restore(name, librarian.actor))


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
