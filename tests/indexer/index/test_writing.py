"""How commits write: segments merged in tiers (bounded in number, the same content), large
batches written on two processes, a cancelled multi-process writer leaving nothing behind,
and writing processes that end when their parent is killed."""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from whoosh.writing import IndexWriter

from indexer.index import IndexStore, unit_fields
from indexer.index.writing import (
    MULTIPROCESS_UNITS,
    TieredMerge,
    WritingProcessLost,
    committing,
)
from indexer.models import SearchUnit

WORDS = (
    "belediye", "göç", "mülteci", "koruma", "kanun", "uyum", "hizmet", "kent", "sınır", "başvuru",
)  # fmt: skip


def unit(n: int) -> SearchUnit:
    words = " ".join(WORDS[(n * k) % len(WORDS)] for k in range(1, 12))
    return SearchUnit(
        unit_id=f"doc:r{n // 50}:p{n}", doc_id=f"r{n // 50}", kind="report", lang="tr",
        page=n % 50 + 1, order=n, doc_title=f"Rapor {n // 50}", text=f"{words} {n}",
    )  # fmt: skip


def units(count: int, start: int = 0) -> list[SearchUnit]:
    return [unit(n) for n in range(start, start + count)]


def content(store: IndexStore) -> dict[object, object]:
    """Every unit's stored fields, every term's postings and every field's length, units named
    by `unit_id`."""
    with store.index.reader() as reader:
        ids = {docnum: stored["unit_id"] for docnum, stored in reader.iter_docs()}
        found: dict[object, object] = {ids[n]: s for n, s in reader.iter_docs()}
        for fieldname, text in reader.all_terms():
            matcher = reader.postings(fieldname, text)
            postings = []
            while matcher.is_active():
                postings.append((ids[matcher.id()], matcher.weight(), matcher.value()))
                matcher.next()
            found[fieldname, text] = sorted(postings)
        for docnum, unit_id in ids.items():
            for fieldname in reader.indexed_field_names():
                found[unit_id, fieldname] = reader.doc_field_length(docnum, fieldname) or 0
        return found


def segment_count(store: IndexStore) -> int:
    with store.index.reader() as reader:
        return len(reader.leaf_readers())


def test_a_tier_is_merged_when_it_is_full() -> None:
    policy = TieredMerge(factor=3, base=10)
    assert [policy.tier(n) for n in (1, 9, 10, 29, 30, 89, 90)] == [0, 0, 1, 1, 2, 2, 3]


def test_many_small_commits_keep_few_segments_and_the_same_content(tmp_path: Path) -> None:
    policy = TieredMerge(factor=3, base=4)
    store = IndexStore(tmp_path / "small-commits", workers=1)
    written = units(60)
    counts = []
    for start in range(0, len(written), 2):
        with store.exclusive(), committing(store.index, 1, 5.0, policy) as writer:
            for one in written[start : start + 2]:
                writer.add_document(**unit_fields(one, "r.pdf"))
        counts.append(segment_count(store))
    # Tiers of 2 (under 4), 4–11, 12–35, 36–107 units: at most two segments of each wait.
    assert max(counts) <= 4 * (policy.factor - 1)
    assert counts[-1] < len(written) // 2
    one_commit = IndexStore(tmp_path / "one-commit", workers=1)
    one_commit.add_units(written, "r.pdf")
    assert segment_count(one_commit) == 1
    assert content(store) == content(one_commit)


def test_a_large_batch_is_written_on_two_processes_with_the_same_content(
    tmp_path: Path,
) -> None:
    written = units(MULTIPROCESS_UNITS + 200)
    parallel = IndexStore(tmp_path / "two", workers=2)
    parallel.add_units(written, "r.pdf")
    single = IndexStore(tmp_path / "one", workers=1)
    single.add_units(written, "r.pdf")
    assert segment_count(parallel) >= 2 and segment_count(single) == 1
    assert parallel.index.doc_count() == len(written)
    assert content(parallel) == content(single)


def small_store(tmp_path: Path) -> tuple[IndexStore, dict[object, object]]:
    """A store of five units on two writing processes, and its content."""
    store = IndexStore(tmp_path / "data", workers=2)
    store.add_units(units(5), "r.pdf")
    return store, content(store)


