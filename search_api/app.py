"""create_app(settings): the FastAPI application with its shared searcher and error handlers."""

from __future__ import annotations

import dataclasses
import logging
import os
import threading
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import Depends, FastAPI
from fastapi.responses import FileResponse
from fastapi.templating import Jinja2Templates
from fastapi_offline import FastAPIOffline

from indexer.corpus import Collection, corpus_pdf_paths
from indexer.extraction import ExtractedDocument
from indexer.index import INTERRUPTED, IndexingStatus, IndexQueue, IndexStore
from search_api.admin import (
    SESSIONS_FILE,
    THROTTLE_FILE,
    USERS_FILE,
    Accounts,
    Authenticator,
    LoginThrottle,
    SessionStore,
    audit_pages,
    auth,
    documents_api,
    job_pages,
    parse_networks,
    secret_key_for,
)
from search_api.admin import pages as admin
from search_api.curation import AUDIT_FILE, AuditLog, Curator
from search_api.guards import RequestGuard, script_nonce
from search_api.jobs import (
    Election,
    InboxWatcher,
    JobRunner,
    JobStore,
    Leadership,
    LeftoverSweeper,
    WorkerReader,
)
from search_api.search import SearchRequest, SearchService
from search_api.settings import PROJECT_ROOT, Settings
from search_api.web import (
    READING_ROUTERS,
    BasePath,
    IndexingReport,
    Library,
    NotFound,
    SettingsDep,
    Urls,
    error_message,
    i18n,
    install_error_handlers,
    install_templates,
    provide,
)
from search_api.web.openapi import install_openapi

logger = logging.getLogger(__name__)

TEMPLATES_DIR = PROJECT_ROOT / "templates"
# `kaynak serve --workers N` hands its settings (options included) to each worker process.
WORKER_SETTINGS_ENV = "KAYNAK_SERVE_SETTINGS"
LOG_FORMAT = "%(levelname)s %(name)s: %(message)s"
API_DESCRIPTION = (
    "Turkish-aware search over migration and municipal law and reports. Reading is anonymous "
    "unless KAYNAK_REQUIRE_LOGIN is on; changing the collection needs a librarian's token "
    "(`kaynak token create NAME`), sent as `Authorization: Bearer <token>`."
)


def create_app(settings: Settings | None = None) -> FastAPI:
    """The composition root: every part built once from `settings` and provided to the
    routes as typed dependencies (`search_api.web.provide`)."""
    settings = settings or Settings()
    store = settings.index_store()
    collection = Collection(settings.corpus_dir)
    index_queue = IndexQueue(store)
    service = settings.search_service(store)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # Warm the shared searcher (term caches, columns) so the first user does not wait.
        service.search(SearchRequest(q="göç"))
        # One worker of the data folder does its background work (`kaynak serve --workers`):
        # this one now, or later when the leader dies; the others wait for its start-up.
        leadership.start()
        yield
        duties.close()
        leadership.close()
        index_queue.close()
        service.close()

    # Swagger UI from the assets fastapi-offline bundles: /docs renders without a CDN.
    app = FastAPIOffline(
        title="Kaynak",
        version="0.1.0",
        description=API_DESCRIPTION,
        lifespan=lifespan,
        redoc_url=None,
        static_url="/docs/assets",
    )
    app.add_middleware(BasePath, base=settings.base_path)
    install_openapi(app, auth.api_librarian, documents_api.job_reader)
    stopping = threading.Event()  # set on shutdown: running reads end at once
    reader = WorkerReader(store.extractor, settings.worker_limits(), stopping)
    indexing = BackgroundIndexing(store, settings.corpus_dir, service)
    curator = Curator(
        collection,
        store,
        AuditLog(settings.data_dir / AUDIT_FILE),
        writer=SearchableWrites(index_queue, service),
        reader=reader,
    )
    jobs = JobRunner(JobStore(settings.data_dir), curator, stopping, threads=settings.workers)
    jobs.describe = lambda error: error_message(error, i18n.DEFAULT_LANGUAGE)
    inbox = InboxWatcher(settings.inbox_dir, jobs) if settings.inbox_dir else None
    sweeper = LeftoverSweeper(jobs, settings.preview_hours * 3600)
    duties = LeaderDuties(settings, collection, indexing, reader, jobs, sweeper, inbox)
    leadership = Leadership(settings.data_dir, duties.elected)
    authenticator = Authenticator(
        Accounts(settings.data_dir / USERS_FILE),
        secret_key_for(settings),
        LoginThrottle(
            settings.login_max_failures,
            settings.login_max_failures_per_client,
            settings.login_window_seconds,
            path=settings.data_dir / THROTTLE_FILE,
        ),
        settings.session_hours * 3600,
        SessionStore(settings.data_dir / SESSIONS_FILE, settings.session_max_hours * 3600),
        parse_networks(settings.trusted_proxies.split(",")),
    )
    templates = Jinja2Templates(directory=str(TEMPLATES_DIR))
    install_templates(templates)
    templates.context_processors.append(auth.template_context)
    templates.context_processors.append(lambda request: {"csp_nonce": script_nonce(request)})
    library = Library(service, Urls(settings.base_path))
    provide(
        app, settings, store, service, library, curator, jobs, indexing, authenticator, templates
    )
    install_error_handlers(app)
    readers = [Depends(auth.require_reader)]
    for router in READING_ROUTERS:
        app.include_router(router, dependencies=readers)
    app.include_router(documents_api.router)
    app.include_router(admin.router)
    app.include_router(job_pages.router)
    app.include_router(audit_pages.router)

    app.add_middleware(RequestGuard, settings=settings, authenticator=authenticator)

    @app.get("/files/{doc_id}.pdf", include_in_schema=False, dependencies=readers)
    def pdf_file(settings: SettingsDep, doc_id: str) -> FileResponse:
        return FileResponse(pdf_path_of(settings, doc_id), media_type="application/pdf")

    return app


