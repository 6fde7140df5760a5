"""Deterministic synthetic search units for the scale benchmark (`scripts/bench_scale`).

A library of 100,000 units is mostly report pages (≈90 %) and some law and regulation
articles (≈10 %). The units are made from real text: sentences of the shared law texts
(`../shared/testdata/law-texts/*.md`) and of the default corpus's report pages, about half
their words replaced, mixed with
sentences of words drawn from the same texts' vocabularies by a Zipf law (a few words very
common, a long tail of rare ones), so posting lists and the lexicon grow as a real
library's do. Reports are Turkish and English, with years from 1995 to 2026; laws get
numbers of their own (7001…), so citations of the real laws still name one article.

The same seed and sources give the same units, in the same order.
"""

from __future__ import annotations

import bisect
import random
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path

from indexer.analysis import turkish_lower
from indexer.models import SearchUnit

LAW_SHARE = 0.1  # law articles among the synthetic units; the rest are report pages
ENGLISH_REPORT_SHARE = 0.35
PAGES_PER_REPORT = 180
ARTICLES_PER_LAW = 100
FIRST_LAW_NUMBER = 7001
ZIPF_EXPONENT = 1.07
REWORDED = 0.5  # share of a real sentence's words replaced
SENTENCE_RE = re.compile(r"(?<=[.;:!?])\s+")
WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


@dataclass(frozen=True)
class TextSource:
    """Real sentences of one language and the Zipf-ranked words they use."""

    sentences: tuple[str, ...]
    words: tuple[str, ...]  # commonest first
    cumulative: tuple[float, ...]  # Zipf weights, accumulated, for bisect sampling

    @classmethod
    def from_texts(cls, texts: Sequence[str]) -> TextSource:
        sentences: list[str] = []
        counts: Counter[str] = Counter()
        for text in texts:
            flat = re.sub(r"\s+", " ", text)
            for sentence in SENTENCE_RE.split(flat):
                if len(sentence.split()) >= 6:
                    sentences.append(sentence.strip())
            counts.update(turkish_lower(word) for word in WORD_RE.findall(flat))
        words = tuple(word for word, _ in sorted(counts.items(), key=lambda wc: (-wc[1], wc[0])))
        weights = [1.0 / (rank**ZIPF_EXPONENT) for rank in range(1, len(words) + 1)]
        return cls(tuple(sentences), words, tuple(accumulate(weights)))

    def word(self, rng: random.Random) -> str:
        point = rng.random() * self.cumulative[-1]
        return self.words[min(bisect.bisect_left(self.cumulative, point), len(self.words) - 1)]

    def zipf_sentence(self, rng: random.Random) -> str:
        words = [self.word(rng) for _ in range(rng.randint(6, 18))]
        return " ".join(words).capitalize() + "."

    def reworded_sentence(self, rng: random.Random) -> str:
        """A real sentence with about half its words replaced by Zipf-drawn ones: the shape
        and common words of the source, not a copy of its article."""
        words = rng.choice(self.sentences).split()
        return " ".join(self.word(rng) if rng.random() < REWORDED else w for w in words)

    def passage(self, rng: random.Random, words: int, real_share: float) -> str:
        """About `words` words: reworded real sentences, `real_share` of them, and Zipf
        sentences."""
        out: list[str] = []
        count = 0
        while count < words:
            if self.sentences and rng.random() < real_share:
                sentence = self.reworded_sentence(rng)
            else:
                sentence = self.zipf_sentence(rng)
            out.append(sentence)
            count += len(sentence.split())
        return " ".join(out)

    def title(self, rng: random.Random, low: int, high: int) -> str:
        """A title of content words (the commonest hundred, function words, left out)."""
        tail = self.words[100:] or self.words
        return " ".join(rng.choice(tail[:3000]) for _ in range(rng.randint(low, high))).title()


def law_source(law_texts_dir: Path) -> TextSource:
    texts = [path.read_text(encoding="utf-8") for path in sorted(law_texts_dir.glob("*.md"))]
    return TextSource.from_texts(texts)


def synthetic_units(
    count: int,
    laws: TextSource,
    turkish_reports: TextSource,
    english_reports: TextSource,
    seed: int = 13,
) -> Iterator[SearchUnit]:
    """`count` units: laws of `ARTICLES_PER_LAW` articles and reports of `PAGES_PER_REPORT`
    pages, interleaved in the proportion `LAW_SHARE`."""
    rng = random.Random(seed)
    law_units = round(count * LAW_SHARE)
    report_units = count - law_units
    law_articles = _law_articles(law_units, laws, rng)
    report_pages = _report_pages(report_units, turkish_reports, english_reports, rng)
    made = 0
    while made < count:
        source = law_articles if rng.random() < LAW_SHARE else report_pages
        unit = next(source, None) or next(law_articles, None) or next(report_pages, None)
        if unit is None:
            return
        made += 1
        yield unit


def _law_articles(total: int, laws: TextSource, rng: random.Random) -> Iterator[SearchUnit]:
    made = 0
    number = FIRST_LAW_NUMBER
    while made < total:
        law_number = str(number)
        title = f"{laws.title(rng, 2, 4)} Hakkında Yönetmelik".upper()
        year = rng.randint(1995, 2026)
        doc_id = f"synthetic-law-{law_number}"
        for article in range(1, min(ARTICLES_PER_LAW, total - made) + 1):
            yield SearchUnit(
                unit_id=f"law:{law_number}:{article}",
                doc_id=doc_id,
                kind="law",
                lang="tr",
                doc_title=title,
                text=laws.passage(rng, rng.randint(60, 260), real_share=0.5),
                page=1 + article // 3,
                year=year,
                law_number=law_number,
                article=str(article),
                article_key=str(article),
                article_title=laws.title(rng, 1, 3),
                order=article,
            )
            made += 1
        number += 1


def _report_pages(
    total: int, turkish: TextSource, english: TextSource, rng: random.Random
) -> Iterator[SearchUnit]:
    made = 0
    report = 0
    while made < total:
        report += 1
        english_report = rng.random() < ENGLISH_REPORT_SHARE
        source = english if english_report else turkish
        lang = "en" if english_report else "tr"
        doc_id = f"synthetic-report-{report:05d}-{lang}"
        title = source.title(rng, 3, 6)
        year = rng.randint(1995, 2026)
        pages = min(rng.randint(PAGES_PER_REPORT // 3, PAGES_PER_REPORT * 5 // 3), total - made)
        for page in range(1, pages + 1):
            yield SearchUnit(
                unit_id=f"doc:{doc_id}:p{page}",
                doc_id=doc_id,
                kind="report",
                lang=lang,
                doc_title=title,
                text=source.passage(rng, rng.randint(150, 450), real_share=0.2),
                page=page,
                year=year,
                order=page,
            )
            made += 1
