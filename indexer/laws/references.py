"""Pure: cross-references in a law's own text, with character offsets, so that a page can
link them: "bu Kanunun 91 inci maddesi", "5393 sayılı Belediye Kanununun 14 üncü maddesi",
"5490 sayılı Nüfus Hizmetleri Kanunu".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.laws.aliases import (
    LawAliases,
    LawMention,
    find_law_named_before,
    find_numbered_laws,
    fold_same_length,
)
from indexer.laws.amendments import NOTE_RE
from indexer.laws.article_numbers import (
    ORDINAL_GROUP_RE,
    read_articles,
)
from indexer.laws.articles import ArticleRef


@dataclass(frozen=True)
class Reference:
    """A cross-reference in article text: `text[start:end]` is the phrase to link.

    `law_number` is None when the law could not be identified (an unnamed "Kanunun", or no
    `current_law`); `article` is None for a reference to a whole law.
    """

    start: int
    end: int
    law_number: str | None
    article: ArticleRef | None


# Amendment notes cite the amending law ("(Değişik: 12/11/2012-6360/5 md.)"): not a reference
# the reader follows, so they are blanked out (same length) before searching. One definition
# of a note: `amendments.NOTE_RE`.
_AMENDMENT_NOTE_RE = NOTE_RE
_THIS_LAW_BEFORE_RE = re.compile(r"(?<![a-z])(?:bu|isbu)\s+kanun'?(?:un)?un$")
_UNKNOWN_LAW_BEFORE_RE = re.compile(r"(?<![a-z])kanun'?(?:un)?un$")
_OTHER_INSTRUMENT_BEFORE_RE = re.compile(
    r"(?<![a-z])(?:khk|karar|sozlesme|yonetmeli|tuzu|anayasa|anlasma|protokol|genelge|teblig)"
    r"[a-z']*$"
)
_LOOK_BACK = 40  # characters: "bu Kanunun" and the like end just before the article number


def find_references(text: str, current_law: str | None, aliases: LawAliases) -> list[Reference]:
    """Cross-references in article text, in order of their start offset.

    "53 üncü madde" and "bu Kanunun 91 inci maddesi" cite `current_law`; "5393 sayılı Belediye
    Kanununun 14 üncü maddesi" and "Belediye Kanununun 14 üncü maddesi" are one reference to
    5393/14 covering the law's name; "5490 sayılı Nüfus Hizmetleri Kanunu" alone cites a whole
    law. A list ("4, 6 ve 9 uncu maddelerde") gives one reference per number, and the last one
    covers the word "maddelerde"; a range ("103 ila 120 nci") gives its two ends. Articles of a
    KHK, a regulation or a convention are skipped.
    """
    visible = _AMENDMENT_NOTE_RE.sub(lambda note: " " * len(note.group()), text)
    folded = fold_same_length(visible)
    numbered = {mention.end: mention for mention in find_numbered_laws(visible)}
    references: list[Reference] = []
    for group in ORDINAL_GROUP_RE.finditer(folded):
        written = read_articles(visible, folded, group.start(), group.end())
        if not written or not written[-1].has_ordinal_or_letter:
            continue
        owner_end = len(folded[: group.start()].rstrip())
        owner = numbered.pop(owner_end, None) or _owner_of(
            visible, folded, owner_end, current_law, aliases
        )
        if owner is None:
            continue
        for index, article in enumerate(written):
            first, last = index == 0, index == len(written) - 1
            start = owner.start if first and owner.start is not None else article.start
            end = group.end() if last else article.end
            references.append(Reference(start, end, owner.number, article.article))
    references += [Reference(m.start, m.end, m.number, None) for m in numbered.values()]
    return sorted(references, key=lambda reference: (reference.start, reference.end))


@dataclass(frozen=True)
class _Owner:
    """Whose articles follow: `number` None for an unidentified law; `start` when the owner's
    words belong in the link ("bu Kanunun 91 inci maddesi")."""

    number: str | None
    start: int | None = None


def _owner_of(
    visible: str, folded: str, end: int, current_law: str | None, aliases: LawAliases
) -> _Owner | LawMention | None:
    """The law whose articles follow `end`, when no numbered law ends there; None when they
    are the articles of another kind of instrument."""
    window_start = max(0, end - _LOOK_BACK)
    this_law = _THIS_LAW_BEFORE_RE.search(folded, window_start, end)
    if this_law:
        return _Owner(current_law, this_law.start())
    named = find_law_named_before(visible, end, aliases)
    if named:
        return named
    if _UNKNOWN_LAW_BEFORE_RE.search(folded, window_start, end):
        return _Owner(None)  # "… Hakkında Kanunun 29 uncu maddesi", a law the table lacks
    if _OTHER_INSTRUMENT_BEFORE_RE.search(folded, window_start, end):
        return None
    return _Owner(current_law)
