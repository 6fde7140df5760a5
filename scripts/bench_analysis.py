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
from collections.abc import Callable

from whoosh.analysis import Filter, StemFilter

from indexer.analysis import analyze, turkish_stem_analyzer
from indexer.analysis.stemming import snowball_turkish, stem_turkish

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


def words_per_second(stem: Callable[[str], object], words: list[str], repeat: int) -> float:
    """The best of `repeat` runs, as timeit does: slower runs measure the machine's other load."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for word in words:
            stem(word)
        best = min(best, time.perf_counter() - start)
    return len(words) / best


def analyzer_words_per_second(
    text: str, word_count: int, repeat: int, stemmer: Filter | None = None
) -> float:
    analyzer = turkish_stem_analyzer(stemmer)
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        analyze(analyzer, text)
        best = min(best, time.perf_counter() - start)
    return word_count / best


def stem_uncached(word: str) -> str:
    """`stem_turkish` without its cache: the cost of a word seen for the first time."""
    return stem_turkish.__wrapped__(word)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=200_000, help="how many words to analyze")
    parser.add_argument("--sample", type=int, default=20_000, help="words for the uncached runs")
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure; the best counts")
    arguments = parser.parse_args()

    words = synthesise_words(arguments.words)
    sample = words[: arguments.sample]
    text = " ".join(words)
    print(f"{len(words):,} words ({len(set(words)):,} distinct); uncached runs on {len(sample):,}")

    repeat = arguments.repeat
    stem_turkish(words[0])  # import-time work and the first Snowball object are not stemming
    rows = [
        ("Snowball Turkish, no cache", words_per_second(snowball_turkish, sample, repeat)),
        ("stem_turkish, no cache", words_per_second(stem_uncached, sample, repeat)),
        ("stem_turkish, cached", words_per_second(stem_turkish, words, repeat)),
        ("turkish_stem_analyzer, whole text", analyzer_words_per_second(text, len(words), repeat)),
        # Whoosh's own StemFilter with its per-filter cache, over the same uncached stemmer
        # (issue 10 §8): measured to decide whether our module-level lru_cache should go.
        (
            "same, Whoosh StemFilter(cachesize=)",
            analyzer_words_per_second(
                text, len(words), repeat, StemFilter(stemfn=stem_uncached, cachesize=1 << 17)
            ),
        ),
    ]
    for label, rate in rows:
        print(f"{label:<36}{rate:>14,.0f} words/s")


if __name__ == "__main__":
    main()
