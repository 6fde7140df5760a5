"""Search and index figures at library scale: the default corpus plus N synthetic units.

    scripts/bench_scale [--units N] [--data-dir DIR] [--reuse] [--rounds R] [--procs P]

Builds, in `DIR` (default `var/bench-scale/units-N`), the index of the default corpus and N
deterministic synthetic units (`scripts/synthetic_units.py`), written through
`IndexStore.add_units` (`unit_fields`) into the real schema on `--procs` processes. Then, in a
fresh process (so that its memory is a serving process's), it runs a fixed query mix through
the real `SearchService.search` and the same queries as one raw Whoosh BM25 OR query on
`body_tr`, and the dev-set nDCG@10. Then it measures throughput over HTTP: `kaynak serve
--workers W` (`--serve-workers`, default 2; a comma-separated list measures each) serves the
same data folder (start-up indexing off, the index served as it is), and 1, then 4 concurrent
clients each send the first dozen queries of the mix to `/api/search` (`--throughput-rounds`
times), searches/s by wall time, and the ratio of 4 clients to 1. `--reuse` measures an index
built before with the same N. Besides wall-clock times it prints the CPU time a search takes
(its thread's), which a loaded machine's waits leave out. The last line is the summary (the
throughput ratio of the last `--serve-workers` value):

    units=… build_units_per_s=… p50_ms=… p95_ms=… raw_p50_ms=… ratio=… rss_mb=… ndcg=…
    throughput_ratio=…
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import resource
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from whoosh import query as wq

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "scripts")]

from synthetic_units import TextSource, law_source, synthetic_units

from indexer.analysis import analyze
from indexer.index import IndexStore
from indexer.models import SearchUnit
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
    cpu_seconds: float = 0.0  # the build's CPU time: this process and its writing processes
    # Peak resident memory while building (read before anything opens the built index, whose
    # readers copy segment files into memory): this process, its largest writing process.
    indexing_rss_mb: float = 0.0
    writing_rss_mb: float = 0.0

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

    def counted(units: Iterator[SearchUnit]) -> Iterator[SearchUnit]:
        for number, unit in enumerate(units, start=1):
            yield unit
            if number % 5000 == 0:
                rate = number / (time.perf_counter() - started)
                print(f"  {number} synthetic units ({rate:.0f}/s)", flush=True)

    # The product's bulk path: commits of `BULK_BATCH_UNITS`, each written on `procs`
    # processes, segments merged in tiers.
    store.workers = procs
    store.add_units(
        counted(synthetic_units(count, laws, turkish, english)),
        lambda unit: f"synthetic/{unit.doc_id}.pdf",
    )
    figures = BuildFigures(
        units=summary.units + count,
        synthetic_units=count,
        corpus_seconds=round(corpus_seconds, 1),
        synthetic_seconds=round(time.perf_counter() - started, 1),
        cpu_seconds=round(cpu_seconds(), 1),
        indexing_rss_mb=round(peak_rss_mb(resource.RUSAGE_SELF)),
        writing_rss_mb=round(peak_rss_mb(resource.RUSAGE_CHILDREN)),
    )
    (data_dir / BUILT_STAMP).write_text(json.dumps(asdict(figures)))
    return figures


def cpu_seconds() -> float:
    """CPU time so far of this process and its finished children (the writing processes)."""
    own, children = (
        resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def peak_rss_mb(who: int) -> float:
    """The peak resident memory of this process, or of its largest finished child."""
    return resource.getrusage(who).ru_maxrss / 1024


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


@dataclass
class Throughput:
    workers: int
    qps_1: float
    qps_4: float
    took_p50_1: float  # server-side time (the response's took_ms), 1 client
    took_p50_4: float

    @property
    def ratio(self) -> float:
        return self.qps_4 / max(self.qps_1, 1e-9)


def query_string(request: SearchRequest) -> str:
    fields = ("q", "kind", "law", "lang", "year_from", "year_to", "per_page")
    params = {name: getattr(request, name) for name in fields}
    return urllib.parse.urlencode({k: v for k, v in params.items() if v not in (None, "")})


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def http_clients(port: int, paths: list[str], clients: int, rounds: int) -> tuple[float, float]:
    """Searches per second with `clients` concurrent HTTP clients (each the mix `rounds`
    times, starting at another query), and the median server-side time. Each request is a
    connection of its own, as independent users' are: the workers share one listening
    socket, and a kept-alive connection would stay with whichever worker accepted it."""
    took: list[float] = []
    failures: list[str] = []

    def client(offset: int) -> None:
        order = paths[offset:] + paths[:offset]
        for _ in range(rounds):
            for path in order:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
                connection.request("GET", path, headers={"Connection": "close"})
                response = connection.getresponse()
                body = response.read()
                connection.close()
                if response.status != 200:
                    failures.append(f"{response.status} {path}")
                    continue
                took.append(float(json.loads(body)["took_ms"]))

    threads = [
        threading.Thread(target=client, args=(n * len(paths) // clients,)) for n in range(clients)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    if failures:
        raise SystemExit(f"searches failed over HTTP: {failures[:5]}")
    return clients * rounds * len(paths) / elapsed, percentile(took, 0.5)


def serve_throughput(data_dir: Path, workers: int, rounds: int) -> Throughput:
    """Throughput of `kaynak serve --workers N` over `data_dir`, a real service process."""
    port = free_port()
    paths = [f"/api/search?{query_string(r)}" for r in query_mix()[:THROUGHPUT_QUERIES]]
    env = {**os.environ, "KAYNAK_INDEX_ON_START": "false", "KAYNAK_WORKERS": "1"}
    command = [
        sys.executable, "-m", "search_api.cli", "serve", "--corpus", str(ROOT / "corpus"),
        "--data", str(data_dir), "--port", str(port), "--workers", str(workers),
    ]  # fmt: skip
    log = data_dir / f"bench-serve-{workers}.log"
    with log.open("wb") as output:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=output)
    try:
        deadline = time.monotonic() + 600
        while True:
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"the service did not start: {log.read_text()[-2000:]}")
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                connection.request("GET", "/healthz")
                if connection.getresponse().status == 200:
                    break
            except OSError:
                pass
            time.sleep(0.2)
        http_clients(port, paths, 4, 2)  # warm-up: every worker opens its searchers
        qps_1, took_1 = http_clients(port, paths, 1, rounds)
        qps_4, took_4 = http_clients(port, paths, 4, rounds)
    finally:
        process.terminate()
        process.wait(timeout=60)
    return Throughput(workers, round(qps_1, 2), round(qps_4, 2), took_1, took_4)


def is_synthetic(doc_id: str) -> bool:
    return doc_id.startswith("synthetic-")


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
    ndcg = evaluate(service, load_queries(DEV_QUERIES)).overall.ndcg
    # Synthetic units are unjudged, not judged irrelevant; built from the judged units' own
    # sentences, a page quoting "Seyahat belgesi MADDE 84 – (1) Mültecilere …" ranks near the
    # article it quotes and, counted as irrelevant, would charge the engine for the gaps.
    judged = evaluate(
        service, load_queries(DEV_QUERIES), lambda hit: not is_synthetic(hit.doc_id)
    ).overall.ndcg
    # The serving process's memory, read before the raw baseline: Whoosh's own searcher
    # copies every segment file it reads into memory (1.1 GB more at 100,369 units), which
    # the service's searchers do not (`search_api.search.mapped`).
    serving_mb = resident_mb()
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
        "ndcg_judged": round(judged, 3),
        "rss_mb": round(serving_mb, 0),
        "slowest": "; ".join(f"{q!r} {ms:.0f}" for q, ms in worst),  # type: ignore[dict-item]
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--units", type=int, default=100_000)
    parser.add_argument("--data-dir", type=Path)
    parser.add_argument("--reuse", action="store_true", help="measure an index built before")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--procs", type=int, default=2, help="writing processes")
    parser.add_argument(
        "--serve-workers", default="2", help="worker processes of the measured service (1,2: each)"
    )
    parser.add_argument("--throughput-rounds", type=int, default=3)
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
        f"{figures.units_per_second:.0f} units/s end to end; {figures.cpu_seconds:.0f} CPU s "
        f"({figures.units / max(figures.cpu_seconds, 1e-9):.0f} units per CPU s)"
    )
    with IndexStore(data_dir).index.reader() as reader:
        segments = len(reader.leaf_readers())
    print(
        f"index size: {directory_mb(data_dir / 'indexes'):.0f} MB in {segments} segments; "
        f"indexing peak RSS {figures.indexing_rss_mb:.0f} MB (writing processes "
        f"{figures.writing_rss_mb:.0f} MB)"
    )
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
        f"serving RSS: {found['rss_mb']:.0f} MB; dev nDCG@10: {found['ndcg']} "
        f"({found['ndcg_judged']} over the judged units alone)",
        flush=True,
    )
    measured = []
    for workers in [int(value) for value in args.serve_workers.split(",")]:
        figures_http = serve_throughput(data_dir, workers, args.throughput_rounds)
        measured.append(figures_http)
        print(
            f"throughput over HTTP, kaynak serve --workers {workers}: "
            f"{figures_http.qps_1} searches/s with 1 client (server p50 "
            f"{figures_http.took_p50_1:.0f} ms), {figures_http.qps_4} with 4 (server p50 "
            f"{figures_http.took_p50_4:.0f} ms); {figures_http.ratio:.2f}x",
            flush=True,
        )
    print(
        f"units={figures.units} build_units_per_s={figures.units_per_second:.1f} "
        f"p50_ms={found['p50_ms']} p95_ms={found['p95_ms']} raw_p50_ms={found['raw_p50_ms']} "
        f"ratio={ratio:.2f} rss_mb={found['rss_mb']:.0f} ndcg={found['ndcg']} "
        f"throughput_ratio={measured[-1].ratio:.2f} ndcg_judged={found['ndcg_judged']}"
    )


if __name__ == "__main__":
    main()
