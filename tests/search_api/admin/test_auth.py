"""The login throttle (pure, with a fake clock) and the secret key's generation."""

from __future__ import annotations

from pathlib import Path

import pytest

from search_api.admin import LoginThrottle, secret_key_for
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
