"""`kaynak` commands for librarians: accounts, tokens, adding and restoring documents.

    kaynak user add NAME [--password-stdin]    kaynak token create NAME [--label TEXT]
    kaynak user list | remove NAME             kaynak token list | revoke TOKEN_ID
    kaynak add FILE_OR_FOLDER… [--title --kind --lang --year --law-number --publisher]
    kaynak restore DOC_ID                      kaynak trash

They change the same files the service does, through the same `Curator` (the index through
`IndexStore`, whose lock a running service also honours), so they may run beside it. `add`
runs each file as a job, like an upload: read once in a worker process under the same
limits, recorded in the job store (so the admin's jobs page lists it too).
"""

from __future__ import annotations

import getpass
import shutil
import sys
from contextvars import ContextVar
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from indexer.corpus import Collection
from indexer.errors import KaynakError, PayloadTooLarge
from search_api.admin import USERS_FILE, Accounts
from search_api.curation import AUDIT_FILE, AuditLog, Curator, clean_fields
from search_api.jobs import Job, JobRunner, JobStore, WorkerReader, new_job_id
from search_api.settings import Settings
from search_api.web import error_message, notice_message

CLI_LANGUAGE = "en"  # the command line speaks English, like its help texts

console = Console(stderr=True)
user_app = typer.Typer(help="Librarian accounts.", no_args_is_help=True)
token_app = typer.Typer(help="API tokens (Authorization: Bearer …).", no_args_is_help=True)

# Set by the root command from the invocation's `obj` (see `settings_from`).
INJECTED_SETTINGS: ContextVar[Settings | None] = ContextVar("injected_settings", default=None)
CorpusOption = Annotated[Path | None, typer.Option("--corpus", help="Corpus folder")]
DataOption = Annotated[Path | None, typer.Option("--data", help="Data folder")]


def settings_from(corpus: Path | None, data: Path | None) -> Settings:
    """The one place the command line gets its `Settings`: the object the caller injected
    (`app(obj=settings)`, `CliRunner().invoke(app, arguments, obj=settings)`), else the
    environment's; `--corpus` and `--data` go on top."""
    injected = INJECTED_SETTINGS.get()
    base = injected if injected is not None else Settings()
    updates: dict[str, Any] = {}
    if corpus is not None:
        updates["corpus_dir"] = corpus
    if data is not None:
        updates["data_dir"] = data
    return base.model_copy(update=updates)


def accounts_of(data: Path | None) -> Accounts:
    return Accounts(settings_from(None, data).data_dir / USERS_FILE)


def fail(error: KaynakError) -> typer.Exit:
    console.print(f"[red]{error_message(error, CLI_LANGUAGE)}[/red]")
    return typer.Exit(code=1)


def actor() -> str:
    return f"{getpass.getuser()} (cli)"


# --- Accounts --------------------------------------------------------------------------------


