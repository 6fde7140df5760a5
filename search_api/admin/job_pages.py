"""Admin pages for uploads as jobs: drop or pick several PDFs, follow each job's progress,
review what was read, confirm them one by one or all together.

GET  /admin/upload              the upload form (several files at once)
POST /admin/upload              each file screened, then a job each; → the batch's jobs
GET  /admin/jobs[?batch=]       jobs with live progress (polling `GET /api/jobs/{id}`; without
                                JavaScript the page refreshes itself while jobs run)
POST /admin/jobs/confirm        confirm one (`confirm=<id>`), all (`confirm=all`), or cancel one
GET  /admin/jobs/{id}           one job: the full metadata form of a proposal
POST /admin/jobs/{id}/confirm   confirm it with that form
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from indexer.errors import KaynakError, NotFound
from search_api.admin.auth import CSRF_FIELD, Librarian, authenticator_of, checked_form
from search_api.admin.auth import web_librarian as web_librarian_dependency
from search_api.admin.pages import (
    FIXABLE,
    curator_of,
    document_admin_url,
    jobs_of,
    redirect,
    render,
)
from search_api.admin.uploads import receive_uploads
from search_api.admin.views import FORM_FIELDS, form_changes
from search_api.curation import clean_fields
from search_api.jobs import Job
from search_api.settings import Settings
from search_api.web import error_text, part_of

router = APIRouter(prefix="/admin", include_in_schema=False)
MAX_FILES_PER_UPLOAD = 50
ROW_FIELDS = ("title", "kind", "lang", "year")  # editable in the jobs table itself
WAITING = ("queued", "running")


def proposed_values(job: Job) -> dict[str, str]:
    """The metadata form of a proposed job: the librarian's values over the detected ones."""
    detected = (job.proposal or {}).get("detected", {})
    values = {**detected, **{k: v for k, v in job.fields.items() if v not in (None, "")}}
    return {name: "" if values.get(name) is None else str(values[name]) for name in FORM_FIELDS}


def row_changes(form: Mapping[str, Any], job: Job) -> dict[str, Any]:
    """The fields of one job's row in the jobs table (named `<field>.<job id>`), over the
    values it proposed for the fields the row does not show."""
    values: dict[str, Any] = {k: v for k, v in proposed_values(job).items() if v}
    for name in ROW_FIELDS:
        key = f"{name}.{job.id}"
        if key in form:
            values[name] = form.get(key)
    return values


def batch_jobs(request: Request, batch: str | None, copied: bool = False) -> list[Job]:
    """The batch's jobs (the last 100 without one); `copied`: as they stand now, for a page
    to render one state of each (`JobStore.snapshots`)."""
    store = jobs_of(request).jobs
    jobs = store.snapshots() if copied else store.all()
    if batch:
        return [job for job in jobs if job.batch == batch or job.id == batch]
    return jobs[:100]


def job_errors(request: Request, jobs: list[Job]) -> dict[str, str]:
    """Each failed job's reason, in the librarian's language."""
    return {job.id: error_text(request, job.error.as_error()) for job in jobs if job.error}


def jobs_context(request: Request, batch: str | None, **extra: Any) -> dict[str, Any]:
    jobs = batch_jobs(request, batch, copied=True)
    return {
        "jobs": jobs,
        "batch": batch or "",
        "values": {job.id: proposed_values(job) for job in jobs if job.state == "proposed"},
        "waiting": any(job.state in WAITING for job in jobs),
        "proposed": [job.id for job in jobs if job.state == "proposed"],
        "job_errors": job_errors(request, jobs),
        "row_errors": {},
        "error": None,
        "done": None,
        **extra,
    }


@router.get("/upload")
def upload_page(
    request: Request, librarian: Librarian = Depends(web_librarian_dependency)
) -> Response:
    context = {"error": None, "max_files": MAX_FILES_PER_UPLOAD}
    return render(request, "admin_upload.html", context)


