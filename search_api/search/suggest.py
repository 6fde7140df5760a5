""" "Did you mean": the query with each misspelt or unknown word replaced by an index word.

Turkish-aware: words are compared without diacritics, so a word typed with a wrong Turkish
letter (`mültecı`) gets the index's spelling (`mülteci`), a word typed without any Turkish
letters (`multeci`) is left alone (the search finds it anyway), and an unknown word gets the
closest folded index word (`belediyeeler` → `belediyeler`), the commonest on a tie. A valid
inflection the index lacks (`mültecilerimizin`) is not "corrected" to a distant word: a
two-letter correction is offered only when the word's stem is unknown too, and then two index
words typed without the space between them (`sınırdışı` → `sınır dışı`) come first.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection

from indexer.analysis import fold_diacritics, turkish_lower
from search_api.search.parsing import QUOTE_CHARS
from search_api.search.vocabulary import Vocabulary, edit_distance

_PLAIN_WORD_RE = re.compile(r"[^\W\d_]+")
_EDGE_PUNCTUATION = QUOTE_CHARS + "-.,;:!?()[]"
MIN_PART = 3  # the shortest half of a split word (shorter ones are suffixes, not words)


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
    if nearest is None or edit_distance(folded, nearest, 2) > 1:
        if stem_known(word):
            return word
        # Two words typed without the space (`sınırdışı`) before a word two edits away
        # (`sınırını`): a person means the two words.
        parts = split_in_two(word, vocabulary)
        if parts is not None:
            return parts
    if nearest is None:
        return word
    return vocabulary.best_spelling(nearest) or word


def split_in_two(word: str, vocabulary: Vocabulary) -> str | None:
    """`word` as two index words of three letters or more (`birdenfazla` → `birden fazla`),
    in the index's spelling; the split whose rarer half is commonest, or None."""
    best: tuple[int, str] | None = None
    for cut in range(MIN_PART, len(word) - MIN_PART + 1):
        first = index_spelling(word[:cut], vocabulary)
        second = index_spelling(word[cut:], vocabulary)
        if first is None or second is None:
            continue
        rarer = min(vocabulary.frequency.get(first, 0), vocabulary.frequency.get(second, 0))
        if best is None or rarer > best[0]:
            best = (rarer, f"{first} {second}")
    return best[1] if best else None


def index_spelling(part: str, vocabulary: Vocabulary) -> str | None:
    """The index's spelling of a word: as typed when it has Turkish letters and the index
    holds it, else the commonest spelling of its folded form (`sinir` → `sınır`)."""
    folded = fold_diacritics(part)
    if part != folded and vocabulary.has_spelling(part):
        return part
    return vocabulary.best_spelling(folded)


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
