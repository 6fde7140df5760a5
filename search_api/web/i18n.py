"""The interface language of the HTML pages: Turkish by default, English on request.

`?ui=en` (or `?ui=tr`) picks the language and the pages remember it in a cookie; without
either, the pages are Turkish. Only the interface is translated: documents keep their own
language. `t(key, lang)` looks a string up; `install(templates)` makes `t`, the chosen
language and the link that switches it available to every template, the error page included.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urlencode

from fastapi.templating import Jinja2Templates
from starlette.requests import Request
from starlette.responses import Response

from search_api.web.i18n_admin import ADMIN_STRINGS
from search_api.web.i18n_search import SEARCH_STRINGS

UI_LANGUAGES = ("tr", "en")
DEFAULT_LANGUAGE = "tr"
UI_PARAMETER = "ui"
UI_COOKIE = "kaynak_ui"
UI_COOKIE_MAX_AGE = 365 * 24 * 3600

# key → {language → text}. Texts may hold `{name}` fields, filled by `t(key, lang, name=…)`.
STRINGS: dict[str, dict[str, str]] = {
    # frame
    "product_tagline": {
        "tr": "Kanunlarda ve göç raporlarında arama",
        "en": "Search in laws and migration reports",
    },
    "union_name": {"tr": "Marmara Belediyeler Birliği", "en": "Marmara Municipalities Union"},
    "nav_search": {"tr": "Arama", "en": "Search"},
    "nav_documents": {"tr": "Belgeler", "en": "Documents"},
    "nav_label": {"tr": "Ana menü", "en": "Main menu"},
    "skip_to_content": {"tr": "İçeriğe geç", "en": "Skip to content"},
    "switch_language": {"tr": "English", "en": "Türkçe"},
    "switch_language_title": {
        "tr": "Arayüzü İngilizce göster",
        "en": "Show the interface in Turkish",
    },
    "footer_note": {
        "tr": "Metinler bilgi amaçlıdır; resmî metin için Resmî Gazete ve PDF'e bakınız.",
        "en": "Texts are for information; for the official text see the Official Gazette "
        "and the PDF.",
    },
    # search form
    "search_title": {"tr": "Arama", "en": "Search"},
    "search_label": {"tr": "Aranacak kelimeler veya atıf", "en": "Words or a citation"},
    "search_placeholder": {
        "tr": 'ör. geçici koruma, "ikamet izni", 6458 m. 91',
        "en": 'e.g. geçici koruma, "ikamet izni", 6458 m. 91',
    },
    "search_button": {"tr": "Ara", "en": "Search"},
    "search_help": {
        "tr": "Tırnak içindeki kelimeler birlikte aranır; -kelime o kelimeyi dışarıda bırakır; "
        '"6458 m. 91" gibi atıflar doğrudan maddeyi getirir.',
        "en": "Words in quotes are searched together; -word leaves a word out; citations "
        'such as "6458 m. 91" bring the article itself.',
    },
    "filters": {"tr": "Süzgeçler", "en": "Filters"},
    "filter_kind": {"tr": "Belge türü", "en": "Document type"},
    "filter_law": {"tr": "Kanun", "en": "Law"},
    "filter_lang": {"tr": "Belge dili", "en": "Document language"},
    "filter_year_from": {"tr": "Yıl (başlangıç)", "en": "Year from"},
    "filter_year_to": {"tr": "Yıl (bitiş)", "en": "Year to"},
    "filter_repealed": {"tr": "Mülga maddeleri de göster", "en": "Include repealed articles"},
    "filter_titles": {"tr": "Yalnızca başlıklarda ara", "en": "Search titles only"},
    "filter_any": {"tr": "Tümü", "en": "All"},
    "filter_clear": {"tr": "Süzgeçleri temizle", "en": "Clear filters"},
    # results
    "results_heading": {"tr": "Sonuçlar", "en": "Results"},
    "results_count": {"tr": "{total} sonuç", "en": "{total} results"},
    "results_took": {"tr": "{ms} ms", "en": "{ms} ms"},
    "results_none": {
        "tr": "Sonuç bulunamadı. Daha az kelimeyle, süzgeçleri kaldırarak veya "
        '"Mülga maddeleri de göster" seçeneğiyle tekrar deneyin.',
        "en": "No results. Try fewer words, remove filters, or include repealed articles.",
    },
    "results_start": {
        "tr": 'Aramak için yukarıya bir kelime, bir ifade veya "6458 m. 91" gibi bir atıf '
        "yazın. Derlemdeki belgelerin tümü Belgeler sayfasındadır.",
        "en": 'Type a word, a phrase or a citation such as "6458 m. 91" above. Every '
        "document in the collection is listed on the Documents page.",
    },
    "notice": {"tr": "Bilgi", "en": "Note"},
    "invalid_search": {"tr": "Arama yapılamadı", "en": "The search was not run"},
    "hit_open_article": {"tr": "Maddeyi aç", "en": "Open the article"},
    "hit_open_page": {"tr": "Sayfayı aç", "en": "Open the page"},
    "open_pdf": {"tr": "PDF'de aç", "en": "Open in the PDF"},
    "open_pdf_page": {"tr": "PDF'de aç (sayfa {page})", "en": "Open in the PDF (page {page})"},
    "badge_citation": {"tr": "Atıf", "en": "Citation"},
    "badge_citation_title": {
        "tr": "Aramanızdaki atıfla belirtilen madde",
        "en": "The article your search cites",
    },
    "badge_repealed": {"tr": "Mülga", "en": "Repealed"},
    "ocr_note": {
        "tr": "Bu sayfa taranmış görüntüden (OCR) okunmuştur; metinde hata olabilir, "
        "PDF ile karşılaştırın.",
        "en": "This page was read from a scanned image (OCR); the text may contain errors, "
        "check the PDF.",
    },
    "article": {"tr": "Madde", "en": "Article"},
    "page": {"tr": "Sayfa", "en": "Page"},
    "pages": {"tr": "Sayfa sayısı", "en": "Pages"},
    # facets
    "facets_heading": {"tr": "Sonuçların dağılımı", "en": "Results by"},
    "facet_kind": {"tr": "Tür", "en": "Type"},
    "facet_law_number": {"tr": "Kanun", "en": "Law"},
    "facet_lang": {"tr": "Dil", "en": "Language"},
    "facet_year": {"tr": "Yıl", "en": "Year"},
    "facet_remove": {"tr": "süzgeci kaldır", "en": "remove filter"},
    "kind_law": {"tr": "Kanun", "en": "Law"},
    "kind_report": {"tr": "Rapor", "en": "Report"},
    "lang_tr": {"tr": "Türkçe", "en": "Turkish"},
    "lang_en": {"tr": "İngilizce", "en": "English"},
    "law_short": {"tr": "{number} sayılı Kanun", "en": "Law No. {number}"},
    # pagination
    "pagination_label": {"tr": "Sonuç sayfaları", "en": "Result pages"},
    "pagination_previous": {"tr": "Önceki", "en": "Previous"},
    "pagination_next": {"tr": "Sonraki", "en": "Next"},
    "pagination_page": {"tr": "{page}. sayfa", "en": "page {page}"},
    # documents
    "documents_title": {"tr": "Belgeler", "en": "Documents"},
    "documents_intro": {
        "tr": "Derlemdeki kanunlar ve raporlar.",
        "en": "The laws and reports in the collection.",
    },
    "documents_empty": {"tr": "Henüz belge yok.", "en": "No documents yet."},
    "column_title": {"tr": "Başlık", "en": "Title"},
    "column_kind": {"tr": "Tür", "en": "Type"},
    "column_lang": {"tr": "Dil", "en": "Language"},
    "column_year": {"tr": "Yıl", "en": "Year"},
    "column_pages": {"tr": "Sayfa", "en": "Pages"},
    "column_units": {"tr": "Madde / sayfa kaydı", "en": "Articles / pages indexed"},
    "column_links": {"tr": "Bağlantılar", "en": "Links"},
    "full_text": {"tr": "Tam metin", "en": "Full text"},
    "table_of_contents": {"tr": "İçindekiler", "en": "Contents"},
    # one document
    "document_details": {"tr": "Belge bilgileri", "en": "About this document"},
    "field_publisher": {"tr": "Yayımlayan", "en": "Publisher"},
    "field_author": {"tr": "Yazar", "en": "Author"},
    "field_date": {"tr": "Tarih", "en": "Date"},
    "field_source": {"tr": "Kaynak", "en": "Source"},
    "field_ocr_pages": {"tr": "OCR ile okunan sayfa", "en": "Pages read by OCR"},
    "field_problems": {"tr": "Okuma sorunları", "en": "Reading problems"},
    "document_text": {"tr": "Metin", "en": "Text"},
    "document_no_text": {
        "tr": "Bu belgeden okunabilir metin çıkarılamadı; PDF'e bakınız.",
        "en": "No readable text could be extracted from this document; see the PDF.",
    },
    "footnotes": {"tr": "Dipnotlar", "en": "Footnotes"},
    "requested_page": {"tr": "aradığınız sayfa", "en": "the page you asked for"},
    # laws
    "law_number": {"tr": "Kanun numarası", "en": "Law number"},
    "accepted_date": {"tr": "Kabul tarihi", "en": "Date of adoption"},
    "gazette": {"tr": "Resmî Gazete", "en": "Official Gazette"},
    "gazette_date_number": {
        "tr": "{date} tarihli, {number} sayılı",
        "en": "dated {date}, issue {number}",
    },
    "dustur": {"tr": "Düstur", "en": "Düstur (code series)"},
    "law_notes": {"tr": "Kanuna ilişkin notlar", "en": "Notes on the law"},
    "amendment_list": {
        "tr": "Ek ve değişiklik getiren mevzuat",
        "en": "Legislation that amended this law",
    },
    "repealed_explained": {
        "tr": "Mülga: yürürlükten kaldırılmış madde.",
        "en": "Repealed (Mülga): no longer in force.",
    },
    "articles_count": {"tr": "{count} madde", "en": "{count} articles"},
    "no_articles": {
        "tr": "Bu kanunda madde bulunamadı; tam metin için PDF'e bakınız.",
        "en": "No articles were found in this law; see the PDF for the full text.",
    },
    # articles
    "article_label": {"tr": "Madde {label}", "en": "Article {label}"},
    "cited_by": {"tr": "Bu maddeye atıf yapan maddeler", "en": "Articles that cite this article"},
    "footnote_link": {"tr": "Dipnot {number}", "en": "Footnote {number}"},
    "copy_citation": {"tr": "atfı kopyala", "en": "copy citation"},
    "copy_citation_of": {"tr": "Atfı kopyala: {citation}", "en": "Copy the citation: {citation}"},
    "temporary_article_label": {"tr": "Geçici Madde {label}", "en": "Provisional Article {label}"},
    "additional_article_label": {"tr": "Ek Madde {label}", "en": "Additional Article {label}"},
    "article_text": {"tr": "Madde metni", "en": "Text of the article"},
    "article_place": {"tr": "Kanundaki yeri", "en": "Place in the law"},
    "book": {"tr": "Kitap", "en": "Book"},
    "part": {"tr": "Kısım", "en": "Part"},
    "chapter": {"tr": "Bölüm", "en": "Chapter"},
    "amendments": {"tr": "Değişiklik kayıtları", "en": "Amendment records"},
    "amendment_where": {"tr": "Yer", "en": "Where"},
    "amendment_kind": {"tr": "İşlem", "en": "Change"},
    "amendment_date": {"tr": "Tarih", "en": "Date"},
    "amendment_act": {"tr": "Değiştiren", "en": "Amending act"},
    "amendment_whole": {"tr": "Madde", "en": "Article"},
    "amendment_paragraph": {"tr": "Fıkra ({number})", "en": "Paragraph ({number})"},
    "amendment_item": {"tr": "Bent {label})", "en": "Item {label})"},
    "amendment_act_article": {
        "tr": "{law} sayılı Kanun m. {article}",
        "en": "Law No. {law}, art. {article}",
    },
    "amendment_decree_article": {"tr": "{law} m. {article}", "en": "{law}, art. {article}"},
    "citation": {"tr": "Atıf", "en": "Citation"},
    "copy": {"tr": "Kopyala", "en": "Copy"},
    "copied": {"tr": "Kopyalandı", "en": "Copied"},
    "previous_article": {"tr": "Önceki madde", "en": "Previous article"},
    "next_article": {"tr": "Sonraki madde", "en": "Next article"},
    "back_to_contents": {"tr": "Kanunun içindekiler tablosuna dön", "en": "Back to the contents"},
    "article_nav_label": {"tr": "Maddeler arasında gezinme", "en": "Article navigation"},
    "breadcrumb_label": {"tr": "Konum", "en": "You are here"},
    "cross_reference_title": {"tr": "Atıf yapılan madde", "en": "Cited article"},
    # errors
    "error_title": {"tr": "Hata {status}", "en": "Error {status}"},
    "error_404": {
        "tr": "Aradığınız sayfa bulunamadı.",
        "en": "The page you asked for was not found.",
    },
    "error_400": {"tr": "İstek anlaşılamadı.", "en": "The request could not be understood."},
    "error_500": {
        "tr": "Beklenmeyen bir hata oluştu. Lütfen daha sonra tekrar deneyin.",
        "en": "Something went wrong. Please try again later.",
    },
    "error_generic": {"tr": "İstek tamamlanamadı.", "en": "The request could not be completed."},
    "error_details": {"tr": "Ayrıntı", "en": "Details"},
    "error_back": {"tr": "Aramaya dön", "en": "Back to search"},
}
STRINGS.update(ADMIN_STRINGS)  # the admin pages' texts, kept in their own module
STRINGS.update(SEARCH_STRINGS)  # the search page's and report page view's


def t(key: str, lang: str = DEFAULT_LANGUAGE, **values: object) -> str:
    """The interface text `key` in `lang` (Turkish when missing), with `{fields}` filled in.

    An unknown key comes back as itself, so a missing translation shows up on the page
    instead of breaking it.
    """
    if key == "article_label":
        key, values = article_label_key(str(values.get("label", "")), values)
    texts = STRINGS.get(key)
    if texts is None:
        return key
    text = texts.get(lang) or texts[DEFAULT_LANGUAGE]
    return text.format(**values) if values else text


# Short labels of temporary and additional articles ("Geçici 1", "Ek 2") read as the law
# writes them: "Geçici Madde 1", "Ek Madde 2" (not "Madde Geçici 1").
_LABEL_KINDS = {"Geçici ": "temporary_article_label", "Ek ": "additional_article_label"}


def article_label_key(label: str, values: dict[str, object]) -> tuple[str, dict[str, object]]:
    for prefix, key in _LABEL_KINDS.items():
        if label.startswith(prefix):
            return key, {**values, "label": label[len(prefix) :]}
    return "article_label", values


def has_text(key: str) -> bool:
    return key in STRINGS


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

    return {
        "ui": lang,
        "t": translate,
        "label": label,
        "other_ui": other,
        "switch_ui_url": switch_url(request.url.path, request.query_params.multi_items(), other),
    }


def install(templates: Jinja2Templates) -> None:
    """Give every template (the error page too) the interface language. Safe to repeat."""
    processors: list[Callable[[Request], dict[str, Any]]] = templates.context_processors
    if template_context not in processors:
        processors.append(template_context)
