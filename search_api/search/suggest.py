""" "Did you mean": the query with each misspelt or unknown word replaced by an index word.

Turkish-aware: words are compared without diacritics, so a word typed with a wrong Turkish
letter (`mültecı`) gets the index's spelling (`mülteci`), a word typed without any Turkish
letters (`multeci`) is left alone (the search finds it anyway), and an unknown word gets the
closest folded index word (`belediyeeler` → `belediyeler`), the commonest on a tie. A valid
inflection the index lacks (`mültecilerimizin`) is not "corrected" to a distant word: a
two-letter correction is offered only when the word's stem is unknown too.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection

from indexer.analysis import fold_diacritics, turkish_lower
from search_api.search.query import QUOTE_CHARS
from search_api.search.vocabulary import Vocabulary, edit_distance

_PLAIN_WORD_RE = re.compile(r"[^\W\d_]+")
_EDGE_PUNCTUATION = QUOTE_CHARS + "-.,;:!?()[]"


def corrected_word(
    word: str,
    vocabulary: Vocabulary,
    stem_known: Callable[[str], bool],
    known: Collection[str] = (),
) -> str:
    """The index's word for `word` (lowercase), or `word` itself when it is known or no
    close index word exists. Words in `known` get their Turkish letters put right but are
    never replaced by another word."""
    if len(word) < 3 or not _PLAIN_WORD_RE.fullmatch(word):
        return word
    folded = fold_diacritics(word)
    if vocabulary.has_spelling(word):
        # A rare spelling of a common word is a slip, often the extraction's (MÜLTECI
        # lowercased is mültecı): offer the common one.
        best = vocabulary.best_spelling(folded)
        if best and vocabulary.is_rare_spelling(word, best) and folded != word:
            return best
        return word
    if vocabulary.has_folded(folded):
        if folded == word:
            return word  # typed without Turkish letters: found as it is
        return vocabulary.best_spelling(folded) or word
    if word in known:
        return word
    nearest = vocabulary.nearest(folded)
    if nearest is None:
        return word
    if edit_distance(folded, nearest, 2) > 1 and stem_known(word):
        return word
    return vocabulary.best_spelling(nearest) or word


def suggest(
    text: str,
    vocabulary: Vocabulary,
    stem_known: Callable[[str], bool],
    known: Collection[str] = (),
) -> str | None:
    """The whole query with corrections, or None when every word is known. Words in `known`
    (lowercase; glossary terms, say) are left as they are."""
    changed = False
    out = []
    for token in text.split(" "):
        core = token.strip(_EDGE_PUNCTUATION)
        if not core:
            out.append(token)
            continue
        lowered = turkish_lower(core)
        replacement = corrected_word(lowered, vocabulary, stem_known, known)
        if replacement != lowered:
            changed = True
            replacement = _same_case(core, replacement)
            token = token.replace(core, replacement, 1)
        out.append(token)
    return " ".join(out) if changed else None


def _same_case(original: str, word: str) -> str:
    """`word` capitalised like `original` (all capitals, or a capital first letter)."""
    if original.isupper() and len(original) > 1:
        return _turkish_upper(word)
    if original[:1].isupper():
        return _turkish_upper(word[:1]) + word[1:]
    return word


def _turkish_upper(text: str) -> str:
    return text.replace("i", "İ").replace("ı", "I").upper()
