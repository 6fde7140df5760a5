"""Measure candidate analysis and ranking configurations: nDCG@10 per category for each.

    python scripts/compare_analyzers.py [--corpus DIR] [--queries FILE ...] [--only NAME ...]

The corpus is extracted once; each stem variant (plain Snowball, Snowball with Kaynak's
fixes) gets its own in-memory index with the real schema, and each ranking variant runs the
real `SearchService` over it, so what is measured is what ships. The table goes into
docs/analysis.md. Query files default to the shared dev set and tests/eval-extra-queries.jsonl
(queries written for this comparison, judged by reading the laws and reports).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from whoosh import fields
from whoosh.analysis import Filter
from whoosh.filedb.filestore import RamStorage
from whoosh.index import Index

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from indexer.analysis import stemming as analysis
from indexer.analysis import turkish_stem_analyzer
from indexer.analysis.analyzers import SnowballTurkishFilter, TurkishStemFilter, WordFilter
from indexer.corpus import find_corpus_files
from indexer.extraction import ExtractedDocument, Extractor
from indexer.index.schema import build_schema, unit_texts
from indexer.index.store import unit_fields
from indexer.models import SearchUnit
from search_api.search import SearchService, evaluate, load_queries
from search_api.search.evaluation import EvalQuery
from search_api.search.ranking import DEFAULT_RANKING, RankingConfig

DEV_QUERIES = ROOT.parent / "shared" / "eval" / "dev-queries.jsonl"
EXTRA_QUERIES = ROOT / "tests" / "eval-extra-queries.jsonl"
REAL_CORPUS = ROOT.parent / "shared" / "testdata" / "pdfs" / "real"
REAL_QUERIES = ROOT / "tests" / "eval-real-queries.jsonl"
CATEGORIES = ("topic-tr", "ascii", "inflect", "cite", "report-tr", "report-en", "en-law")


_HIGH_VOWELS = "ıiuü"


def _cut_position(word: str, stem: str) -> int | None:
    """Where Snowball's cut starts in `word`, allowing for a devoiced last letter (doğum → dok)."""
    if not stem or len(stem) > len(word) or word[: len(stem) - 1] != stem[:-1]:
        return None
    last = word[len(stem) - 1]
    return len(stem) if stem[-1] in (last, analysis._DEVOICE.get(last)) else None


def _is_case_tail(tail: str) -> bool:
    """Whether what follows a root's m is a case or third-person ending (tanım·ı, tanım·da),
    not a verb's (oku·mak, oku·muş) or the first-person plural possessive (ülke·miz)."""
    if not tail:
        return True
    if tail[0] in _HIGH_VOWELS:
        return tail[1:2] not in ("ş", "z") and not tail[1:].startswith("yor")
    return tail[0] in "dtl"


def restore_root_m(word: str, stem: str) -> str:
    """`tanım` → Snowball `ta`, `bakımı` → `bak`, `doğumla` → `dok`: Snowball reads a root's
    final vowel + m as "my"; give the root its m back when a case ending (or nothing)
    follows. Measured (A9, V1b) and not shipped: see docs/analysis.md."""
    start = _cut_position(word, stem)
    if start is None:
        return stem
    for index in range(max(start, 3), len(word)):
        if word[index] == "m" and word[index - 1] in analysis._VOWELS:
            if _is_case_tail(word[index + 1 :]):
                return word[: index + 1]
            return stem
    return stem


def _stem_one_spelling_with_root_m(spelling: str) -> str:
    snowball = analysis.snowball_turkish(spelling)
    restored = restore_root_m(spelling, snowball)
    if restored != snowball:
        return analysis._apply_floor(spelling, restored)
    return analysis._fix_snowball_stem(spelling, snowball)


@lru_cache(maxsize=1 << 16)
def stem_with_root_m(word: str) -> str:
    """`stem_turkish` with `restore_root_m` applied to Snowball's stem first."""
    return analysis._stem_spellings(word, _stem_one_spelling_with_root_m)


class StemWithRootMFilter(WordFilter):
    is_morph = True
    word_map = staticmethod(stem_with_root_m)


# Each stands in for `TurkishStemFilter` in `turkish_stem_analyzer`.
STEMMERS: dict[str, Callable[[], Filter]] = {
    "snowball": SnowballTurkishFilter,
    "fixed": TurkishStemFilter,
    "fixed+root-m": StemWithRootMFilter,
}

ALL_WORD_FIELDS = dict(DEFAULT_RANKING.word_fields)


def weights(**changes: float) -> dict[str, float]:
    return {**ALL_WORD_FIELDS, **changes}


