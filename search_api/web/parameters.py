"""Search parameters from a query string, checked: a value that cannot mean anything is
refused with `InvalidParameter` (a 422 in the API's error shape, a notice on the page), never
passed on to the search, where it would fail deep inside Whoosh.

What is checked: numbers are plain ASCII digits inside their range (years 1-9999, pages
1-`MAX_PAGE`, page sizes 1-`per_page_max`), flags are one of the usual checkbox values,
choices are one of their values, and free-text filters have a length limit. An empty value
means "not given"; unknown parameters are ignored.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from indexer.errors import KaynakError
from search_api.search import SearchRequest

FIRST_YEAR, LAST_YEAR = 1, 9999
MAX_PAGE = 1000  # the search service never pages further
MAX_FILTER_CHARS = 100  # kind, law and lang values: longer ones cannot match anything
INTEGER_RE = re.compile(r"-?[0-9]+")  # ASCII only: int() would take "٣", "1_000", " +3"
MAX_DIGITS = 20  # longer numbers are out of every range (and int() refuses 4,300 digits)
FLAG_VALUES = {"1": True, "true": True, "yes": True, "on": True, "evet": True}
FLAG_VALUES |= {"0": False, "false": False, "no": False, "off": False, "hayir": False}
SORT_VALUES = ("relevance", "date")
GROUP_VALUES = ("document",)


class ParameterProblem(StrEnum):
    """Why a query parameter was refused (said by the web layer's message catalogue)."""

    WHOLE_NUMBER = "int_parsing"
    NUMBER_RANGE = "number_range"  # first, last
    YEAR_RANGE = "year_range"  # first, last
    FLAG = "flag"
    CHOICE = "choice"  # choices
    TOO_LONG = "too_long"  # limit


class InvalidParameter(KaynakError):
    """A query parameter whose value cannot be used: 422, naming the parameter."""

    status_code = 422
    code = "invalid_parameter"
    detail_names = ("parameter",)

    def __init__(self, parameter: str, problem: ParameterProblem, **params: Any) -> None:
        super().__init__("invalid_parameter", parameter=parameter, problem=problem, **params)
        self.parameter = parameter
        self.problem = problem


def given(params: Mapping[str, str | None], name: str) -> str | None:
    """The parameter's value without surrounding blanks; None when absent or empty."""
    value = params.get(name)
    if value is None or not value.strip():
        return None
    return value.strip()


def whole_number(params: Mapping[str, str | None], name: str, first: int, last: int) -> int | None:
    value = given(params, name)
    if value is None:
        return None
    if not INTEGER_RE.fullmatch(value):
        raise InvalidParameter(name, ParameterProblem.WHOLE_NUMBER)
    if len(value) > MAX_DIGITS or not first <= int(value) <= last:
        problem = ParameterProblem.YEAR_RANGE if name.startswith("year") else None
        raise InvalidParameter(
            name, problem or ParameterProblem.NUMBER_RANGE, first=first, last=last
        )
    return int(value)


def flag(params: Mapping[str, str | None], name: str, default: bool) -> bool:
    value = given(params, name)
    if value is None:
        return default
    # Flag values are ASCII words; anything else (İ, ı...) is not one of them either.
    found = FLAG_VALUES.get(value.lower()) if value.isascii() else None
    if found is None:
        raise InvalidParameter(name, ParameterProblem.FLAG)
    return found


def choice(params: Mapping[str, str | None], name: str, choices: tuple[str, ...]) -> str | None:
    value = given(params, name)
    if value is None:
        return None
    if value not in choices:
        raise InvalidParameter(name, ParameterProblem.CHOICE, choices=", ".join(choices))
    return value


def filter_text(params: Mapping[str, str | None], name: str) -> str | None:
    value = given(params, name)
    if value is not None and len(value) > MAX_FILTER_CHARS:
        raise InvalidParameter(name, ParameterProblem.TOO_LONG, limit=MAX_FILTER_CHARS)
    return value


def search_request_from(params: Mapping[str, str | None], per_page_max: int) -> SearchRequest:
    """A checked SearchRequest from query parameters, shared by the API and the pages.

    `q` is taken as it is (clean it first); raises `InvalidParameter` for the first value
    that cannot be used."""
    return SearchRequest(
        q=params.get("q") or "",
        kind=filter_text(params, "kind"),
        law=filter_text(params, "law"),
        lang=filter_text(params, "lang"),
        year_from=whole_number(params, "year_from", FIRST_YEAR, LAST_YEAR),
        year_to=whole_number(params, "year_to", FIRST_YEAR, LAST_YEAR),
        page=whole_number(params, "page", 1, MAX_PAGE) or 1,
        per_page=whole_number(params, "per_page", 1, per_page_max) or min(10, per_page_max),
        include_repealed=flag(params, "repealed", False),
        titles_only=flag(params, "titles", False),
        sort=choice(params, "sort", SORT_VALUES) or "relevance",
        group_by_document=choice(params, "group", GROUP_VALUES) == "document",
        translate=flag(params, "translate", True),
    )
