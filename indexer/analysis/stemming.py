"""Turkish and English stems: Snowball, with Kaynak's fixes so that a Turkish root and its
inflections agree (stem floors, the root t, the possessive s, bare-word vowel cuts, capitals
typed with I for İ). Pure functions with per-word caches.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Mapping
from functools import lru_cache
from types import MappingProxyType
from typing import Any, Final

import snowballstemmer

from indexer.analysis.characters import fold_diacritics

_VOWELS = "aeıioöuü"
_FRONT_VOWELS = "eiöü"
# Locative -tA and past -tI follow only voiceless consonants (kitapta); after anything else a
# t + vowel ending is the root's t and a case vowel (devlete, kartı), which Snowball cuts.
_VOICELESS = "çfhkpsşt"
# Snowball devoices these at the end of a stem it cut (kitabı → kitap, mülteci → mülteç).
_DEVOICE = {"b": "p", "c": "ç", "d": "t", "ğ": "k"}
# What Snowball cuts off a bare vowel-final word: a vowel, maybe after a y buffer (belediy·e).
_VOWEL_TAIL_RE = re.compile(rf"(?:y?[{_VOWELS}])+")

# Words returned as they are: function words that Snowball cuts into other words
# (için → iç "inside", ile → il "province", önce → ö, göre → gör "see", hakkında → hak "right",
# ilişkin "concerning" → ilişk "relation"). Compared folded, so that capitals (ILE → ıle) and
# ASCII typing (icin) are protected too.
PROTECTED_WORDS: Final = frozenset({"için", "ile", "ise", "önce", "göre", "hakkında", "ilişkin"})
_FOLDED_PROTECTED: Final = frozenset(map(fold_diacritics, PROTECTED_WORDS))

# Stem floors: a word that starts with the key (compared without diacritics) is never cut
# shorter than the key, and such a cut yields the value. Snowball reads the last letters of
# these roots as suffixes (kanun → kan "blood", insan → in, durum → dur "stop", suriye → sur),
# a few roots change under suffixes (izin/izni, hüküm/hükmü, kısım/kısmı, hak/hakkı, bent/bendi),
# and roots ending in vowel + s must keep the s that `_drop_possessive_s` would take (meclisi).
# fmt: off
_FLOOR_ROOTS = (
    "kan", "kanun", "izin", "hüküm", "kısım", "bent", "aile", "suriye", "türkiye", "göçmen",
    "koruma", "uyum", "insan", "kurum", "kadın", "bakan", "başkan", "yardım", "program", "durum",
    "bölüm", "birim", "sistem", "zaman", "eğitim", "öğretim", "yönetim", "iletişim",
    "meclis", "esas", "nüfus", "husus", "tesis", "tahsis", "polis", "iflas",
)
# fmt: on
_FLOOR_ALTERNANTS = {"izn": "izin", "hükm": "hüküm", "kısm": "kısım", "hakk": "hak", "bend": "bent"}
STEM_FLOORS: Final[Mapping[str, str]] = MappingProxyType(
    {**{root: root for root in _FLOOR_ROOTS}, **_FLOOR_ALTERNANTS}
)
_FOLDED_FLOORS: Final = tuple(
    (fold_diacritics(prefix), stem)
    for prefix, stem in sorted(STEM_FLOORS.items(), key=lambda item: -len(item[0]))
)

_stemmers = threading.local()


def _snowball(language: str) -> Any:
    """This thread's Snowball stemmer (a stemmer object keeps state while it stems a word)."""
    stemmer = getattr(_stemmers, language, None)
    if stemmer is None:
        stemmer = snowballstemmer.stemmer(language)
        setattr(_stemmers, language, stemmer)
    return stemmer


def snowball_turkish(word: str) -> str:
    """Snowball's Turkish stem of a lowercase word, uncached and unadjusted (for benchmarks)."""
    return str(_snowball("turkish").stemWord(word))


def is_stemmable(word: str) -> bool:
    return len(word) >= 3 and not any(ch.isdigit() for ch in word)


def _restore_root_t(word: str, stem: str) -> str:
    """`devlete` → Snowball `devle` + locative: give the root its t back (see `_VOICELESS`)."""
    rest = word[len(stem) :]
    is_cut_root_t = len(rest) == 2 and rest[0] == "t" and rest[1] in _VOWELS
    if stem and word.startswith(stem) and is_cut_root_t and stem[-1] not in _VOICELESS:
        return stem + "t"
    return stem


