"""Cross-language ranking: nDCG@10 per category for glossary translation weights.

    python scripts/bench_cross_language.py DATA_DIR [--boost 0.8 0.3 ...]

DATA_DIR holds an index of the default corpus (`KAYNAK_DATA_DIR`, `var/` by default). Each
weight runs the real `SearchService` with `expansion_boost` set to it over the shared dev
set and tests/eval-extra-queries.jsonl, and prints every category (report-en and en-law are
the ones a translation weight moves), plus where the English page that says "refugees" ranks
for `refugees`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from indexer.index import IndexStore
from search_api.search import SearchRequest, SearchService, evaluate, load_queries
from search_api.search.ranking import DEFAULT_RANKING

QUERY_FILES = (ROOT.parent / "shared" / "eval" / "dev-queries.jsonl",
               ROOT / "tests" / "eval-extra-queries.jsonl")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--boost", type=float, nargs="+", default=[0.8, 0.5, 0.3, 0.2])
    arguments = parser.parse_args()
    store = IndexStore(arguments.data_dir)
    for boost in arguments.boost:
        service = SearchService(store, ranking=DEFAULT_RANKING.but(expansion_boost=boost))
        print(f"== expansion_boost {boost} (shipped: {DEFAULT_RANKING.expansion_boost})")
        for path in QUERY_FILES:
            if path.exists():
                print(f"-- {path.name}")
                print(evaluate(service, load_queries(path)).table())
        hits = service.search(SearchRequest(q="refugees", per_page=20)).hits
        english = [i + 1 for i, hit in enumerate(hits) if hit.lang == "en"]
        print(f"refugees: first English unit at rank {english[0] if english else None}\n")


if __name__ == "__main__":
    main()
