"""The librarians' commands, run through the real `kaynak` command line."""

from __future__ import annotations

from pathlib import Path

from collection_support import small_corpus
from pdf_factory import distinct_word, make_pdf
from typer.testing import CliRunner, Result

from search_api.admin import USERS_FILE, Accounts
from search_api.cli import app
from search_api.jobs import JobStore
from search_api.settings import Settings

runner = CliRunner()


def kaynak(*args: str, input: str | None = None) -> Result:
    return runner.invoke(app, list(args), input=input)


def test_injected_settings_are_used_and_options_go_on_top(tmp_path: Path) -> None:
    injected = Settings(data_dir=tmp_path / "injected")
    arguments = ["user", "add", "ayse", "--password-stdin"]
    added = runner.invoke(app, arguments, input="parola-123\n", obj=injected)
    assert added.exit_code == 0, added.output
    assert [user.name for user in Accounts(tmp_path / "injected" / USERS_FILE).users()] == ["ayse"]
    elsewhere = ["user", "list", "--data", str(tmp_path / "elsewhere")]
    assert runner.invoke(app, elsewhere, obj=injected).output == ""


def test_user_and_token_commands(tmp_path: Path) -> None:
    data = ["--data", str(tmp_path)]
    added = runner.invoke(
        app, ["user", "add", "ayse", "--password-stdin", *data], input="parola-123\n"
    )
    assert added.exit_code == 0, added.output
    prompted = runner.invoke(
        app, ["user", "add", "mehmet", *data], input="parola-456\nparola-456\n"
    )
    assert prompted.exit_code == 0, prompted.output
    assert "parola-456" not in prompted.output  # hidden input
    listed = runner.invoke(app, ["user", "list", *data])
    assert [line.split("\t")[0] for line in listed.output.splitlines()] == ["ayse", "mehmet"]
    assert (
        runner.invoke(
            app, ["user", "add", "ayse", "--password-stdin", *data], input="x" * 9
        ).exit_code
        == 1
    )
    created = runner.invoke(app, ["token", "create", "ayse", *data])
    assert created.exit_code == 0
    token = created.stdout.strip().splitlines()[-1]
    accounts = Accounts(tmp_path / "users.json")
    assert accounts.token_account(token) == accounts.get("ayse")
    assert accounts.verify_password("mehmet", "parola-456") is not None
    removed = runner.invoke(app, ["user", "remove", "ayse", *data])
    assert removed.exit_code == 0
    assert accounts.token_account(token) is None


def test_add_several_files_then_remove_and_restore(tmp_path: Path) -> None:
    corpus = small_corpus(tmp_path)
    paths = ["--corpus", str(corpus), "--data", str(tmp_path / "data")]
    words = [distinct_word(n, "cliadd") for n in range(2)]
    files = []
    for number, word in enumerate(words):
        path = tmp_path / f"upload-{number}.pdf"
        path.write_bytes(make_pdf(f"Komut satiri {word}", title=f"Komut Belgesi {number}"))
        files.append(str(path))
    not_pdf = tmp_path / "not.pdf"
    not_pdf.write_text("no")
    result = runner.invoke(app, ["add", *files, str(not_pdf), "--kind", "report", *paths])
    assert result.exit_code == 1  # one file refused, the others added
    assert "not.pdf: this file is not a PDF" in result.output
    assert sorted(p.name for p in (corpus / "reports").glob("komut-*.pdf")) == [
        "komut-belgesi-0.pdf",
        "komut-belgesi-1.pdf",
    ]
    found = runner.invoke(app, ["search", words[1], *paths])
    assert "Komut Belgesi 1" in found.output

    from indexer.corpus import Collection
    from indexer.index import IndexStore
    from search_api.curation import AuditLog, Curator

    store = IndexStore(tmp_path / "data", workers=1)
    Curator(Collection(corpus), store, AuditLog(tmp_path / "data" / "audit.log")).remove(
        "komut-belgesi-1", "test"
    )
    assert "komut-belgesi-1" in runner.invoke(app, ["trash", *paths]).output
    restored = runner.invoke(app, ["restore", "komut-belgesi-1", *paths])
    assert restored.exit_code == 0, restored.output
    assert "Komut Belgesi 1" in runner.invoke(app, ["search", words[1], *paths]).output
    assert runner.invoke(app, ["restore", "komut-belgesi-1", *paths]).exit_code == 1


def test_add_applies_the_same_extraction_limits_as_an_upload(tmp_path: Path) -> None:
    corpus = small_corpus(tmp_path)
    settings = Settings(corpus_dir=corpus, data_dir=tmp_path / "data", max_pages_per_document=1)
    long_one = tmp_path / "long.pdf"
    long_one.write_bytes(make_pdf(["Birinci sayfa", "Ikinci sayfa"], title="Uzun Belge"))
    result = runner.invoke(app, ["add", str(long_one), "--kind", "report"], obj=settings)
    assert result.exit_code == 1
    assert "too many pages (2 > 1)" in result.output
    assert not list((corpus / "reports").glob("uzun-*.pdf"))


def test_add_takes_a_folder_with_its_subfolders_and_records_jobs(tmp_path: Path) -> None:
    corpus = small_corpus(tmp_path)
    paths = ["--corpus", str(corpus), "--data", str(tmp_path / "data")]
    inbox = tmp_path / "gelenler"
    (inbox / "alt").mkdir(parents=True)
    (inbox / ".gizli").mkdir()
    words = [distinct_word(n, "clifolder") for n in range(3)]
    (inbox / "bir.pdf").write_bytes(make_pdf(f"Klasor bir {words[0]}", title="Klasör Bir"))
    (inbox / "alt" / "iki.PDF").write_bytes(make_pdf(f"Klasor iki {words[1]}", title="Klasör İki"))
    (inbox / ".gizli" / "uc.pdf").write_bytes(make_pdf(f"Gizli {words[2]}", title="Gizli"))
    (inbox / "notlar.txt").write_text("not a pdf, not taken")
    result = runner.invoke(app, ["add", str(inbox), *paths])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (corpus / "reports").glob("klasor-*.pdf")) == [
        "klasor-bir.pdf",
        "klasor-iki.pdf",
    ]
    assert not list(corpus.rglob("gizli*"))
    jobs = JobStore(tmp_path / "data").all()
    assert sorted((job.filename, job.state, job.source) for job in jobs) == [
        ("bir.pdf", "done", "cli"),
        ("iki.PDF", "done", "cli"),
    ]
