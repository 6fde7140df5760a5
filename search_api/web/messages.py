"""The message catalogue: every error and notice a reader or librarian sees, in Turkish and
English, and `error_message(error, lang)` that says a typed error in one of them.

The core raises `KaynakError`s carrying a key and parameters (`indexer.errors`); this module
is the one place their sentences are written. A parameter that is itself a key (a
`PdfProblem`, a `FieldProblem`) is translated first, then put into the sentence. A key
without an entry is shown as it is, so an error raised with a plain sentence still reads.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from indexer.errors import KaynakError, PdfProblem
from search_api.web.i18n import has_text, t

# key → {language → text}; `{fields}` are the error's parameters.
MESSAGES: dict[str, dict[str, str]] = {
    # documents and the corpus
    "duplicate_document": {
        "tr": "Bu PDF derlemde zaten var: {doc_id}",
        "en": "This PDF is already in the collection: {doc_id}",
    },
    "unreadable_pdf": {"tr": "{source}: {problem}", "en": "{source}: {problem}"},
    "document_not_found": {
        "tr": "Belge bulunamadı: {doc_id}",
        "en": "Document not found: {doc_id}",
    },
    "document_not_indexed": {
        "tr": "Belge henüz dizinlenmedi: {doc_id}",
        "en": "The document is not indexed yet: {doc_id}",
    },
    "index_busy": {
        "tr": "Dizin şu anda meşgul ({seconds} sn beklendi); lütfen biraz sonra tekrar deneyin.",
        "en": "The index is busy (waited {seconds} s); please try again shortly.",
    },
    "pdf_not_found": {"tr": "PDF bulunamadı: {doc_id}", "en": "PDF file not found: {doc_id}"},
    "upload_not_found": {
        "tr": "Yükleme bulunamadı; lütfen dosyayı yeniden yükleyin.",
        "en": "Upload not found; please upload the file again.",
    },
    "name_taken": {
        "tr": "Dosya adı kullanımda: {stem}; lütfen tekrar deneyin.",
        "en": "The file name is taken: {stem}; please try again.",
    },
    "not_in_trash": {"tr": "Çöp kutusunda yok: {name}", "en": "Not in the trash: {name}"},
    "trashed_pdf_missing": {
        "tr": "Çöp kutusundaki PDF eksik: {name}",
        "en": "The trashed PDF is missing: {name}",
    },
    "document_exists": {
        "tr": "{doc_id} kimlikli belge derlemde zaten var; önce onu kaldırın.",
        "en": "A document with the id {doc_id} exists; remove it first.",
    },
    "law_already_present": {
        "tr": "{law_number} sayılı Kanun zaten derlemde: {doc_id}. O belgenin dosyasını "
        "değiştirin.",
        "en": "Law No. {law_number} is already in the collection: {doc_id}. Replace that "
        "document's file instead.",
    },
    "page_not_found": {
        "tr": "Bu belgede {page}. sayfa yok: {doc_id}",
        "en": "This document has no page {page}: {doc_id}",
    },
    "law_not_found": {
        "tr": "{law_number} sayılı Kanun derlemde yok.",
        "en": "Law No. {law_number} is not in the collection.",
    },
    "article_not_understood": {
        "tr": "Madde anlaşılamadı: {segment}",
        "en": "Article label not understood: {segment}",
    },
    "article_not_found": {
        "tr": "{law_number} sayılı Kanunda madde {label} yok.",
        "en": "Law No. {law_number} has no article {label} in the collection.",
    },
    "articles_not_found_anywhere": {
        "tr": "Derlemdeki kanunlarda madde {labels} yok.",
        "en": "No law in the collection has article {labels}.",
    },
    "articles_not_found": {
        "tr": "{law_number} sayılı Kanunda madde {labels} derlemde yok.",
        "en": "Law No. {law_number}: article {labels} is not in the collection.",
    },
    # fields a librarian types
    "invalid_field": {"tr": "{field}: {problem}", "en": "{field}: {problem}"},
    "unknown_fields": {"tr": "Bilinmeyen alan: {names}", "en": "Unknown field: {names}"},
    # accounts and logging in
    "user_name_invalid": {
        "tr": "Kullanıcı adı 2-32 karakter olmalı: küçük harf, rakam, . _ -",
        "en": "A user name has 2-32 characters: lowercase letters, digits, . _ -",
    },
    "password_too_short": {
        "tr": "Parola en az {minimum} karakter olmalı.",
        "en": "A password needs at least {minimum} characters.",
    },
    "user_exists": {"tr": "Kullanıcı zaten var: {name}", "en": "The user exists: {name}"},
    "no_such_user": {"tr": "Kullanıcı yok: {name}", "en": "No such user: {name}"},
    "no_such_token": {"tr": "Anahtar yok: {token_id}", "en": "No such token: {token_id}"},
    "invalid_token": {"tr": "Geçersiz erişim anahtarı.", "en": "Invalid access token."},
    "token_required": {
        "tr": "Erişim anahtarı gerekli (Authorization: Bearer <anahtar>).",
        "en": "An access token is required (Authorization: Bearer <token>).",
    },
    "wrong_credentials": {
        "tr": "Kullanıcı adı veya parola yanlış.",
        "en": "Wrong user name or password.",
    },
    "login_required": {"tr": "Giriş gerekli.", "en": "Please log in."},
    "bad_csrf": {
        "tr": "Formun süresi doldu veya form geçersiz; sayfayı yenileyin.",
        "en": "The form has expired or is invalid; reload the page.",
    },
    "too_many_failed_logins": {
        "tr": "Çok fazla hatalı giriş; {minutes} dakika sonra tekrar deneyin.",
        "en": "Too many failed logins; try again in {minutes} minutes.",
    },
    # uploads
    "one_file_only": {
        "tr": "Tek dosya gönderin, '{field}' alanında.",
        "en": "Send one file, in the field '{field}'.",
    },
    "too_many_fields": {"tr": "Formda çok fazla alan var.", "en": "The form has too many fields."},
    "too_many_files": {
        "tr": "Bir seferde en çok {limit} dosya gönderin ('{field}' alanında).",
        "en": "Send at most {limit} files at once (in the field '{field}').",
    },
    # upload jobs
    "job_not_found": {"tr": "İş bulunamadı: {job_id}", "en": "Job not found: {job_id}"},
    "job_not_proposed": {
        "tr": "Bu iş onay beklemiyor: {job_id}",
        "en": "This job is not waiting for confirmation: {job_id}",
    },
    "job_cancelled": {"tr": "Kütüphaneci vazgeçti.", "en": "Cancelled by the librarian."},
    "job_abandoned": {
        "tr": "Onaylanmadı; süresi dolduğu için dosya silindi.",
        "en": "Not confirmed in time; the file was removed.",
    },
    "job_interrupted": {
        "tr": "Hizmet bu iş sırasında {times} kez durdu; dosya saklanmadı.",
        "en": "The service stopped {times} times during this job; nothing was stored.",
    },
    "field_too_long": {"tr": "{field}: değer çok uzun.", "en": "{field}: the value is too long."},
    "file_too_large": {
        "tr": "Dosya {max_mb} MB sınırını aşıyor.",
        "en": "The file is larger than {max_mb} MB.",
    },
    "multipart_expected": {
        "tr": "Dosya multipart/form-data olarak gönderilmeli.",
        "en": "Send the file as multipart/form-data.",
    },
    "file_missing": {
        "tr": "Dosya yok: '{field}' alanı gerekli.",
        "en": "No file: the field '{field}' is required.",
    },
    "request_too_large": {
        "tr": "İstek gövdesi en çok {max_kb} KB olabilir.",
        "en": "A request body may be at most {max_kb} KB.",
    },
    "malformed_multipart": {
        "tr": "Gönderilen form bozuk (multipart).",
        "en": "The form sent is malformed (multipart).",
    },
    # requests the framework refuses
    "http_400": {"tr": "İstek anlaşılamadı.", "en": "The request could not be understood."},
    "http_401": {"tr": "Giriş gerekli.", "en": "Please log in."},
    "http_403": {"tr": "Bu işlem için yetkiniz yok.", "en": "You may not do this."},
    "http_404": {
        "tr": "Aradığınız sayfa bulunamadı.",
        "en": "The page you asked for was not found.",
    },
    "http_405": {
        "tr": "Bu adres bu yöntemle kullanılamaz.",
        "en": "This address does not accept this method.",
    },
    "http_409": {"tr": "İstek mevcut durumla çelişiyor.", "en": "The request conflicts."},
    "http_413": {"tr": "Gönderilen veri çok büyük.", "en": "What was sent is too large."},
    "http_422": {"tr": "İstek işlenemedi.", "en": "The request could not be processed."},
    "http_429": {
        "tr": "Çok fazla istek; biraz sonra tekrar deneyin.",
        "en": "Too many requests; try again later.",
    },
    "http_error": {"tr": "İstek tamamlanamadı.", "en": "The request could not be completed."},
    "internal_error": {
        "tr": "Beklenmeyen bir hata oluştu. Lütfen daha sonra tekrar deneyin.",
        "en": "Something went wrong. Please try again later.",
    },
    "invalid_parameter": {"tr": "'{parameter}': {problem}", "en": "'{parameter}': {problem}"},
    "invalid_body": {"tr": "Gönderilen veri: {problem}", "en": "The data sent: {problem}"},
}

# Why a PDF was refused: `PdfProblem` member name → text.
PDF_PROBLEMS: dict[str, dict[str, str]] = {
    "CANNOT_OPEN": {"tr": "dosya okunamıyor ({detail})", "en": "cannot be read ({detail})"},
    "EMPTY": {"tr": "dosya boş", "en": "the file is empty"},
    "TOO_LARGE": {
        "tr": "dosya {max_mb:g} MB sınırından büyük",
        "en": "the file is larger than {max_mb:g} MB",
    },
    "NOT_PDF": {"tr": "bu dosya bir PDF değil", "en": "this file is not a PDF"},
    "ENCRYPTED": {
        "tr": "PDF şifreli; açmak için parolası gerekli",
        "en": "the PDF is encrypted and needs a password",
    },
    "WRONG_PASSWORD": {
        "tr": "PDF şifreli ve verilen parola yanlış",
        "en": "the PDF is encrypted and the password given is wrong",
    },
    "DAMAGED": {"tr": "PDF onarılamayacak kadar bozuk", "en": "the PDF is damaged beyond repair"},
    "SELF_REFERENCING": {
        "tr": "PDF onarılamayacak kadar bozuk (kendine gönderen nesneler)",
        "en": "the PDF is damaged beyond repair (self-referencing objects)",
    },
    "DAMAGED_DETAIL": {
        "tr": "PDF onarılamayacak kadar bozuk ({detail})",
        "en": "the PDF is damaged beyond repair ({detail})",
    },
    "NO_PAGES": {"tr": "PDF'te hiç sayfa yok", "en": "the PDF has no pages"},
    "TOO_MANY_PAGES": {
        "tr": "çok fazla sayfa ({pages} > {limit})",
        "en": "too many pages ({pages} > {limit})",
    },
    "PAGE_TOO_SLOW": {
        "tr": "durduruldu: {page}. sayfa {seconds:g} saniyeden uzun sürdü",
        "en": "stopped: page {page} took longer than {seconds:g} s",
    },
    "DOCUMENT_TOO_SLOW": {
        "tr": "durduruldu: belgenin okunması {seconds:g} saniyeden uzun sürdü",
        "en": "stopped: the document took longer than {seconds:g} s",
    },
    "TOO_MUCH_MEMORY": {
        "tr": "durduruldu: okumak için {limit_mb} MB'tan fazla bellek gerekti",
        "en": "stopped: reading it needed more than {limit_mb} MB of memory",
    },
    "READER_ENDED": {
        "tr": "durduruldu: okuma süreci beklenmedik biçimde sona erdi (çıkış kodu {code})",
        "en": "stopped: the reading process ended unexpectedly (exit code {code})",
    },
    "NO_TEXT": {"tr": "okunabilir metin yok", "en": "no readable text"},
    "UNPROCESSED": {"tr": "işlenemedi ({detail})", "en": "could not be processed ({detail})"},
    "UNEXPECTED": {"tr": "okunamadı ({detail})", "en": "could not be read ({detail})"},
}

# Why a field's value was refused: `FieldProblem` value → text.
FIELD_PROBLEMS: dict[str, dict[str, str]] = {
    "too_long": {"tr": "en çok {limit} karakter", "en": "at most {limit} characters"},
    "year": {"tr": "2019 gibi bir yıl olmalı", "en": "a year such as 2019"},
    "year_range": {
        "tr": "{first} ile {last} arasında bir yıl olmalı",
        "en": "a year between {first} and {last}",
    },
    "text_expected": {"tr": "metin olmalı", "en": "text expected"},
    "kind": {"tr": "'law' (kanun) veya 'report' (rapor) olmalı", "en": "'law' or 'report'"},
    "lang": {"tr": "'tr' veya 'en' olmalı", "en": "'tr' or 'en'"},
    "law_number": {"tr": "yalnızca rakam, ör. 6458", "en": "digits only, e.g. 6458"},
    "date": {
        "tr": "01.12.2026 veya 2026-12-01 gibi bir tarih olmalı",
        "en": "a date such as 2026-12-01 or 01.12.2026",
    },
    "url": {"tr": "http(s) ile başlayan bir adres olmalı", "en": "an http(s) address"},
    # what the framework says about a query parameter or JSON body (pydantic error types)
    "missing": {"tr": "gerekli", "en": "required"},
    "int_parsing": {"tr": "tam sayı olmalı", "en": "a whole number expected"},
    # what a search parameter may hold (`search_api.web.parameters.ParameterProblem`)
    "number_range": {
        "tr": "{first} ile {last} arasında bir sayı olmalı",
        "en": "a number from {first} to {last}",
    },
    "flag": {"tr": "1 veya 0 (açık/kapalı) olmalı", "en": "1 or 0 (on/off)"},
    "choice": {"tr": "şunlardan biri olmalı: {choices}", "en": "one of: {choices}"},
    "invalid": {"tr": "geçersiz değer", "en": "invalid value"},
    "json_invalid": {"tr": "geçersiz JSON", "en": "invalid JSON"},
    "dict_type": {"tr": "JSON nesnesi olmalı", "en": "a JSON object expected"},
}


def _pick(texts: Mapping[str, str] | None, lang: str) -> str | None:
    if texts is None:
        return None
    return texts.get(lang) or texts.get("tr")


def _fill(text: str, params: Mapping[str, Any]) -> str:
    try:
        return text.format(**params)
    except (KeyError, IndexError, ValueError):
        return text


def message(key: str, lang: str, **params: Any) -> str:
    """The catalogue's sentence `key` in `lang`, parameters (and keys among them) filled."""
    text = _pick(MESSAGES.get(key), lang)
    if text is None:
        return key
    return _fill(text, translated_params(params, lang))


