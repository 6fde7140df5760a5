"""create_app(settings): the FastAPI application with its shared searcher and error handlers."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import FileResponse
from fastapi.templating import Jinja2Templates

from indexer.writer import IndexStore
from search_api import api, i18n, pages
from search_api.errors import NotFound, install_error_handlers
from search_api.library import Library
from search_api.search import SearchRequest, SearchService
from search_api.settings import PROJECT_ROOT, Settings

logger = logging.getLogger(__name__)

TEMPLATES_DIR = PROJECT_ROOT / "templates"


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    store = IndexStore(settings.data_dir, workers=settings.workers)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if settings.index_on_start:
            summary = store.reconcile(settings.corpus_dir)
            logger.info("index: %s", summary.line())
        # Warm the shared searcher (term caches, columns) so the first user does not wait.
        app.state.service.search(SearchRequest(q="göç"))
        yield
        app.state.service.close()

    app = FastAPI(title="Kaynak", version="0.1.0", lifespan=lifespan)
    app.state.settings = settings
    app.state.store = store
    app.state.service = SearchService(store)
    app.state.library = Library(app.state.service)
    app.state.templates = Jinja2Templates(directory=str(TEMPLATES_DIR))
    i18n.install(app.state.templates)
    install_error_handlers(app)
    app.include_router(api.router)
    app.include_router(pages.router)

    @app.get("/files/{doc_id}.pdf", include_in_schema=False)
    def pdf_file(request: Request, doc_id: str) -> FileResponse:
        return FileResponse(pdf_path_of(request, doc_id), media_type="application/pdf")

    return app


def pdf_path_of(request: Request, doc_id: str) -> Path:
    """The PDF of a document, only ever from inside the corpus folder."""
    settings: Settings = request.app.state.settings
    library: Library = request.app.state.library
    entry = library.manifest().get(doc_id)
    corpus = settings.corpus_dir.resolve()
    if entry and entry.get("path"):
        path = Path(entry["path"]).resolve()
        if path.is_file() and path.is_relative_to(corpus):
            return path
    raise NotFound(f"PDF bulunamadı: {doc_id} (file not found)")
