"""The default corpus's PDFs read once per run: reading and laying out the five laws is the
slowest part of extraction (seconds each), and the tests of layout, law structure, the
pipeline and the shared index all look at the same reading.

`corpus_read` is the pipeline's own `read_document` (what `kaynak index` does to each file),
kept per PDF for the run (pickled in the run's shared folder, so that the run's other
processes read no PDF again); each caller gets its own deep copy, so no test can change what
another sees. `seed_extraction_cache` hands those readings, described as documents, to a
store's extraction cache: its `reconcile` then indexes them without opening a PDF again (the
same documents it would have extracted: `extract_document` is read, then describe).
"""

from __future__ import annotations

import copy
import pickle
import threading
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from run_support import run_dir, run_lock

from indexer.corpus import CorpusFile, find_corpus_files, load_metadata
from indexer.extraction import ReadDocument, describe_document, read_document
from indexer.index import IndexStore

_reads: dict[str, ReadDocument] = {}  # by content hash (PDF and metadata file)
_lock = threading.Lock()


def _read(corpus_file: CorpusFile) -> ReadDocument:
    return read_document(corpus_file, load_metadata(corpus_file.meta_path).get("password"))


def _read_missing(files: list[CorpusFile], workers: int = 2) -> None:
    """Read the files not read yet in this run, on `workers` processes; those another process
    of the run read are loaded from its pickles."""
    with _lock, run_lock("corpus-reads"):
        saved = run_dir() / "corpus-reads"
        saved.mkdir(exist_ok=True)
        missing = []
        for corpus_file in files:
            pickled = saved / f"{corpus_file.content_hash}.pickle"
            if corpus_file.content_hash in _reads:
                continue
            if pickled.exists():
                _reads[corpus_file.content_hash] = pickle.loads(pickled.read_bytes())
            else:
                missing.append(corpus_file)
        if len(missing) > 1 and workers > 1:
            with ProcessPoolExecutor(max_workers=workers) as pool:
                done = list(pool.map(_read, missing))
        else:
            done = [_read(f) for f in missing]
        for corpus_file, read in zip(missing, done, strict=True):
            _reads[corpus_file.content_hash] = read
            (saved / f"{corpus_file.content_hash}.pickle").write_bytes(pickle.dumps(read))


def _copy_of(corpus_file: CorpusFile) -> ReadDocument:
    return copy.deepcopy(_reads[corpus_file.content_hash])


def corpus_read(pdf: Path) -> ReadDocument:
    """One corpus PDF as the pipeline reads it (pages laid out), read once per run; the
    first call reads its folder's other PDFs too, on two processes (the laws are asked for
    together: all five by the structure tests, the shared index, the layout tests)."""
    files = find_corpus_files(pdf.parent)
    _read_missing(files)
    return _copy_of(next(f for f in files if f.pdf_path.samefile(pdf)))


def seed_extraction_cache(store: IndexStore, corpus_dir: Path) -> None:
    """Every document of `corpus_dir`, from the shared readings, in `store`'s extraction cache."""
    files = find_corpus_files(corpus_dir)
    _read_missing(files)
    for corpus_file in files:
        store.extraction_cache.store(describe_document(corpus_file, _copy_of(corpus_file)))
