"""Search and index figures at library scale: the default corpus plus N synthetic units.

    scripts/bench_scale [--units N] [--data-dir DIR] [--reuse] [--rounds R] [--procs P]

Builds, in `DIR` (default `var/bench-scale/units-N`), the index of the default corpus and N
deterministic synthetic units (`scripts/synthetic_units.py`), written through
`indexer.index.store.unit_fields` into the real schema. Then, in a fresh process (so that
its memory is a serving process's), it runs a fixed query mix through the real
`SearchService.search` and the same queries as one raw Whoosh BM25 OR query on `body_tr`,
measures throughput with 1 and 4 concurrent clients, and the dev-set nDCG@10. `--reuse`
measures an index built before with the same N. Besides wall-clock times it prints the CPU
time a search takes (its thread's), which a loaded machine's waits leave out. The last line
is the summary:

    units=… build_units_per_s=… p50_ms=… p95_ms=… raw_p50_ms=… ratio=… rss_mb=… ndcg=…
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import threading
import time
from collections import defaultdict
from dataclasses import asdict, dataclass
from pathlib import Path

from whoosh import query as wq

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "scripts")]

from synthetic_units import TextSource, law_source, synthetic_units

from indexer.analysis import analyze
from indexer.index import IndexStore
from indexer.index.store import unit_fields
from search_api.search import SearchRequest, SearchService, evaluate, load_queries, parse_user_query

SHARED = ROOT.parent / "shared"
DEV_QUERIES = SHARED / "eval" / "dev-queries.jsonl"
LAW_TEXTS = SHARED / "testdata" / "law-texts"
BUILT_STAMP = "bench-scale-build.json"
THROUGHPUT_QUERIES = 12  # each client runs the first dozen of the mix
BROAD = ["belediye", "göç", "the", "mülteci", "migration", "kanun"]
PHRASES = ['"sınır dışı etme"', '"geçici koruma"', '"international protection"']
CITATIONS = ["6458 m. 91", "YUKK 53", "5216 sayılı Kanunun 7. maddesi", "geçici madde 1"]
FILTERED = [
    SearchRequest(q="belediye hizmetleri", kind="report", year_from=2010, year_to=2020),
    SearchRequest(q="göç", kind="law", year_from=2000),
    SearchRequest(q="refugees municipalities", kind="report", lang="en", year_to=2018),
]
WIDE = [SearchRequest(q="belediye", per_page=50), SearchRequest(q="göç politikası", per_page=50)]


@dataclass
class BuildFigures:
    units: int  # every unit in the index: default corpus and synthetic
    synthetic_units: int
    corpus_seconds: float
    synthetic_seconds: float

    @property
    def units_per_second(self) -> float:
        return self.units / max(self.corpus_seconds + self.synthetic_seconds, 1e-9)


def query_mix() -> list[SearchRequest]:
    dev = [SearchRequest(q=query.query) for query in load_queries(DEV_QUERIES)]
    words = [SearchRequest(q=text) for text in [*BROAD, *PHRASES, *CITATIONS]]
    return [*dev, *words, *FILTERED, *WIDE]


# -- building ------------------------------------------------------------------------------


def report_sources(store: IndexStore) -> tuple[TextSource, TextSource]:
    """Turkish and English report text: the default corpus's report pages, from the index;
    the Turkish ones with the law texts too (one short Turkish report is too small a
    vocabulary, and Turkish reports on migration speak the laws' language)."""
    texts: dict[str, list[str]] = defaultdict(list)
    with store.index.searcher() as searcher:
        for docnum in searcher.docs_for_query(wq.Term("kind", "report")):
            stored = searcher.stored_fields(docnum)
            texts[stored.get("lang", "tr")].append(stored.get("text", ""))
    laws = [path.read_text(encoding="utf-8") for path in sorted(LAW_TEXTS.glob("*.md"))]
    return TextSource.from_texts([*texts["tr"], *laws]), TextSource.from_texts(texts["en"])


def build(data_dir: Path, count: int, procs: int) -> BuildFigures:
    started = time.perf_counter()
    store = IndexStore(data_dir)
    summary = store.reconcile(ROOT / "corpus")
    corpus_seconds = time.perf_counter() - started
    print(f"default corpus: {summary.line()}", flush=True)
    started = time.perf_counter()
    turkish, english = report_sources(store)
    laws = law_source(LAW_TEXTS)
    options = {"procs": procs, "multisegment": True} if procs > 1 else {}
    writer = store.index.writer(limitmb=256, **options)
    for number, unit in enumerate(synthetic_units(count, laws, turkish, english), start=1):
        writer.add_document(**unit_fields(unit, f"synthetic/{unit.doc_id}.pdf"))
        if number % 5000 == 0:
            rate = number / (time.perf_counter() - started)
            print(f"  {number} synthetic units ({rate:.0f}/s)", flush=True)
    writer.commit()
    figures = BuildFigures(
        units=summary.units + count,
        synthetic_units=count,
        corpus_seconds=round(corpus_seconds, 1),
        synthetic_seconds=round(time.perf_counter() - started, 1),
    )
    (data_dir / BUILT_STAMP).write_text(json.dumps(asdict(figures)))
    return figures


def directory_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 2**20


# -- measuring (in a fresh process) --------------------------------------------------------


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))]


