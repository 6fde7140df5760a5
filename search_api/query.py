"""Pure query parsing: what the user typed → words, phrases and exclusions → a Whoosh query.

No string raises: unbalanced quotes, operators and control characters fall back to plain
words. Every word is analyzed by each search field's own analyzer (the same analyzers the
index used), and the fields' scores add up, so a word matching in its exact form as well as
by stem and prefix outranks a looser match.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from whoosh import query as wq
from whoosh.fields import Schema

from indexer.analysis import analyze

QUOTE_CHARS = '"“”„«»'
PHRASE_RE = re.compile(r"[\"“”„«»]([^\"“”„«»]+)[\"“”„«»]")
WORD_RE = re.compile(r"[^\s]+")

# Field weights: exact > stem > prefix; titles above body; notes well below.
BODY_FIELDS: dict[str, float] = {
    "body": 1.0,
    "body_tr": 1.0,
    "body_en": 1.0,
    "body_prefix": 0.5,
    "heading": 2.0,
    "heading_tr": 2.0,
    "heading_en": 2.0,
    "heading_prefix": 1.0,
    "notes": 0.2,
}
TITLE_FIELDS: dict[str, float] = {
    "heading": 2.0,
    "heading_tr": 2.0,
    "heading_en": 2.0,
    "heading_prefix": 1.0,
}
PHRASE_FIELDS: dict[str, float] = {"body": 2.0, "heading": 3.0}
COORDINATION_SCALE = 1.0


@dataclass
class ParsedQuery:
    """The user's words, quoted phrases and `-excluded` words, in order of appearance."""

    words: list[str] = field(default_factory=list)
    phrases: list[str] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.words or self.phrases)


def clean_query_text(text: str, max_chars: int = 1000) -> str:
    """NFC, control characters removed, whitespace collapsed, length capped."""
    text = unicodedata.normalize("NFC", text[: max_chars * 2])
    text = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in text)
    return re.sub(r"\s+", " ", text).strip()[:max_chars]


def parse_user_query(text: str, max_chars: int = 1000) -> ParsedQuery:
    text = clean_query_text(text, max_chars)
    parsed = ParsedQuery()
    for match in PHRASE_RE.finditer(text):
        phrase = match.group(1).strip()
        if phrase:
            parsed.phrases.append(phrase)
    rest = PHRASE_RE.sub(" ", text)
    for token in WORD_RE.findall(rest):
        token = token.strip(QUOTE_CHARS)
        if token.startswith("-") and len(token) > 1:
            parsed.excluded.append(token[1:])
        elif token.upper() in {"AND", "OR", "NOT", "VE", "VEYA"} and len(token) <= 4:
            continue  # boolean words carry no meaning of their own here
        elif token:
            parsed.words.append(token)
    if parsed.is_empty and parsed.excluded:
        parsed.words, parsed.excluded = parsed.excluded, []
    return parsed


def field_query(schema: Schema, fieldname: str, text: str, boost: float) -> wq.Query | None:
    """One piece of text against one field, analyzed by that field's analyzer."""
    terms = analyze(schema[fieldname].analyzer, text)
    if not terms:
        return None
    if len(terms) == 1:
        return wq.Term(fieldname, terms[0], boost=boost)
    if schema[fieldname].format.supports("positions"):
        return wq.Phrase(fieldname, terms, boost=boost)
    return wq.And([wq.Term(fieldname, term) for term in terms], boost=boost)


def word_query(schema: Schema, word: str, weights: dict[str, float]) -> wq.Query | None:
    parts = [field_query(schema, name, word, boost) for name, boost in weights.items()]
    present = [part for part in parts if part is not None]
    return wq.Or(present) if present else None


def build_query(
    schema: Schema,
    parsed: ParsedQuery,
    weights: dict[str, float] | None = None,
    extra_words: list[tuple[str, float]] | None = None,
) -> wq.Query:
    """The Whoosh query for a parsed user query; `extra_words` are weighted expansions."""
    weights = weights or BODY_FIELDS
    optional: list[wq.Query] = []
    for word in parsed.words:
        clause = word_query(schema, word, weights)
        if clause is not None:
            optional.append(clause)
    for word, boost in extra_words or []:
        clause = word_query(schema, word, weights)
        if clause is not None:
            clause.boost = boost
            optional.append(clause)
    required: list[wq.Query] = []
    for phrase in parsed.phrases:
        present = [
            q
            for q in (
                field_query(schema, name, phrase, boost) for name, boost in PHRASE_FIELDS.items()
            )
            if q is not None
        ]
        if present:
            required.append(wq.Or(present, boost=2.0))
    words: wq.Query | None = None
    if optional:
        words = wq.Or(optional, scale=COORDINATION_SCALE) if len(optional) > 1 else optional[0]
    if required:
        phrases: wq.Query = wq.And(required) if len(required) > 1 else required[0]
        positive: wq.Query = wq.AndMaybe(phrases, words) if words is not None else phrases
    elif words is not None:
        positive = words
    else:
        return wq.NullQuery
    excluded = [word_query(schema, word, {"body": 1.0, "body_tr": 1.0}) for word in parsed.excluded]
    excluded_present = [q for q in excluded if q is not None]
    if excluded_present:
        return wq.AndNot(positive, wq.Or(excluded_present))
    return positive
