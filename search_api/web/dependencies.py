"""Typed FastAPI dependencies: the parts the composition root builds, handed out by type.

`search_api.app.create_app` builds every part once (settings, index store, search service,
library, curator, authenticator, templates) and registers them with `provide(app, ...)`.
Routes declare what they need by type:

    def api_documents(library: LibraryDep) -> ...          # Annotated[Library, Depends(...)]

and code that is not a route (an error handler, a template context) asks
`part_of(request, Library)`. This module is the only one that touches `app.state`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, TypeVar

from fastapi import Depends, FastAPI
from fastapi.templating import Jinja2Templates
from starlette.requests import HTTPConnection

from indexer.index import IndexingStatus, IndexStore
from search_api.search import SearchService
from search_api.settings import Settings
from search_api.web.library import Library
from search_api.web.urls import Urls, urls_for

T = TypeVar("T")


class Parts:
    """The composition root's parts, one per type."""

    def __init__(self) -> None:
        self._parts: dict[type, object] = {}

    def add(self, part: object) -> None:
        self._parts[type(part)] = part

    def get(self, kind: type[T]) -> T:
        found = self.find(kind)
        if found is None:
            raise LookupError(f"no {kind.__name__} was provided to the app")
        return found

    def find(self, kind: type[T]) -> T | None:
        part = self._parts.get(kind)
        if part is None:  # a subclass registered for its base (a test's stand-in)
            part = next((p for p in self._parts.values() if isinstance(p, kind)), None)
        return part if isinstance(part, kind) else None


def provide(app: FastAPI, *parts: object) -> None:
    """Register the parts routes may depend on (called by the composition root)."""
    registry = getattr(app.state, "parts", None)
    if not isinstance(registry, Parts):
        registry = Parts()
        app.state.parts = registry
    for part in parts:
        registry.add(part)


def parts_of(connection: HTTPConnection) -> Parts:
    registry = getattr(connection.app.state, "parts", None)
    return registry if isinstance(registry, Parts) else Parts()


def part_of(connection: HTTPConnection, kind: type[T]) -> T:
    """The app's `kind` part, for code that is not a route."""
    return parts_of(connection).get(kind)


def part(kind: type[T]) -> Callable[[HTTPConnection], T]:
    """A FastAPI dependency that hands a route the app's `kind` part."""

    def dependency(connection: HTTPConnection) -> T:
        return part_of(connection, kind)

    dependency.__name__ = f"{kind.__name__.lower()}_part"
    return dependency


class IndexingReport:
    """What reports the start-up indexing's progress (the composition root's
    `BackgroundIndexing` is one)."""

    def status(self) -> IndexingStatus:
        raise NotImplementedError


SettingsDep = Annotated[Settings, Depends(part(Settings))]
StoreDep = Annotated[IndexStore, Depends(part(IndexStore))]
ServiceDep = Annotated[SearchService, Depends(part(SearchService))]
LibraryDep = Annotated[Library, Depends(part(Library))]
TemplatesDep = Annotated[Jinja2Templates, Depends(part(Jinja2Templates))]
UrlsDep = Annotated[Urls, Depends(urls_for)]
IndexingDep = Annotated[IndexingReport, Depends(part(IndexingReport))]

__all__ = [
    "IndexingDep",
    "IndexingReport",
    "LibraryDep",
    "Parts",
    "ServiceDep",
    "SettingsDep",
    "StoreDep",
    "TemplatesDep",
    "UrlsDep",
    "part",
    "part_of",
    "parts_of",
    "provide",
]