def raw_query(schema: object, text: str) -> wq.Query:
    """The floor: the query's words, stemmed, as one OR on `body_tr`."""
    parsed = parse_user_query(text)
    words = [*parsed.words, *(w for phrase in parsed.phrases for w in phrase.split())]
    analyzer = schema["body_tr"].analyzer  # type: ignore[index]
    terms = dict.fromkeys(term for word in words for term in analyze(analyzer, word))
    return wq.Or([wq.Term("body_tr", term) for term in terms])


def resident_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def throughput(service: SearchService, mix: list[SearchRequest], clients: int) -> float:
    """Searches per second with `clients` threads sharing the service, each running the mix."""

    def client() -> None:
        for request in mix:
            service.search(request)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return clients * len(mix) / (time.perf_counter() - started)


def measure(data_dir: Path, rounds: int) -> dict[str, float]:
    opened = time.perf_counter()
    service = SearchService(IndexStore(data_dir))
    mix = query_mix()
    first = time.perf_counter()
    service.search(mix[0])
    open_ms = (time.perf_counter() - opened) * 1000
    first_ms = (time.perf_counter() - first) * 1000
    for request in mix:  # warm-up
        service.search(request)
    took: list[float] = []
    cpu: list[float] = []  # this thread's CPU time: what a loaded machine's waits leave out
    slowest: dict[str, float] = {}
    for _ in range(rounds):
        for request in mix:
            spent = time.thread_time()
            result = service.search(request)
            cpu.append((time.thread_time() - spent) * 1000)
            took.append(result.took_ms)
            slowest[request.q] = max(slowest.get(request.q, 0.0), result.took_ms)
    raw: list[float] = []
    raw_cpu: list[float] = []
    with service.store.index.searcher() as searcher:
        queries = [(raw_query(searcher.schema, r.q), r.per_page) for r in mix]
        for query, limit in queries:
            searcher.search(query, limit=limit)
        for _ in range(rounds):
            for query, limit in queries:
                started, spent = time.perf_counter(), time.thread_time()
                searcher.search(query, limit=limit)
                raw_cpu.append((time.thread_time() - spent) * 1000)
                raw.append((time.perf_counter() - started) * 1000)
    ndcg = evaluate(service, load_queries(DEV_QUERIES)).overall.ndcg
    one = throughput(service, mix[:THROUGHPUT_QUERIES], 1)
    four = throughput(service, mix[:THROUGHPUT_QUERIES], 4)
    worst = sorted(slowest.items(), key=lambda item: -item[1])[:5]
    return {
        "open_and_first_ms": round(open_ms, 1),
        "first_search_ms": round(first_ms, 1),
        "searches": len(took),
        "p50_ms": round(percentile(took, 0.5), 1),
        "p95_ms": round(percentile(took, 0.95), 1),
        "max_ms": round(max(took), 1),
        "raw_p50_ms": round(percentile(raw, 0.5), 1),
        "raw_p95_ms": round(percentile(raw, 0.95), 1),
        "cpu_p50_ms": round(percentile(cpu, 0.5), 1),
        "cpu_p95_ms": round(percentile(cpu, 0.95), 1),
        "raw_cpu_p50_ms": round(percentile(raw_cpu, 0.5), 1),
        "ndcg": round(ndcg, 3),
        "qps_1": round(one, 2),
        "qps_4": round(four, 2),
        "rss_mb": round(resident_mb(), 0),
        "slowest": "; ".join(f"{q!r} {ms:.0f}" for q, ms in worst),  # type: ignore[dict-item]
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--units", type=int, default=100_000)
    parser.add_argument("--data-dir", type=Path)
    parser.add_argument("--reuse", action="store_true", help="measure an index built before")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--procs", type=int, default=1, help="Whoosh writer processes")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    data_dir = args.data_dir or ROOT / "var" / "bench-scale" / f"units-{args.units}"
    if args.measure:
        print(json.dumps(measure(data_dir, args.rounds)))
        return
    stamp = data_dir / BUILT_STAMP
    if args.reuse and stamp.is_file():
        figures = BuildFigures(**json.loads(stamp.read_text()))
        print(f"reusing {data_dir} (built before)")
    else:
        if data_dir.exists():
            raise SystemExit(f"{data_dir} exists: remove it, or pass --reuse")
        figures = build(data_dir, args.units, args.procs)
    print(
        f"build: {figures.units} units; default corpus {figures.corpus_seconds:.1f} s, "
        f"{figures.synthetic_units} synthetic units {figures.synthetic_seconds:.1f} s "
        f"({figures.synthetic_units / max(figures.synthetic_seconds, 1e-9):.0f} units/s); "
        f"{figures.units_per_second:.0f} units/s end to end"
    )
    print(f"index size: {directory_mb(data_dir / 'indexes'):.0f} MB")
    child = subprocess.run(
        [sys.executable, __file__, "--measure", "--data-dir", str(data_dir),
         "--rounds", str(args.rounds)],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    found = json.loads(child.stdout.strip().splitlines()[-1])
    ratio = found["p50_ms"] / max(found["raw_p50_ms"], 1e-9)
    print(
        f"open + first search: {found['open_and_first_ms']} ms (first search "
        f"{found['first_search_ms']} ms)\n"
        f"search (server-side, {found['searches']} searches): p50 {found['p50_ms']} ms, "
        f"p95 {found['p95_ms']} ms, max {found['max_ms']} ms\n"
        f"raw Whoosh BM25 OR on body_tr: p50 {found['raw_p50_ms']} ms, "
        f"p95 {found['raw_p95_ms']} ms; ratio {ratio:.2f}\n"
        f"CPU time a search: p50 {found['cpu_p50_ms']} ms, p95 {found['cpu_p95_ms']} ms; "
        f"raw p50 {found['raw_cpu_p50_ms']} ms; ratio "
        f"{found['cpu_p50_ms'] / max(found['raw_cpu_p50_ms'], 1e-9):.2f}\n"
        f"slowest: {found['slowest']}\n"
        f"throughput: {found['qps_1']} searches/s with 1 client, {found['qps_4']} with 4 "
        f"({found['qps_4'] / max(found['qps_1'], 1e-9):.2f}x)\n"
        f"serving RSS: {found['rss_mb']:.0f} MB; dev nDCG@10: {found['ndcg']}"
    )
    print(
        f"units={figures.units} build_units_per_s={figures.units_per_second:.1f} "
        f"p50_ms={found['p50_ms']} p95_ms={found['p95_ms']} raw_p50_ms={found['raw_p50_ms']} "
        f"ratio={ratio:.2f} rss_mb={found['rss_mb']:.0f} ndcg={found['ndcg']}"
    )


if __name__ == "__main__":
    main()
