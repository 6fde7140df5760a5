"""Upload throughput: 3-page PDFs uploaded through the real service (`kaynak serve` as a
child process, one reading worker), by 1 and by 4 clients at once.

Prints uploads per second (accepted and searchable, over the wall time of the run) and the
time from each upload to the moment its distinct word is found by `/api/search` (p50, max).

    .venv/bin/python scripts/bench_uploads.py [--uploads 12] [--clients 1,4]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

PROJECT_ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(PROJECT_ROOT), str(PROJECT_ROOT / "tests")]

from collection_support import ServerProcess, add_librarian, bearer
from conftest import free_port
from pdf_factory import distinct_word, make_pdf

PAGES = 3


def three_page_pdf(word: str) -> bytes:
    return make_pdf(
        [f"Göç raporu sayfa {n}: {word} belediye hizmetleri ve uyum" for n in range(1, 4)]
    )


def upload_until_searchable(client: httpx.Client, word: str) -> float:
    """Seconds from the upload to the first search that finds `word`."""
    started = time.monotonic()
    response = client.post(
        "/api/documents",
        files={"file": (f"{word}.pdf", three_page_pdf(word))},
        data={"title": f"Rapor {word}"},
    )
    assert response.status_code == 202, response.text
    url = response.json()["job"]["url"]
    while True:
        job = client.get(url).json()
        if job["state"] == "failed":
            raise RuntimeError(job)
        if job["state"] == "done":
            break
        time.sleep(0.02)
    while not client.get("/api/search", params={"q": word}).json()["hits"]:
        time.sleep(0.02)
    return time.monotonic() - started


def run(url: str, token: str, clients: int, uploads: int, first: int) -> tuple[float, list[float]]:
    times: list[float] = []
    lock = threading.Lock()
    numbers = iter(range(first, first + uploads))

    def client_loop() -> None:
        with httpx.Client(base_url=url, timeout=120, headers=bearer(token)) as client:
            while True:
                with lock:
                    number = next(numbers, None)
                if number is None:
                    return
                took = upload_until_searchable(client, distinct_word(number, "bench"))
                with lock:
                    times.append(took)

    started = time.monotonic()
    threads = [threading.Thread(target=client_loop) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.monotonic() - started, times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--uploads", type=int, default=12, help="uploads per client count")
    parser.add_argument("--clients", default="1,4", help="client counts, comma-separated")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        corpus = root / "corpus"
        corpus.mkdir()
        token = add_librarian(root / "data")
        server = ServerProcess(corpus, root / "data", free_port(), root / "server.log")
        server.start()
        try:
            # one warm-up upload: the first read also starts what later reads reuse
            run(server.url, token, 1, 1, 0)
            first = 1
            print(f"{PAGES}-page PDFs, one reading worker (KAYNAK_WORKERS=1)")
            for clients in (int(n) for n in args.clients.split(",")):
                wall, times = run(server.url, token, clients, args.uploads, first)
                first += args.uploads
                print(
                    f"{clients} client(s): {args.uploads / wall:.2f} uploads/s "
                    f"({args.uploads} in {wall:.1f} s); upload → searchable "
                    f"p50 {statistics.median(times):.2f} s, max {max(times):.2f} s"
                )
        finally:
            server.stop()


if __name__ == "__main__":
    main()
