"""Librarian accounts and tokens in users.json: hashed, atomic, re-read when changed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from indexer.errors import BadRequest, Conflict, NotFound
from search_api.admin import Accounts


def test_passwords_and_tokens_are_stored_only_as_hashes(tmp_path: Path) -> None:
    accounts = Accounts(tmp_path / "users.json")
    accounts.add_user("ayse", "uzun-bir-parola")
    record, token = accounts.create_token("ayse", "betik")
    stored = (tmp_path / "users.json").read_text()
    assert "uzun-bir-parola" not in stored and token not in stored
    assert json.loads(stored)["users"]["ayse"]["password_hash"].startswith("$argon2id$")
    assert (tmp_path / "users.json").stat().st_mode & 0o077 == 0  # private to its owner
    assert accounts.token_account(token) == accounts.get("ayse")
    assert record.token_id in {t.token_id for t in accounts.tokens()}


def test_passwords_are_checked(tmp_path: Path) -> None:
    accounts = Accounts(tmp_path / "users.json")
    accounts.add_user("ayse", "uzun-bir-parola")
    assert accounts.verify_password("ayse", "uzun-bir-parola") is not None
    assert accounts.verify_password("ayse", "yanlis-parola") is None
    assert accounts.verify_password("kimse", "uzun-bir-parola") is None


@pytest.mark.parametrize(
    ("name", "password"), [("A", "uzun-bir-parola"), ("../x", "uzun-bir-parola"), ("ali", "kisa")]
)
def test_bad_names_and_short_passwords_are_refused(
    tmp_path: Path, name: str, password: str
) -> None:
    with pytest.raises(BadRequest):
        Accounts(tmp_path / "users.json").add_user(name, password)


def test_a_name_is_taken_once(tmp_path: Path) -> None:
    accounts = Accounts(tmp_path / "users.json")
    accounts.add_user("ayse", "uzun-bir-parola")
    with pytest.raises(Conflict):
        accounts.add_user("ayse", "baska-bir-parola")


def test_removing_a_librarian_revokes_their_tokens(tmp_path: Path) -> None:
    accounts = Accounts(tmp_path / "users.json")
    accounts.add_user("ayse", "uzun-bir-parola")
    _, token = accounts.create_token("ayse")
    accounts.remove_user("ayse")
    assert accounts.token_account(token) is None
    assert accounts.tokens() == []
    with pytest.raises(NotFound):
        accounts.remove_user("ayse")


def test_revoked_and_made_up_tokens_are_refused(tmp_path: Path) -> None:
    accounts = Accounts(tmp_path / "users.json")
    accounts.add_user("ayse", "uzun-bir-parola")
    record, token = accounts.create_token("ayse")
    accounts.revoke_token(record.token_id)
    for candidate in (token, "kyn_made-up", "", "x" * 500):
        assert accounts.token_account(candidate) is None


def test_changes_made_by_another_process_are_seen(tmp_path: Path) -> None:
    service_side = Accounts(tmp_path / "users.json")
    assert service_side.users() == []
    command_line = Accounts(tmp_path / "users.json")
    command_line.add_user("mehmet", "uzun-bir-parola")
    _, token = command_line.create_token("mehmet")
    assert [account.name for account in service_side.users()] == ["mehmet"]
    assert service_side.token_account(token) is not None
