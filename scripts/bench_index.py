"""Indexing throughput: units/s for N deterministic synthetic units, through Kaynak's write
path, in the ways Whoosh can write them.

    python scripts/bench_index.py [--units 3000] [--modes single batched procs2]

Modes, each into a fresh index in a temporary folder, through `IndexStore.add_units`:
- `single`: one process, one commit;
- `batched`: one process, commits every `reconcile.BATCH_UNITS` units, segments merged in
  tiers (`indexer.index.writing`);
- `procs2`: commits every `reconcile.BATCH_UNITS` units, each written on two processes (what
  a rebuild from the extraction cache does);
- `bulk2`: commits of `store.BULK_BATCH_UNITS` on two processes (what `scripts/bench_scale`
  does).
Each line gives the wall-clock and the CPU time (this process and its writing processes).
The units come from `scripts/synthetic_units.py` (sentences and Zipf-sampled words of the
shared law texts), so figures are comparable with `scripts/bench_scale`.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path
from resource import RUSAGE_CHILDREN, RUSAGE_SELF

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "scripts")]

from synthetic_units import law_source, synthetic_units

from indexer.index import IndexStore
from indexer.index.reconcile import BATCH_UNITS
from indexer.models import SearchUnit

LAW_TEXTS = ROOT.parent / "shared" / "testdata" / "law-texts"
MODES = ("single", "batched", "procs2", "bulk2")


def make_units(count: int) -> list[SearchUnit]:
    laws = law_source(LAW_TEXTS)
    return list(synthetic_units(count, laws, laws, laws))


def write(folder: Path, units: list[SearchUnit], mode: str) -> IndexStore:
    store = IndexStore(folder, workers=2 if mode in ("procs2", "bulk2") else 1)
    if mode == "single":
        store.add_units(units, "synthetic.pdf", batch_units=len(units))
    elif mode in ("batched", "procs2"):
        store.add_units(units, "synthetic.pdf", batch_units=BATCH_UNITS)
    else:
        store.add_units(units, "synthetic.pdf")
    return store


def cpu_seconds() -> float:
    own, children = (resource.getrusage(who) for who in (RUSAGE_SELF, RUSAGE_CHILDREN))
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=3000)
    parser.add_argument("--modes", nargs="+", choices=MODES, default=list(MODES))
    args = parser.parse_args()
    units = make_units(args.units)
    print(f"{len(units)} synthetic units, {sum(len(u.text) for u in units) / len(units):.0f} "
          "characters each on average")  # fmt: skip
    for mode in args.modes:
        with tempfile.TemporaryDirectory() as folder:
            started, cpu = time.perf_counter(), cpu_seconds()
            store = write(Path(folder), units, mode)
            seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu
            with store.index.searcher() as searcher:
                assert searcher.doc_count() == len(units)
                segments = len(searcher.reader().leaf_readers())
        print(f"mode={mode} units={len(units)} seconds={seconds:.1f} "
              f"units_per_s={len(units) / seconds:.0f} cpu_s={cpu:.1f} "
              f"units_per_cpu_s={len(units) / cpu:.0f} segments={segments}",
              flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
