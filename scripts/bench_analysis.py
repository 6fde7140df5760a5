"""Benchmark Turkish stemming: raw Snowball against Kaynak's cached stemmer and analyzer.

Run from the repository root: `python -m scripts.bench_analysis [--words 200000]`.

The text is synthesised from built-in legal and migration roots with harmonised case and
possessive suffixes, drawn with a Zipf-like skew so words repeat as they do in real text
(which is what the stem cache relies on).
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable, Iterable

from indexer.analysis import analyze, snowball_turkish, stem_turkish, turkish_stem_analyzer

# fmt: off
ROOTS = (
    "kanun", "madde", "belediye", "göç", "göçmen", "mülteci", "vatandaş", "ikamet", "koruma",
    "izin", "yabancı", "başvuru", "karar", "hüküm", "fıkra", "bent", "yönetmelik", "bakanlık",
    "kurum", "kurul", "hizmet", "hak", "sınır", "kimlik", "vize", "süre", "ceza", "aile", "çocuk",
    "kadın", "kişi", "ülke", "devlet", "meclis", "başkan", "il", "ilçe", "nüfus", "eğitim",
    "sağlık", "uyum", "destek", "proje", "rapor", "program", "yardım", "görev", "yetki", "bilgi",
    "durum", "esas", "usul", "talep", "itiraz", "dava", "mahkeme", "idare", "işçi", "çalışma",
    "sığınmacı", "uluslararası", "politika", "merkez", "belge", "pasaport", "sözleşme", "tedbir",
    "istanbul", "ankara", "türkiye", "suriye", "avrupa", "birlik", "toplum", "konut", "kamu",
)
# A stands for a/e and I for ı/i/u/ü, chosen by vowel harmony.
SUFFIXES = (
    "", "", "", "I", "A", "In", "dA", "dAn", "lA", "lAr", "lArI", "lArIn", "lArA", "lArdA",
    "lArdAn", "lArInIn", "sI", "sInI", "sInA", "sIndA", "sInIn", "lIk", "lIğI", "lArIylA",
    "dIr", "sIz", "dAki", "lArInA", "lArIndAn", "sIndAn",
)
# fmt: on
_VOWELS = "aeıioöuü"
_HARMONY_A = {"a": "a", "ı": "a", "o": "a", "u": "a", "e": "e", "i": "e", "ö": "e", "ü": "e"}
_HARMONY_I = {"a": "ı", "ı": "ı", "o": "u", "u": "u", "e": "i", "i": "i", "ö": "ü", "ü": "ü"}


def inflect(root: str, suffix: str) -> str:
    """`root` + `suffix` with harmonised vowels and a buffer consonant between two vowels."""
    word = root
    for letter in suffix:
        if letter in "AI":
            last_vowel = next(ch for ch in reversed(word) if ch in _VOWELS)
            if word[-1] in _VOWELS and word == root:
                word += "n" if suffix == "In" else ("s" if suffix.startswith("I") else "y")
            letter = (_HARMONY_A if letter == "A" else _HARMONY_I)[last_vowel]
        elif letter == "s" and word == root and root[-1] not in _VOWELS:
            continue  # the possessive's s is a buffer after vowels only
        word += letter
    return word


def synthesise_words(count: int, seed: int = 0) -> list[str]:
    """`count` words drawn from every root × suffix, the k-th most common with weight 1/k."""
    vocabulary = [inflect(root, suffix) for root in ROOTS for suffix in SUFFIXES]
    generator = random.Random(seed)
    generator.shuffle(vocabulary)
    weights = [1 / rank for rank in range(1, len(vocabulary) + 1)]
    return generator.choices(vocabulary, weights=weights, k=count)


def words_per_second(function: Callable[[str], object], words: Iterable[str]) -> float:
    words = list(words)
    start = time.perf_counter()
    for word in words:
        function(word)
    return len(words) / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=200_000, help="how many words to stem")
    arguments = parser.parse_args()

    words = synthesise_words(arguments.words)
    distinct = sorted(set(words))
    text = " ".join(words)
    print(f"{len(words):,} words, {len(distinct):,} distinct")

    rows = [("Snowball Turkish, no cache", words_per_second(snowball_turkish, words))]
    stem_turkish.cache_clear()
    rows.append(("stem_turkish, every word a cache miss", words_per_second(stem_turkish, distinct)))
    rows.append(("stem_turkish, cache warm", words_per_second(stem_turkish, words)))
    stem_turkish.cache_clear()
    analyzer = turkish_stem_analyzer()
    start = time.perf_counter()
    analyze(analyzer, text)
    rows.append(("turkish_stem_analyzer, whole text", len(words) / (time.perf_counter() - start)))
    for label, rate in rows:
        print(f"{label:<40}{rate:>12,.0f} words/s")


if __name__ == "__main__":
    main()
