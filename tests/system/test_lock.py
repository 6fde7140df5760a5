"""The dependency locks: every declared dependency is pinned in them within its range, and
`scripts/_setup.sh` refuses (with a message saying what to run) a lock made from other
declarations than pyproject.toml's: CI installs exactly the lock, never a fresh resolution."""

from __future__ import annotations

import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement

PROJECT_ROOT = Path(__file__).resolve().parents[2]
LOCKS = ("requirements.lock", "requirements-dev.lock")


def pins(lock: Path) -> dict[str, str]:
    found = re.findall(r"^([A-Za-z0-9_.\-]+)==([^ \\]+)", lock.read_text(), re.MULTILINE)
    return {name.lower().replace("_", "-"): version for name, version in found}


def declared(extras: bool) -> list[Requirement]:
    data = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())
    wanted = list(data["project"]["dependencies"]) + list(data["build-system"]["requires"])
    if extras:
        wanted += data["project"]["optional-dependencies"]["dev"]
    return [Requirement(text) for text in wanted]


@pytest.mark.parametrize("lock", LOCKS)
def test_every_declared_dependency_is_pinned_within_its_range(lock: str) -> None:
    pinned = pins(PROJECT_ROOT / lock)
    for requirement in declared(extras=lock == "requirements-dev.lock"):
        name = requirement.name.lower().replace("_", "-")
        assert name in pinned, f"{name} is declared but not in {lock}: run scripts/lock"
        assert requirement.specifier.contains(pinned[name]), (name, pinned[name], lock)


def test_every_pin_carries_a_hash() -> None:
    for lock in LOCKS:
        text = (PROJECT_ROOT / lock).read_text()
        for block in re.split(r"\n(?=[A-Za-z0-9])", text.split("\n", 3)[-1]):
            if "==" in block.split("\n")[0]:
                assert "--hash=sha256:" in block, block.split("\n")[0]


def check_lock(root: Path) -> subprocess.CompletedProcess[str]:
    command = 'source scripts/_setup.sh && check_lock "$KAYNAK_ROOT/requirements-dev.lock"'
    return subprocess.run(
        ["bash", "-c", command], cwd=root, capture_output=True, text=True, timeout=60
    )


def test_a_lock_that_disagrees_with_pyproject_stops_the_set_up(tmp_path: Path) -> None:
    (tmp_path / "scripts").mkdir()
    for name in ("scripts/_setup.sh", "scripts/lock_inputs.py", "pyproject.toml", *LOCKS):
        shutil.copy(PROJECT_ROOT / name, tmp_path / name)
    agreed = check_lock(tmp_path)
    assert agreed.returncode == 0, agreed.stderr

    pyproject = tmp_path / "pyproject.toml"
    text = pyproject.read_text()
    pyproject.write_text(text.replace('"tomli-w~=1.0",', '"tomli-w~=1.0",\n    "tomli~=2.0",'))
    refused = check_lock(tmp_path)
    assert refused.returncode == 1
    assert "does not match pyproject.toml's dependencies" in refused.stderr
    assert "Run scripts/lock" in refused.stderr
