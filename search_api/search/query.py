"""Query planning: the parsed query (`search_api.search.parsing`) → a Whoosh query.

Every word is analyzed by each search field's own analyzer (the same analyzers the
index used), and the fields' scores add up, so a word matching in its exact form as well as
by stem and prefix outranks a looser match. On top of that (see `search_api.search.ranking`):
- a word typed without Turkish letters is also searched in the spellings the index has
  (`cesitleri` → `çeşitleri`), so its stem is the right one;
- glossary terms bring their translation, weighted below the user's words, as an alternative
  for the words they translate (`interview` or `mülakat`);
- the score is scaled by the share of the query's words a unit matches (coordination), and
  adjacent words found near each other add a bonus (proximity).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Protocol

from whoosh import query as wq
from whoosh.fields import Schema
from whoosh.query.spans import SpanNear2

from indexer.analysis import analyze, fold_diacritics, turkish_lower
from search_api.search.coordination import (
    CoordinatedOr,
    Fallback,
    ScaledWhere,
    TitleMatch,
    TypedWords,
)
from search_api.search.glossary import Glossary, GlossaryMatch
from search_api.search.parsing import ParsedQuery, content_words
from search_api.search.proximity import WordsTogether
from search_api.search.ranking import DEFAULT_RANKING, RankingConfig, ReportTitles
from search_api.search.vocabulary import SURFACE_FIELD

Spellings = Callable[[str], list[str]]


class Translating(Protocol):
    """Translations of query words beyond the glossary (see `dictionary.DictionaryLookup`)."""

    def matches(self, words: Sequence[str], covered: set[int]) -> list[GlossaryMatch]: ...


# A glossary term's words are found together by the first letters of their index terms.
TOGETHER_PREFIX = 4


@dataclass
class QueryPlan:
    """The Whoosh query, every word it looks for (to mark them in snippets), the query
    words the glossary knows (no misspellings, whatever the index holds) and the words the
    glossary added in the other language (`refugees` → `mülteci`)."""

    query: wq.Query
    marked_words: list[str] = field(default_factory=list)
    glossary_words: set[str] = field(default_factory=set)
    translations: list[str] = field(default_factory=list)


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


def spelling_field_query(
    schema: Schema, fieldname: str, spellings: Sequence[str], boost: float
) -> wq.Query | None:
    """Any of a word's spellings against one field (duplicates, as after folding, merged)."""
    found: dict[wq.Query, None] = {}
    for spelling in spellings:
        query = field_query(schema, fieldname, spelling, boost)
        if query is not None:
            found[query] = None
    queries = list(found)
    if not queries:
        return None
    return queries[0] if len(queries) == 1 else wq.Or(queries)


REPORT_UNITS = ("kind", "report")  # units whose heading is their document's title


def word_query(
    schema: Schema,
    word: str,
    weights: Mapping[str, float],
    spellings: Spellings | None = None,
    report_titles: ReportTitles | None = None,
) -> wq.Query | None:
    """One word against every weighted field of the schema, scores added up. The unfolded
    `surface` field is asked only about a word typed with Turkish letters: it tells `sınır`
    from `sinir`, which the folded fields cannot, and has nothing to add otherwise. A report
    page's heading fields count `report_titles`' share of their weight (see `ScaledWhere`)."""
    forms = word_spellings(word, spellings)
    typed_with_letters = not forms[0].isascii()
    present: list[wq.Query] = []
    headings: list[wq.Query] = []  # scaled on report pages
    for name, boost in weights.items():
        if boost <= 0 or name not in schema or (name == SURFACE_FIELD and not typed_with_letters):
            continue
        part = spelling_field_query(
            schema, name, forms[:1] if name == SURFACE_FIELD else forms, boost
        )
        if part is not None:
            scaled = report_titles is not None and name in report_titles.fields
            (headings if scaled else present).append(part)
    if headings and report_titles is not None:
        grouped = headings[0] if len(headings) == 1 else wq.Or(headings)
        present.append(ScaledWhere(grouped, REPORT_UNITS, report_titles.share))
    if not present:
        return None
    return present[0] if len(present) == 1 else wq.Or(present)


def word_spellings(word: str, spellings: Spellings | None) -> list[str]:
    """The word as typed, then the index's spellings of it when typed without Turkish letters."""
    lowered = turkish_lower(word)
    if spellings is None or lowered != fold_diacritics(lowered):
        return [lowered]
    return [lowered, *(s for s in spellings(lowered) if s != lowered)]


def likeliest_spelling(word: str, spellings: Spellings | None) -> str:
    """The index's commonest spelling of the word, or the word as typed."""
    forms = word_spellings(word, spellings)
    return forms[1] if len(forms) > 1 else forms[0]