@router.post("/upload")
async def receive_files(request: Request) -> Response:
    """Each PDF is screened (a refusal is shown as a failed job of the batch), then read by
    a job that waits for the librarian's confirmation."""
    librarian = web_librarian_dependency(request)
    curator, jobs = curator_of(request), jobs_of(request)
    settings = part_of(request, Settings)
    files, fields = await receive_uploads(
        request, curator.collection, settings.max_upload_mb << 20, MAX_FILES_PER_UPLOAD
    )
    try:
        authenticator_of(request).check_csrf(request, fields.get(CSRF_FIELD))
        given = clean_fields({"password": fields.get("password") or None})
    except BaseException:
        for staged in files:
            curator.collection.discard_stage(staged.path)
        raise
    batch = secrets.token_hex(6)
    for staged in files:
        try:
            await run_in_threadpool(curator.screen, staged.path, staged.filename, given)
        except KaynakError as error:
            curator.collection.discard_stage(staged.path)
            jobs.refuse(staged.filename, error, librarian.actor, batch=batch)
            continue
        jobs.submit(
            "add", staged.key, staged.filename, librarian.actor, given,
            review=True, batch=batch, source="web",
        )  # fmt: skip
    return redirect(f"/admin/jobs?batch={batch}")


@router.get("/jobs")
def jobs_page(
    request: Request, librarian: Librarian = Depends(web_librarian_dependency)
) -> Response:
    batch = request.query_params.get("batch")
    return render(request, "admin_jobs.html", jobs_context(request, batch))


@router.post("/jobs/confirm")
async def confirm_jobs(request: Request) -> Response:
    form = await checked_form(request)
    librarian = web_librarian_dependency(request)
    runner = jobs_of(request)
    batch = str(form.get("batch") or "")
    cancel = str(form.get("cancel") or "")
    if cancel:
        runner.cancel(cancel)
        return redirect(f"/admin/jobs?batch={batch}" if batch else "/admin/jobs")
    choice = str(form.get("confirm") or "")
    chosen = [
        job
        for job in batch_jobs(request, batch)
        if job.state == "proposed" and choice in ("all", job.id)
    ]
    row_errors: dict[str, str] = {}
    for job in chosen:
        try:
            given = clean_fields(form_changes(row_changes(form, job), {}))
            await run_in_threadpool(runner.confirm, job.id, given, librarian.actor)
        except FIXABLE as error:
            row_errors[job.id] = error_text(request, error)
    if row_errors:
        context = jobs_context(request, batch, row_errors=row_errors)
        for job_id in row_errors:  # keep what the librarian typed
            if job_id in context["values"]:
                typed = {name: str(form.get(f"{name}.{job_id}") or "") for name in ROW_FIELDS}
                context["values"][job_id].update(typed)
        return render(request, "admin_jobs.html", context, status_code=400)
    if len(chosen) == 1 and chosen[0].doc_id:
        return redirect(document_admin_url(chosen[0].doc_id, "added"))
    return redirect(f"/admin/jobs?batch={batch}&done=added" if batch else "/admin/jobs")


def job_or_404(request: Request, job_id: str) -> Job:
    job = jobs_of(request).jobs.get(job_id)
    if job is None:
        raise NotFound("job_not_found", job_id=job_id)
    return job


@router.get("/jobs/{job_id}")
def job_page(
    request: Request, job_id: str, librarian: Librarian = Depends(web_librarian_dependency)
) -> Response:
    job = jobs_of(request).jobs.snapshot(job_id)  # one state of it, rendered whole
    if job is None:
        raise NotFound("job_not_found", job_id=job_id)
    context = {
        "job": job,
        "values": proposed_values(job),
        "error": None,
        "job_errors": job_errors(request, [job]),
    }
    return render(request, "admin_job.html", context)


@router.post("/jobs/{job_id}/confirm")
async def confirm_job(request: Request, job_id: str) -> Response:
    form = await checked_form(request)
    librarian = web_librarian_dependency(request)
    job_or_404(request, job_id)
    try:
        given = clean_fields(form_changes(form, {}))
        confirmed = await run_in_threadpool(
            jobs_of(request).confirm, job_id, given, librarian.actor
        )
    except FIXABLE as error:
        values = {name: str(form.get(name) or "") for name in FORM_FIELDS}
        job = job_or_404(request, job_id)
        context = {
            "job": job,
            "values": values,
            "error": error_text(request, error),
            "job_errors": job_errors(request, [job]),
        }
        return render(request, "admin_job.html", context, status_code=error.status_code)
    assert confirmed.doc_id is not None
    return redirect(document_admin_url(confirmed.doc_id, "added"))
