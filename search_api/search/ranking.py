"""Every ranking choice in one value: field weights, BM25F parameters, proximity,
coordination, diacritic restoration and glossary expansion.

`DEFAULT_RANKING` is what the service uses. `scripts/compare_analyzers.py` measures variants
of it on the evaluation sets, and docs/analysis.md records why these values won.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any

from whoosh import scoring


def _frozen(**weights: float) -> Mapping[str, float]:
    return MappingProxyType(dict(weights))


@dataclass(frozen=True)
class ReportTitles:
    """A report page's heading fields (its report's title) count `share` of their weight."""

    share: float
    fields: frozenset[str]


@dataclass(frozen=True)
class RankingConfig:
    """How a parsed query becomes a scored Whoosh query."""

    # Each query word is looked up in these fields; a field's scores add up, so a word found
    # in its exact form as well as by stem and prefix outranks a looser match.
    word_fields: Mapping[str, float] = field(
        default_factory=lambda: _frozen(
            body=0.25,
            surface=0.3,
            body_tr=1.0,
            body_en=1.0,
            body_prefix=0.1,
            heading=0.5,
            heading_tr=3.0,
            heading_en=3.0,
            heading_prefix=1.5,
            notes=0.2,
        )
    )
    # Searched for a word only when the fields above find it nowhere (an inflection the
    # stemmer reads differently, a word cut by extraction). None by default: the body's
    # prefixes are word fields (at 0.1, measured best), so they always catch such words.
    fallback_fields: Mapping[str, float] = field(default_factory=lambda: _frozen())
    # The fields searched when only titles are asked for.
    title_fields: Mapping[str, float] = field(
        default_factory=lambda: _frozen(
            heading=0.5, heading_tr=3.0, heading_en=3.0, heading_prefix=1.5
        )
    )
    # Quoted phrases must occur as written (exact words, in order).
    phrase_fields: Mapping[str, float] = field(
        default_factory=lambda: _frozen(body=2.0, heading=3.0)
    )
    # Adjacent query words found within `proximity_slop` words of each other add this share.
    proximity_fields: tuple[str, ...] = ("body_tr", "body_en")
    proximity_boost: float = 0.6
    # Besides those, where a glossary term's words must stand together (see `word_concepts`).
    term_fields: tuple[str, ...] = ("heading",)
    proximity_slop: int = 2
    # Score x (matched words / all words) ** coordination; 0 turns it off.
    coordination: float = 1.0
    # Score x (1 + title_match x share of the query in the unit's headings) when the query
    # covers the unit's own title whole: see `search_api.search.coordination.TitleMatch`. 0: off.
    title_match: float = 2.0
    own_title_fields: tuple[str, ...] = ("title_tr", "title_en", "title_prefix")
    above_title_fields: tuple[str, ...] = ("heading_tr", "heading_en", "heading_prefix")
    # A word typed without Turkish letters is also searched in the spellings the index has.
    restore_diacritics: bool = True
    # Glossary translations of the query's terms, weighted below the user's own words; 0: off.
    expansion_boost: float = 0.8
    # English words the glossary does not know: up to this many Turkish renderings from the
    # general dictionary, each weighted `dictionary_weight` of a glossary translation; 0: off.
    dictionary_translations: int = 3
    dictionary_weight: float = 0.5
    # A unit that has a query word only through a dictionary rendering (a guess at one of the
    # word's senses, not a glossary term) counts this share of a word in the coordination:
    # words as typed, in the query's language, come first; 1: no preference.
    translation_credit: float = 0.5
    # Function words (of, the, için, ile) are left out when the query has other words.
    drop_stopwords: bool = True
    # A report page's heading is its report's title, the same on each of its pages: a word
    # there says what the report is about, not this page. Its heading fields count this share
    # of their weight (1/3: `heading_tr` then weighs what `body_tr` does), where an article's
    # own title keeps all of it. 1: off. Titles-only searches weigh every title alike.
    report_titles: float = 1 / 3
    # BM25F: K1, and B per field (length normalisation; 0 = none, 1 = full). A law article is
    # long because it lists many cases of its subject, not because it rambles: the Turkish
    # body fields are not normalised (5216 m. 7, 1,400 words, must not lose to a short
    # article that mentions its subject once); English report pages are, a little.
    k1: float = 0.9
    b: float = 0.75
    field_b: Mapping[str, float] = field(
        default_factory=lambda: _frozen(
            body=0.0, surface=0.0, body_tr=0.0, body_en=0.4, body_prefix=0.4
        )
    )

    def weighting(self) -> scoring.WeightingModel:
        per_field: dict[str, Any] = {f"{name}_B": value for name, value in self.field_b.items()}
        return scoring.BM25F(B=self.b, K1=self.k1, **per_field)

    def report_title_share(self) -> ReportTitles | None:
        """How a report page's heading fields are weighed (None: as an article's)."""
        if self.report_titles == 1.0:
            return None
        return ReportTitles(self.report_titles, frozenset(self.title_fields))

    def but(self, **changes: Any) -> RankingConfig:
        """A copy with some settings changed (for comparisons)."""
        return replace(self, **changes)


DEFAULT_RANKING = RankingConfig()
