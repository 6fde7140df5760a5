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
from pathlib import Path

from whoosh import fields
from whoosh.analysis import Analyzer
from whoosh.filedb.filestore import RamStorage
from whoosh.index import Index

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from indexer.analysis import (  # noqa: E402
    DiacriticFoldFilter,
    KaynakTokenizer,
    SnowballTurkishFilter,
    TurkishLowercaseFilter,
    turkish_stem_analyzer,
)
from indexer.corpus import find_corpus_files  # noqa: E402
from indexer.schema import build_schema  # noqa: E402
from indexer.writer import extract_safely, unit_fields  # noqa: E402
from search_api.evaluation import EvalQuery, evaluate, load_queries  # noqa: E402
from search_api.ranking import DEFAULT_RANKING, RankingConfig  # noqa: E402
from search_api.search import SearchService  # noqa: E402

DEV_QUERIES = ROOT.parent / "shared" / "eval" / "dev-queries.jsonl"
EXTRA_QUERIES = ROOT / "tests" / "eval-extra-queries.jsonl"
REAL_CORPUS = ROOT.parent / "shared" / "testdata" / "pdfs" / "real"
REAL_QUERIES = ROOT / "tests" / "eval-real-queries.jsonl"
CATEGORIES = ("topic-tr", "ascii", "inflect", "cite", "report-tr", "report-en", "en-law")


def snowball_analyzer() -> Analyzer:
    return (
        KaynakTokenizer() | TurkishLowercaseFilter() | SnowballTurkishFilter() | DiacriticFoldFilter()
    )


STEMMERS: dict[str, Callable[[], Analyzer]] = {
    "snowball": snowball_analyzer,
    "fixed": turkish_stem_analyzer,
}

ALL_WORD_FIELDS = dict(DEFAULT_RANKING.word_fields)


def weights(**changes: float) -> dict[str, float]:
    return {**ALL_WORD_FIELDS, **changes}


def only(*names: str) -> dict[str, float]:
    return {name: weight for name, weight in ALL_WORD_FIELDS.items() if name in names}


# The configuration the project had before this comparison: exact + stem + prefix fields,
# Whoosh's (inert) coordination, no surface field, restoration, proximity or glossary.
BEFORE = DEFAULT_RANKING.but(
    word_fields=weights(surface=0.0),
    coordination=0.0,
    proximity_boost=0.0,
    restore_diacritics=False,
    expansion_boost=0.0,
    drop_stopwords=False,
    field_b={"body": 0.4, "body_tr": 0.4, "body_en": 0.4},
)
TUNED = BEFORE.but(
    word_fields=weights(body=0.25, heading=0.5),
    restore_diacritics=True,
    coordination=0.5,
    proximity_boost=0.3,
    proximity_slop=1,
    expansion_boost=0.6,
    drop_stopwords=True,
    field_b={"body": 0.0, "body_tr": 0.0, "surface": 0.0, "body_en": 0.4, "body_prefix": 0.4},
)
STEM_FIELDS = ("body_tr", "body_en", "heading_tr", "heading_en", "notes")
EXACT_FIELDS = ("body", "heading")
PREFIX_FIELDS = ("body_prefix", "heading_prefix")


@dataclass(frozen=True)
class Candidate:
    name: str
    stemmer: str
    ranking: RankingConfig
    headings: str = "article+document"  # or "article": law headings without the law's title