def _drop_possessive_s(word: str, stem: str) -> str:
    """`maddesi` → Snowball `maddes`: the s is the buffer of the possessive -sI, not the root's."""
    if stem != word[:-1] or word[-1] not in "ıiuü" or len(stem) <= 3:
        return stem
    if stem.endswith("s") and stem[-2] in _VOWELS:
        return stem[:-1]
    return stem


def _is_vowel_cut(stem: str, cut: str) -> bool:
    """Whether `cut` is `stem` less its final vowels and y buffers, maybe devoiced (mülteç)."""
    if not cut or len(cut) >= len(stem) or not _VOWEL_TAIL_RE.fullmatch(stem[len(cut) :]):
        return False
    kept = stem[: len(cut)]
    return cut in (kept, kept[:-1] + _DEVOICE.get(kept[-1], kept[-1]))


def _cut_like_bare_word(stem: str) -> str:
    """Snowball cuts the final vowel off a bare word (belediye → beledi, mülteci → mülteç) but
    keeps it under a suffix (belediyelerin → belediye): cut such a stem the way Snowball cuts
    the word itself, until it cuts no more vowels, so every form lands on the bare word's stem.
    Asking Snowball, rather than always dropping the vowel, keeps bina apart from bin."""
    while stem and stem[-1] in _VOWELS:
        cut = snowball_turkish(stem)
        if not _is_vowel_cut(stem, cut):
            break
        stem = cut
    return stem


def _apply_floor(word: str, stem: str) -> str:
    """A stem cut into a floor's key, or the key plus a case vowel (izni, hakkı), is the floor."""
    folded = fold_diacritics(word)
    for prefix, floor in _FOLDED_FLOORS:
        if folded.startswith(prefix) and (
            len(stem) <= len(prefix) or (len(stem) == len(prefix) + 1 and stem[-1] in _VOWELS)
        ):
            return floor
    return stem


def _fix_snowball_stem(word: str, stem: str) -> str:
    """Kaynak's fixes to `stem`, Snowball's stem of one spelling of `word`."""
    stem = _restore_root_t(word, stem)
    stem = _cut_like_bare_word(_drop_possessive_s(word, stem))
    return _apply_floor(word, stem)


def _stem_one_spelling(word: str) -> str:
    return _fix_snowball_stem(word, snowball_turkish(word))


def _spellings(word: str) -> list[str]:
    """The word, and with ı read as i when it sits among front vowels: capitals typed with
    plain I for İ come out of Turkish lowercasing dotless (MÜLTECI → mültecı)."""
    if "ı" in word and any(ch in _FRONT_VOWELS for ch in word):
        return [word, word.replace("ı", "i")]
    return [word]


@lru_cache(maxsize=1 << 17)
def stem_turkish(word: str) -> str:
    """The Turkish stem of a lowercase word: Snowball, adjusted so a root and its inflections
    agree (see `STEM_FLOORS`, `_cut_like_bare_word`). Short words, numbers and
    `PROTECTED_WORDS` stay as they are.

    When ı may stand for i, both spellings are stemmed and the shorter stem wins: Snowball
    strips a suffix only when its vowel harmonises, so the intended spelling strips more.
    """
    return _stem_spellings(word, _stem_one_spelling)


def _stem_spellings(word: str, stem_one_spelling: Callable[[str], str]) -> str:
    """The shortest of `stem_one_spelling` over the word's spellings, or the word itself when
    it is short, a number or protected: `stem_turkish` with its per-spelling stemmer left open
    (`scripts/compare_analyzers.py` measures variants of it)."""
    if not is_stemmable(word) or fold_diacritics(word) in _FOLDED_PROTECTED:
        return word
    return min((stem_one_spelling(spelling) for spelling in _spellings(word)), key=len)


@lru_cache(maxsize=1 << 16)
def stem_english(word: str) -> str:
    """Snowball's English stem of a lowercase word; numbers stay as they are."""
    if any(ch.isdigit() for ch in word):
        return word
    return str(_snowball("english").stemWord(word))