# The configuration the project had before this comparison: exact + stem + prefix fields,
# Whoosh's (inert) coordination, no surface field, restoration, proximity or glossary.
BEFORE = DEFAULT_RANKING.but(
    word_fields=weights(
        body=1.0,
        surface=0.0,
        body_prefix=0.5,
        heading=2.0,
        heading_tr=2.0,
        heading_en=2.0,
        heading_prefix=1.0,
    ),
    fallback_fields={},
    title_fields={"heading": 2.0, "heading_tr": 2.0, "heading_en": 2.0, "heading_prefix": 1.0},
    coordination=0.0,
    title_match=0.0,
    proximity_boost=0.0,
    proximity_slop=3,
    restore_diacritics=False,
    expansion_boost=0.0,
    drop_stopwords=False,
    k1=1.2,
    b=0.75,
    field_b={"body": 0.4, "body_tr": 0.4, "body_en": 0.4},
)
STEM_FIELDS = ("body_tr", "body_en", "heading_tr", "heading_en", "notes")
EXACT_FIELDS = ("body", "heading")
PREFIX_FIELDS = ("body_prefix", "heading_prefix")


@dataclass(frozen=True)
class Candidate:
    name: str
    stemmer: str
    ranking: RankingConfig
    headings: str = "article+law"  # or "article": see `headed`