def worker_app() -> FastAPI:
    """The app of one worker process of `kaynak serve --workers N` (uvicorn's factory): the
    settings the command resolved, read from the environment it passed on."""
    logging.basicConfig(level=logging.INFO, format=LOG_FORMAT)
    handed = os.environ.get(WORKER_SETTINGS_ENV)
    return create_app(Settings.model_validate_json(handed) if handed else None)


class LeaderDuties:
    """What runs once per data folder, in the worker elected to lead it (`Leadership`): the
    corpus repair and the start-up reconcile, the job runner, the leftover sweeper and the
    inbox watcher. A single-process service is always the leader, elected at start, alone."""

    def __init__(
        self,
        settings: Settings,
        collection: Collection,
        indexing: BackgroundIndexing,
        reader: WorkerReader,
        jobs: JobRunner,
        sweeper: LeftoverSweeper,
        inbox: InboxWatcher | None,
    ) -> None:
        self.settings = settings
        self.collection = collection
        self.indexing = indexing
        self.reader = reader
        self.jobs = jobs
        self.sweeper = sweeper
        self.inbox = inbox
        self.started = False

    def elected(self, election: Election) -> None:
        if election.alone:
            # The corpus is the source of truth: finish interrupted changes (with another
            # worker serving, its files being written would look interrupted too).
            self.collection.repair()
        if self.settings.index_on_start and (election.at_start or self.indexing.interrupted()):
            self.indexing.start()  # in the background: the service answers meanwhile
        self.reader.warm_up()  # the reading processes' forkserver, imports done before any upload
        self.jobs.start()  # beside the reconcile: every commit takes the store's write lock
        # After the jobs are recovered: what no job owns is a leftover (at once, whatever
        # its age, only when no other worker may be receiving an upload into it).
        self.sweeper.start(grace_seconds=0 if election.alone else self.sweeper.grace_seconds)
        if self.inbox is not None:
            self.inbox.start()
        self.started = True

    def close(self) -> None:
        if self.inbox is not None and self.started:
            self.inbox.close()
        self.sweeper.close()
        self.jobs.close()
        self.indexing.join()


class SearchableWrites:
    """Index changes that are searchable when `apply` returns: the writer, not the next
    search, pays for opening the new index version."""

    def __init__(self, queue: IndexQueue, service: SearchService) -> None:
        self.queue = queue
        self.service = service

    def apply(self, documents: Iterable[ExtractedDocument], removed: Iterable[str] = ()) -> None:
        self.queue.apply(documents, removed)
        self.service.refresh()


class BackgroundIndexing(IndexingReport):
    """The start-up reconcile, on a thread of its own: progress on `/healthz` and the admin
    page, its result searchable (the service refreshed) before it reports done."""

    def __init__(self, store: IndexStore, corpus_dir: Path, service: SearchService) -> None:
        self.store = store
        self.corpus_dir = corpus_dir
        self.service = service
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="kaynak-indexing", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            summary = self.store.reconcile(self.corpus_dir)
            logger.info("index: %s", summary.line())
        except Exception:
            logger.exception("indexing at start-up failed; the index serves as it was")
        finally:
            self.service.refresh()

    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def interrupted(self) -> bool:
        """Whether the data folder's last reconcile was cut short (its process died)."""
        return self.store.progress.status().error == INTERRUPTED

    def status(self) -> IndexingStatus:
        """The store's progress; "running" until the result is searchable."""
        status = self.store.progress.status()
        if self.running() and status.state != "running":
            return dataclasses.replace(status, state="running")
        return status

    def join(self, timeout: float | None = None) -> None:
        if self._thread is not None:
            self._thread.join(timeout)


def pdf_path_of(settings: Settings, doc_id: str) -> Path:
    """The PDF of a document, found in the corpus folder (never from a stale manifest path)."""
    corpus = settings.corpus_dir.resolve()
    found = corpus_pdf_paths(settings.corpus_dir).get(doc_id)
    if found is not None:
        path = found.resolve()
        if path.is_file() and path.is_relative_to(corpus):
            return path
    raise NotFound("pdf_not_found", doc_id=doc_id)
