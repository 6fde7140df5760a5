"""The one tokenizer of every analyzer: words (runs of letters) and numbers, with Turkish
apostrophe suffixes dropped, footnote marks skipped and invisible characters removed.

`KaynakTokenizer` is pickled into the index's schema; it is re-exported from
`indexer.analysis.analyzers`, where older indexes look for it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from whoosh.analysis import Token, Tokenizer

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