def add_large_batch(writer: IndexWriter) -> None:
    """A batch the writer hands to its writing processes."""
    for one in units(MULTIPROCESS_UNITS, start=100):
        writer.add_document(**unit_fields(one, "r.pdf"))


def test_a_cancelled_multiprocess_write_commits_nothing_and_ends_its_processes(
    tmp_path: Path,
) -> None:
    store, before = small_store(tmp_path)
    with pytest.raises(RuntimeError), committing(store.index, 2, 5.0) as writer:
        add_large_batch(writer)
        raise RuntimeError("the batch failed")
    assert multiprocessing.active_children() == []
    assert content(store) == before


def test_the_writing_codec_writes_what_whoosh_writes(tmp_path: Path) -> None:
    written = units(120)
    ours = IndexStore(tmp_path / "ours", workers=1)
    ours.add_units(written, "r.pdf")
    whooshs = IndexStore(tmp_path / "whoosh", workers=1)
    with whooshs.index.writer() as writer:  # Whoosh's own codec and writer
        for one in written:
            writer.add_document(**unit_fields(one, "r.pdf"))
    with ours.index.reader() as reader:  # the segments name Whoosh's codec, not ours
        assert {type(r.codec()).__name__ for r, _ in reader.leaf_readers()} == {"W3Codec"}
    found = content(ours)
    assert found[written[7].unit_id, "body_tr"] > 0
    assert found == content(whooshs)


ORPHAN_SCRIPT = """
import multiprocessing, sys, time
from pathlib import Path
from indexer.index import IndexStore
from indexer.index.writing import MULTIPROCESS_UNITS
from indexer.models import SearchUnit

def units():
    for n in range(10 * MULTIPROCESS_UNITS):
        yield SearchUnit(
            unit_id=f"doc:r:p{n}", doc_id="r", kind="report", lang="tr", page=n + 1, order=n,
            doc_title="Rapor", text=f"belediye göç mülteci {n}",
        )
        if n == 2 * MULTIPROCESS_UNITS:  # the writing processes have their first jobs
            pids = [child.pid for child in multiprocessing.active_children()]
            print(" ".join(map(str, pids)), flush=True)
            time.sleep(600)  # killed here, its writing processes waiting for more

store = IndexStore(Path(sys.argv[1]), workers=2)
store.add_units(units(), "r.pdf")
"""


def process_ended(pid: int) -> bool:
    """Whether a process is gone or a zombie (ended; its new parent may not reap it)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return True
    return fields[0] in ("Z", "X")


@pytest.mark.slow
def test_writing_processes_end_when_their_parent_is_killed(tmp_path: Path) -> None:
    """A bulk write killed with SIGKILL alone (not its process group): its writing processes,
    waiting for the next job, notice and end instead of holding their memory for ever."""
    parent = subprocess.Popen(
        [sys.executable, "-c", ORPHAN_SCRIPT, str(tmp_path / "data")],
        cwd=Path(__file__).resolve().parents[3],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert parent.stdout is not None
        children = [int(pid) for pid in parent.stdout.readline().split()]
        assert len(children) == 2 and not any(process_ended(pid) for pid in children)
    finally:
        parent.send_signal(signal.SIGKILL)
        parent.wait(timeout=30)
        if parent.stdout is not None:
            parent.stdout.close()
    deadline = time.monotonic() + 30
    while not all(process_ended(pid) for pid in children):
        assert time.monotonic() < deadline, f"orphaned writing processes: {children}"
        time.sleep(0.1)


def test_a_commit_that_lost_a_writing_process_commits_nothing(tmp_path: Path) -> None:
    """Whoosh commits without the segment of a writing process that died (its result is just
    missing): the units it held would be lost while the caller records them as indexed.
    The commit fails instead, the index stays as it was and its lock is released."""
    store, before = small_store(tmp_path)
    with pytest.raises(WritingProcessLost), committing(store.index, 2, 5.0) as writer:
        add_large_batch(writer)
        victim = writer.tasks[0]  # type: ignore[attr-defined]
        os.kill(victim.pid, signal.SIGKILL)
        victim.join(timeout=30)
    assert content(store) == before
    store.add_units(units(3, start=5000), "r.pdf")  # the lock was released
    assert store.index.doc_count() == 8
