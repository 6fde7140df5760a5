"""A segment's field lengths read whole: Whoosh keeps one length byte a unit in a column,
and reads it one unit at a time; the writer's flush and the search's BM25 both want every
unit's at once."""

from __future__ import annotations

from typing import Any

import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3PerDocReader, _lenfield
from whoosh.columns import NumericColumn
from whoosh.util.numeric import byte_to_length

# A length byte's length (Whoosh's own table); byte 0 is "no length".
BYTE_LENGTHS = np.array([byte_to_length(b) for b in range(256)], np.uint32)


def length_bytes(perdoc: W3PerDocReader, fieldname: str, size: int) -> np.ndarray | None:
    """Every unit's length byte in `fieldname` (0: none, as for the units after the last one
    with a length), or None when no unit has the field (no lengths column)."""
    column: Any = perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
    if column is None:
        return None
    raw = np.zeros(size, np.uint8)
    if isinstance(column, NumericColumn.Reader) and column._fixedlen == 1:
        stored = min(column._count, size)
        if stored:
            raw[:stored] = np.frombuffer(column._dbfile.get(column._basepos, stored), np.uint8)
    else:  # another column type: unit by unit
        raw[:] = [column[docnum] for docnum in range(size)]
    return raw
