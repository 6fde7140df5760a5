"""The `kaynak` command line: index, search, eval, serve, and the librarians' commands."""

from __future__ import annotations

from search_api.cli.main import app

__all__ = ["app"]