def translated_params(params: Mapping[str, Any], lang: str) -> dict[str, Any]:
    """Parameters as they go into a sentence: problem keys as text, field names as labels,
    seconds to wait as minutes."""
    values = dict(params)
    problem = values.get("problem")
    if isinstance(problem, PdfProblem):
        values["problem"] = _fill(_pick(PDF_PROBLEMS.get(problem.name), lang) or problem, values)
    elif isinstance(problem, str) and problem in FIELD_PROBLEMS:  # a FieldProblem or a type
        values["problem"] = _fill(_pick(FIELD_PROBLEMS.get(problem), lang) or problem, values)
    field = values.get("field")
    if isinstance(field, str):
        values["field"] = field_name(field, lang)
    if "retry_after" in values and "minutes" not in values:
        values["minutes"] = max(1, math.ceil(int(values["retry_after"]) / 60))
    return values


def field_name(name: str, lang: str) -> str:
    """A metadata field as the forms label it (`law_number` → "Kanun numarası")."""
    key = "law_number" if name == "law_number" else f"field_{name}"
    return t(key, lang) if has_text(key) else name


def error_message(error: KaynakError, lang: str) -> str:
    """What the reader is told about `error`, in `lang` (`tr` or `en`)."""
    return message(error.key, lang, **error.params)
