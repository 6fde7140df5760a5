"""Pure text-layer quality: is the text a PDF gives us something a reader would recognise?

A page can carry a text layer that is worthless: fonts without a ToUnicode map come out as
`(cid:12)(cid:7)…`, broken encodings as control characters or consonant soup. Such a page is
better OCR'd than indexed. `assess_text` counts the letter-bearing tokens that look like
words of a real language; `is_garbage` compares that share with `GARBAGE_THRESHOLD`.

A token looks like a word when it has a vowel (words over three letters; "md", "vb" and
short acronyms such as "TBMM" pass), vowels make up 20–75 % of it, it has no run of five
consonants or three vowels, no glyph repeated four times, at most one lower→upper case
switch, and does not mix Latin with another script. Tokens in other scripts (Cyrillic,
Arabic, CJK …) cannot be judged by these rules and count as words. `(cid:N)` runs, control
and private-use characters and U+FFFD count as junk.

How the threshold was measured (`scripts/measure_text_quality.py`: every page with at least
12 judged tokens, text layer as `pdf.read_pages` gives it; `tests/test_text_quality.py`
pins the margins):

| pages | n | word-like share |
|---|---|---|
| shared corpus, laws and reports | 123 | 0.97–1.00 |
| the 8 real test PDFs | 36 | 0.99–1.00 |
| readable odd test PDFs (arXiv maths, Chinese CV, fax OCR layer …) | 37 | 0.90–1.00 |
| pages OCR'd by `ocr` (scan, image-only, no-ToUnicode) | 5 | 1.00 |
| the no-ToUnicode Resmî Gazete page (`(cid:N)` only) | 1 | 0.00 |
| corpus pages with letters shifted by 7 (a broken encoding) | 123 | 0.45–0.70 |
| corpus pages with random letters | 123 | 0.26–0.57 |
| corpus pages with letters shuffled inside each word | 123 | 0.76–0.90 |

`GARBAGE_THRESHOLD` = 0.80 sits in the gap between 0.70 and 0.90. Shuffled letters are not
reliably caught; PDFs do not produce that kind of garbage (a broken font maps glyphs one to
one, as the shift does).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from indexer.models import FOOTNOTE_CLOSE, FOOTNOTE_OPEN

GARBAGE_THRESHOLD = 0.80
MIN_JUDGED_TOKENS = 12  # below this the share is noise: only junk outnumbering words counts

CID_RE = re.compile(r"\(cid:\d+\)")
TOKEN_RE = re.compile(r"\S+")
LETTERS_RE = re.compile(r"[^\W\d_]+")
VOWELS = frozenset("aeıiou")  # compared after stripping accents and lowering: ö → o, Â → a
CONSONANT_RUN_RE = re.compile(r"c{5,}")  # on the vowel/consonant shape of a word
VOWEL_RUN_RE = re.compile(r"v{3,}")
REPEATED_GLYPH_RE = re.compile(r"(.)\1{3,}")
CASE_SWITCH_RE = re.compile(r"[a-zçğıöşü][A-ZÇĞİÖŞÜ]")
LATIN_EXTRA = frozenset("çğıöşüâîûÇĞİÖŞÜÂÎÛß")


@dataclass(frozen=True)
class TextQuality:
    """Counts behind the verdict on one page's text layer."""

    characters: int  # non-space characters
    letter_tokens: int  # tokens holding at least one letter
    word_like: int  # of those, the ones that look like words
    junk_tokens: int  # (cid:N) runs and tokens with control or private-use characters

    @property
    def score(self) -> float:
        """Share of word-like tokens among all judged tokens (1.0 when there are none)."""
        judged = self.letter_tokens + self.junk_tokens
        return self.word_like / judged if judged else 1.0

    @property
    def is_empty(self) -> bool:
        return self.characters == 0


def is_junk_character(character: str) -> bool:
    if character in (FOOTNOTE_OPEN, FOOTNOTE_CLOSE):  # our own placeholders, not junk
        return False
    category = unicodedata.category(character)
    return category in ("Cc", "Co", "Cs") or character == "\ufffd"


def is_vowel(character: str) -> bool:
    return unicodedata.normalize("NFD", character)[0].lower() in VOWELS


def is_latin(character: str) -> bool:
    if character.isascii() or character in LATIN_EXTRA:
        return True
    return "LATIN" in unicodedata.name(character, "")


def looks_like_word(token: str) -> bool:
    """A letter-bearing token that reads like a word of a real language."""
    letters = "".join(LETTERS_RE.findall(token))
    latin = [is_latin(character) for character in letters]
    if not any(latin):
        return True  # another script: these rules cannot judge it
    if not all(latin):
        return False  # Latin mixed with another script inside one token
    if len(letters) <= 5 and letters.isupper():
        return True  # acronyms: TBMM, KDV, AB, NTSB
    shape = "".join("v" if is_vowel(character) else "c" for character in letters)
    vowels = shape.count("v")
    if len(letters) > 3 and vowels == 0:  # abbreviations: md, vb, Ltd, by
        return False
    if len(letters) >= 4 and not 0.2 <= vowels / len(letters) <= 0.75:
        return False
    if CONSONANT_RUN_RE.search(shape) or VOWEL_RUN_RE.search(shape):
        return False
    if REPEATED_GLYPH_RE.search(letters):
        return False
    return len(CASE_SWITCH_RE.findall(letters)) <= 1


def assess_text(text: str) -> TextQuality:
    """Count word-like and junk tokens in a page's text."""
    junk = len(CID_RE.findall(text))
    text = CID_RE.sub(" ", text)
    letter_tokens = word_like = 0
    for token in TOKEN_RE.findall(text):
        if any(is_junk_character(character) for character in token):
            junk += 1
        elif LETTERS_RE.search(token):
            letter_tokens += 1
            word_like += looks_like_word(token)
    characters = sum(1 for character in text if not character.isspace()) + junk
    return TextQuality(characters, letter_tokens, word_like, junk)


def is_garbage(quality: TextQuality, threshold: float = GARBAGE_THRESHOLD) -> bool:
    """Too few word-like tokens to be worth indexing. A page with only a few tokens (a
    title page, a chart's axis labels) is garbage only when junk outnumbers its words."""
    if quality.letter_tokens + quality.junk_tokens < MIN_JUDGED_TOKENS:
        return quality.junk_tokens > quality.letter_tokens
    return quality.score < threshold


def is_unreadable(text: str) -> bool:
    """Empty or garbage: a page to OCR (or to report as having no readable text)."""
    quality = assess_text(text)
    return quality.is_empty or is_garbage(quality)
