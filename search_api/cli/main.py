"""The `kaynak` command line: index, search, eval, serve (librarians' commands: `cli_admin`).

It sits in `search_api` (not `indexer`) because it drives both halves: data flows
corpus → indexer → index → search, and the CLI is the one place that starts either end.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.logging import RichHandler
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from indexer.errors import IndexBusy
from indexer.index import IndexSummary
from search_api.cli import admin as cli_admin
from search_api.cli.admin import (
    CLI_LANGUAGE,
    INJECTED_SETTINGS,
    CorpusOption,
    DataOption,
    settings_from,
)
from search_api.search import SearchRequest, evaluate, load_queries
from search_api.settings import Settings
from search_api.web import ROOT, result_json, say

app = typer.Typer(help="Kaynak: Turkish-aware search over laws and reports.", no_args_is_help=True)
console = Console(stderr=True)


@app.callback()
def composition_root(context: typer.Context) -> None:
    """Kaynak: Turkish-aware search over laws and reports."""
    # Every command builds its Settings through `settings_from`: from the `obj` a caller
    # (a test, an embedding program) passed in, else from the environment.
    INJECTED_SETTINGS.set(context.obj if isinstance(context.obj, Settings) else None)


def run_index(
    settings: Settings, show_progress: bool = True, rebuild: bool = False
) -> IndexSummary:
    store = settings.index_store()
    run = store.rebuild if rebuild else store.reconcile
    if not show_progress:
        return run(settings.corpus_dir)
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.fields[current]}"),
    )
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task("indexing", total=None, current="")

        def report(source: str, done: int, total: int) -> None:
            progress.update(task, completed=done, total=total, current=source)

        return run(settings.corpus_dir, progress=report)


def show_indexing_log() -> None:
    """Per-page OCR progress and skipped files are logged by the indexer: show them."""
    handler = RichHandler(console=console, show_path=False, show_time=False)
    logging.getLogger("indexer").addHandler(handler)
    logging.getLogger("indexer").setLevel(logging.INFO)


@app.command()
def index(
    corpus: CorpusOption = None,
    data: DataOption = None,
    strict: Annotated[bool, typer.Option(help="Fail when any file is skipped")] = False,
) -> None:
    """Bring the index in line with the corpus folder (only changed files are read)."""
    report_index_run(settings_from(corpus, data), strict, rebuild=False)


@app.command()
def rebuild(
    corpus: CorpusOption = None,
    data: DataOption = None,
    strict: Annotated[bool, typer.Option(help="Fail when any file is skipped")] = False,
) -> None:
    """Build a new index from scratch (from the extraction cache, PDFs only when not cached),
    swap it in, and delete the superseded ones: the only command that deletes an index."""
    report_index_run(settings_from(corpus, data), strict, rebuild=True)


def report_index_run(settings: Settings, strict: bool, rebuild: bool) -> None:
    show_indexing_log()
    try:
        summary = run_index(settings, show_progress=sys.stderr.isatty(), rebuild=rebuild)
    except IndexBusy as error:
        console.print(
            f"[red]index busy:[/red] the {error.what} was not free within {error.seconds:.0f} s"
        )
        raise typer.Exit(code=3) from None
    for skipped in summary.skipped:
        console.print(f"[yellow]skipped[/yellow] {skipped.source}: {skipped.reason}")
    typer.echo(summary.line())
    if strict and summary.skipped:
        raise typer.Exit(code=1)


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="What to look for")],
    corpus: CorpusOption = None,
    data: DataOption = None,
    kind: Annotated[str | None, typer.Option(help="law or report")] = None,
    law: Annotated[str | None, typer.Option(help="Law number, e.g. 6458")] = None,
    lang: Annotated[str | None, typer.Option(help="tr or en")] = None,
    limit: Annotated[int, typer.Option(help="How many hits")] = 10,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
) -> None:
    """Search the index from the command line (the same search the web uses)."""
    settings = settings_from(corpus, data)
    service = settings.search_service()
    result = service.search(SearchRequest(q=query, kind=kind, law=law, lang=lang, per_page=limit))
    if as_json:  # the JSON API's shape, URLs from the service's root
        body = result_json(result, ROOT, CLI_LANGUAGE)
        typer.echo(json.dumps(body, ensure_ascii=False, indent=1))
        return
    if result.notice:
        typer.echo(say(result.notice.key, CLI_LANGUAGE, **result.notice.params))
    typer.echo(f"{result.total} results ({result.took_ms} ms)")
    for number, hit in enumerate(result.hits, start=1):
        where = f"m. {hit.article}" if hit.article else f"p. {hit.page}"
        typer.echo(f"{number:>2}. {hit.title} — {where}  [{hit.unit_id}]")
        typer.echo(f"    {hit.snippet.text}")


@app.command(name="eval")
def eval_command(
    queries: Annotated[Path, typer.Argument(help="JSON-lines query file")],
    corpus: CorpusOption = None,
    data: DataOption = None,
    details: Annotated[bool, typer.Option(help="Show each query's outcome")] = False,
) -> None:
    """nDCG@10, MRR, Recall@10 per category and success@1 for citations."""
    settings = settings_from(corpus, data)
    store = settings.index_store()
    store.reconcile(settings.corpus_dir)
    report = evaluate(settings.search_service(store), load_queries(queries))
    if details:
        for outcome in report.outcomes:
            typer.echo(
                f"{outcome.query.id} {outcome.query.category:<9} nDCG={outcome.ndcg:.2f} "
                f"{outcome.query.query!r} → {outcome.ranked[:3]}"
            )
    typer.echo(report.table())


@app.command()
def serve(
    corpus: CorpusOption = None,
    data: DataOption = None,
    host: Annotated[str | None, typer.Option(help="Address (HOST)")] = None,
    port: Annotated[int | None, typer.Option(help="Port (PORT)")] = None,
    workers: Annotated[
        int | None,
        typer.Option(min=1, help="Worker processes (KAYNAK_SERVE_WORKERS, default 1)"),
    ] = None,
) -> None:
    """Serve the search page and API (indexes the corpus first)."""
    import uvicorn

    from search_api.admin import secret_key_for
    from search_api.app import LOG_FORMAT, WORKER_SETTINGS_ENV, create_app

    settings = settings_from(corpus, data)
    if workers is not None:
        settings = settings.model_copy(update={"serve_workers": workers})
    logging.basicConfig(level=logging.INFO, format=LOG_FORMAT)
    options: dict[str, Any] = {
        "host": host or settings.host,
        "port": port or settings.port,
        "log_level": "info",
        # Who the client is, is the app's decision (KAYNAK_TRUSTED_PROXIES), not uvicorn's:
        # by default it believes X-Forwarded-For from any local client.
        "proxy_headers": False,
    }
    if settings.serve_workers == 1:
        uvicorn.run(create_app(settings), **options)
        return
    # Each worker is a process of its own, started by uvicorn from this factory with these
    # settings; the session key is made here once, not raced for by the workers.
    secret_key_for(settings)
    os.environ[WORKER_SETTINGS_ENV] = settings.model_dump_json()
    uvicorn.run(
        "search_api.app:worker_app", factory=True, workers=settings.serve_workers, **options
    )


cli_admin.register(app)

if __name__ == "__main__":
    app()
