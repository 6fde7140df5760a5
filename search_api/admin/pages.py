"""HTML admin pages under /admin: login, documents, upload, edit, remove, trash, audit log.

Every page needs a librarian session (anonymous visitors are sent to the login form), and
every form that changes something carries the session's CSRF token. Like the public pages,
routes only translate HTTP: the changes are `Curator`'s (on the thread pool), the views'
logic is in `admin_views`, and errors are the typed ones, shown on the form that caused them
when the librarian can fix them there.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from indexer.corpus import load_metadata
from indexer.errors import BadRequest, Conflict, KaynakError, NotFound, UnreadablePdf
from search_api.admin.auth import (
    CSRF_FIELD,
    Librarian,
    authenticator_of,
    checked_form,
    web_librarian,
)
from search_api.admin.uploads import receive_upload
from search_api.admin.views import (
    SORT_KEYS,
    admin_rows,
    filter_rows,
    form_changes,
    form_values,
    notice_key,
    sort_rows,
)
from search_api.curation import Curator, clean_fields, in_istanbul
from search_api.jobs import JobRunner
from search_api.settings import Settings
from search_api.web import (
    IndexingReport,
    document_json,
    document_sections,
    error_headers,
    error_text,
    library_of,
    part_of,
)
from search_api.web import render as render_page

router = APIRouter(prefix="/admin", include_in_schema=False)
FIXABLE = (BadRequest, Conflict, UnreadablePdf)  # shown on the form, which stays filled in


def curator_of(request: Request) -> Curator:
    """The app's curator, for code that is not a route."""
    return part_of(request, Curator)


def jobs_of(request: Request) -> JobRunner:
    return part_of(request, JobRunner)


def render(
    request: Request, template: str, context: dict[str, Any], status_code: int = 200
) -> Response:
    """An admin page: the CSRF token in its forms, the session renewed, never cached."""
    authenticator = authenticator_of(request)
    session = authenticator.ensure_session(request)
    context = {"csrf_field": CSRF_FIELD, "csrf_token": session.csrf, **context}
    response = render_page(request, template, context, status_code)
    response.headers["Cache-Control"] = "no-store"
    authenticator.save(request, response)
    return response


