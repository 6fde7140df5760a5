"""Turkish letters: lowercasing with the dotted and dotless i, and folding diacritics away.

The one place Kaynak decides how Turkish text is compared: the analyzers, file names
(`corpus.slugify`), law aliases and query suggestions all go through these functions.
"""

from __future__ import annotations

import unicodedata

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


def fold_turkish(text: str) -> str:
    """Lowercased the Turkish way, then folded: the form in which `İstanbul`, `ISTANBUL`,
    `istanbul` and `Istanbul` all meet (`istanbul`)."""
    return fold_diacritics(turkish_lower(text))