def candidates() -> list[Candidate]:
    """Analysis first (which fields, which stemmer), then ranking signals added one by one,
    then the shipped configuration and variations of one setting each around it."""
    before = BEFORE

    def only(*names: str) -> dict[str, float]:
        return {name: weight for name, weight in before.word_fields.items() if name in names}

    surface = before.but(word_fields={**before.word_fields, "surface": 0.3})
    restore = surface.but(restore_diacritics=True)
    coordinated = restore.but(coordination=1.0)
    proximity = coordinated.but(proximity_boost=0.6)
    glossary = proximity.but(expansion_boost=0.6)
    stopwords = glossary.but(drop_stopwords=True)
    exact_low = stopwords.but(word_fields={**stopwords.word_fields, "body": 0.25, "heading": 0.5})
    adjacent = exact_low.but(proximity_slop=1)
    fallback = adjacent.but(
        word_fields={**adjacent.word_fields, "body_prefix": 0.0},
        fallback_fields={"body_prefix": 0.5},
    )
    slop2 = fallback.but(proximity_slop=2)
    shipped = DEFAULT_RANKING
    body_b = dict(shipped.field_b)
    fallback_only = shipped.but(
        word_fields={**shipped.word_fields, "body_prefix": 0.0},
        fallback_fields={"body_prefix": 0.5},
    )
    return [
        Candidate("A1 Snowball alone (stem fields only)", "snowball", before.but(
            word_fields=only(*STEM_FIELDS))),
        Candidate("A2 Snowball + fixes (stem fields only)", "fixed", before.but(
            word_fields=only(*STEM_FIELDS))),
        Candidate("A3 5-letter prefixes alone", "fixed", before.but(
            word_fields=only(*PREFIX_FIELDS))),
        Candidate("A4 exact + prefixes (folded)", "fixed", before.but(
            word_fields=only(*EXACT_FIELDS, *PREFIX_FIELDS))),
        Candidate("A5 exact + Snowball alone", "snowball", before.but(
            word_fields=only(*EXACT_FIELDS, *STEM_FIELDS))),
        Candidate("A6 exact + Snowball + fixes", "fixed", before.but(
            word_fields=only(*EXACT_FIELDS, *STEM_FIELDS))),
        Candidate("A7 exact + Snowball alone + prefixes", "snowball", before),
        Candidate("A8 exact + Snowball + fixes + prefixes (before)", "fixed", before),
        Candidate("A9 A8 + root-m fix (tanım, bakım, doğum)", "fixed+root-m", before),
        Candidate("R1 A8 + unfolded surface field", "fixed", surface),
        Candidate("R2 R1 + diacritics restored from the index", "fixed", restore),
        Candidate("R3 R2 + coordination (share of words)", "fixed", coordinated),
        Candidate("R4 R3 + proximity of adjacent words", "fixed", proximity),
        Candidate("R5 R4 + glossary expansion", "fixed", glossary),
        Candidate("R6 R5 + function words dropped", "fixed", stopwords),
        Candidate("R7 R6 + exact fields as tie-breakers", "fixed", exact_low),
        Candidate("R8 R7 + proximity = adjacent only", "fixed", adjacent),
        Candidate("R9 R8 + body prefixes only as a fallback", "fixed", fallback),
        Candidate("R10 R9 + proximity within 2 words", "fixed", slop2),
        Candidate("R11 R10 + no length norm. on Turkish body", "fixed", slop2.but(
            field_b=shipped.field_b)),
        Candidate("R12 R11 + BM25 K1 0.9", "fixed", slop2.but(
            field_b=shipped.field_b, k1=shipped.k1)),
        Candidate("R13 R12 + titles x1.5", "fixed", fallback_only.but(title_match=0.0)),
        Candidate("R14 R13 + title match (own title covered whole)", "fixed", fallback_only),
        Candidate("SHIPPED R14 + body prefixes always, at 0.1", "fixed", shipped),
        Candidate("V1 shipped, plain Snowball", "snowball", shipped),
        Candidate("V1b shipped + root-m fix", "fixed+root-m", shipped),
        Candidate("V2 shipped, body B 0.4 (as before)", "fixed", shipped.but(
            field_b={**body_b, "body": 0.4, "body_tr": 0.4, "surface": 0.4})),
        Candidate("V3 shipped, body B 0.75", "fixed", shipped.but(
            field_b={**body_b, "body": 0.75, "body_tr": 0.75, "surface": 0.75})),
        Candidate("V4 shipped, heading B 0.3", "fixed", shipped.but(
            field_b={**body_b, "heading": 0.3, "heading_tr": 0.3, "heading_en": 0.3})),
        Candidate("V5 shipped, coordination square root", "fixed", shipped.but(coordination=0.5)),
        Candidate("V5b shipped, coordination 1.5", "fixed", shipped.but(coordination=1.5)),
        Candidate("V5c shipped, coordination 2", "fixed", shipped.but(coordination=2.0)),
        Candidate("V6 shipped, no coordination", "fixed", shipped.but(coordination=0.0)),
        Candidate("V7 shipped, no proximity", "fixed", shipped.but(proximity_boost=0.0)),
        Candidate("V8 shipped, proximity 0.3", "fixed", shipped.but(proximity_boost=0.3)),
        Candidate("V8b shipped, proximity 1.0", "fixed", shipped.but(proximity_boost=1.0)),
        Candidate("V9 shipped, glossary 0.6", "fixed", shipped.but(expansion_boost=0.6)),
        Candidate("V10 shipped, glossary 0.4", "fixed", shipped.but(expansion_boost=0.4)),
        Candidate("V11 shipped, no glossary", "fixed", shipped.but(expansion_boost=0.0)),
        Candidate("V12 shipped, no diacritic restoration", "fixed", shipped.but(
            restore_diacritics=False)),
        Candidate("V13 shipped, no surface field", "fixed", shipped.but(
            word_fields={**shipped.word_fields, "surface": 0.0})),
        Candidate("V14 shipped, no body prefixes", "fixed", shipped.but(
            word_fields={**shipped.word_fields, "body_prefix": 0.0})),
        Candidate("V14b shipped, body prefixes at 0.05", "fixed", shipped.but(
            word_fields={**shipped.word_fields, "body_prefix": 0.05})),
        Candidate("V15 shipped, body prefixes at 0.5", "fixed", shipped.but(
            word_fields={**shipped.word_fields, "body_prefix": 0.5})),
        Candidate("V15b shipped, proximity adjacent only", "fixed", shipped.but(
            proximity_slop=1)),
        Candidate("V15c shipped, proximity within 3", "fixed", shipped.but(proximity_slop=3)),
        Candidate("V16 shipped, titles x2/3 (as before)", "fixed", shipped.but(
            word_fields={**shipped.word_fields, "heading_tr": 2.0, "heading_en": 2.0,
                         "heading_prefix": 1.0})),
        Candidate("V16b shipped, titles x4/3", "fixed", shipped.but(
            word_fields={**shipped.word_fields, "heading_tr": 4.0, "heading_en": 4.0,
                         "heading_prefix": 2.0})),
        Candidate("V17 shipped, titles x1/3", "fixed", shipped.but(
            word_fields={**shipped.word_fields, "heading_tr": 1.0, "heading_en": 1.0,
                         "heading_prefix": 0.5})),
        Candidate("V18 shipped, K1 1.2 (Whoosh default)", "fixed", shipped.but(k1=1.2)),
        Candidate("V18b shipped, K1 0.6", "fixed", shipped.but(k1=0.6)),
        Candidate("V19 shipped, law headings = article title only", "fixed", shipped, "article"),
        Candidate("V20 shipped, title match 0.5", "fixed", shipped.but(title_match=0.5)),
        Candidate("V20b shipped, title match 1", "fixed", shipped.but(title_match=1.0)),
        Candidate("V20c shipped, title match 5", "fixed", shipped.but(title_match=5.0)),
        Candidate("V20d shipped, title match without prefixes", "fixed", shipped.but(
            own_title_fields=("title_tr", "title_en"),
            above_title_fields=("heading_tr", "heading_en"))),
    ]  # fmt: skip


class MemoryStore:
    """What `SearchService` needs of an `IndexStore`: the index."""

    def __init__(self, index: Index) -> None:
        self.index = index


