"""The message catalogue: every text a reader or librarian sees, in Turkish and English, and
the one lookup that says it.

The texts are data, in `texts/*.toml` (split by topic, one shape: `[key]` with `tr` and
`en`, `{names}` filled from the call's values). `say(key, lang, **params)` is the one
lookup: pages (`t` in templates), typed errors (`error_message`), the core's typed
warnings (`notice_message`) and a corpus file's skip reason (`refusal_message`) all go
through it. A parameter that is itself a key (a `PdfProblem`, a `FieldProblem`, a
`PageProblem`) is said first, then put into the sentence; field names become their form
labels and seconds to wait become minutes. A key without an entry is shown as it is, so a
missing text shows up on the page instead of breaking it.
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Mapping
from importlib import resources
from typing import Any

from indexer.errors import KaynakError, PdfProblem, UnreadablePdf
from indexer.notices import Notice, PageProblem

LANGUAGES = ("tr", "en")
DEFAULT_LANGUAGE = "tr"
TEXT_FILES = ("pages", "search", "admin", "messages", "problems")


def load_texts() -> dict[str, dict[str, str]]:
    """Every `texts/*.toml` as one table `key → {language → text}` (`[pdf.EMPTY]` is the key
    `pdf.EMPTY`); a key in two files, or a text missing a language, is a bug."""
    texts: dict[str, dict[str, str]] = {}
    TOPICS.clear()
    folder = resources.files("search_api.web") / "texts"
    for name in TEXT_FILES:
        table = tomllib.loads((folder / f"{name}.toml").read_text(encoding="utf-8"))
        for key, entry in flatten(table):
            if key in texts:
                raise ValueError(f"texts/{name}.toml: {key} is already in another file")
            if set(entry) != set(LANGUAGES):
                raise ValueError(f"texts/{name}.toml: {key} needs exactly {LANGUAGES}")
            texts[key] = entry
            TOPICS.setdefault(name, []).append(key)
    return texts


def flatten(table: Mapping[str, Any], prefix: str = "") -> list[tuple[str, dict[str, str]]]:
    found = []
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping) and all(isinstance(v, str) for v in value.values()):
            found.append((name, dict(value)))
        elif isinstance(value, Mapping):
            found += flatten(value, f"{name}.")
    return found


TOPICS: dict[str, list[str]] = {}  # file name → its keys, in file order
TEXTS: dict[str, dict[str, str]] = load_texts()


def has_text(key: str) -> bool:
    return key in TEXTS


def say(key: str, lang: str = DEFAULT_LANGUAGE, **params: Any) -> str:
    """The catalogue's text `key` in `lang` (Turkish when missing), parameters (and keys
    among them) filled in."""
    texts = TEXTS.get(key)
    if texts is None:
        return key
    text = texts.get(lang) or texts[DEFAULT_LANGUAGE]
    return fill(text, said_params(params, lang)) if params else text


def fill(text: str, params: Mapping[str, Any]) -> str:
    try:
        return text.format(**params)
    except (KeyError, IndexError, ValueError):
        return text


def said_params(params: Mapping[str, Any], lang: str) -> dict[str, Any]:
    """Parameters as they go into a sentence: problem keys as text, field names as labels,
    seconds to wait as minutes."""
    values = dict(params)
    problem = values.get("problem")
    if isinstance(problem, PdfProblem):
        values["problem"] = say(f"pdf.{problem.name}", lang, **without(values, "problem"))
    elif isinstance(problem, PageProblem):
        values["problem"] = say(f"page.{problem.name}", lang, **without(values, "problem"))
    elif isinstance(problem, str) and has_text(f"field.{problem}"):  # FieldProblem, a type
        values["problem"] = say(f"field.{problem}", lang, **without(values, "problem", "field"))
    field = values.get("field")
    if isinstance(field, str):
        values["field"] = field_name(field, lang)
    if "retry_after" in values and "minutes" not in values:
        values["minutes"] = max(1, math.ceil(int(values["retry_after"]) / 60))
    return values


def without(values: Mapping[str, Any], *names: str) -> dict[str, Any]:
    return {name: value for name, value in values.items() if name not in names}


def field_name(name: str, lang: str) -> str:
    """A metadata field as the forms label it (`law_number` → "Kanun numarası")."""
    key = "law_number" if name == "law_number" else f"field_{name}"
    return say(key, lang) if has_text(key) else name


def error_message(error: KaynakError, lang: str) -> str:
    """What the reader is told about `error`, in `lang` (`tr` or `en`)."""
    return say(error.key, lang, **error.params)


def notice_message(notice: Notice, lang: str) -> str:
    """A warning of the core (`indexer.notices`) in `lang`."""
    return say(f"warning.{notice.warning.name}", lang, **notice.params)


def refusal_message(source: str, refusal: object, reason: str, lang: str) -> str:
    """Why a corpus file was not indexed (the manifest's `refusal`, else its English
    `reason`), in `lang`, without the file's name."""
    error = UnreadablePdf.from_json(source, refusal, reason)
    if not isinstance(error.problem, PdfProblem):
        return str(error.problem)  # a reason no problem names: shown as it was logged
    return say(f"pdf.{error.problem.name}", lang, **without(error.params, "source", "problem"))