def candidates() -> list[Candidate]:
    """Analysis first (which fields, which stemmer), then ranking signals one by one on top."""
    stem_only = BEFORE.but(word_fields=only(*STEM_FIELDS))
    exact_stem = BEFORE.but(word_fields=only(*EXACT_FIELDS, *STEM_FIELDS))
    prefix_only = BEFORE.but(word_fields=only(*PREFIX_FIELDS))
    exact_prefix = BEFORE.but(word_fields=only(*EXACT_FIELDS, *PREFIX_FIELDS))
    surface = BEFORE.but(word_fields=weights(surface=0.3))
    restore = surface.but(restore_diacritics=True)
    coordinated = restore.but(coordination=1.0)
    proximity = coordinated.but(proximity_boost=0.3)
    glossary = proximity.but(expansion_boost=0.6)
    stopwords = glossary.but(drop_stopwords=True)
    return [
        Candidate("A1 Snowball alone (stem fields only)", "snowball", stem_only),
        Candidate("A2 Snowball + fixes (stem fields only)", "fixed", stem_only),
        Candidate("A3 5-letter prefixes alone", "fixed", prefix_only),
        Candidate("A4 exact + prefixes (folded)", "fixed", exact_prefix),
        Candidate("A5 exact + Snowball alone", "snowball", exact_stem),
        Candidate("A6 exact + Snowball + fixes", "fixed", exact_stem),
        Candidate("A7 exact + Snowball + prefixes", "snowball", BEFORE),
        Candidate("A8 exact + fixes + prefixes (before)", "fixed", BEFORE),
        Candidate("R1 A8 + unfolded surface field", "fixed", surface),
        Candidate("R2 R1 + restored diacritics", "fixed", restore),
        Candidate("R3 R2 + coordination", "fixed", coordinated),
        Candidate("R3b R2 + coordination^2", "fixed", restore.but(coordination=2.0)),
        Candidate("R4 R3 + proximity", "fixed", proximity),
        Candidate("R5 R4 + glossary", "fixed", glossary),
        Candidate("R6 R5 + stopwords dropped", "fixed", stopwords),
        Candidate("R7 R6, body B 0.2", "fixed", stopwords.but(
            field_b={"body": 0.2, "body_tr": 0.2, "body_en": 0.2})),
        Candidate("R8 R6, body B 0.75", "fixed", stopwords.but(
            field_b={"body": 0.75, "body_tr": 0.75, "body_en": 0.75})),
        Candidate("R9 R6, headings B 0.3", "fixed", stopwords.but(
            field_b={**stopwords.field_b, "heading": 0.3, "heading_tr": 0.3, "heading_en": 0.3})),
        Candidate("R10 R6, glossary boost 0.4", "fixed", stopwords.but(expansion_boost=0.4)),
        Candidate("R11 R6, glossary boost 0.8", "fixed", stopwords.but(expansion_boost=0.8)),
        Candidate("R12 R6, titles x3", "fixed", stopwords.but(word_fields=weights(
            heading=3.0, heading_tr=3.0, heading_en=3.0, heading_prefix=1.5))),
        Candidate("R13 R6, no prefix fields", "fixed", stopwords.but(
            word_fields=weights(body_prefix=0.0, heading_prefix=0.0))),
        Candidate("R14 R6, exact 0.5", "fixed", stopwords.but(word_fields=weights(
            body=0.5, heading=1.0))),
        Candidate("R15 R6, no surface field", "fixed", stopwords.but(word_fields=weights(
            surface=0.0))),
        Candidate("R16 R6, surface 0.6", "fixed", stopwords.but(word_fields=weights(
            surface=0.6))),
        Candidate("R17 R6, exact 0.25 / heading 0.5", "fixed", stopwords.but(word_fields=weights(
            body=0.25, heading=0.5))),
        Candidate("R18 R17, proximity adjacent (slop 1)", "fixed", stopwords.but(
            word_fields=weights(body=0.25, heading=0.5), proximity_slop=1)),
        Candidate("R19 R18, proximity boost 0.6", "fixed", stopwords.but(
            word_fields=weights(body=0.25, heading=0.5), proximity_slop=1, proximity_boost=0.6)),
        Candidate("R20 R19, proximity boost 1.0", "fixed", stopwords.but(
            word_fields=weights(body=0.25, heading=0.5), proximity_slop=1, proximity_boost=1.0)),
        Candidate("P0 tuned, body prefix 0", "fixed", TUNED.but(word_fields=weights(
            body=0.25, heading=0.5, body_prefix=0.0))),
        Candidate("P1 tuned, body prefix 0.1", "fixed", TUNED.but(word_fields=weights(
            body=0.25, heading=0.5, body_prefix=0.1))),
        Candidate("P2 tuned, exact 0.5", "fixed", TUNED.but(word_fields=weights(
            body=0.5, heading=0.5, body_prefix=0.1))),
        Candidate("P3 tuned, exact 0.5, surface 0.15", "fixed", TUNED.but(word_fields=weights(
            body=0.5, heading=0.5, body_prefix=0.1, surface=0.15))),
        Candidate("P4 P1, glossary 0.8", "fixed", TUNED.but(word_fields=weights(
            body=0.25, heading=0.5, body_prefix=0.1), expansion_boost=0.8)),
        Candidate("P5 P1, glossary 0.45", "fixed", TUNED.but(word_fields=weights(
            body=0.25, heading=0.5, body_prefix=0.1), expansion_boost=0.45)),
        Candidate("H1 R6, law headings = article title", "fixed", stopwords, "article"),
        Candidate("H2 H1, headings B 1.0", "fixed", stopwords.but(
            field_b={**stopwords.field_b, "heading": 1.0, "heading_tr": 1.0, "heading_en": 1.0,
                     "heading_prefix": 1.0}), "article"),
        Candidate("H3 H1, exact 0.5", "fixed", stopwords.but(word_fields=weights(
            body=0.5, heading=1.0)), "article"),
        Candidate("DEFAULT (shipped)", "fixed", DEFAULT_RANKING),
    ]  # fmt: skip


