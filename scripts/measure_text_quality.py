"""Reproduce the garbage-score figures recorded in `indexer/text_quality.py`.

For every page (with at least 12 judged tokens) of the corpus and the shared test PDFs,
print the range of word-like shares, and the same for corpus pages turned into garbage
(letters shifted, random, shuffled inside words).

    python scripts/measure_text_quality.py
"""

from __future__ import annotations

import random
import string
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from indexer.errors import UnreadablePdf
from indexer.layout.text_quality import MIN_JUDGED_TOKENS, assess_text
from indexer.pdf import read_pages

SHARED = ROOT.parent / "shared"
PASSWORDS = {"pdfplumber-password-example": "test", "pypdf-crazyones-encrypted-256": "password"}
TURKISH_LOWER = "abcçdefgğhıijklmnoöprsştuüvyz"


def page_texts(folder: Path) -> Iterator[str]:
    for path in sorted(folder.rglob("*.pdf")):
        try:
            for page in read_pages(path, PASSWORDS.get(path.stem)):
                yield " ".join(word.text for word in page.words)
        except UnreadablePdf:
            continue


def shifted(text: str, by: int = 7) -> str:
    def shift(character: str) -> str:
        lower = character.lower()
        if lower not in TURKISH_LOWER:
            return character
        new = TURKISH_LOWER[(TURKISH_LOWER.index(lower) + by) % len(TURKISH_LOWER)]
        return new.upper() if character.isupper() else new

    return "".join(shift(character) for character in text)


def random_letters(text: str) -> str:
    return "".join(random.choice(string.ascii_letters) if c.isalpha() else c for c in text)


def shuffled(text: str) -> str:
    return " ".join("".join(random.sample(word, len(word))) for word in text.split())


def score_range(texts: list[str], change: Callable[[str], str] = str) -> str:
    scores = []
    for text in texts:
        quality = assess_text(change(text))
        if quality.letter_tokens + quality.junk_tokens >= MIN_JUDGED_TOKENS:
            scores.append(quality.score)
    if not scores:
        return "no pages"
    scores.sort()
    lowest = ", ".join(f"{score:.2f}" for score in scores[:3])
    return f"{len(scores):4d} pages  {scores[0]:.2f}–{scores[-1]:.2f}  (lowest: {lowest})"


def main() -> None:
    random.seed(5)
    corpus = list(page_texts(ROOT / "corpus"))
    print("corpus         ", score_range(corpus))
    print("real test PDFs ", score_range(list(page_texts(SHARED / "testdata/pdfs/real"))))
    print("odd test PDFs  ", score_range(list(page_texts(SHARED / "testdata/pdfs/odd"))))
    print("shifted by 7   ", score_range(corpus, shifted))
    print("random letters ", score_range(corpus, random_letters))
    print("shuffled words ", score_range(corpus, shuffled))


if __name__ == "__main__":
    main()
