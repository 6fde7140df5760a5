""" "Did you mean" on misspellings made from the corpus vocabulary: the hit rate per kind.

    python scripts/bench_suggest.py DATA_DIR [--per-kind 100] [--seed 7]

DATA_DIR holds an index of the default corpus (`KAYNAK_DATA_DIR`, `var/` by default). Words
written at least 3 times, of 5 letters or more, are misspelt three ways, each not itself an
index word:
- one edit: a letter dropped, replaced or swapped with the next (never the first letter);
- Turkish letters: one of a word's two or more Turkish letters typed without its mark
  (`göçmenlerı`; a word typed with no Turkish letters at all is found as it is, with no
  suggestion needed);
- doubled: one letter typed twice;
- run together: two words that follow each other in the texts (at least twice) typed
  without the space between them (`sınırdışı` for `sınır dışı`).
Each misspelling is searched with the real `SearchService`; a hit is a suggestion that gives
the word back. Deterministic for a seed.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections.abc import Callable
from itertools import pairwise
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from indexer.analysis import fold_diacritics, is_stopword, turkish_lower
from indexer.index import IndexStore
from search_api.search import SearchRequest, SearchService

LETTERS = "abcçdefgğhıijklmnoöprsştuüvyz"
TURKISH = "çğıöşü"


def one_edit(word: str, rng: random.Random) -> str:
    position = rng.randrange(1, len(word) - 1)
    kind = rng.choice(("drop", "replace", "swap"))
    if kind == "drop":
        return word[:position] + word[position + 1 :]
    if kind == "replace":
        letter = rng.choice([c for c in LETTERS if c != word[position]])
        return word[:position] + letter + word[position + 1 :]
    return word[:position] + word[position + 1] + word[position] + word[position + 2 :]


def turkish_letter_missing(word: str, rng: random.Random) -> str:
    marked = [i for i, c in enumerate(word) if c in TURKISH]
    if len(marked) < 2:
        return word
    position = rng.choice(marked)
    return word[:position] + fold_diacritics(word[position]) + word[position + 1 :]


def doubled(word: str, rng: random.Random) -> str:
    position = rng.randrange(1, len(word))
    return word[:position] + word[position] + word[position:]


KINDS: dict[str, Callable[[str, random.Random], str]] = {
    "one edit": one_edit,
    "Turkish letters": turkish_letter_missing,
    "doubled": doubled,
}


def misspellings(
    words: list[str],
    known: set[str],
    per_kind: int,
    seed: int,
    pairs_in_texts: list[tuple[str, str]] = (),  # type: ignore[assignment]
) -> dict[str, list[tuple[str, str]]]:
    """Per kind, (misspelling, word) pairs; the same for the same words and seed."""
    rng = random.Random(seed)
    made: dict[str, list[tuple[str, str]]] = {}
    if pairs_in_texts:
        joined = [(a + b, f"{a} {b}") for a, b in pairs_in_texts if a + b not in known]
        made["run together"] = rng.sample(joined, min(per_kind, len(joined)))
    for kind, misspell in KINDS.items():
        pairs: list[tuple[str, str]] = []
        for word in rng.sample(words, len(words)):
            typo = misspell(word, rng)
            # A Turkish-letter slip folds to the word itself; other kinds must not be a
            # spelling of another index word either.
            folds_to_another = kind != "Turkish letters" and fold_diacritics(typo) in known
            if typo != word and typo not in known and not folds_to_another:
                pairs.append((typo, word))
            if len(pairs) == per_kind:
                break
        made[kind] = pairs
    return made


def adjacent_pairs(texts: list[str], words: set[str]) -> list[tuple[str, str]]:
    """Two frequent words that follow each other at least twice, in order of first use."""
    seen: dict[tuple[str, str], int] = {}
    for text in texts:
        tokens = [turkish_lower(token) for token in re.findall(r"[^\W\d_]+", text)]
        for pair in pairwise(tokens):
            if pair[0] in words and pair[1] in words:
                seen[pair] = seen.get(pair, 0) + 1
    return sorted(pair for pair, count in seen.items() if count >= 2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--per-kind", type=int, default=100)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--misses", action="store_true", help="list the misses")
    arguments = parser.parse_args()
    service = SearchService(IndexStore(arguments.data_dir))
    with service.live.searcher() as (_, version):
        vocabulary = version.vocabulary
    known = set(vocabulary.frequency)
    folded_known = {fold_diacritics(word) for word in known}
    words = sorted(
        word for word, count in vocabulary.frequency.items()
        if count >= 3 and len(word) >= 5 and word.isalpha() and not is_stopword(word)
    )  # fmt: skip
    with service.searcher() as searcher:
        texts = [unit.get("text", "") for unit in searcher.all_stored_fields()]
    total_hits = total = 0
    made = misspellings(words, known | folded_known, arguments.per_kind, arguments.seed,
                        adjacent_pairs(texts, set(words)))  # fmt: skip
    for kind, pairs in made.items():
        hits = 0
        for typo, word in pairs:
            suggestion = service.search(SearchRequest(q=typo, per_page=1)).suggestion
            if suggestion == word:
                hits += 1
            elif arguments.misses:
                print(f"  {kind}: {typo} → {suggestion} (meant {word})")
        total_hits, total = total_hits + hits, total + len(pairs)
        print(f"{kind:16} {hits:4}/{len(pairs):<4} {hits / max(len(pairs), 1):6.1%}")
    print(f"{'all':16} {total_hits:4}/{total:<4} {total_hits / max(total, 1):6.1%}")


if __name__ == "__main__":
    main()
