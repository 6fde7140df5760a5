"""What the dependency locks are made from, read from pyproject.toml (standard library only:
it runs before any virtualenv exists).

`python scripts/lock_inputs.py fingerprint` prints a digest of the dependency declarations
(Python version, dependencies, extras, build requirements); `scripts/lock` writes it into
each lock and `scripts/_setup.sh` refuses a lock whose digest differs from pyproject.toml's.
`python scripts/lock_inputs.py build-requirements` prints the build-system requirements, so
that the build backend is hash-pinned too.
"""

from __future__ import annotations

import hashlib
import json
import sys
import tomllib
from pathlib import Path

PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"


def declarations(pyproject: Path = PYPROJECT) -> dict[str, object]:
    data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    project = data.get("project", {})
    return {
        "requires-python": project.get("requires-python"),
        "dependencies": project.get("dependencies", []),
        "optional-dependencies": project.get("optional-dependencies", {}),
        "build-requires": data.get("build-system", {}).get("requires", []),
    }


def fingerprint(pyproject: Path = PYPROJECT) -> str:
    encoded = json.dumps(declarations(pyproject), sort_keys=True).encode()
    return hashlib.sha256(encoded).hexdigest()[:16]


def main(arguments: list[str]) -> int:
    if arguments == ["fingerprint"]:
        print(fingerprint())
    elif arguments == ["build-requirements"]:
        print("\n".join(map(str, declarations()["build-requires"])))  # type: ignore[call-overload]
    else:
        print("usage: lock_inputs.py fingerprint|build-requirements", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
