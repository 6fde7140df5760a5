"""Compare what two checkouts of Kaynak do: the same JSON for every search of the dev, extra
and real query sets, and the same extracted text for every shared PDF.

    scripts/compare_behaviour [--base /tmp/base] [--head .] [--output var/compare] [--reuse-base]

Each side runs in its own process with PYTHONPATH set to its tree, and writes one JSON file
(`dump` below, using only what both trees have: `search_api.app.create_app`, the JSON API
over HTTP, `indexer.corpus.CorpusFile` and `extract_document`). Then the two files are
compared and every difference is printed, grouped by what differs. `took_ms` is dropped; the
rest of each response is compared whole.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parents[1]
QUERY_SETS = {
    "dev": ("{shared}/eval/dev-queries.jsonl", "corpus"),
    "extra": ("{tree}/tests/eval-extra-queries.jsonl", "corpus"),
    "real": ("{tree}/tests/eval-real-queries.jsonl", "real"),
}
PDF_FOLDERS = ("testdata/pdfs/real", "testdata/pdfs/odd")
VOLATILE_KEYS = {"took_ms"}


# -- one side ------------------------------------------------------------------------------


def load_queries(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def served_searches(corpus: Path, data_dir: Path, queries: list[dict[str, Any]]) -> dict[str, Any]:
    """Every query through the real app's JSON API, as a user's browser would send it."""
    from fastapi.testclient import TestClient

    from search_api.app import create_app
    from search_api.settings import Settings

    settings = Settings(corpus_dir=corpus, data_dir=data_dir, workers=2)
    results: dict[str, Any] = {}
    with TestClient(create_app(settings)) as client:
        wait_for_indexing(client)
        for query in queries:
            for label, params in (
                ("default", {"q": query["query"]}),
                ("top10-repealed", {"q": query["query"], "per_page": "10", "repealed": "1"}),
            ):
                response = client.get("/api/search", params=params)
                body = response.json()
                for key in VOLATILE_KEYS:
                    body.pop(key, None)
                results[f"{query['id']} {label}"] = {"status": response.status_code, "body": body}
    return results


def wait_for_indexing(client: Any, timeout: float = 1800.0) -> None:
    """Until the start-up indexing is over: later trees index in the background after the
    app starts (`/healthz` says how far), earlier ones before it answers at all."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        indexing = client.get("/healthz").json().get("indexing")
        if indexing is None or indexing.get("state") in ("done", "failed"):
            return
        time.sleep(0.5)
    raise TimeoutError("the start-up indexing did not finish")


def extract_function() -> Any:
    try:  # after the restructure
        from indexer.extraction import extract_document
    except ImportError:  # before it (0e49bd3)
        from indexer.pipeline import extract_document  # type: ignore[no-redef]
    return extract_document


def extracted_texts(shared: Path, ocr_cache: Path) -> dict[str, Any]:
    """Every shared PDF's units (id, page, text) and metadata, or the reason it was refused."""
    from indexer.corpus import CorpusFile
    from indexer.errors import UnreadablePdf

    extract_document = extract_function()
    texts: dict[str, Any] = {}
    for folder in PDF_FOLDERS:
        for pdf in sorted((shared / folder).glob("*.pdf")):
            corpus_file = CorpusFile(pdf.stem, pdf, pdf.with_suffix(".toml"), "compare")
            key = f"{folder}/{pdf.name}"
            try:
                document = extract_document(corpus_file, ocr_cache_dir=ocr_cache)
            except UnreadablePdf as error:
                texts[key] = {"refused": error.reason}
                continue
            except Exception as error:
                texts[key] = {"failed": f"{type(error).__name__}: {error}"[:300]}
                continue
            texts[key] = {
                "meta": dataclasses.asdict(document.meta),
                "page_count": document.page_count,
                "ocr_pages": document.ocr_pages,
                "units": [[unit.unit_id, unit.page, unit.text] for unit in document.units],
            }
    return texts


def dump(tree: Path, shared: Path, output: Path, ocr_cache: Path) -> None:
    started = time.perf_counter()
    result: dict[str, Any] = {"searches": {}, "texts": {}}
    with tempfile.TemporaryDirectory(prefix="kaynak-compare-") as scratch:
        real_corpus = Path(scratch) / "real-corpus"
        real_corpus.mkdir()
        for pdf in (shared / "testdata/pdfs/real").glob("*.pdf"):
            shutil.copy(pdf, real_corpus / pdf.name)
        corpora = {"corpus": tree / "corpus", "real": real_corpus}
        for name, (pattern, corpus) in QUERY_SETS.items():
            queries = load_queries(Path(pattern.format(shared=shared, tree=tree)))
            data_dir = Path(scratch) / f"data-{corpus}"  # dev and extra share one index
            found = served_searches(corpora[corpus], data_dir, queries)
            result["searches"].update({f"{name} {key}": value for key, value in found.items()})
    result["texts"] = extracted_texts(shared, ocr_cache)
    output.write_text(json.dumps(result, ensure_ascii=False, indent=1, sort_keys=True))
    print(f"{tree}: {len(result['searches'])} searches, {len(result['texts'])} PDFs, "
          f"{time.perf_counter() - started:.0f} s", file=sys.stderr)  # fmt: skip


