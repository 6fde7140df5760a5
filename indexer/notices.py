"""Typed warnings: what a librarian should know about a document that was read all the same
(a page without text, only OCR could read it, a law without articles).

Like `indexer.errors`, nothing here is a sentence a reader sees. A notice names a member of
`DocumentWarning` and its parameters (a page's `PageProblem` among them); the member's value
is the English log text (`kaynak index`, logs), and the web layer's message catalogue says it
in Turkish or English. Notices travel as JSON (the manifest, a job's file) through
`Notice.as_json` and `Notice.from_json`, the one encoder and decoder.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from indexer.errors import number_or_text, template_pattern


class PageProblem(StrEnum):
    """Why a page has no (or not all of its) text. The value is the English log text."""

    NO_TEXT = "no readable text"
    TEXT_LAYER_UNREADABLE = "text layer unreadable ({detail})"
    READ_BY_PDFIUM = "text layer unreadable ({detail}); read by pdfium"
    BOTH_READERS_FAILED = "unreadable by pdfminer and pdfium ({detail})"
    LAYOUT_FALLBACK = "layout failed ({detail}); read in plain row order"
    LAYOUT_FAILED = "layout failed ({detail}); no text"


@dataclass(frozen=True)
class PageIssue:
    """What went wrong on one page: a `PageProblem` and its technical detail (an exception's
    name and message, shown as it is)."""

    problem: PageProblem
    detail: str = ""

    def text(self) -> str:
        return self.problem.value.format(detail=self.detail)


class DocumentWarning(StrEnum):
    """What a librarian is told about a document indexed all the same (English log text)."""

    OCR_ONLY = "only OCR could read it; the text may contain errors"
    OCR_PAGES = "{count} pages read by OCR"
    NO_ARTICLES = "no articles found; indexed page by page"
    PAGE = "page {page}: {issue}"
    TEXT = "{text}"  # a warning of an older data folder, kept as it was written


@dataclass(frozen=True)
class Notice:
    """One warning: `warning` and its parameters (`count`; `page`, `problem`, `detail`)."""

    warning: DocumentWarning
    params: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def page(cls, number: int, issue: PageIssue) -> Notice:
        return cls(
            DocumentWarning.PAGE, {"page": number, "problem": issue.problem, "detail": issue.detail}
        )

    @property
    def issue(self) -> PageIssue | None:
        problem = self.params.get("problem")
        if self.warning is not DocumentWarning.PAGE or not isinstance(problem, PageProblem):
            return None
        return PageIssue(problem, str(self.params.get("detail") or ""))

    def text(self) -> str:
        """The English log text."""
        issue = self.issue
        values = {**self.params, "issue": issue.text() if issue else ""}
        try:
            return self.warning.value.format(**values)
        except (KeyError, IndexError, ValueError):
            return self.warning.value

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"warning": self.warning.name}
        for name, value in self.params.items():
            data[name] = value.name if isinstance(value, StrEnum) else value
        return data

    @classmethod
    def from_json(cls, data: object) -> Notice:
        """A notice as `as_json` wrote it; a plain string (an older manifest's "page 3: no
        readable text") is read back into its typed form when it has one."""
        if isinstance(data, str):
            return from_text(data)
        if not isinstance(data, dict):
            return cls(DocumentWarning.TEXT, {"text": str(data)})
        params = {name: value for name, value in data.items() if name != "warning"}
        try:
            warning = DocumentWarning[str(data.get("warning"))]
        except KeyError:
            return cls(DocumentWarning.TEXT, {"text": str(data)})
        if "problem" in params:
            try:
                params["problem"] = PageProblem[str(params["problem"])]
            except KeyError:
                return cls(DocumentWarning.TEXT, {"text": str(data)})
        return cls(warning, params)


# Most specific first: "…; read by pdfium" must not be read as a plain unreadable text layer.
PAGE_PROBLEM_PATTERNS = sorted(
    ((problem, template_pattern(problem.value)) for problem in PageProblem),
    key=lambda item: -len(item[0].value),
)
OLD_PAGE_WARNING = re.compile(r"page (\d+): (.*)", re.S)


def from_text(text: str) -> Notice:
    found = OLD_PAGE_WARNING.fullmatch(text)
    if found:
        for problem, pattern in PAGE_PROBLEM_PATTERNS:
            said = pattern.fullmatch(found.group(2))
            if said:
                issue = PageIssue(problem, said.groupdict().get("detail", ""))
                return Notice.page(int(found.group(1)), issue)
    for warning in DocumentWarning:
        if warning in (DocumentWarning.PAGE, DocumentWarning.TEXT):
            continue
        said = template_pattern(warning.value).fullmatch(text)
        if said:
            return Notice(
                warning, {name: number_or_text(v) for name, v in said.groupdict().items()}
            )
    return Notice(DocumentWarning.TEXT, {"text": text})


def notices_from_json(values: object) -> list[Notice]:
    """A manifest's or a job's list of warnings, whichever way it was written."""
    if not isinstance(values, list):
        return []
    return [Notice.from_json(value) for value in values]