class MemoryStore:
    """What `SearchService` needs of an `IndexStore`: the index."""

    def __init__(self, index: Index) -> None:
        self.index = index


def article_headings(fields_of_unit: dict[str, object], unit: object) -> dict[str, object]:
    """Law units headed by their article title alone (reports keep the document title)."""
    title = getattr(unit, "article_title", None)
    if getattr(unit, "kind", "") == "law":
        for name in ("heading", "heading_tr", "heading_en", "heading_prefix"):
            if name in fields_of_unit:
                fields_of_unit[name] = title or ""
    return fields_of_unit


def build_index(
    units: list[tuple[object, str]], stemmer: Callable[[], Analyzer], headings: str
) -> Index:
    schema = build_schema()
    turkish = stemmer()
    for name in ("body_tr", "heading_tr", "notes"):
        old = schema[name]
        schema.remove(name)
        schema.add(name, fields.TEXT(analyzer=turkish, phrase=old.format.supports("positions")))
    index = RamStorage().create_index(schema)
    with index.writer() as writer:
        for unit, source in units:
            document = unit_fields(unit, source)  # type: ignore[arg-type]
            if headings == "article":
                document = article_headings(document, unit)  # type: ignore[assignment]
            writer.add_document(**document)
    return index


def extract_units(corpus: Path) -> list[tuple[object, str]]:
    units = []
    for corpus_file in find_corpus_files(corpus):
        document = extract_safely(corpus_file)
        if isinstance(document, str):
            print(f"skipped {corpus_file.source}: {document}", file=sys.stderr)
            continue
        units += [(unit, corpus_file.source) for unit in document.units]
    return units


def row(name: str, per_category: dict[str, float], overall: float, *others: float | None) -> str:
    cells = " | ".join(
        f"{per_category[c]:.3f}" if c in per_category else "–" for c in CATEGORIES
    )
    other_cells = " | ".join(f"{value:.3f}" if value is not None else "–" for value in others)
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
    print(f"| configuration | {header} | dev overall | extra overall | real overall |")
    print("|---" * (len(CATEGORIES) + 4) + "|")
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
        print(
            row(candidate.name, per_category, report.overall.ndcg, extra_ndcg, real_ndcg),
            flush=True,
        )


def service_over(index: Index, ranking: RankingConfig) -> SearchService:
    return SearchService(MemoryStore(index), ranking=ranking)  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