def redirect(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def document_admin_url(doc_id: str, done: str | None = None) -> str:
    url = f"/admin/documents/{quote(doc_id, safe='')}"
    return f"{url}?done={done}" if done else url


def safe_next(target: str | None) -> str:
    """Only a local admin page (never `//elsewhere` or `https://…`)."""
    if target and target.startswith("/admin") and not target.startswith("//"):
        return target
    return "/admin"


# --- Logging in and out ------------------------------------------------------------------------


@router.get("/login")
def login_page(request: Request) -> Response:
    next_url = safe_next(request.query_params.get("next"))
    if authenticator_of(request).web_librarian(request):
        return redirect(next_url)
    return render(request, "admin_login.html", {"next": next_url, "error": None, "name": ""})


@router.post("/login")
async def login(request: Request) -> Response:
    form = await request.form()
    authenticator = authenticator_of(request)
    authenticator.check_csrf(request, form.get(CSRF_FIELD))
    name = str(form.get("username") or "")
    next_url = safe_next(str(form.get("next") or ""))
    try:
        # argon2 is slow on purpose: checked in a worker thread, the server goes on serving.
        await run_in_threadpool(authenticator.login, request, name, str(form.get("password") or ""))
    except KaynakError as error:
        context = {"next": next_url, "error": error_text(request, error), "name": name[:64]}
        page = render(request, "admin_login.html", context, status_code=error.status_code)
        page.headers.update(error_headers(error.details))
        return page
    response = redirect(next_url)
    authenticator.save(request, response)
    return response


@router.post("/logout")
async def logout(request: Request) -> Response:
    await checked_form(request)
    response = redirect("/?done=logged_out")
    authenticator_of(request).end_session(request, response)
    return response


# --- Documents ---------------------------------------------------------------------------------


@router.get("")
def documents(request: Request, librarian: Librarian = Depends(web_librarian)) -> Response:
    params = dict(request.query_params)
    sort = params["sort"] if params.get("sort") in SORT_KEYS else "added"
    descending = params.get("order", "desc" if sort == "added" else "asc") == "desc"
    rows = filter_rows(admin_rows(library_of(request).manifest()), params)
    rows = sort_rows(rows, sort, descending)

    def sort_link(key: str) -> str:
        order = "desc" if key == sort and not descending else "asc"
        kept = {name: value for name, value in params.items() if name not in ("sort", "order")}
        return "/admin?" + urlencode({**kept, "sort": key, "order": order})

    return render(
        request,
        "admin_documents.html",
        {
            "rows": rows,
            "params": params,
            "sort": sort,
            "descending": descending,
            "sort_link": sort_link,
            "summary": index_summary(request),
            "latest_change": latest_change(request),
            "indexing": part_of(request, IndexingReport).status(),
            "done": notice_key(params.get("done")),
        },
    )


def latest_change(request: Request) -> dict[str, str] | None:
    """The newest change indexed since the start-up indexing (what "Son dizinleme" would
    otherwise miss: uploads, corrections and removals made while the service runs)."""
    events = curator_of(request).audit.latest(1)
    if not events:
        return None
    event = events[0]
    summary = index_summary(request) or {}
    if str(summary.get("finished_at") or "") > event.at:
        return None
    local = in_istanbul(event.at)
    when = local.strftime("%Y-%m-%d %H:%M") if local else event.at
    return {"when": when, "actor": event.actor, "action": event.action, "title": event.title}


def index_summary(request: Request) -> dict[str, Any] | None:
    path = curator_of(request).store.summary_path
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def document_context(request: Request, doc_id: str) -> dict[str, Any]:
    entry = library_of(request).manifest().get(doc_id)
    corpus_file = curator_of(request).collection.find(doc_id)  # NotFound when not in corpus
    if entry is None:
        raise NotFound("document_not_indexed", doc_id=doc_id)
    stored = load_metadata(corpus_file.meta_path)
    units = library_of(request).document_pages(doc_id) if entry.indexed else []
    return {
        "doc_id": doc_id,
        "entry": entry,
        "document": document_json(entry) if entry.indexed else None,
        "values": form_values(stored, entry),
        "has_password": bool(stored.get("password")),
        "sections": document_sections(units),
        "error": None,
    }


@router.get("/documents/{doc_id}")
def document_page(
    request: Request, doc_id: str, librarian: Librarian = Depends(web_librarian)
) -> Response:
    context = document_context(request, doc_id)
    context["done"] = notice_key(request.query_params.get("done"))
    return render(request, "admin_document.html", context)


@router.post("/documents/{doc_id}")
async def update_document(request: Request, doc_id: str) -> Response:
    form = await checked_form(request)
    librarian = web_librarian(request)
    curator = curator_of(request)
    stored = load_metadata(curator.collection.find(doc_id).meta_path)
    try:
        changes = clean_fields(form_changes(form, stored))
        await run_in_threadpool(curator.update, doc_id, changes, librarian.actor)
    except FIXABLE as error:
        context = document_context(request, doc_id)
        context["values"] = {name: str(form.get(name) or "") for name in context["values"]}
        context["error"] = error_text(request, error)
        return render(request, "admin_document.html", context, status_code=error.status_code)
    return redirect(document_admin_url(doc_id, "saved"))


@router.post("/documents/{doc_id}/file")
async def replace_file(request: Request, doc_id: str) -> Response:
    """A new PDF for a document: screened now, read and stored by a job (followed on the
    jobs page)."""
    librarian = web_librarian(request)
    curator = curator_of(request)
    curator.collection.find(doc_id)
    settings = part_of(request, Settings)
    upload = await receive_upload(request, curator.collection, settings.max_upload_mb << 20)
    try:
        authenticator_of(request).check_csrf(request, upload.fields.get(CSRF_FIELD))
        await run_in_threadpool(curator.screen, upload.path, upload.filename)
    except BaseException as error:
        curator.collection.discard_stage(upload.path)
        if isinstance(error, FIXABLE):
            context = {**document_context(request, doc_id), "error": error_text(request, error)}
            return render(request, "admin_document.html", context, status_code=error.status_code)
        raise
    job = jobs_of(request).submit(
        "replace", upload.key, upload.filename, librarian.actor, doc_id=doc_id, source="web"
    )
    return redirect(f"/admin/jobs?batch={job.id}")


@router.get("/documents/{doc_id}/remove")
def remove_page(
    request: Request, doc_id: str, librarian: Librarian = Depends(web_librarian)
) -> Response:
    context = document_context(request, doc_id)
    return render(request, "admin_remove.html", context)


@router.post("/documents/{doc_id}/remove")
async def remove_document(request: Request, doc_id: str) -> Response:
    await checked_form(request)
    librarian = web_librarian(request)
    await run_in_threadpool(curator_of(request).remove, doc_id, librarian.actor)
    return redirect("/admin/trash?done=removed")


# --- Trash and audit log -----------------------------------------------------------------------


@router.get("/trash")
def trash_page(request: Request, librarian: Librarian = Depends(web_librarian)) -> Response:
    entries = curator_of(request).collection.trashed()
    done = notice_key(request.query_params.get("done"))
    context = {"entries": entries, "done": done, "titles": document_titles(request)}
    return render(request, "admin_trash.html", context)


def document_titles(request: Request) -> dict[str, str]:
    """The current title of each document (for trash entries that did not record one, an
    older file of a document that is still there, and for the audit log)."""
    return {doc_id: entry.title or "" for doc_id, entry in library_of(request).manifest().items()}


@router.post("/trash/{name}/restore")
async def restore(request: Request, name: str) -> Response:
    await checked_form(request)
    librarian = web_librarian(request)
    try:
        change = await run_in_threadpool(curator_of(request).restore, name, librarian.actor)
    except Conflict as error:
        entries = curator_of(request).collection.trashed()
        context = {
            "entries": entries,
            "done": None,
            "error": error_text(request, error),
            "titles": document_titles(request),
        }
        return render(request, "admin_trash.html", context, status_code=error.status_code)
    return redirect(document_admin_url(change.doc_id, "restored"))