def headed(fields_of_unit: dict[str, Any], unit: SearchUnit, headings: str) -> dict[str, Any]:
    """The unit's fields, with an article's headings holding its own title alone when
    `headings` is "article" (shipped: "article+law", its own title and its law's)."""
    if headings == "article" and unit.article:
        title = unit.article_title or ""
        for name in ("heading", "heading_tr", "heading_en", "heading_prefix"):
            if name in fields_of_unit:
                fields_of_unit[name] = title
    return fields_of_unit


def build_index(
    units: list[tuple[SearchUnit, str]], stemmer: Callable[[], Filter], headings: str
) -> Index:
    schema = build_schema()
    turkish = turkish_stem_analyzer(stemmer())
    for name in ("body_tr", "heading_tr", "title_tr", "notes"):
        old = schema[name]
        schema.remove(name)
        schema.add(name, fields.TEXT(analyzer=turkish, phrase=old.format.supports("positions")))
    index = RamStorage().create_index(schema)
    with index.writer() as writer:
        for unit, source in units:
            # The texts, not their terms: the Turkish fields go through `stemmer`.
            texts = {**unit_fields(unit, source), **unit_texts(unit)}
            writer.add_document(**headed(texts, unit, headings))
    return index


def extract_units(corpus: Path) -> list[tuple[SearchUnit, str]]:
    units = []
    for corpus_file in find_corpus_files(corpus):
        document = Extractor().extract_safely(corpus_file)
        if not isinstance(document, ExtractedDocument):
            print(f"skipped {corpus_file.source}: {document.reason}", file=sys.stderr)
            continue
        units += [(unit, corpus_file.source) for unit in document.units]
    return units


def row(name: str, per_category: dict[str, float], overall: float, *others: float | None) -> str:
    cells = " | ".join(f"{per_category[c]:.3f}" if c in per_category else "–" for c in CATEGORIES)
    other_cells = " | ".join(f"{value:.4f}" if value is not None else "–" for value in others)
    return f"| {name} | {cells} | **{overall:.3f}** | {other_cells} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    parser.add_argument("--dev", type=Path, default=DEV_QUERIES)
    parser.add_argument("--extra", type=Path, default=EXTRA_QUERIES)
    parser.add_argument("--real-corpus", type=Path, default=REAL_CORPUS)
    parser.add_argument("--real", type=Path, default=REAL_QUERIES)
    parser.add_argument("--only", nargs="*", help="Run only candidates whose name starts so")
    args = parser.parse_args()
    dev = load_queries(args.dev)
    extra: list[EvalQuery] = load_queries(args.extra) if args.extra.is_file() else []
    started = time.perf_counter()
    units = extract_units(args.corpus)
    use_real = args.real.is_file() and args.real_corpus.is_dir()
    real = load_queries(args.real) if use_real else []
    real_units = extract_units(args.real_corpus) if use_real else []
    print(f"extracted {len(units)} + {len(real_units)} units in "
          f"{time.perf_counter() - started:.1f} s", file=sys.stderr)  # fmt: skip
    indexes: dict[str, Index] = {}
    header = " | ".join(CATEGORIES)
    print(f"| configuration | {header} | dev overall | extra overall | real overall | all |")
    print("|---" * (len(CATEGORIES) + 5) + "|")
    for candidate in candidates():
        if args.only and not any(candidate.name.startswith(prefix) for prefix in args.only):
            continue
        key = f"{candidate.stemmer}/{candidate.headings}"
        if key not in indexes:
            indexes[key] = build_index(units, STEMMERS[candidate.stemmer], candidate.headings)
            if real_units:
                indexes[f"real/{key}"] = build_index(
                    real_units, STEMMERS[candidate.stemmer], candidate.headings
                )
        report = evaluate(service_over(indexes[key], candidate.ranking), dev)
        per_category = {name: scores.ndcg for name, scores in report.categories.items()}
        extra_ndcg = (
            evaluate(service_over(indexes[key], candidate.ranking), extra).overall.ndcg
            if extra
            else None
        )
        real_ndcg = (
            evaluate(service_over(indexes[f"real/{key}"], candidate.ranking), real).overall.ndcg
            if real
            else None
        )
        sizes = (len(dev), len(extra), len(real))
        values = (report.overall.ndcg, extra_ndcg or 0.0, real_ndcg or 0.0)
        everything = sum(n * v for n, v in zip(sizes, values, strict=True)) / sum(sizes)
        print(
            row(
                candidate.name, per_category, report.overall.ndcg, extra_ndcg, real_ndcg,
                everything,
            ),
            flush=True,
        )  # fmt: skip


def service_over(index: Index, ranking: RankingConfig) -> SearchService:
    return SearchService(MemoryStore(index), ranking=ranking)  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
