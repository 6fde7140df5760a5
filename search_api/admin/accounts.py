"""Librarian accounts and API tokens, kept in `<data_dir>/users.json`.

Passwords are stored as argon2 hashes; tokens only as their sha256 (a token is 256 random
bits, so a fast hash is enough and every API call stays cheap). The file is rewritten
atomically and re-read when it changes on disk, so `kaynak user add` and `kaynak token
create` take effect in a running service without a restart.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import secrets
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from indexer.errors import BadRequest, Conflict, NotFound
from indexer.files import file_stamp, updating, write_atomically

USERS_FILE = "users.json"
NAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{1,31}$")
MIN_PASSWORD_CHARS = 8
TOKEN_PREFIX = "kyn_"


@dataclass(frozen=True)
class Account:
    name: str
    password_hash: str
    created: str
    role: str = "librarian"


@dataclass(frozen=True)
class ApiToken:
    token_id: str
    user: str
    token_hash: str
    created: str
    label: str = ""


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def check_name(name: str) -> str:
    if not NAME_RE.match(name):
        raise BadRequest("user_name_invalid")
    return name


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_CHARS:
        raise BadRequest("password_too_short", minimum=MIN_PASSWORD_CHARS)


class Accounts:
    """The users file: librarians and their tokens. Thread-safe."""

    def __init__(self, path: Path, hasher: PasswordHasher | None = None) -> None:
        self.path = path
        self.hasher = hasher or PasswordHasher()
        self._lock = threading.RLock()
        self._stamp: tuple[int, ...] | None = None
        self._users: dict[str, Account] = {}
        self._tokens: dict[str, ApiToken] = {}
        # Verified against when a name is unknown, so that a wrong name costs the same time
        # as a wrong password (no telling which names exist).
        self._dummy_hash = self.hasher.hash(secrets.token_hex(16))

    # -- the file --------------------------------------------------------------------------

    def _load(self) -> None:
        stamp = file_stamp(self.path)
        if stamp == self._stamp:
            return
        data: dict[str, Any] = {}
        if stamp:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        self._users = {name: Account(**fields) for name, fields in data.get("users", {}).items()}
        self._tokens = {
            fields["token_hash"]: ApiToken(**fields) for fields in data.get("tokens", [])
        }
        self._stamp = stamp

    def _save(self) -> None:
        data = {
            "users": {name: asdict(account) for name, account in sorted(self._users.items())},
            "tokens": [asdict(token) for token in self._tokens.values()],
        }
        write_atomically(self.path, json.dumps(data, indent=1, ensure_ascii=False).encode())
        self._stamp = file_stamp(self.path)

    @contextmanager
    def _changing(self) -> Iterator[None]:
        """This process's lock, and the file's for the other workers, over the file read
        again, changed and written (two workers never lose each other's change)."""
        with self._lock, updating(self.path):
            self._load()
            yield

    # -- users -----------------------------------------------------------------------------

    def users(self) -> list[Account]:
        with self._lock:
            self._load()
            return sorted(self._users.values(), key=lambda account: account.name)

    def get(self, name: str) -> Account | None:
        with self._lock:
            self._load()
            return self._users.get(name)

    def add_user(self, name: str, password: str) -> Account:
        check_name(name)
        check_password(password)
        with self._changing():
            if name in self._users:
                raise Conflict("user_exists", name=name)
            account = Account(name, self.hasher.hash(password), now())
            self._users[name] = account
            self._save()
            return account

    def set_password(self, name: str, password: str) -> Account:
        """A new password for a librarian: their open sessions end (they were opened with
        the old one; see `sessions.password_stamp`)."""
        check_password(password)
        with self._changing():
            account = self._users.get(name)
            if account is None:
                raise NotFound("no_such_user", name=name)
            account = Account(name, self.hasher.hash(password), account.created, account.role)
            self._users[name] = account
            self._save()
            return account

    def remove_user(self, name: str) -> None:
        """Remove a librarian and revoke their tokens (their sessions end at the next request)."""
        with self._changing():
            if name not in self._users:
                raise NotFound("no_such_user", name=name)
            del self._users[name]
            self._tokens = {h: t for h, t in self._tokens.items() if t.user != name}
            self._save()

    def verify_password(self, name: str, password: str) -> Account | None:
        """The account if the password is right; None otherwise (same cost either way)."""
        account = self.get(name)
        stored = account.password_hash if account else self._dummy_hash
        try:
            self.hasher.verify(stored, password)
        except (VerificationError, InvalidHashError):
            return None
        if account is None:
            return None
        if self.hasher.check_needs_rehash(stored):
            with self._changing():
                if name in self._users:
                    account = Account(name, self.hasher.hash(password), account.created)
                    self._users[name] = account
                    self._save()
        return account

    # -- tokens ----------------------------------------------------------------------------

    def create_token(self, name: str, label: str = "") -> tuple[ApiToken, str]:
        """A new token for a librarian: the record and the token itself (shown once)."""
        with self._changing():
            if name not in self._users:
                raise NotFound("no_such_user", name=name)
            token = TOKEN_PREFIX + secrets.token_urlsafe(32)
            record = ApiToken(secrets.token_hex(4), name, token_digest(token), now(), label)
            self._tokens[record.token_hash] = record
            self._save()
            return record, token

    def tokens(self) -> list[ApiToken]:
        with self._lock:
            self._load()
            return sorted(self._tokens.values(), key=lambda token: token.created)

    def revoke_token(self, token_id: str) -> None:
        with self._changing():
            kept = {h: t for h, t in self._tokens.items() if t.token_id != token_id}
            if len(kept) == len(self._tokens):
                raise NotFound("no_such_token", token_id=token_id)
            self._tokens = kept
            self._save()

    def token_account(self, token: str) -> Account | None:
        """The librarian a bearer token belongs to, or None."""
        if not token.startswith(TOKEN_PREFIX) or len(token) > 200:
            return None
        digest = token_digest(token)
        with self._lock:
            self._load()
            record = self._tokens.get(digest)
            if record is None or not hmac.compare_digest(record.token_hash, digest):
                return None
            return self._users.get(record.user)


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
