"""Whether two data folders' served indexes hold the same content: the same units with the
same stored fields, and in every field the same terms with the same postings (frequency,
weight, positions) and the same field lengths (a field absent from a segment counts as 0),
units matched by `unit_id` (so segment layout and document order may differ).

    python scripts/compare_indexes.py DATA_DIR_A DATA_DIR_B

Prints what differs (at most a few examples per kind) and exits 1 if anything does.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT)]

from whoosh.reading import IndexReader

from indexer.index import IndexStore

Posting = tuple[str, float, bytes]  # unit_id, weight, encoded value (frequency / positions)


def unit_ids(reader: IndexReader) -> dict[int, str]:
    return {docnum: stored["unit_id"] for docnum, stored in reader.iter_docs()}


def postings(reader: IndexReader, ids: dict[int, str]) -> Iterator[tuple[Any, list[Posting]]]:
    for fieldname, text in reader.all_terms():
        matcher = reader.postings(fieldname, text)
        found: list[Posting] = []
        while matcher.is_active():
            found.append((ids[matcher.id()], round(matcher.weight(), 6), matcher.value()))
            matcher.next()
        yield (fieldname, text), sorted(found)


def describe(reader: IndexReader) -> tuple[dict[str, Any], dict[Any, list[Posting]], dict]:
    ids = unit_ids(reader)
    stored = {stored["unit_id"]: stored for _, stored in reader.iter_docs()}
    terms = dict(postings(reader, ids))
    fieldnames = sorted({fieldname for fieldname, _ in terms})
    lengths = {
        (ids[docnum], fieldname): reader.doc_field_length(docnum, fieldname) or 0
        for docnum in ids
        for fieldname in fieldnames
    }
    return stored, terms, lengths


def report(kind: str, a: dict, b: dict) -> bool:
    missing = [key for key in a if key not in b]
    extra = [key for key in b if key not in a]
    different = [key for key in a if key in b and a[key] != b[key]]
    for name, keys in (("only in A", missing), ("only in B", extra), ("differ", different)):
        if keys:
            print(f"{kind}: {len(keys)} {name}, e.g. {keys[:3]}")
    print(f"{kind}: {len(a)} in A, {len(b)} in B")
    return not (missing or extra or different)


def main() -> None:
    first, second = (Path(arg) for arg in sys.argv[1:3])
    with IndexStore(first).index.reader() as ra, IndexStore(second).index.reader() as rb:
        print(f"segments: A {len(ra.leaf_readers())}, B {len(rb.leaf_readers())}")
        stored_a, terms_a, lengths_a = describe(ra)
        stored_b, terms_b, lengths_b = describe(rb)
    same = all(
        [
            report("units (stored fields)", stored_a, stored_b),
            report("terms (postings)", terms_a, terms_b),
            report("field lengths", lengths_a, lengths_b),
        ]
    )
    print("same content" if same else "DIFFERENT")
    sys.exit(0 if same else 1)


if __name__ == "__main__":
    main()
