"""Turkish-aware text analysis for the Whoosh index: one tokenizer, small filters, four analyzers.

Every analyzer is `KaynakTokenizer() | filter | filter ...` and is used both when indexing and
when parsing queries. The schema pickles these objects into the index, so every class here must
stay importable from `indexer.analysis.analyzers` and hold only plain data; caches live in
module-level functions. Any change to what an analyzer emits must bump `ANALYSIS_VERSION` (the
index is rebuilt when the stored version differs).
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from functools import lru_cache
from types import MappingProxyType
from typing import Any, Final

import snowballstemmer
from whoosh.analysis import Analyzer, Filter, Token, Tokenizer

ANALYSIS_VERSION: Final = "4"

# --- Characters --------------------------------------------------------------------------------

_COMBINING_DOT_ABOVE = "\u0307"
_TURKISH_UPPER_TO_LOWER = str.maketrans({"I": "ı", "İ": "i"})
# Letters whose diacritic is removed by hand: dotless ı has no decomposition, and the rest are
# listed so the fold does not depend on what NFKD happens to decompose.
_FOLD_TABLE = str.maketrans("çğıöşüâîûÇĞİÖŞÜÂÎÛ", "cgiosuaiuCGIOSUAIU")


def turkish_lower(text: str) -> str:
    """Lowercase with the Turkish dotted and dotless i (`I` → `ı`, `İ` → `i`); the result is NFC.

    Plain `str.lower()` turns `İ` into `i` + U+0307 and `I` into `i`, which both misspell Turkish.
    NFC first composes a decomposed `I` + U+0307 into `İ`; a dot above still left after lowering
    (after another mark, or on ı) is extraction noise, as no Turkish letter carries one.
    """
    if text.isascii():
        return text.translate(_TURKISH_UPPER_TO_LOWER).lower()
    composed = unicodedata.normalize("NFC", text).translate(_TURKISH_UPPER_TO_LOWER)
    return unicodedata.normalize("NFC", composed.lower().replace(_COMBINING_DOT_ABOVE, ""))


def fold_diacritics(text: str) -> str:
    """Turkish letters to their ASCII base (ç→c, ğ→g, ı→i, ö→o, ş→s, ü→u, â→a, î→i, û→u) and
    every other combining mark removed (é→e); compatibility forms expand too (ﬁ→fi)."""
    folded = text.translate(_FOLD_TABLE)
    if folded.isascii():
        return folded
    decomposed = unicodedata.normalize("NFKD", folded)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


# --- Tokenizer ---------------------------------------------------------------------------------

# Letters: word characters that are neither digits nor underscore. Superscript and fraction
# digits count as \w but not as \d; they are footnote marks and must not glue onto words. The
# modifier letter apostrophe ʼ is a letter to Unicode but an apostrophe in Turkish text.
_LETTER = r"[^\W\d_\u00b2\u00b3\u00b9\u00bc-\u00be\u2070-\u209f\u02bc]"
# Inside a word: combining marks (a decomposed İ or é), soft hyphen and zero-width characters,
# which PDFs leave inside words and which must neither split the word nor reach the index.
_IN_WORD = r"[\u0300-\u036f\u00ad\u200b-\u200d\u2060\ufeff]"
_INVISIBLE_CHARS = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
_INVISIBLE = dict.fromkeys(map(ord, _INVISIBLE_CHARS))
_APOSTROPHES = "’'ʼ‘´"
# A footnote placeholder (see indexer.models) is skipped whole: its number is not body text, and
# skipping it keeps "madde⁵ ve" a phrase.
_FOOTNOTE_MARK = r"\ue000\d*\ue001"
# Runs of letters rather than one letter at a time: the same matches, matched faster.
_WORD = rf"{_LETTER}+(?:{_IN_WORD}+{_LETTER}*)*"
_TOKEN_RE = re.compile(
    rf"{_FOOTNOTE_MARK}|(?P<word>{_WORD}|\d+)(?:[{_APOSTROPHES}](?P<suffix>{_WORD}))?"
)


def _is_dropped_suffix(stem: str, suffix: str) -> bool:
    """Whether the letters after an apostrophe are a Turkish case suffix (`Kanun'un`,
    `MBB’nin`, `TÜRKİYE'NİN`) rather than the next word (`O'Brien`)."""
    return suffix.islower() or (suffix.isupper() and not stem.islower())


class KaynakTokenizer(Tokenizer):
    """Words (runs of letters) and numbers (runs of digits); everything else separates.

    A suffix after an apostrophe is dropped and the token's characters cover the stem only.
    Letters and digits split (`57A` → `57`, `A`) like `57/A`, so the phrase "57 a" matches both.
    """

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            yield _fill_token(token, value, start_pos, start_char, len(value), keeporiginal)
            return
        pos = start_pos
        has_invisible = any(ch in value for ch in _INVISIBLE_CHARS)
        for start, end in _word_spans(value):
            text = value[start:end]
            if has_invisible:
                text = text.translate(_INVISIBLE)
            yield _fill_token(token, text, pos, start_char + start, start_char + end, keeporiginal)
            pos += 1


def _word_spans(text: str) -> Iterator[tuple[int, int]]:
    """Where each token lies in `text`: words and numbers, less footnote marks and suffixes."""
    for match in _TOKEN_RE.finditer(text):
        if match["word"] is None:
            continue  # a footnote mark
        yield match.span("word")
        suffix = match["suffix"]
        if suffix is not None and not _is_dropped_suffix(match["word"], suffix):
            yield match.span("suffix")


def surface_words(text: str) -> Iterator[tuple[int, int, str]]:
    """Each word's start, end and surface form, as `KaynakTokenizer` cuts them, without the
    cost of Whoosh tokens (snippets walk whole articles)."""
    has_invisible = any(ch in text for ch in _INVISIBLE_CHARS)
    for start, end in _word_spans(text):
        word = text[start:end]
        yield start, end, word.translate(_INVISIBLE) if has_invisible else word


def _fill_token(
    token: Token, text: str, pos: int, startchar: int, endchar: int, keeporiginal: bool
) -> Token:
    """Reset the one reused token for the next word (Whoosh's tokenizers share one Token)."""
    token.text = text
    token.boost = 1.0
    token.stopped = False
    if keeporiginal:
        token.original = text
    if token.positions:
        token.pos = pos
    if token.chars:
        token.startchar = startchar
        token.endchar = endchar
    return token


# --- Stemming ----------------------------------------------------------------------------------

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


def _is_stemmable(word: str) -> bool:
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
    if not _is_stemmable(word) or fold_diacritics(word) in _FOLDED_PROTECTED:
        return word
    return min((stem_one_spelling(spelling) for spelling in _spellings(word)), key=len)


@lru_cache(maxsize=1 << 16)
def stem_english(word: str) -> str:
    """Snowball's English stem of a lowercase word; numbers stay as they are."""
    if any(ch.isdigit() for ch in word):
        return word
    return str(_snowball("english").stemWord(word))


# Tokens repeat far more than texts do, so the filters look words up in these caches.
@lru_cache(maxsize=1 << 17)
def _lower_word(word: str) -> str:
    return turkish_lower(word)


@lru_cache(maxsize=1 << 17)
def _fold_word(word: str) -> str:
    return fold_diacritics(word)


# --- Filters -----------------------------------------------------------------------------------


class WordFilter(Filter):
    """Replaces each token's text with `word_map` of it; each filter below names its own."""

    @staticmethod
    def word_map(word: str) -> str:
        return word

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        word_map = self.word_map
        for token in tokens:
            token.text = word_map(token.text)
            yield token


class TurkishLowercaseFilter(WordFilter):
    """Lowercases with `turkish_lower` (İSTANBUL → istanbul, IŞIK → ışık)."""

    word_map = staticmethod(_lower_word)


class DiacriticFoldFilter(WordFilter):
    """Folds with `fold_diacritics`, so `göç` and `goc` meet."""

    word_map = staticmethod(_fold_word)


class TurkishStemFilter(WordFilter):
    """Stems with `stem_turkish`. Put it before `DiacriticFoldFilter`: Snowball needs ç, ğ, ı."""

    is_morph = True
    word_map = staticmethod(stem_turkish)


class SnowballTurkishFilter(WordFilter):
    """Plain Snowball Turkish, without the fixes of `stem_turkish`: the baseline that
    `scripts/compare_analyzers.py` measures the fixes against. Not used by the index."""

    is_morph = True

    @staticmethod
    def word_map(word: str) -> str:
        return snowball_turkish(word) if _is_stemmable(word) else word


class EnglishStemFilter(WordFilter):
    """Stems with `stem_english`, for the English reports."""

    is_morph = True
    word_map = staticmethod(stem_english)


class PrefixFilter(Filter):
    """Keeps the first `length` characters of a word, a crude stem that never over-reads a suffix.
    Numbers stay whole (article 1234 must not match article 12345)."""

    def __init__(self, length: int = 5) -> None:
        self.length = length

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for token in tokens:
            if not any(ch.isdigit() for ch in token.text):
                token.text = token.text[: self.length]
            yield token


# --- Analyzers ---------------------------------------------------------------------------------


def exact_analyzer() -> Analyzer:
    """Surface words, lowercased and folded: for phrases and highlighting."""
    return KaynakTokenizer() | TurkishLowercaseFilter() | DiacriticFoldFilter()


def surface_analyzer() -> Analyzer:
    """Surface words, lowercased but not folded: tells `sınır` from `sinir`, and its lexicon
    maps a word typed without Turkish letters back to the forms the documents use."""
    return KaynakTokenizer() | TurkishLowercaseFilter()


def turkish_stem_analyzer(stemmer: Filter | None = None) -> Analyzer:
    """Turkish stems, folded after stemming (folding first would hide suffixes from Snowball).
    `stemmer` stands in for `TurkishStemFilter` when comparing stemmers."""
    stem = TurkishStemFilter() if stemmer is None else stemmer
    return KaynakTokenizer() | TurkishLowercaseFilter() | stem | DiacriticFoldFilter()


def english_stem_analyzer() -> Analyzer:
    """English stems; Turkish lowercasing is harmless for English and keeps one tokenizer path."""
    return (
        KaynakTokenizer() | TurkishLowercaseFilter() | EnglishStemFilter() | DiacriticFoldFilter()
    )


def prefix_analyzer(length: int = 5) -> Analyzer:
    """Folded word prefixes of `length` characters: a language-blind safety net for recall."""
    return (
        KaynakTokenizer() | TurkishLowercaseFilter() | DiacriticFoldFilter() | PrefixFilter(length)
    )


def analyze(analyzer: Analyzer, text: str) -> list[str]:
    """The terms `analyzer` makes of `text`, in order."""
    return [token.text for token in analyzer(text)]