def read_password(from_stdin: bool) -> str:
    """One line of standard input, or asked twice at the terminal (never shown)."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return str(typer.prompt("Password", hide_input=True, confirmation_prompt=True))


@user_app.command("add")
def user_add(
    name: Annotated[str, typer.Argument(help="User name (lowercase letters, digits, . _ -)")],
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input")
    ] = False,
    data: DataOption = None,
) -> None:
    """Create a librarian (the password is asked twice, never shown)."""
    password = read_password(password_stdin)
    try:
        accounts_of(data).add_user(name, password)
    except KaynakError as error:
        raise fail(error) from None
    typer.echo(f"librarian {name} added")


@user_app.command("password")
def user_password(
    name: str,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input")
    ] = False,
    data: DataOption = None,
) -> None:
    """Give a librarian a new password; their open sessions end (a way back in for a
    librarian locked out by someone else's guessing, too)."""
    password = read_password(password_stdin)
    try:
        accounts_of(data).set_password(name, password)
    except KaynakError as error:
        raise fail(error) from None
    typer.echo(f"password of {name} changed; their sessions have ended")


@user_app.command("list")
def user_list(data: DataOption = None) -> None:
    """Librarians and when they were created."""
    for account in accounts_of(data).users():
        typer.echo(f"{account.name}\t{account.role}\t{account.created}")


@user_app.command("remove")
def user_remove(name: str, data: DataOption = None) -> None:
    """Remove a librarian; their tokens stop working and their sessions end."""
    try:
        accounts_of(data).remove_user(name)
    except KaynakError as error:
        raise fail(error) from None
    typer.echo(f"librarian {name} removed")


@token_app.command("create")
def token_create(
    name: Annotated[str, typer.Argument(help="The librarian the token acts for")],
    label: Annotated[str, typer.Option(help="What the token is for")] = "",
    data: DataOption = None,
) -> None:
    """Create an API token; it is printed once, alone on the last line."""
    try:
        record, token = accounts_of(data).create_token(name, label)
    except KaynakError as error:
        raise fail(error) from None
    console.print(f"token {record.token_id} for {name} (store it now; it is not kept):")
    typer.echo(token)


@token_app.command("list")
def token_list(data: DataOption = None) -> None:
    """Token ids, their librarian and label (never the tokens themselves)."""
    for token in accounts_of(data).tokens():
        typer.echo(f"{token.token_id}\t{token.user}\t{token.created}\t{token.label}")


@token_app.command("revoke")
def token_revoke(token_id: str, data: DataOption = None) -> None:
    """Revoke a token by its id."""
    try:
        accounts_of(data).revoke_token(token_id)
    except KaynakError as error:
        raise fail(error) from None
    typer.echo(f"token {token_id} revoked")


# --- Documents -------------------------------------------------------------------------------


def curator_for(settings: Settings) -> Curator:
    store = settings.index_store(workers=1)
    collection = Collection(settings.corpus_dir)
    collection.repair()
    reader = WorkerReader(store.extractor, settings.worker_limits())
    return Curator(collection, store, AuditLog(settings.data_dir / AUDIT_FILE), reader=reader)


def add_one(runner: JobRunner, source: Path, given: dict[str, Any], max_bytes: int) -> Job:
    """One file as a job run here. The job is on disk, and claimed by this process, before
    its file is staged: a service starting meanwhile neither removes the file as a leftover
    nor runs the job a second time."""
    job_id = new_job_id()
    with runner.jobs.claim(job_id):
        collection = runner.curator.collection
        if source.stat().st_size > max_bytes:
            error = PayloadTooLarge("file_too_large", max_mb=max_bytes // (1024 * 1024))
            return runner.refuse(source.name, error, actor(), source="cli")
        key, staged = collection.new_stage()
        job = runner.submit("add", key, source.name, actor(), given, source="cli", job_id=job_id)
        shutil.copyfile(source, staged)
        return runner.run(job)


def pdfs_in(paths: list[Path]) -> list[Path]:
    """The files given, and every PDF in the folders given (subfolders too, hidden skipped)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                sorted(
                    candidate
                    for candidate in path.rglob("*")
                    if candidate.is_file()
                    and candidate.suffix.lower() == ".pdf"
                    and not any(part.startswith(".") for part in candidate.relative_to(path).parts)
                )
            )
        else:
            found.append(path)
    return found


def add(
    files: Annotated[list[Path], typer.Argument(help="PDF files or folders of PDFs", exists=True)],
    title: Annotated[str | None, typer.Option(help="Title (default: detected)")] = None,
    kind: Annotated[str | None, typer.Option(help="law or report")] = None,
    lang: Annotated[str | None, typer.Option(help="tr or en")] = None,
    year: Annotated[int | None, typer.Option(help="Year")] = None,
    law_number: Annotated[str | None, typer.Option(help="Law number, e.g. 6458")] = None,
    publisher: Annotated[str | None, typer.Option(help="Publisher")] = None,
    corpus: CorpusOption = None,
    data: DataOption = None,
) -> None:
    """Add PDFs (or every PDF in a folder) and index them: each one a job, as an upload."""
    settings = settings_from(corpus, data)
    try:
        given = clean_fields(
            {"title": title, "kind": kind, "lang": lang, "year": year,
             "law_number": law_number, "publisher": publisher}
        )  # fmt: skip
    except KaynakError as error:
        raise fail(error) from None
    curator = curator_for(settings)
    runner = JobRunner(JobStore(settings.data_dir), curator)
    sources = pdfs_in(files)
    failures = 0
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
               TimeElapsedColumn(), TextColumn("{task.fields[current]}"))  # fmt: skip
    with Progress(*columns, console=console, disable=not sys.stderr.isatty()) as progress:
        task = progress.add_task("adding", total=len(sources), current="")
        for source in sources:
            progress.update(task, current=source.name)
            job = add_one(runner, source, given, settings.max_upload_mb << 20)
            if job.state == "done" and job.entry is not None:
                units = job.entry.unit_count
                typer.echo(f"{source.name} → {job.doc_id} ({units} units)")
                for warning in job.warnings:
                    console.print(f"  [yellow]{notice_message(warning, CLI_LANGUAGE)}[/yellow]")
            else:
                failures += 1
                message = (
                    error_message(job.error.as_error(), CLI_LANGUAGE) if job.error else job.state
                )
                if not message.startswith(source.name):
                    message = f"{source.name}: {message}"
                console.print(f"[red]{message}[/red]")
            progress.advance(task)
    if failures:
        raise typer.Exit(code=1)


def restore(
    doc_id: Annotated[str, typer.Argument(help="The removed document's id")],
    corpus: CorpusOption = None,
    data: DataOption = None,
) -> None:
    """Bring the latest removed copy of a document back from the trash and index it."""
    curator = curator_for(settings_from(corpus, data))
    try:
        entry = curator.collection.latest_trash_entry(doc_id)
        change = curator.restore(entry.name, actor())
    except KaynakError as error:
        raise fail(error) from None
    typer.echo(f"{change.doc_id} restored ({change.entry.unit_count} units)")


def trash(corpus: CorpusOption = None, data: DataOption = None) -> None:
    """What the trash holds, newest first."""
    collection = Collection(settings_from(corpus, data).corpus_dir)
    for entry in collection.trashed():
        typer.echo(f"{entry.doc_id}\t{entry.removed_at}\t{entry.reason}\t{entry.by}\t{entry.title}")


def register(app: typer.Typer) -> None:
    app.add_typer(user_app, name="user")
    app.add_typer(token_app, name="token")
    app.command()(add)
    app.command()(restore)
    app.command()(trash)
