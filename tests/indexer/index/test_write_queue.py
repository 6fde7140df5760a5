"""The service's single writer: changes from many threads, committed in batches, in order."""

from __future__ import annotations

import fcntl
import json
import threading
from collections.abc import Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from pathlib import Path

from pdf_factory import distinct_word, make_pdf

from indexer.corpus import CorpusFile, content_hash
from indexer.extraction import ExtractedDocument, extract_document
from indexer.index import IndexQueue, IndexStore
from indexer.index.store import WRITE_LOCK_NAME


def extracted(folder: Path, number: int) -> ExtractedDocument:
    pdf = folder / f"belge-{number}.pdf"
    pdf.write_bytes(make_pdf(f"Belge {distinct_word(number, 'wq')}"))
    meta = pdf.with_suffix(".toml")
    return extract_document(CorpusFile(pdf.stem, pdf, meta, content_hash(pdf, meta)))


def indexed_ids(store: IndexStore) -> list[str]:
    with store.index.searcher() as searcher:
        return sorted({fields["doc_id"] for fields in searcher.all_stored_fields()})


def test_changes_from_many_threads_are_all_committed(tmp_path: Path) -> None:
    store = IndexStore(tmp_path / "data", workers=1)
    queue = IndexQueue(store)
    documents = [extracted(tmp_path, number) for number in range(24)]
    errors: list[BaseException] = []

    def add(document: ExtractedDocument) -> None:
        try:
            queue.apply([document])
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=add, args=(d,)) for d in documents]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    queue.close()
    assert errors == []
    assert indexed_ids(store) == sorted(d.meta.doc_id for d in documents)
    assert 1 <= queue.commits <= 24  # how they batch depends on the threads' timing
    assert sorted(store.read_manifest()) == indexed_ids(store)


@contextmanager
def write_lock_held_elsewhere(data_dir: Path) -> Iterator[None]:
    """The index's cross-process write lock, held as `kaynak index` beside the service would."""
    data_dir.mkdir(parents=True, exist_ok=True)
    with (data_dir / WRITE_LOCK_NAME).open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def test_changes_that_queue_up_behind_a_commit_share_the_next_one(tmp_path: Path) -> None:
    store = IndexStore(tmp_path / "data", workers=1)
    queue = IndexQueue(store)
    documents = [extracted(tmp_path, number) for number in range(24)]
    futures: list[Future[None]] = []
    with write_lock_held_elsewhere(store.data_dir):
        threads = [
            threading.Thread(target=lambda d=d: futures.append(queue.submit_change([d], [])))
            for d in documents
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    for future in futures:
        future.result(timeout=60)
    queue.close()
    assert indexed_ids(store) == sorted(d.meta.doc_id for d in documents)
    # The batch the writer had taken before the lock, then everything queued behind it.
    assert 1 <= queue.commits <= 2


def test_an_add_and_a_removal_of_one_document_keep_their_order(tmp_path: Path) -> None:
    store = IndexStore(tmp_path / "data", workers=1)
    queue = IndexQueue(store)
    document = extracted(tmp_path, 1)
    first = queue.submit_change([document], [])
    second = queue.submit_change([], [document.meta.doc_id])
    first.result(timeout=30)
    second.result(timeout=30)
    queue.close()
    assert indexed_ids(store) == []
    assert store.read_manifest() == {}


def test_a_refreshed_searcher_sees_removals_and_re_adds_once(tmp_path: Path) -> None:
    """whoosh-reloaded's refresh kept removed units and showed re-added ones twice."""
    store = IndexStore(tmp_path / "data", workers=1)
    documents = [extracted(tmp_path, number) for number in range(3)]
    store.apply(documents)
    searcher = store.index.searcher()
    store.apply([], removed=[documents[0].meta.doc_id])
    searcher = searcher.refresh()
    assert searcher.doc_count() == 2
    store.apply([documents[0]])
    searcher = searcher.refresh()
    assert searcher.doc_count() == 3
    assert len(list(searcher.documents(doc_id=documents[0].meta.doc_id))) == 1
    searcher.close()


def test_a_queued_change_becomes_the_latest_indexing_summary(tmp_path: Path) -> None:
    store = IndexStore(tmp_path / "data", workers=1)
    queue = IndexQueue(store)
    first, second = extracted(tmp_path, 1), extracted(tmp_path, 2)
    queue.apply([first])
    queue.apply([second, first])
    queue.close()
    summary = json.loads(store.summary_path.read_text())
    assert (summary["added"], summary["changed"], summary["removed"]) == (1, 1, 0)
    assert (summary["documents"], summary["units"]) == (2, 2)
    assert summary["finished_at"]