def phrase_query(
    schema: Schema,
    words: Sequence[str],
    weights: Mapping[str, float],
    report_titles: ReportTitles | None = None,
) -> wq.Query | None:
    """A glossary translation: all its content words, each in every field but the prefix
    ones (a glossary term is in its dictionary form, which the stemmer reads well)."""
    exact = {name: w for name, w in weights.items() if not name.endswith("prefix")}
    clauses = [
        word_query(schema, word, exact, report_titles=report_titles)
        for word in content_words(words)
    ]
    present = [clause for clause in clauses if clause is not None]
    if not present:
        return None
    return present[0] if len(present) == 1 else wq.And(present)


def proximity_queries(
    schema: Schema, words: Sequence[str], config: RankingConfig, spellings: Spellings | None
) -> list[wq.Query]:
    """Adjacent query words within `proximity_slop` words of each other, in either order."""
    if config.proximity_boost <= 0 or len(words) < 2:
        return []
    found = []
    for first, second in pairwise(words):
        pair = [likeliest_spelling(first, spellings), likeliest_spelling(second, spellings)]
        for name in config.proximity_fields:
            if name not in schema:
                continue
            terms = [analyze(schema[name].analyzer, word) for word in pair]
            if not all(len(found_terms) == 1 for found_terms in terms) or terms[0] == terms[1]:
                continue
            # A span query ignores its own boost: the terms carry it.
            near = [wq.Term(name, t[0], boost=config.proximity_boost) for t in terms]
            found.append(SpanNear2(near, slop=config.proximity_slop, ordered=False))

    return found


def term_near_query(
    schema: Schema, words: Sequence[str], config: RankingConfig, spellings: Spellings | None
) -> wq.Query | None:
    """Matches where a term's words stand together (within `proximity_slop` words, in any
    order) in a field that records positions; it adds nothing to the score. None when no
    such field can hold every word."""
    spelled = [word_spellings(word, spellings) for word in words]
    found: list[wq.Query] = []
    for name in (*config.proximity_fields, *config.term_fields):
        if name not in schema:
            continue
        analyzer = schema[name].analyzer
        prefixes = [
            sorted({term[:TOGETHER_PREFIX] for form in forms for term in analyze(analyzer, form)})
            for forms in spelled
        ]
        if all(prefixes):
            found.append(WordsTogether(name, prefixes, config.proximity_slop))
    if not found:
        return None
    return found[0] if len(found) == 1 else wq.Or(found)


def plan_query(
    schema: Schema,
    parsed: ParsedQuery,
    config: RankingConfig = DEFAULT_RANKING,
    spellings: Spellings | None = None,
    glossary: Glossary | None = None,
    weights: Mapping[str, float] | None = None,
    dictionary: Translating | None = None,
) -> QueryPlan:
    """The Whoosh query for a parsed user query, with the words it marks in snippets.
    `weights` replaces the word fields (titles only, say); the body is then not searched.
    `dictionary` translates the English words the glossary does not know."""
    if weights is not None:  # titles only: nothing from the body, proximity included
        config = config.but(proximity_boost=0.0, fallback_fields={}, report_titles=1.0)
    fallback = config.fallback_fields
    weights = weights or config.word_fields
    spellings = spellings if config.restore_diacritics else None
    words = content_words(parsed.words) if config.drop_stopwords else list(parsed.words)
    matches = (
        glossary.match(words, spellings)
        if glossary is not None and config.expansion_boost > 0
        else []
    )
    terms = glossary.terms_in(words, spellings) if matches and glossary is not None else []
    if dictionary is not None and config.expansion_boost > 0:
        covered = {index for match in matches for index in range(match.start, match.end)}
        more = dictionary.matches(words, covered)
        matches, terms = [*matches, *more], [*terms, *more]
    concepts = word_concepts(schema, words, (weights, fallback), config, spellings, terms)
    marked = [*words, *(w for m in matches for t in m.translations for w in t.split())]
    if spellings is not None:
        marked += [s for word in words for s in word_spellings(word, spellings)[1:]]
    marked += [word for phrase in parsed.phrases for word in phrase.split()]
    known = {turkish_lower(words[i]) for match in matches for i in range(match.start, match.end)}
    translations = list(dict.fromkeys(t for match in matches for t in match.translations))
    excluded = [word_query(schema, word, {"body": 1.0, "body_tr": 1.0}) for word in parsed.excluded]
    excluded_present = [q for q in excluded if q is not None]
    positive = combine(schema, parsed, concepts, config, words, spellings)
    if positive is None and parsed.excluded:
        positive = wq.Every()  # only exclusions: everything but them
    if positive is None:
        return QueryPlan(wq.NullQuery, marked, known, translations)
    if excluded_present:
        positive = wq.AndNot(positive, wq.Or(excluded_present))
    return QueryPlan(positive, marked, known, translations)


