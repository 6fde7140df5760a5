"""Pure snippet making: the passage of a unit where the query's words occur, as marked runs.

Words are matched the way search matched them (exact, stemmed, prefix), but shown in their
original surface form (`mültecilere`, not a stem), whole, and with only the matches marked.
The result is plain data (`Snippet`); the web layer escapes it into HTML.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from whoosh.analysis import Analyzer

from indexer.analysis import analyze, shared_analyzers, surface_words

SNIPPET_WORDS = 36
PREFIX_MIN_LENGTH = 5


@dataclass
class MatchForms:
    """A query's words in each analyzed form, to recognise them in a unit's text."""

    exact: set[str] = field(default_factory=set)
    stems: set[str] = field(default_factory=set)
    prefixes: set[str] = field(default_factory=set)


class Span(NamedTuple):
    start: int
    end: int
    matched: bool
    key: str  # the normalised word, to count distinct matches


@lru_cache(maxsize=1)
def analyzers() -> dict[str, Analyzer]:
    """The shared analyzers by the names snippets look them up with."""
    shared = shared_analyzers()
    return {
        "exact": shared.exact,
        "tr": shared.turkish,
        "en": shared.english,
        "prefix": shared.prefix,
    }


@lru_cache(maxsize=200_000)
def word_forms(word: str) -> WordForms:
    """One word's analyzed forms. Tokens are context-free, so a word analyzed alone gets the
    terms it gets inside a text; caching makes a snippet one tokenizer pass plus lookups."""
    chain = analyzers()

    def first(name: str) -> str:
        terms = analyze(chain[name], word)
        return terms[0] if terms else ""

    return WordForms(first("exact"), first("tr"), first("en"), first("prefix"))


@dataclass(frozen=True)
class WordForms:
    exact: str
    stem_tr: str
    stem_en: str
    prefix: str


def match_forms(words: Iterable[str]) -> MatchForms:
    forms = MatchForms()
    for text in words:
        for _, _, word in surface_words(text):
            found = word_forms(word)
            forms.exact.add(found.exact)
            forms.stems.update((found.stem_tr, found.stem_en))
            if len(found.prefix) >= PREFIX_MIN_LENGTH:
                forms.prefixes.add(found.prefix)
    forms.stems.discard("")
    forms.exact.discard("")
    return forms


@lru_cache(maxsize=1024)
def text_words(text: str) -> tuple[tuple[int, int, WordForms], ...]:
    """Each word of a unit's text with its analyzed forms; the units on a results page recur
    from query to query, so they are cached whole."""
    return tuple((start, end, word_forms(word)) for start, end, word in surface_words(text))


def word_spans(text: str, forms: MatchForms, lang: str) -> list[Span]:
    spans = []
    exact, stems, prefixes = forms.exact, forms.stems, forms.prefixes
    english = lang == "en"
    for start, end, found in text_words(text):
        stem = found.stem_en if english else found.stem_tr
        # `prefixes` holds only prefixes of full length (see `match_forms`).
        matched = found.exact in exact or stem in stems or found.prefix in prefixes
        spans.append(Span(start, end, matched, stem or found.exact))
    return spans


def best_window(spans: list[Span], size: int) -> tuple[int, int]:
    """Indexes [first, last) of the window holding the most distinct, then most, matches.

    Windows start a few words before a match, so the match is read in context.
    """
    if len(spans) <= size:
        return 0, len(spans)
    starts = sorted({max(0, i - 4) for i, span in enumerate(spans) if span.matched}) or [0]
    best_score: tuple[int, int] = (-1, -1)
    best_first = 0
    for first in starts:
        window = spans[first : first + size]
        keys = {span.key for span in window if span.matched}
        score = (len(keys), sum(span.matched for span in window))
        if score > best_score:
            best_score, best_first = score, first
    return best_first, min(len(spans), best_first + size)


class MarkedRun(NamedTuple):
    """A run of a unit's text, `marked` when it is a word the query matched."""

    text: str
    marked: bool


@dataclass(frozen=True)
class Snippet:
    """The passage of a unit to show: runs of its text, the matched words `marked`, and
    whether text was left out before and after. The web layer makes HTML of it
    (`search_api.web.snippet_html`); the command line prints it."""

    runs: tuple[MarkedRun, ...]
    cut_before: bool = False
    cut_after: bool = False
    start: int = 0  # where in the unit's text its first marked word (else the passage) starts

    @property
    def text(self) -> str:
        """The passage as plain text, spaces collapsed, cuts shown as `…`."""
        joined = "".join(run.text for run in self.runs)
        return " ".join(
            f"{'…' if self.cut_before else ''}{joined}{'…' if self.cut_after else ''}".split()
        )


def passage(text: str, spans: list[Span], first: int, last: int) -> Snippet:
    """The words [first, last) of `text` (and what lies between them) as marked runs."""
    if not spans:
        return Snippet((MarkedRun(text[:300], False),))
    start = spans[first].start if first > 0 else 0
    end = spans[last - 1].end if last < len(spans) else len(text)
    runs: list[MarkedRun] = []
    cursor = start
    for span in spans[first:last]:
        if span.matched:
            runs.append(MarkedRun(text[cursor : span.start], False))
            runs.append(MarkedRun(text[span.start : span.end], True))
            cursor = span.end
    runs.append(MarkedRun(text[cursor:end], False))
    marked = next((span.start for span in spans[first:last] if span.matched), start)
    return Snippet(
        tuple(run for run in runs if run.text),
        cut_before=first > 0,
        cut_after=last < len(spans),
        start=marked,
    )


def make_snippet(
    text: str, words: Iterable[str] | MatchForms, lang: str = "tr", size: int = SNIPPET_WORDS
) -> Snippet:
    """The passage of `text` around the query `words`. A page of hits passes the words'
    `match_forms`, made once for the query."""
    forms = words if isinstance(words, MatchForms) else match_forms(words)
    spans = word_spans(text, forms, lang)
    first, last = best_window(spans, size)
    return passage(text, spans, first, last)


def mark_words(text: str, forms: MatchForms, lang: str = "tr") -> list[MarkedRun]:
    """The whole `text` cut into plain runs and the words the query matched (as in
    `make_snippet`), for a page that shows a unit in full with the searched words marked."""
    runs: list[MarkedRun] = []
    cursor = 0
    for span in word_spans(text, forms, lang):
        if span.matched:
            if span.start > cursor:
                runs.append(MarkedRun(text[cursor : span.start], False))
            runs.append(MarkedRun(text[span.start : span.end], True))
            cursor = span.end
    if cursor < len(text):
        runs.append(MarkedRun(text[cursor:], False))
    return runs
