"""Failed logins, counted per user name and per client address, kept on disk.

- Past `per_user` failures for a name (or `per_client` from one address) within the window,
  logging in is refused with a 429 until the oldest failure leaves the window.
- The lock is on the guessing, not on the owner: a client that has logged in as a name
  before (remembered on success) may still try that name while it is locked by failures
  from elsewhere. Its own failures still count against its address.
- Counts survive a restart: they live in `<data_dir>/login-failures.json` (rewritten
  atomically on each change), with wall-clock times.
- Memory and file stay bounded under a flood: past `MAX_TRACKED_KEYS` names and addresses,
  the ones whose last failure is oldest are forgotten first, never all at once.
- `client_address` decides who the client is: the peer address, or, when the peer is one
  of the configured proxies, the last address it forwarded that is not a proxy itself.
"""

from __future__ import annotations

import ipaddress
import json
import logging
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from starlette.requests import Request

from indexer.files import file_stamp, updating, write_atomically
from search_api.web import TooManyRequests

logger = logging.getLogger(__name__)

THROTTLE_FILE = "login-failures.json"
MAX_TRACKED_KEYS = 10_000
MAX_KNOWN_CLIENTS = 20  # per name: the addresses it last logged in from

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(entries: Sequence[str]) -> list[Network]:
    """`["10.0.0.1", "192.168.0.0/16"]` as networks (a bare address is a network of one)."""
    return [ipaddress.ip_network(entry.strip(), strict=False) for entry in entries if entry.strip()]


def in_networks(address: str, networks: Sequence[Network]) -> bool:
    try:
        parsed = ipaddress.ip_address(address.strip())
    except ValueError:
        return False
    return any(parsed in network for network in networks)


def client_address(request: Request, trusted_proxies: Sequence[Network]) -> str:
    """Who is asking: `X-Forwarded-For` counts only when the peer is a trusted proxy, and
    then its right-most address that is not a proxy (the ones to its left are the
    client's own claims)."""
    peer = request.client.host if request.client else "unknown"
    if not trusted_proxies or not in_networks(peer, trusted_proxies):
        return peer
    forwarded = [part.strip() for part in request.headers.get("x-forwarded-for", "").split(",")]
    for address in reversed([part for part in forwarded if part]):
        if not in_networks(address, trusted_proxies):
            return address if is_address(address) else peer
    return peer


def is_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


class LoginThrottle:
    """Failed logins in a sliding window, per user name and per client address."""

    def __init__(
        self,
        per_user: int,
        per_client: int,
        window_seconds: float,
        clock: Callable[[], float] = time.time,
        path: Path | None = None,
        max_keys: int = MAX_TRACKED_KEYS,
    ) -> None:
        self.per_user = per_user
        self.per_client = per_client
        self.window = window_seconds
        self.clock = clock
        self.path = path
        self.max_keys = max_keys
        self._failures: dict[str, list[float]] = {}
        self._known: dict[str, list[str]] = {}  # name → clients that logged in as it
        self._lock = threading.Lock()
        self._stamp: tuple[int, ...] | None = None  # the file's when last read or written
        self._load()

    # -- the file --------------------------------------------------------------------------

    def _load(self) -> None:
        """Read the file again when another process (a worker) changed it (call locked)."""
        if self.path is None or (stamp := file_stamp(self.path)) == self._stamp:
            return
        self._stamp = stamp
        if not stamp:
            return
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            failures = data.get("failures", {})
            known = data.get("known", {})
            self._failures = {str(k): [float(t) for t in v] for k, v in failures.items()}
            self._known = {str(k): [str(c) for c in v] for k, v in known.items()}
        except (ValueError, TypeError, AttributeError):
            logger.warning("%s unreadable: failed-login counts start afresh", self.path)

    def _save(self) -> None:
        if self.path is not None:
            data = {"failures": self._failures, "known": self._known}
            write_atomically(self.path, json.dumps(data).encode())
            self._stamp = file_stamp(self.path)

    @contextmanager
    def _changing(self) -> Iterator[None]:
        """This process's lock, and the file's for other processes, over the file read
        again, changed and written."""
        with self._lock:
            if self.path is None:
                yield
                return
            with updating(self.path):
                self._load()
                yield

    # -- counting --------------------------------------------------------------------------

    def _recent(self, key: str, now: float) -> list[float]:
        times = [t for t in self._failures.get(key, []) if t > now - self.window]
        if times:
            self._failures[key] = times
        else:
            self._failures.pop(key, None)
        return times

    def check(self, user: str, client: str) -> None:
        """Raise TooManyRequests while either count is at its limit (the name's count does
        not hold back a client that has logged in as that name before)."""
        with self._lock:
            self._load()
            now = self.clock()
            by_client = self._recent(f"client:{client}", now)
            by_user = self._recent(f"user:{user}", now)
            if client in self._known.get(user, []):
                by_user = []
            if len(by_user) >= self.per_user or len(by_client) >= self.per_client:
                oldest = min(t for t in (*by_user, *by_client))
                wait = max(1, int(oldest + self.window - now))
                raise TooManyRequests("too_many_failed_logins", retry_after=wait)

    def failed(self, user: str, client: str) -> None:
        with self._changing():
            now = self.clock()
            for key in (f"user:{user}", f"client:{client}"):
                self._failures.setdefault(key, []).append(now)
                del self._failures[key][: -max(self.per_user, self.per_client)]
            self._bound()
            self._save()

    def succeeded(self, user: str, client: str = "") -> None:
        with self._changing():
            self._failures.pop(f"user:{user}", None)
            if client:
                known = [c for c in self._known.get(user, []) if c != client] + [client]
                self._known[user] = known[-MAX_KNOWN_CLIENTS:]
            self._save()

    def _bound(self) -> None:
        """Forget the names and addresses whose last failure is oldest, past the bound."""
        excess = len(self._failures) - self.max_keys
        if excess <= 0:
            return
        stalest = sorted(self._failures, key=lambda key: self._failures[key][-1])[:excess]
        for key in stalest:
            del self._failures[key]

    def tracked(self) -> int:
        with self._lock:
            return len(self._failures)