def word_concepts(
    schema: Schema,
    words: Sequence[str],
    fields: tuple[Mapping[str, float], Mapping[str, float]],
    config: RankingConfig,
    spellings: Spellings | None,
    terms: Iterable[GlossaryMatch],
) -> Concepts:
    """One clause per query word: the word itself, or (when the glossary knows it as part of
    a term) the term or its translation, whichever scores more. A term of several words is
    one concept: "geri kabul" (readmission) is not found by "geri" alone, so a word inside
    such a term counts only with the rest of the term, or with the rest of a shorter term
    the glossary knows inside it (`ikamet izni` inside `ikamet izni çeşitleri`). A term
    covering n words counts 1/n of its score for each, so it weighs what its words would.
    Where the index holds the term nowhere (together or translated), its words count alone.
    `fields` are the word fields and the fallback fields (searched only when the word fields
    find the word nowhere)."""
    weights, fallback_weights = fields
    owns: list[wq.Query | None] = []
    for word in words:
        own = word_query(schema, word, weights, spellings, config.report_title_share())
        fallback = word_query(schema, word, fallback_weights, spellings)
        owns.append(Fallback(own, fallback) if own is not None and fallback is not None else own)
    # (clause, is a guess: a general dictionary's rendering, not a glossary term)
    options: dict[int, list[tuple[wq.Query, bool]]] = {}
    for term in terms:
        size = term.end - term.start
        for index in range(term.start, term.end):
            options.setdefault(index, [])
        boost = config.expansion_boost * term.weight / size
        guessed = term.weight < 1
        translations = (
            phrase_query(schema, name.split(), weights, config.report_title_share())
            for name in term.translations
        )
        found = [(q.with_boost(boost), guessed) for q in translations if q is not None]
        own_words = [owns[index] for index in range(term.start, term.end)]
        present = [own for own in own_words if own is not None]
        if len(present) == size == 1:
            found.append((present[0], False))
        elif len(present) == size:
            together = term_near_query(schema, words[term.start : term.end], config, spellings)
            parts = [*present, together] if together is not None else present
            found.append((wq.And(parts, boost=1.0 / size), False))
        for index in range(term.start, term.end):
            options[index] += found
    concepts: list[wq.Query] = []
    typed: list[tuple[int, wq.Query | None]] = []
    for index, own in enumerate(owns):
        found = options.get(index, [(own, False)] if own is not None else [])
        if not found:
            continue
        clauses = [clause for clause, _ in found]
        concept = clauses[0] if len(clauses) == 1 else wq.DisjunctionMax(clauses)
        if index in options and own is not None and own not in clauses:
            concept = Fallback(concept, own)  # the term is nowhere: its words alone, then
        if any(guess for _, guess in found):
            typed.append((len(concepts), own))  # the units that have the word as typed
        concepts.append(concept)
    return Concepts(concepts, tuple(typed))


@dataclass(frozen=True)
class Concepts:
    """One clause per query word, and for those holding translations the query for the word
    as typed (by clause position; None: the index has it nowhere)."""

    clauses: list[wq.Query]
    typed: tuple[tuple[int, wq.Query | None], ...] = ()


def title_match(
    schema: Schema, words: Sequence[str], config: RankingConfig, spellings: Spellings | None
) -> TitleMatch | None:
    """Each word in the unit's own title and in the titles above it (see `TitleMatch`)."""
    if config.title_match <= 0 or not words:
        return None

    def in_fields(word: str, names: Sequence[str]) -> wq.Query | None:
        return word_query(schema, word, dict.fromkeys(names, 1.0), spellings)

    own = tuple(in_fields(word, config.own_title_fields) for word in words)
    above = tuple(in_fields(word, config.above_title_fields) for word in words)
    return TitleMatch(own, above, config.title_match)


def combine(
    schema: Schema,
    parsed: ParsedQuery,
    concepts: Concepts,
    config: RankingConfig,
    words: Sequence[str],
    spellings: Spellings | None,
) -> wq.Query | None:
    """Words (coordinated, with proximity bonuses) under the required quoted phrases."""
    words_query: wq.Query | None = None
    clauses = concepts.clauses
    if clauses:
        bonus = proximity_queries(schema, words, config, spellings)
        titles = title_match(schema, words, config, spellings)
        credit = config.translation_credit
        typed = TypedWords(concepts.typed, credit) if concepts.typed and credit < 1 else None
        if config.coordination > 0 or bonus or titles is not None:
            words_query = CoordinatedOr(
                [*clauses, *bonus],
                counted=len(clauses),
                exponent=config.coordination,
                titles=titles,
                typed=typed,
            )
        else:
            words_query = wq.Or(clauses) if len(clauses) > 1 else clauses[0]
    required: list[wq.Query] = []
    for phrase in parsed.phrases:
        present = [
            q
            for q in (
                field_query(schema, name, phrase, boost)
                for name, boost in config.phrase_fields.items()
            )
            if q is not None
        ]
        if present:
            required.append(wq.Or(present, boost=2.0))
    if not required:
        return words_query
    phrases: wq.Query = wq.And(required) if len(required) > 1 else required[0]
    return wq.AndMaybe(phrases, words_query) if words_query is not None else phrases
