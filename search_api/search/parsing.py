"""The user's text → its words, quoted phrases and `-excluded` words (`ParsedQuery`).

No string raises: unbalanced quotes, operators and control characters fall back to plain
words. Each word and phrase is kept once and their numbers are capped, so that no query
string costs more than a small multiple of an ordinary one.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from indexer.analysis import is_stopword, turkish_lower

QUOTE_CHARS = '"“”„«»'
PHRASE_RE = re.compile(r"[\"“”„«»]([^\"“”„«»]+)[\"“”„«»]")
WORD_RE = re.compile(r"[^\s]+")
# Bounds on one query's cost: repeated words count once, and past these numbers the rest of
# the query is ignored (a question has a handful of words; a pasted page should not cost
# the other users their searches).
MAX_WORDS = 12
MAX_PHRASES = 4
MAX_PHRASE_WORDS = 12
MAX_EXCLUDED = 6


@dataclass
class ParsedQuery:
    """The user's words, quoted phrases and `-excluded` words, in order of appearance."""

    words: list[str] = field(default_factory=list)
    phrases: list[str] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.words or self.phrases)


MAX_QUERY_CHARS = 1000  # the default longest query (Settings `max_query_chars`)


def clean_query_text(text: str, max_chars: int = MAX_QUERY_CHARS) -> str:
    """NFC, control characters removed, whitespace collapsed, length capped."""
    text = unicodedata.normalize("NFC", text[: max_chars * 2])
    text = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in text)
    return re.sub(r"\s+", " ", text).strip()[:max_chars]


def parse_user_query(text: str, max_chars: int = MAX_QUERY_CHARS) -> ParsedQuery:
    """The words, phrases and exclusions of `text`, each kept once (ignoring case) and
    capped in number (`MAX_WORDS`, `MAX_PHRASES`, `MAX_PHRASE_WORDS`, `MAX_EXCLUDED`), so
    that no query string costs more than a small multiple of an ordinary one."""
    text = clean_query_text(text, max_chars)
    parsed = ParsedQuery()
    for match in PHRASE_RE.finditer(text):
        phrase = " ".join(match.group(1).split()[:MAX_PHRASE_WORDS])
        if phrase:
            _add_once(parsed.phrases, phrase, MAX_PHRASES)
    rest = PHRASE_RE.sub(" ", text)
    for token in WORD_RE.findall(rest):
        token = token.strip(QUOTE_CHARS)
        if token.startswith("-") and len(token) > 1:
            _add_once(parsed.excluded, token[1:], MAX_EXCLUDED)
        elif token.upper() in {"AND", "OR", "NOT", "VE", "VEYA"} and len(token) <= 4:
            continue  # boolean words carry no meaning of their own here
        elif token:
            _add_once(parsed.words, token, MAX_WORDS)
    return parsed


def _add_once(found: list[str], item: str, limit: int) -> None:
    """Append `item` unless it is there already (in any case) or `found` is full."""
    if len(found) < limit and turkish_lower(item) not in (turkish_lower(f) for f in found):
        found.append(item)


def content_words(words: Sequence[str]) -> list[str]:
    """The words less function words (of, the, için, ile), unless nothing else is left."""
    kept = [word for word in words if not is_stopword(word)]
    return kept or list(words)
