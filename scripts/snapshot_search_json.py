"""Snapshot the JSON API's answer to every query of the dev, extra and real query sets, to
compare two versions of the code (behaviour unchanged, `took_ms` aside).

    PYTHONPATH=$PWD .venv/bin/python scripts/snapshot_search_json.py OUT.jsonl [--data DIR]
    diff <(before) <(after)

The dev and extra sets run over `corpus/`, the real set over ../shared/testdata/pdfs/real;
each index is built in DIR (kept, so a second run reuses it).
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from fastapi.testclient import TestClient

from search_api.app import create_app
from search_api.settings import PROJECT_ROOT, Settings

SHARED = PROJECT_ROOT.parent / "shared"
SETS = [
    ("dev", SHARED / "eval" / "dev-queries.jsonl", PROJECT_ROOT / "corpus"),
    ("extra", PROJECT_ROOT / "tests" / "eval-extra-queries.jsonl", PROJECT_ROOT / "corpus"),
    ("real", PROJECT_ROOT / "tests" / "eval-real-queries.jsonl", SHARED / "testdata/pdfs/real"),
]


def wait_for_indexing(client: TestClient) -> None:
    """The start-up indexing runs in the background: answer only once it is done."""
    while client.get("/healthz").json().get("indexing", {}).get("state") == "running":
        time.sleep(0.5)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--data", type=Path, default=Path("/tmp/kaynak-snapshot"))
    args = parser.parse_args()
    lines = []
    for name, queries, corpus in SETS:
        settings = Settings(corpus_dir=corpus, data_dir=args.data / corpus.name, workers=2)
        with TestClient(create_app(settings)) as client:
            wait_for_indexing(client)
            for line in queries.read_text(encoding="utf-8").splitlines():
                if not line.strip():
                    continue
                query = json.loads(line)["query"]
                for params in ({"q": query}, {"q": query, "ui": "en", "per_page": "20"}):
                    body = client.get("/api/search", params=params).json()
                    body.pop("took_ms", None)
                    lines.append(json.dumps({"set": name, "params": params, "body": body}))
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines)} answers written to {args.out}")


if __name__ == "__main__":
    main()
