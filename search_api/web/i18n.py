"""The interface language of the HTML pages: Turkish by default, English on request.

`?ui=en` (or `?ui=tr`) picks the language and the pages remember it in a cookie; without
either, the pages are Turkish. Only the interface is translated: documents keep their own
language. `t(key, lang)` looks a text up in the one catalogue (`catalogue.py`);
`install(templates)` makes `t`, the chosen language, the link that switches it and the
sayers of typed warnings and skip reasons available to every template.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urlencode

from fastapi.templating import Jinja2Templates
from starlette.requests import Request
from starlette.responses import Response

from indexer.models import DOCUMENT_KINDS
from indexer.notices import Notice
from search_api.web.catalogue import (
    DEFAULT_LANGUAGE,
    LANGUAGES,
    has_text,
    notice_message,
    refusal_message,
    say,
)

UI_LANGUAGES = LANGUAGES
UI_PARAMETER = "ui"
UI_COOKIE = "kaynak_ui"
UI_COOKIE_MAX_AGE = 365 * 24 * 3600


def t(key: str, lang: str = DEFAULT_LANGUAGE, **values: object) -> str:
    """The interface text `key` in `lang` (Turkish when missing), with `{fields}` filled in:
    the catalogue's one lookup (`catalogue.say`), article labels read as the law writes them.
    An unknown key comes back as itself, so a missing text shows up on the page instead of
    breaking it."""
    if key == "article_label":
        key, values = article_label_key(str(values.get("label", "")), values)
    return say(key, lang, **values)


# Short labels of temporary and additional articles ("Geçici 1", "Ek 2") read as the law
# writes them: "Geçici Madde 1", "Ek Madde 2" (not "Madde Geçici 1").
_LABEL_KINDS = {"Geçici ": "temporary_article_label", "Ek ": "additional_article_label"}


def article_label_key(label: str, values: dict[str, object]) -> tuple[str, dict[str, object]]:
    for prefix, key in _LABEL_KINDS.items():
        if label.startswith(prefix):
            return key, {**values, "label": label[len(prefix) :]}
    return "article_label", values


def chosen_language(query: Mapping[str, str], cookies: Mapping[str, str]) -> str:
    """`?ui=` first, then the remembered choice, then Turkish."""
    for value in (query.get(UI_PARAMETER), cookies.get(UI_COOKIE)):
        if value in UI_LANGUAGES:
            return value
    return DEFAULT_LANGUAGE


def ui_language(request: Request) -> str:
    return chosen_language(request.query_params, request.cookies)


def accepted_language(header: str) -> str | None:
    """The first of our languages an `Accept-Language` header names (`en-GB,en;q=0.8`)."""
    ranked = []
    for position, part in enumerate(header.split(",")):
        tag, _, quality = part.strip().partition(";q=")
        try:
            weight = float(quality) if quality else 1.0
        except ValueError:
            weight = 0.0
        language = tag.strip().split("-")[0].lower()
        if language in UI_LANGUAGES and weight > 0:
            ranked.append((-weight, position, language))
    return min(ranked)[2] if ranked else None


def api_language(request: Request) -> str:
    """The language of a JSON answer's messages: `?ui=`, the ui cookie, `Accept-Language`,
    then Turkish. (Pages ignore `Accept-Language`: they are Turkish unless asked.)"""
    for value in (request.query_params.get(UI_PARAMETER), request.cookies.get(UI_COOKIE)):
        if value in UI_LANGUAGES:
            return value
    return accepted_language(request.headers.get("accept-language", "")) or DEFAULT_LANGUAGE


def asked_language(request: Request) -> str | None:
    """The language `?ui=` asks for, if it names one we have (the choice to remember)."""
    value = request.query_params.get(UI_PARAMETER)
    return value if value in UI_LANGUAGES else None


def remember_choice(request: Request, response: Response) -> None:
    """Keep a `?ui=` choice in a cookie, so that later pages stay in that language."""
    asked = asked_language(request)
    if asked is not None and request.cookies.get(UI_COOKIE) != asked:
        response.set_cookie(
            UI_COOKIE, asked, max_age=UI_COOKIE_MAX_AGE, httponly=True, samesite="lax"
        )


def other_language(lang: str) -> str:
    return "en" if lang == "tr" else "tr"


def switch_url(path: str, params: list[tuple[str, str]], lang: str) -> str:
    """The same page in `lang`: every other query parameter kept, `ui` replaced."""
    kept = [(name, value) for name, value in params if name != UI_PARAMETER]
    return f"{path}?{urlencode([*kept, (UI_PARAMETER, lang)])}"


def template_context(request: Request) -> dict[str, Any]:
    """What every template gets: `ui`, `t` bound to it, and the language switch link."""
    lang = ui_language(request)
    other = other_language(lang)

    def translate(key: str, lang: str = lang, **values: object) -> str:
        return t(key, lang, **values)

    def label(group: str, value: object) -> str:
        """`label("kind", "law")` → "Kanun"; a value without a text is shown as it is."""
        key = f"{group}_{value}"
        return translate(key) if has_text(key) else str(value)

    def warning(notice: object) -> str:
        """A typed warning of the core (or its JSON form), said in the page's language."""
        typed = notice if isinstance(notice, Notice) else Notice.from_json(notice)
        return notice_message(typed, lang)

    def skip_reason(source: str, refusal: object, reason: str) -> str:
        """Why a corpus file was not indexed, in the page's language."""
        return refusal_message(source, refusal, reason, lang)

    def legislation(kind: object, number: object, title: object = "") -> str:
        """A law or a regulation as a crumb or a badge names it: "6458 sayılı Kanun", or a
        regulation's title (it has no number), shortened at a word."""
        if kind != "regulation":
            return translate("law_short", number=number)
        text = str(title or number)
        return text if len(text) <= 60 else text[:60].rsplit(" ", 1)[0] + " …"

    return {
        "ui": lang,
        "t": translate,
        "label": label,
        "legislation": legislation,
        "document_kinds": DOCUMENT_KINDS,
        "warning": warning,
        "skip_reason": skip_reason,
        "other_ui": other,
        "switch_ui_url": switch_url(request.url.path, request.query_params.multi_items(), other),
    }


def install(templates: Jinja2Templates) -> None:
    """Give every template (the error page too) the interface language. Safe to repeat."""
    processors: list[Callable[[Request], dict[str, Any]]] = templates.context_processors
    if template_context not in processors:
        processors.append(template_context)
