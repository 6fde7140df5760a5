"""Where one search's time goes, on an index built by `scripts/bench_scale`.

    python scripts/bench_profile.py --data-dir var/bench-scale/units-10000 [--rounds R]
        [--query TEXT] [--top N]

Runs the scale benchmark's query mix (or one `--query`) through the real
`SearchService.search` under cProfile, after a warm-up, and prints the functions that take
the time (own time and cumulative), grouped into the search's stages: query planning,
scoring (term postings, positions), filters and facets, stored fields and snippets,
suggestions. Prints figures only; it changes nothing.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "scripts")]

from bench_scale import percentile, query_mix

from indexer.index import IndexStore
from search_api.search import SearchRequest, SearchService

# A stage is the cumulative time of the functions named here (module path fragment, name).
STAGES = {
    "plan (parse, analyse, glossary)": [("search/query.py", "plan_query")],
    "citations": [("search/citations.py", "cited_units")],
    "scoring (first stage and ranking)": [("search/matches.py", "of")],
    "ordering (top k)": [("search/matches.py", "best")],
    "stored fields": [
        ("whoosh/reading.py", "stored_fields"),
        ("whoosh/searching.py", "stored_fields"),
    ],
    "snippets": [("search/snippets.py", "make_snippet")],
    "facets": [("search/matches.py", "counts")],
    "filters": [("search/matches.py", "units"), ("search/service.py", "_filters")],
    "suggestion": [("search/service.py", "_suggestion")],
    "version (open, refresh check)": [("search/searchers.py", "current")],
}


def stage_times(stats: pstats.Stats) -> dict[str, float]:
    found = dict.fromkeys(STAGES, 0.0)
    table = stats.stats  # type: ignore[attr-defined]
    for (path, _, name), (_, _, _, cumulative, _) in table.items():
        for stage, functions in STAGES.items():
            if any(path.endswith(fragment) and name == wanted for fragment, wanted in functions):
                found[stage] += cumulative
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--query", help="profile this query alone")
    parser.add_argument("--top", type=int, default=30)
    args = parser.parse_args()
    service = SearchService(IndexStore(args.data_dir))
    mix = [SearchRequest(q=args.query)] if args.query else query_mix()
    for request in mix:  # warm-up: versions, tables, caches
        service.search(request)
    took: list[float] = []
    profile = cProfile.Profile()
    started = time.perf_counter()
    profile.enable()
    for _ in range(args.rounds):
        for request in mix:
            took.append(service.search(request).took_ms)
    profile.disable()
    wall = (time.perf_counter() - started) * 1000
    searches = len(took)
    print(
        f"{searches} searches under the profiler: p50 {percentile(took, 0.5):.1f} ms, "
        f"p95 {percentile(took, 0.95):.1f} ms, {wall / searches:.1f} ms a search on average"
    )
    stats = pstats.Stats(profile)
    print("\nstage (cumulative ms a search; stages nest, so they need not add up):")
    for stage, seconds in stage_times(stats).items():
        print(f"  {stage:36s} {seconds * 1000 / searches:8.1f}")
    stats.sort_stats("tottime").print_stats(args.top)
    stats.sort_stats("cumulative").print_stats(args.top)


if __name__ == "__main__":
    main()
