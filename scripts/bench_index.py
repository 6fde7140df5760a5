"""Indexing throughput: units/s for N deterministic synthetic units, through Kaynak's write
path, in the ways Whoosh can write them.

    python scripts/bench_index.py [--units 3000] [--modes single batched procs2]

Modes, each into a fresh index in a temporary folder:
- `single`: one writer, one commit (what a single `IndexStore.add_units` call does);
- `batched`: commits every `reconcile.BATCH_UNITS` units (what the batched reconcile does);
- `procs2`: Whoosh's multi-process writer (`procs=2, multisegment=True`), one commit.
The units come from `scripts/synthetic_units.py` (sentences and Zipf-sampled words of the
shared law texts), so figures are comparable with `scripts/bench_scale`.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from itertools import islice
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "scripts")]

from synthetic_units import law_source, synthetic_units

from indexer.index import IndexStore, write_units
from indexer.index.reconcile import BATCH_UNITS
from indexer.models import SearchUnit

LAW_TEXTS = ROOT.parent / "shared" / "testdata" / "law-texts"
MODES = ("single", "batched", "procs2")


def make_units(count: int) -> list[SearchUnit]:
    laws = law_source(LAW_TEXTS)
    return list(synthetic_units(count, laws, laws, laws))


def write(store: IndexStore, units: list[SearchUnit], mode: str) -> None:
    if mode == "single":
        store.add_units(units, "synthetic.pdf")
    elif mode == "batched":
        iterator = iter(units)
        while batch := list(islice(iterator, BATCH_UNITS)):
            store.add_units(batch, "synthetic.pdf")
    else:
        writer = store.index.writer(procs=2, multisegment=True, limitmb=128)
        write_units(writer, units, "synthetic.pdf")
        writer.commit()


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
            store = IndexStore(Path(folder))
            started = time.perf_counter()
            write(store, units, mode)
            seconds = time.perf_counter() - started
            with store.index.searcher() as searcher:
                assert searcher.doc_count() == len(units)
        print(f"mode={mode} units={len(units)} seconds={seconds:.1f} "
              f"units_per_s={len(units) / seconds:.0f}", flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
