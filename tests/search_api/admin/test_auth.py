"""The login throttle and server-side sessions (pure, with a fake clock), the client address
behind proxies, and the secret key's generation."""

from __future__ import annotations

from pathlib import Path

import pytest
from starlette.requests import Request

from search_api.admin import LoginThrottle, SessionStore, parse_networks, secret_key_for
from search_api.admin.throttle import client_address
from search_api.settings import Settings
from search_api.web import TooManyRequests


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_failures_count_per_user_within_the_window() -> None:
    clock = Clock()
    throttle = LoginThrottle(per_user=3, per_client=100, window_seconds=60, clock=clock)
    for _ in range(3):
        throttle.check("ayse", "1.2.3.4")
        throttle.failed("ayse", "1.2.3.4")
    with pytest.raises(TooManyRequests) as refused:
        throttle.check("ayse", "5.6.7.8")  # from anywhere
    assert refused.value.details["retry_after"] == 60
    throttle.check("mehmet", "1.2.3.4")  # other names are not locked
    clock.now += 61
    throttle.check("ayse", "1.2.3.4")


def test_failures_count_per_client_across_names() -> None:
    throttle = LoginThrottle(per_user=100, per_client=3, window_seconds=60, clock=Clock())
    for name in ("a", "b", "c"):
        throttle.failed(name, "1.2.3.4")
    with pytest.raises(TooManyRequests):
        throttle.check("d", "1.2.3.4")
    throttle.check("d", "5.6.7.8")


def test_a_success_clears_the_users_count() -> None:
    throttle = LoginThrottle(per_user=2, per_client=100, window_seconds=60, clock=Clock())
    throttle.failed("ayse", "1.2.3.4")
    throttle.succeeded("ayse")
    throttle.failed("ayse", "1.2.3.4")
    throttle.check("ayse", "1.2.3.4")


def test_the_secret_key_is_generated_once_and_kept(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)
    key = secret_key_for(settings)
    assert len(key) == 64
    assert secret_key_for(settings) == key
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0
    assert secret_key_for(Settings(data_dir=tmp_path, secret_key="given")) == "given"


def test_failure_counts_survive_a_restart(tmp_path: Path) -> None:
    clock, path = Clock(), tmp_path / "login-failures.json"
    first = LoginThrottle(per_user=2, per_client=100, window_seconds=60, clock=clock, path=path)
    first.failed("ayse", "1.2.3.4")
    first.failed("ayse", "1.2.3.4")
    again = LoginThrottle(per_user=2, per_client=100, window_seconds=60, clock=clock, path=path)
    with pytest.raises(TooManyRequests):
        again.check("ayse", "9.9.9.9")


def test_a_flood_of_names_forgets_the_stalest_not_everyone(tmp_path: Path) -> None:
    clock = Clock()
    throttle = LoginThrottle(per_user=2, per_client=10**6, window_seconds=600, clock=clock,
                             max_keys=50)  # fmt: skip
    throttle.failed("ayse", "1.2.3.4")
    clock.now += 1
    throttle.failed("ayse", "1.2.3.4")
    for number in range(200):  # a flood from other addresses, each a new name
        clock.now += 0.01
        throttle.failed(f"guess{number}", f"10.0.{number // 250}.{number % 250}")
        if number % 20 == 0:
            throttle.failed("ayse", "1.2.3.4")
    assert throttle.tracked() <= 50
    with pytest.raises(TooManyRequests):
        throttle.check("ayse", "5.6.7.8")  # still locked: its failures are recent


def test_the_lock_holds_the_guessers_not_the_owner() -> None:
    clock = Clock()
    throttle = LoginThrottle(per_user=3, per_client=5, window_seconds=60, clock=clock)
    throttle.succeeded("ayse", "192.168.1.7")  # her usual machine
    for _ in range(3):
        throttle.failed("ayse", "203.0.113.9")  # someone else guessing
    with pytest.raises(TooManyRequests):
        throttle.check("ayse", "203.0.113.9")
    with pytest.raises(TooManyRequests):
        throttle.check("ayse", "198.51.100.1")  # any other new place
    throttle.check("ayse", "192.168.1.7")  # she still gets in from where she did before
    for _ in range(5):
        throttle.failed("ayse", "192.168.1.7")
    with pytest.raises(TooManyRequests):  # but that machine's own guesses count
        throttle.check("ayse", "192.168.1.7")


def request_from(peer: str, forwarded: str | None) -> Request:
    headers = [(b"x-forwarded-for", forwarded.encode())] if forwarded else []
    scope = {"type": "http", "client": (peer, 1234), "headers": headers, "method": "GET"}
    return Request(scope)


@pytest.mark.parametrize(
    ("peer", "forwarded", "proxies", "client"),
    [("127.0.0.1", "6.6.6.6", [], "127.0.0.1"),  # no proxy configured: the peer
     ("127.0.0.1", "6.6.6.6", ["10.0.0.1"], "127.0.0.1"),  # the peer is not a proxy
     ("10.0.0.1", "6.6.6.6", ["10.0.0.1"], "6.6.6.6"),
     ("10.0.0.1", "1.1.1.1, 6.6.6.6", ["10.0.0.0/8"], "6.6.6.6"),  # the client's own claim
     ("10.0.0.2", "6.6.6.6, 10.0.0.1", ["10.0.0.0/8"], "6.6.6.6"),  # two proxies
     ("10.0.0.1", "not-an-address", ["10.0.0.1"], "10.0.0.1"),
     ("10.0.0.1", None, ["10.0.0.1"], "10.0.0.1")],
)  # fmt: skip
def test_forwarded_addresses_count_only_from_trusted_proxies(
    peer: str, forwarded: str | None, proxies: list[str], client: str
) -> None:
    assert client_address(request_from(peer, forwarded), parse_networks(proxies)) == client


def test_a_session_ends_at_logout_and_at_its_absolute_lifetime(tmp_path: Path) -> None:
    clock = Clock()
    store = SessionStore(tmp_path / "sessions.json", absolute_seconds=3600, clock=clock)
    kept, ended = store.open("ayse", "hash-1"), store.open("ayse", "hash-1")
    store.end(ended)
    assert store.get(ended) is None
    other_process = SessionStore(tmp_path / "sessions.json", absolute_seconds=3600, clock=clock)
    assert other_process.get(kept) is not None and other_process.get(ended) is None
    assert kept not in (tmp_path / "sessions.json").read_text()  # only its sha256 is stored
    clock.now += 3601
    assert store.get(kept) is None
