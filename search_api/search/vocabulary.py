"""The index's own words, for a query typed without Turkish letters and for "did you mean".

Built once per index version from the lexicon of the `surface` field (words as written,
lowercased, not folded), grouped by folded form: `multeci` → `mülteci`, `sinir` → `sınır`.
Nothing here opens the index: the caller hands in the reader it already has.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from indexer.analysis import fold_diacritics

SURFACE_FIELD = "surface"
# A spelling is restored when it is at least this share as frequent as the commonest one.
RESTORE_SHARE = 0.2
MAX_RESTORED = 3


@dataclass
class Vocabulary:
    """Written forms grouped by folded form, with document frequencies."""

    groups: dict[str, list[str]] = field(default_factory=dict)
    frequency: dict[str, int] = field(default_factory=dict)
    # Folded words by (first letter, length): "did you mean" compares a word with these only.
    _by_length: dict[tuple[str, int], list[str]] = field(default_factory=dict)
    _nearest: dict[str, str | None] = field(default_factory=dict)

    @classmethod
    def from_reader(cls, reader: Any) -> Vocabulary:
        """The vocabulary of every segment `reader` reads. Each segment's lexicon is read on
        its own and the frequencies added: a multi-segment reader merges the segments'
        lexicons term by term, asking every segment for every term (five times slower at
        ten segments)."""
        frequency: dict[str, int] = {}
        for leaf, _ in reader.leaf_readers():
            for term, info in leaf.iter_field(SURFACE_FIELD):
                word = term.decode("utf-8") if isinstance(term, bytes) else str(term)
                frequency[word] = frequency.get(word, 0) + info.doc_frequency()
        groups: defaultdict[str, list[str]] = defaultdict(list)
        for word in sorted(frequency):  # in the lexicon's order, as one reader lists it
            groups[fold_diacritics(word)].append(word)
        for spellings in groups.values():
            spellings.sort(key=lambda word: (-frequency[word], word))
        by_length: defaultdict[tuple[str, int], list[str]] = defaultdict(list)
        for folded in groups:
            by_length[folded[:1], len(folded)].append(folded)
        return cls(dict(groups), frequency, dict(by_length))

    def __len__(self) -> int:
        return len(self.frequency)

    def has_spelling(self, word: str) -> bool:
        return word in self.frequency

    def has_folded(self, folded: str) -> bool:
        return folded in self.groups

    def group_frequency(self, folded: str) -> int:
        return sum(self.frequency[word] for word in self.groups.get(folded, ()))

    def spellings(self, word: str) -> list[str]:
        """The index's spellings of a lowercase word without Turkish letters, commonest first,
        keeping those at least `RESTORE_SHARE` as frequent as the commonest."""
        found = self.groups.get(word, [])
        if not found:
            return []
        floor = self.frequency[found[0]] * RESTORE_SHARE
        return [spelling for spelling in found if self.frequency[spelling] >= floor][:MAX_RESTORED]

    def is_rare_spelling(self, word: str, best: str) -> bool:
        """Whether `word` is found less than `RESTORE_SHARE` as often as `best`."""
        return self.frequency.get(word, 0) < self.frequency.get(best, 0) * RESTORE_SHARE

    def best_spelling(self, folded: str) -> str | None:
        found = self.groups.get(folded)
        return found[0] if found else None

    def nearest(self, folded: str) -> str | None:
        """The folded index word closest to `folded` by edit distance (1 for short words, 2
        from eight letters), the commonest on a tie; the first letter must agree."""
        if folded not in self._nearest:
            if len(self._nearest) > 10_000:
                self._nearest.clear()
            self._nearest[folded] = self._find_nearest(folded)
        return self._nearest[folded]

    def _find_nearest(self, folded: str) -> str | None:
        if len(folded) < 4:
            return None
        limit = 1 if len(folded) < 8 else 2
        best: tuple[int, int, str] | None = None
        for length in range(len(folded) - limit, len(folded) + limit + 1):
            for candidate in self._by_length.get((folded[0], length), ()):
                distance = edit_distance(folded, candidate, limit)
                if distance > limit:
                    continue
                key = (distance, -self.group_frequency(candidate), candidate)
                if best is None or key < best:
                    best = key
        return best[2] if best else None


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment distance (typos: insert, delete, replace, swap), or
    `limit + 1` as soon as it must exceed `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return min(previous[-1], limit + 1)
