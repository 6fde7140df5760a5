"""A `kaynak index` killed with SIGKILL halfway through a large reconcile resumes where it
stopped (committed batches are kept, never redone) and ends with the same index as an
uninterrupted run."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import PROJECT_ROOT
from pdf_factory import distinct_word, make_pdf

from indexer.index import IndexStore
from indexer.index.generations import current_generation
from indexer.index.manifest import read_manifest

DOCUMENTS = 150


def build_corpus(corpus: Path) -> None:
    corpus.mkdir()
    for number in range(DOCUMENTS):
        word = distinct_word(number, "rs")
        first = f"Devam belgesi {word}\n" + "belediye meclis karari dolgu satiri\n" * 30
        rest = f"ikinci sayfa {number}\n" + "goc raporu dolgu satiri\n" * 30
        (corpus / f"resume-{number:03}.pdf").write_bytes(make_pdf([first, rest, rest]))


def kaynak_index(corpus: Path, data: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "search_api.cli", "index", "--corpus", str(corpus),
         "--data", str(data)],
        cwd=PROJECT_ROOT, text=True, start_new_session=True,
        env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT), "KAYNAK_WORKERS": "2"},
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )  # fmt: skip


def committed_documents(data: Path) -> int:
    generation = current_generation(data)
    return len(read_manifest(generation.manifest_path)) if generation else 0


def stored_units(data: Path) -> list[tuple[str, str, str, int]]:
    with IndexStore(data).index.searcher() as searcher:
        return sorted(
            (fields["unit_id"], fields["doc_id"], fields["text"], fields["page"])
            for fields in searcher.all_stored_fields()
        )


@pytest.mark.slow
def test_a_killed_kaynak_index_resumes_and_ends_with_the_same_index(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    build_corpus(corpus)
    killed_data = tmp_path / "killed"
    process = kaynak_index(corpus, killed_data)
    deadline = time.monotonic() + 600
    while committed_documents(killed_data) == 0 and process.poll() is None:
        assert time.monotonic() < deadline, "no batch was ever committed"
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)  # the command and its extraction workers
    process.communicate()
    kept = committed_documents(killed_data)
    assert 0 < kept < DOCUMENTS, "the kill must land halfway through"

    resumed = kaynak_index(corpus, killed_data)
    output, _ = resumed.communicate(timeout=600)
    assert resumed.returncode == 0, output
    assert f"+{DOCUMENTS - kept} " in output  # only what the killed run had not committed

    whole_data = tmp_path / "whole"
    summary = IndexStore(whole_data, workers=2).reconcile(corpus)
    assert summary.added == DOCUMENTS
    assert stored_units(killed_data) == stored_units(whole_data)
    assert read_manifest_ids(killed_data) == read_manifest_ids(whole_data)


def read_manifest_ids(data: Path) -> list[str]:
    generation = current_generation(data)
    assert generation is not None
    return sorted(read_manifest(generation.manifest_path))
