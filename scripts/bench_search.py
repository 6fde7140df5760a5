"""Index build time and warm-service query latency (p50/p95), printed as figures.

    scripts/bench [--rounds N] [--corpus DIR]

Builds a fresh index of the corpus in a temporary data folder (timed), starts the real
service under uvicorn on a loopback port, warms it, then sends a fixed query mix N times
and prints latency percentiles measured by the client.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
QUERY_MIX = [
    "geçici koruma",
    "gecici koruma",
    "ikamet izni çeşitleri",
    "uluslararası koruma başvurusu",
    "mültecilerin eğitim ve sağlık hizmetlerine erişimi",
    "büyükşehir belediyesinin sınırları",
    "belediye başkanının görev ve yetkileri",
    "6458 m. 91",
    "YUKK geçici madde 1",
    "5216 sayılı Kanunun 7. maddesi",
    "Türk vatandaşlığından çıkma",
    "çalışma izni muafiyeti",
    "Marmara Uluslararası Kent Forumu",
    "workshop role of municipalities for refugees",
    "international protection interview",
    "residence permit",
    '"sınır dışı etme"',
    "göç",
    "belediye",
    "deportation decision appeal",
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    args = parser.parse_args()
    kaynak = str(Path(sys.executable).parent / "kaynak")
    with tempfile.TemporaryDirectory() as data:
        env = {**os.environ, "KAYNAK_DATA_DIR": data, "KAYNAK_CORPUS_DIR": str(args.corpus)}
        started = time.perf_counter()
        summary = subprocess.run(
            [kaynak, "index"], env=env, check=True, capture_output=True, text=True
        ).stdout.strip()
        build_seconds = time.perf_counter() - started
        print(f"index build from scratch: {build_seconds:.1f} s  ({summary})")
        port = free_port()
        server = subprocess.Popen(
            [kaynak, "serve", "--port", str(port)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            run_queries(port, args.rounds)
        finally:
            server.terminate()
            server.wait(timeout=30)


def run_queries(port: int, rounds: int) -> None:
    base = f"http://127.0.0.1:{port}"
    with httpx.Client(base_url=base, timeout=30) as client:
        deadline = time.monotonic() + 120
        while True:
            try:
                if client.get("/healthz").status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise SystemExit("service did not start")
            time.sleep(0.2)
        for query in QUERY_MIX:  # warm-up
            client.get("/api/search", params={"q": query})
        latencies: list[float] = []
        server_times: list[float] = []
        for _ in range(rounds):
            for query in QUERY_MIX:
                started = time.perf_counter()
                response = client.get("/api/search", params={"q": query})
                latencies.append((time.perf_counter() - started) * 1000)
                response.raise_for_status()
                server_times.append(float(response.json()["took_ms"]))
    print(
        f"queries: {len(latencies)} ({len(QUERY_MIX)} distinct x {rounds})\n"
        f"latency ms (client, HTTP): p50 {percentile(latencies, 0.5):.1f}  "
        f"p95 {percentile(latencies, 0.95):.1f}  max {max(latencies):.1f}\n"
        f"search ms (server took_ms): p50 {percentile(server_times, 0.5):.1f}  "
        f"p95 {percentile(server_times, 0.95):.1f}  mean {statistics.mean(server_times):.1f}"
    )


if __name__ == "__main__":
    main()
