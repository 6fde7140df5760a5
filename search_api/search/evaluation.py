"""Retrieval evaluation: nDCG@10, MRR, Recall@10 per category, success@1 for citations.

Queries come as JSON lines (`../shared/eval/README.md`): `{"id", "category", "query",
"relevant": {"law:6458:91": 2, "doc:<stem>:p3": 1}}`. The metric functions are pure; `evaluate`
runs every query through the one search function.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from indexer.models import LEGISLATION_KINDS
from search_api.search.results import Hit, SearchRequest
from search_api.search.service import SearchService

CUTOFF = 10


@dataclass(frozen=True)
class EvalQuery:
    id: str
    category: str
    query: str
    relevant: dict[str, int]


@dataclass
class QueryOutcome:
    query: EvalQuery
    ranked: list[str]
    ndcg: float
    reciprocal_rank: float
    recall: float
    success_at_1: float


@dataclass
class CategoryScores:
    count: int = 0
    ndcg: float = 0.0
    mrr: float = 0.0
    recall: float = 0.0
    success_at_1: float = 0.0


@dataclass
class EvalReport:
    outcomes: list[QueryOutcome] = field(default_factory=list)
    categories: dict[str, CategoryScores] = field(default_factory=dict)
    overall: CategoryScores = field(default_factory=CategoryScores)

    def table(self) -> str:
        lines = [f"{'category':<10} {'n':>3} {'nDCG@10':>8} {'MRR':>6} {'R@10':>6} {'S@1':>6}"]
        rows = [*sorted(self.categories.items()), ("overall", self.overall)]
        for name, scores in rows:
            lines.append(
                f"{name:<10} {scores.count:>3} {scores.ndcg:>8.3f} {scores.mrr:>6.3f} "
                f"{scores.recall:>6.3f} {scores.success_at_1:>6.3f}"
            )
        return "\n".join(lines)


def load_queries(path: Path) -> list[EvalQuery]:
    queries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            data = json.loads(line)
            queries.append(
                EvalQuery(data["id"], data["category"], data["query"], dict(data["relevant"]))
            )
    return queries


def dcg(gains: Iterable[float]) -> float:
    return sum(gain / math.log2(rank + 2) for rank, gain in enumerate(gains))


def ndcg_at(ranked: Sequence[str], relevant: dict[str, int], cutoff: int = CUTOFF) -> float:
    gains = [2 ** relevant.get(unit, 0) - 1 for unit in ranked[:cutoff]]
    ideal = sorted((2**grade - 1 for grade in relevant.values()), reverse=True)[:cutoff]
    best = dcg(ideal)
    return dcg(gains) / best if best > 0 else 0.0


def reciprocal_rank(ranked: Sequence[str], relevant: dict[str, int]) -> float:
    for rank, unit in enumerate(ranked, start=1):
        if relevant.get(unit, 0) > 0:
            return 1.0 / rank
    return 0.0


def recall_at(ranked: Sequence[str], relevant: dict[str, int], cutoff: int = CUTOFF) -> float:
    wanted = {unit for unit, grade in relevant.items() if grade > 0}
    return len(wanted & set(ranked[:cutoff])) / len(wanted) if wanted else 0.0


def success_at_1(ranked: Sequence[str], relevant: dict[str, int]) -> float:
    return (
        1.0 if ranked and relevant.get(ranked[0], 0) == max(relevant.values(), default=0) else 0.0
    )


def eval_key(hit: Hit) -> str:
    """The evaluation set's name for a hit: `law:<n>:<key>` (a law's article),
    `reg:<doc_id>:<key>` (a regulation's) or `doc:<stem>:p<page>`."""
    if hit.kind in LEGISLATION_KINDS and hit.law_number and hit.article_key:
        prefix = "reg" if hit.kind == "regulation" else "law"
        return f"{prefix}:{hit.law_number}:{hit.article_key}"
    return f"doc:{hit.doc_id}:p{hit.page}"


def score_query(query: EvalQuery, ranked: list[str]) -> QueryOutcome:
    return QueryOutcome(
        query=query,
        ranked=ranked,
        ndcg=ndcg_at(ranked, query.relevant),
        reciprocal_rank=reciprocal_rank(ranked, query.relevant),
        recall=recall_at(ranked, query.relevant),
        success_at_1=success_at_1(ranked, query.relevant),
    )


def summarise(outcomes: list[QueryOutcome]) -> EvalReport:
    report = EvalReport(outcomes=outcomes)
    groups: dict[str, list[QueryOutcome]] = defaultdict(list)
    for outcome in outcomes:
        groups[outcome.query.category].append(outcome)
    for name, group in groups.items():
        report.categories[name] = average(group)
    report.overall = average(outcomes)
    return report


def average(outcomes: list[QueryOutcome]) -> CategoryScores:
    if not outcomes:
        return CategoryScores()
    count = len(outcomes)
    return CategoryScores(
        count=count,
        ndcg=sum(o.ndcg for o in outcomes) / count,
        mrr=sum(o.reciprocal_rank for o in outcomes) / count,
        recall=sum(o.recall for o in outcomes) / count,
        success_at_1=sum(o.success_at_1 for o in outcomes) / count,
    )


JUDGED_POOL = 50  # hits read to rank the judged ones among them


def evaluate(
    service: SearchService,
    queries: list[EvalQuery],
    judged: Callable[[Hit], bool] | None = None,
) -> EvalReport:
    """The queries' scores over the service's rankings. With `judged`, the hits it rejects
    (units nobody judged, not units judged irrelevant) are left out of each ranking before
    it is scored, a condensed list, read from the first `JUDGED_POOL` hits."""
    outcomes = []
    per_page = CUTOFF if judged is None else JUDGED_POOL
    for query in queries:
        request = SearchRequest(q=query.query, per_page=per_page, include_repealed=True)
        hits = service.search(request).hits
        if judged is not None:
            hits = [hit for hit in hits if judged(hit)][:CUTOFF]
        outcomes.append(score_query(query, [eval_key(hit) for hit in hits]))
    return summarise(outcomes)
