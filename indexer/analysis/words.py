"""Words that carry no meaning of their own, and counting the words that do.

Shared by indexing (a title's length in content words is stored for title matching) and by
querying (stopwords are left out of a query that has other words).
"""

from __future__ import annotations

from indexer.analysis.analyzers import analyze, shared_analyzers

# Words that carry no meaning of their own: left out when matching phrases (so "loss of
# citizenship" matches "citizenship loss" no better than it should, and "right to work"
# matches "right work"), and left out of the query when it has other words.
STOPWORDS: frozenset[str] = frozenset(
    {
        # English. Compared folded, so none that is a Turkish word too: is (iş), on (ten),
        # su (water); and no single letters, the item letters of a law ("bent a").
        "an", "and", "are", "as", "be", "by", "for", "from", "in", "into", "of", "or", "the",
        "their", "to", "with", "within", "what", "which", "who",
        # Turkish (folded): conjunctions, postpositions, demonstratives
        "ve", "veya", "ile", "icin", "ise", "bu", "bir", "da", "de", "ki", "mi", "gibi",
        "olan", "hakkinda", "iliskin", "gore", "dair", "nasil", "ne",
    }
)  # fmt: skip


def content_word_count(text: str) -> int:
    """How many words of `text` carry meaning of their own (a title's length, say)."""
    return sum(1 for term in analyze(shared_analyzers().exact, text) if term not in STOPWORDS)


def is_stopword(word: str) -> bool:
    terms = analyze(shared_analyzers().exact, word)
    return len(terms) == 1 and terms[0] in STOPWORDS