# -- comparing -----------------------------------------------------------------------------


def differences(before: Any, after: Any, path: str = "") -> list[tuple[str, Any, Any]]:
    """Paths at which two JSON values differ, with the values there."""
    if isinstance(before, dict) and isinstance(after, dict):
        found = []
        for key in sorted(set(before) | set(after), key=str):
            where = f"{path}.{key}" if path else str(key)
            if key not in before or key not in after:
                found.append((where, before.get(key, "<absent>"), after.get(key, "<absent>")))
            else:
                found += differences(before[key], after[key], where)
        return found
    if isinstance(before, list) and isinstance(after, list) and len(before) == len(after):
        found = []
        for index, (old, new) in enumerate(zip(before, after, strict=True)):
            found += differences(old, new, f"{path}[{index}]")
        return found
    return [] if before == after else [(path, before, after)]


def field_of(where: str) -> str:
    """`body.hits[3].snippet_html` → `body.hits[].snippet_html`: what kind of thing differs."""
    return re.sub(r"\[\d+\]", "[]", where)


def short(value: Any, limit: int = 160) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def report(before: dict[str, Any], after: dict[str, Any], examples: int) -> int:
    changed = 0
    for section in ("searches", "texts"):
        old, new = before[section], after[section]
        keys = sorted(set(old) | set(new))
        kinds: Counter[str] = Counter()
        samples: dict[str, list[str]] = {}
        differing = 0
        for key in keys:
            found = differences(old.get(key, "<absent>"), new.get(key, "<absent>"))
            if not found:
                continue
            differing += 1
            for where, was, now in found:
                kind = field_of(where)
                kinds[kind] += 1
                line = f"  {key} {where}: {short(was)} → {short(now)}"
                samples.setdefault(kind, []).append(line)
        changed += differing
        print(f"== {section}: {differing} of {len(keys)} differ")
        for kind, count in kinds.most_common():
            print(f"- {kind}: {count} differences")
            for line in samples[kind][:examples]:
                print(line)
    return changed


def run_side(tree: Path, shared: Path, output: Path, ocr_cache: Path) -> None:
    environment = {**os.environ, "PYTHONPATH": str(tree)}
    command = [sys.executable, str(Path(__file__).resolve()), "dump", str(tree), str(shared)]
    command += [str(output), str(ocr_cache)]
    subprocess.run(command, cwd=tree, env=environment, check=True)


def main() -> int:
    if len(sys.argv) == 6 and sys.argv[1] == "dump":
        tree, shared, output, ocr_cache = map(Path, sys.argv[2:])
        dump(tree.resolve(), shared.resolve(), output, ocr_cache)
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", type=Path, default=Path("/tmp/base"))
    parser.add_argument("--head", type=Path, default=HERE)
    parser.add_argument("--shared", type=Path, default=HERE.parent / "shared")
    parser.add_argument("--output", type=Path, default=HERE / "var" / "compare")
    parser.add_argument("--examples", type=int, default=3, help="examples shown per kind")
    parser.add_argument("--reuse", action="store_true", help="compare the last dumps again")
    parser.add_argument("--reuse-base", action="store_true", help="dump only the head again")
    arguments = parser.parse_args()
    arguments.output.mkdir(parents=True, exist_ok=True)
    sides = {"base": arguments.base.resolve(), "head": arguments.head.resolve()}
    for name, tree in sides.items():
        target = arguments.output / f"{name}.json"
        ocr_cache = arguments.output / f"ocr-cache-{name}"  # each side OCRs for itself
        reuse = arguments.reuse or (arguments.reuse_base and name == "base")
        if not (reuse and target.is_file()):
            shutil.rmtree(ocr_cache, ignore_errors=True)
            run_side(tree, arguments.shared.resolve(), target, ocr_cache)
    before = json.loads((arguments.output / "base.json").read_text())
    after = json.loads((arguments.output / "head.json").read_text())
    print(f"base {sides['base']} → head {sides['head']}")
    changed = report(before, after, arguments.examples)
    print("same behaviour" if not changed else f"{changed} entries differ")
    return 0


if __name__ == "__main__":
    sys.exit(main())
