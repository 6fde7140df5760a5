"""Indexing progress kept in the data folder: every process serving it shows the same."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from indexer.index import PROGRESS_FILE, IndexingProgress, IndexStore


def test_another_process_reads_the_progress_the_indexing_one_writes(tmp_path: Path) -> None:
    path = tmp_path / PROGRESS_FILE
    indexing, other = IndexingProgress(path), IndexingProgress(path)
    assert other.status().state == "idle"  # nothing written yet
    indexing.start(total=3, rebuilding=False)
    assert other.status().state == "running" and other.status().total == 3
    indexing.advance("reports/a.pdf", 1)
    indexing.finish()
    shown = other.status()
    assert (shown.state, shown.done, shown.total) == ("done", 1, 3)
    assert shown == indexing.status()


def test_a_running_status_whose_process_is_gone_is_shown_interrupted(tmp_path: Path) -> None:
    path = tmp_path / PROGRESS_FILE
    IndexingProgress(path).start(total=5, rebuilding=True)
    record = json.loads(path.read_text())
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    record["pid"] = int(gone.stdout)  # a process that has exited
    path.write_text(json.dumps(record))
    shown = IndexingProgress(path).status()
    assert shown.state == "failed" and shown.error == "interrupted" and shown.rebuilding


def test_a_reconcile_leaves_its_progress_in_the_data_folder(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    IndexStore(tmp_path / "data", workers=1).reconcile(corpus)
    assert IndexStore(tmp_path / "data", workers=1).progress.status().state == "done"
