"""Every refusal and validation message, in Turkish and in English, with no text of the other
language in it: the catalogue walked whole, the core's raise sites checked against it, and
the real refusals a librarian and a reader meet, over HTTP, in both languages."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from collection_support import (
    CSRF_RE,
    add_librarian,
    bearer,
    follow_job,
    logged_in_client,
    small_corpus,
    wait_for_job,
)
from conftest import LiveServer, shared_path
from pdf_factory import make_pdf

from indexer.analysis import turkish_lower
from indexer.errors import FieldProblem, InvalidField, PdfProblem, UnreadablePdf
from indexer.notices import DocumentWarning, Notice, PageIssue, PageProblem
from search_api.settings import PROJECT_ROOT, Settings
from search_api.web import error_message, notice_message, refusal_message, say
from search_api.web.catalogue import TEXTS, TOPICS

TURKISH_LETTERS = set("çğıöşüÇĞİÖŞÜ")
# Words that give a Turkish sentence away (none of them is English).
TURKISH_WORDS = {
    "ve", "bir", "yok", "dosya", "dosyası", "belge", "kullanıcı", "parola", "giriş", "sayfa",
    "alan", "olmalı", "veya", "lütfen", "derlemde", "kanun", "madde", "hata", "gerekli",
    "değil", "zaten", "tekrar", "deneyin", "sonra", "dakika", "saniye", "sayılı", "bulunamadı",
    "boş", "şifreli", "yanlış", "çok", "fazla", "kanunda", "gibi", "ile", "arasında",
}  # fmt: skip
# Words that give an English sentence away (none of them is Turkish).
ENGLISH_WORDS = {
    "the", "is", "not", "file", "found", "please", "password", "user", "wrong", "too", "many",
    "try", "again", "expected", "field", "required", "document", "missing", "must", "and",
    "or", "login", "invalid", "page", "pages", "seconds", "minutes", "of", "in", "at", "an",
    "with", "this", "larger", "than", "needs", "empty", "encrypted", "no", "name", "exists",
    "already", "digits", "only", "year", "such", "as", "between", "text", "address", "read",
    "could", "be", "damaged", "beyond", "repair", "took", "longer", "stopped", "readable",
}  # fmt: skip
SAMPLE_PARAMS = {
    "doc_id": "rapor-2023", "source": "x.pdf", "stem": "rapor-2023", "name": "x1",
    "token_id": "t1", "law_number": "6458", "segment": "91", "label": "91", "labels": "91, 92",
    "field": "date", "names": "colour", "minimum": 10, "retry_after": 422, "max_mb": 100,
    "detail": "E1", "pages": 2, "limit": 1, "page": 3, "seconds": 0.5, "first": 1800,
    "last": 2100, "times": 2, "job_id": "j1", "limit_mb": 300, "code": -9, "max_kb": 64,
}  # fmt: skip


def words_of(text: str) -> set[str]:
    """The words of a sentence, leaving out 'quoted' names (a form field, a kind value)."""
    return set(re.findall(r"\w+", turkish_lower(re.sub(r"'[^']*'", "", text))))


def assert_in_language(text: str, lang: str) -> None:
    """No text of the other language: Turkish letters or words in English, English words in
    Turkish."""
    if lang == "en":
        assert not TURKISH_LETTERS & set(text), text
        assert not TURKISH_WORDS & words_of(text), text
    else:
        assert not ENGLISH_WORDS & words_of(text), text


def catalogue_sentences() -> Iterator[tuple[str, str, str]]:
    framed = {"unreadable_pdf", "invalid_field", "invalid_parameter", "invalid_body"}
    for key in TOPICS["messages"]:
        if key in framed:  # the framed ones are filled below
            continue
        for lang in ("tr", "en"):
            yield key, lang, say(key, lang, **SAMPLE_PARAMS)
    params = {k: v for k, v in SAMPLE_PARAMS.items() if k != "source"}
    for problem in PdfProblem:
        error = UnreadablePdf("x.pdf", problem, **params)
        for lang in ("tr", "en"):
            yield f"pdf:{problem.name}", lang, error_message(error, lang)
            # the same refusal as the admin shows a skipped corpus file, from the manifest
            said = refusal_message("x.pdf", error.as_json(), error.reason, lang)
            yield f"skipped:{problem.name}", lang, said
            # a manifest of an older version kept only the English text: read back, said
            said = refusal_message("x.pdf", None, error.reason, lang)
            yield f"skipped-old:{problem.name}", lang, said
    for field_problem in FieldProblem:
        invalid = InvalidField("date", field_problem, limit=300, first=1800, last=2100)
        for lang in ("tr", "en"):
            yield f"field:{field_problem}", lang, error_message(invalid, lang)
    for kind in (key.removeprefix("field.") for key in TOPICS["problems"]):
        if "." in kind:
            continue
        for lang in ("tr", "en"):
            values = {"problem": kind, "limit": 9, "first": 1800, "last": 2100, "choices": "a, b"}
            said = say("invalid_parameter", lang, parameter="page", **values)
            yield f"parameter:{kind}", lang, said
            yield f"body:{kind}", lang, say("invalid_body", lang, **values)
    for notice in sample_notices():
        for lang in ("tr", "en"):
            yield f"warning:{notice.text()}", lang, notice_message(notice, lang)
            # as the manifest and a job's file keep it, and as an older one wrote it
            yield (
                f"stored:{notice.text()}",
                lang,
                notice_message(Notice.from_json(notice.as_json()), lang),
            )
            yield (
                f"old:{notice.text()}",
                lang,
                notice_message(Notice.from_json(notice.text()), lang),
            )


def sample_notices() -> list[Notice]:
    """Every warning the core gives about a document indexed all the same."""
    notices = [
        Notice(warning, {"count": 2})
        for warning in DocumentWarning
        if warning not in (DocumentWarning.PAGE, DocumentWarning.TEXT)
    ]
    return notices + [Notice.page(3, PageIssue(problem, "E1")) for problem in PageProblem]


@pytest.mark.parametrize(("key", "lang", "text"), list(catalogue_sentences()))
def test_every_catalogue_sentence_is_in_its_own_language(key: str, lang: str, text: str) -> None:
    assert "{" not in text, f"{key}: a field left unfilled: {text}"
    assert_in_language(text, lang)


def test_every_problem_and_warning_has_both_languages() -> None:
    for key, texts in TEXTS.items():
        assert set(texts) == {"tr", "en"}, key
    assert {f"pdf.{problem.name}" for problem in PdfProblem} <= set(TEXTS)
    assert {f"field.{problem.value}" for problem in FieldProblem} <= set(TEXTS)
    assert {f"page.{problem.name}" for problem in PageProblem} <= set(TEXTS)
    assert {f"warning.{warning.name}" for warning in DocumentWarning} <= set(TEXTS)


def literal_strings(source: str) -> Iterator[str]:
    """The string literals of a module, f-strings with their fields as `{}`; docstrings and
    other bare-expression strings (never shown to a user) left out."""
    tree = ast.parse(source)
    bare = {id(node.value) for node in ast.walk(tree) if isinstance(node, ast.Expr)}
    for node in ast.walk(tree):
        if id(node) in bare:
            continue
        if isinstance(node, ast.JoinedStr):
            yield "".join(
                part.value if isinstance(part, ast.Constant) else "{}" for part in node.values
            )
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node.value


def is_bilingual(text: str) -> bool:
    """ "Türkçe cümle (the English sentence)": Turkish, then English in parentheses."""
    for found in re.finditer(r"\(([^()]*)\)", text):
        before = text[: found.start()]
        if TURKISH_WORDS & words_of(before) and len(ENGLISH_WORDS & words_of(found.group(1))) >= 2:
            return True
    return False


def test_the_core_writes_no_sentence_in_two_languages() -> None:
    """User-facing text lives in the catalogue; the core (outside the web layer) names
    problems and warnings by key, never as "Türkçe (English)" strings."""
    found = [
        f"{path.relative_to(PROJECT_ROOT)}: {text}"
        for folder in ("indexer", "search_api")
        for path in sorted((PROJECT_ROOT / folder).rglob("*.py"))
        if "web" not in path.relative_to(PROJECT_ROOT).parts
        for text in literal_strings(path.read_text(encoding="utf-8"))
        if is_bilingual(text)
    ]
    assert found == []


def test_the_bilingual_check_finds_what_it_looks_for() -> None:
    old = 'x = ("Madde bulunamadı; sayfa sayfa dizinlendi " "(no articles found; indexed)")'
    assert [text for text in literal_strings(old) if is_bilingual(text)]
    assert not [t for t in literal_strings('x = "Madde bulunamadı (E1)"') if is_bilingual(t)]


RAISED_KEY = re.compile(
    r"\b(?:BadRequest|NotFound|Conflict|PayloadTooLarge|Unauthorized|Forbidden|"
    r"TooManyRequests|KaynakError)\(\s*\"([^\"]+)\""
)


def test_every_error_the_code_raises_has_a_catalogue_sentence() -> None:
    raised = {
        key
        for folder in ("indexer", "search_api")
        for path in (PROJECT_ROOT / folder).rglob("*.py")
        for key in RAISED_KEY.findall(path.read_text(encoding="utf-8"))
    }
    assert len(raised) > 30  # the scan finds the raise sites
    assert sorted(raised - set(TOPICS["messages"])) == []


def test_a_lockout_is_told_in_minutes() -> None:
    from search_api.web import TooManyRequests

    error = TooManyRequests("too_many_failed_logins", retry_after=422)
    assert error_message(error, "tr") == ("Çok fazla hatalı giriş; 8 dakika sonra tekrar deneyin.")
    assert error_message(error, "en") == "Too many failed logins; try again in 8 minutes."


# --- The refusals as they are met, over HTTP --------------------------------------------------


class Service:
    def __init__(self, url: str, token: str, corpus: Path) -> None:
        self.url = url
        self.token = token
        self.corpus = corpus


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Service]:
    root = tmp_path_factory.mktemp("messages")
    corpus = small_corpus(root)
    (corpus / "reports" / "notlar.pdf").write_bytes(b"meeting notes")  # skipped: not a PDF
    token = add_librarian(root / "data")
    settings = Settings(corpus_dir=corpus, data_dir=root / "data", workers=1, login_max_failures=2)
    with LiveServer(settings) as server:
        yield Service(server.url, token, corpus)


def refusals() -> list[tuple[str, dict[str, object]]]:
    """(what, how to ask) for each refusal an upload or a correction can meet."""
    odd = shared_path("testdata", "pdfs", "odd")  # skips this test cleanly without ../shared
    encrypted = (odd / "pdfplumber-password-example.pdf").read_bytes()  # needs a password
    no_pages = (odd / "pikepdf-newline-buffer-test-zero-pages.pdf").read_bytes()
    return [
        ("not a PDF", {"files": {"file": ("x.pdf", b"meeting notes")}}),
        ("empty file", {"files": {"file": ("x.pdf", b"")}}),
        ("encrypted", {"files": {"file": ("x.pdf", encrypted)}}),
        (
            "wrong password",
            {
                "files": {"file": ("x.pdf", encrypted)},
                "data": {"password": "yanlis"},
            },
        ),
        ("no pages", {"files": {"file": ("x.pdf", no_pages)}}),
        ("bad date", {"files": {"file": ("x.pdf", make_pdf("bir"))}, "data": {"date": "4 Nisan"}}),
        ("bad year", {"files": {"file": ("x.pdf", make_pdf("iki"))}, "data": {"year": "MMXX"}}),
        ("no file", {"data": {"title": "x"}, "files": {"other": ("x.txt", b"x")}}),
    ]  # fmt: skip


@pytest.mark.parametrize("lang", ["tr", "en"])
def test_upload_refusals_are_said_in_the_chosen_language(service: Service, lang: str) -> None:
    seen = set()
    with httpx.Client(base_url=service.url, timeout=60, headers=bearer(service.token)) as client:
        for what, how in refusals():
            response = client.post(f"/api/documents?ui={lang}", **how)  # type: ignore[arg-type]
            if response.status_code == 202:  # refused once read, by the upload's job
                job = wait_for_job(client, response.json()["job"]["url"] + f"?ui={lang}")
                assert job["state"] == "failed", (what, job)
                text = job["error"]["message"]
            else:
                assert 400 <= response.status_code < 500, (what, response.text)
                text = response.json()["error"]["message"]
            assert_in_language(text, lang)
            seen.add(text)
    assert len(seen) == len(refusals())  # a wrong password is not "needs a password"


def test_english_is_also_picked_by_accept_language(service: Service) -> None:
    headers = {**bearer(service.token), "Accept-Language": "en-GB,en;q=0.9,tr;q=0.5"}
    response = httpx.post(
        f"{service.url}/api/documents",
        headers=headers,
        files={"file": ("x.pdf", b"")},
        timeout=60,
    )
    assert response.json()["error"] == {
        "code": "unreadable_pdf",
        "message": "x.pdf: the file is empty",
    }
    plain = httpx.post(
        f"{service.url}/api/documents",
        headers=bearer(service.token),
        files={"file": ("x.pdf", b"")},
    )
    assert plain.json()["error"]["message"] == "x.pdf: dosya boş"


def test_a_turkish_date_is_accepted_and_stored_as_iso(service: Service) -> None:
    with httpx.Client(base_url=service.url, timeout=60, headers=bearer(service.token)) as client:
        response = client.post(
            "/api/documents",
            files={"file": ("x.pdf", make_pdf("Tarihli belge zqtarihli"))},
            data={"title": "Tarihli Belge", "date": "01.12.2026"},
        )
        assert follow_job(client, response)["document"]["date"] == "2026-12-01"


@pytest.mark.parametrize("lang", ["tr", "en"])
def test_locked_and_pageless_pdfs_are_refused_in_the_request(service: Service, lang: str) -> None:
    """Known from the file's header at once: a 422 in the request's language, no job, no
    staged file left behind."""
    odd = shared_path("testdata", "pdfs", "odd")
    encrypted = (odd / "pdfplumber-password-example.pdf").read_bytes()
    no_pages = (odd / "pikepdf-newline-buffer-test-zero-pages.pdf").read_bytes()
    incoming = service.corpus / ".incoming"
    with httpx.Client(base_url=service.url, timeout=60, headers=bearer(service.token)) as client:
        jobs_before = len(client.get("/api/jobs").json()["jobs"])
        said = []
        for pdf, data in ((encrypted, {}), (encrypted, {"password": "yanlis"}), (no_pages, {})):
            response = client.post(
                f"/api/documents?ui={lang}", files={"file": ("x.pdf", pdf)}, data=data
            )
            assert response.status_code == 422, response.text
            error = response.json()["error"]
            assert error["code"] == "unreadable_pdf"
            assert_in_language(error["message"], lang)
            said.append(error["message"])
        replaced = client.put(
            f"/api/documents/reslog-turkey-project-en/file?ui={lang}",
            files={"file": ("x.pdf", encrypted)},
        )
        assert replaced.status_code == 422, replaced.text
        assert len(client.get("/api/jobs").json()["jobs"]) == jobs_before
    assert len(set(said)) == 3  # locked, wrong password and no pages each said apart
    assert not [path for path in incoming.glob("*") if path.is_file()]


@pytest.mark.parametrize("lang", ["tr", "en"])
def test_a_skipped_corpus_file_is_explained_in_the_chosen_language(
    service: Service, lang: str
) -> None:
    with logged_in_client(service.url) as admin:
        listing = admin.get(f"/admin?ui={lang}").text
        document = admin.get(f"/admin/documents/notlar?ui={lang}").text
    summary = re.search(r"<code>notlar.pdf</code>: ([^<]+)</li>", listing)
    assert summary, listing
    row = re.search(r'class="badge repealed">[^<]+</span> ([^<]+)</td>', listing)
    reason = re.search(r'<dd class="notice bad">([^<]+)</dd>', document)
    assert row and reason
    said = {summary.group(1).strip(), row.group(1).strip(), reason.group(1).strip()}
    assert len(said) == 1  # the same reason everywhere
    assert "not a PDF" not in said  # not the English log text in either language
    assert_in_language(said.pop(), lang)


@pytest.mark.parametrize("lang", ["tr", "en"])
def test_the_warnings_of_an_upload_are_said_in_the_chosen_language(
    service: Service, lang: str
) -> None:
    """A page without text: the job's warnings and the document's problems, in the API and
    on the admin's job page, in the chosen language."""
    pdf = make_pdf([f"Uyarılı belge zqwarn{lang}", ""])
    with httpx.Client(base_url=service.url, timeout=120, headers=bearer(service.token)) as client:
        response = client.post(
            "/api/documents", files={"file": ("x.pdf", pdf)}, data={"title": f"Uyarı {lang}"}
        )
        job = wait_for_job(client, response.json()["job"]["url"] + f"?ui={lang}")
        assert job["state"] == "done", job
        document = client.get(f"/api/documents/{job['doc_id']}?ui={lang}").json()
    with logged_in_client(service.url) as admin:
        job_page = main_text(admin.get(f"/admin/jobs/{job['id']}?ui={lang}").text)
    assert job["warnings"] and job["warnings"] == job["document"]["warnings"]
    assert document["problems"]
    for text in [*job["warnings"], *document["problems"]]:
        assert_in_language(text, lang)
        assert "2" in text  # the page it is about
    assert all(warning in job_page for warning in job["warnings"])


@pytest.mark.parametrize("lang", ["tr", "en"])
def test_field_errors_of_the_api_are_said_in_the_chosen_language(
    service: Service, lang: str
) -> None:
    document = f"/api/documents/reslog-turkey-project-en?ui={lang}"
    with httpx.Client(base_url=service.url, timeout=60, headers=bearer(service.token)) as client:
        asked = [
            client.patch(document, json=["title"]),
            client.patch(document, json={"colour": 1}),
            client.patch(document, json={"kind": "book"}),
            client.get(f"/api/audit?limit=many&ui={lang}"),
            client.get(f"/api/documents/x9-q7?ui={lang}"),
            client.get(f"/api/laws/6458/articles/xyz?ui={lang}"),
            client.get(f"/api/nowhere?ui={lang}"),
        ]  # fmt: skip
    for response in asked:
        assert 400 <= response.status_code < 500, response.text
        assert_in_language(response.json()["error"]["message"], lang)
    assert "limit" in asked[3].json()["error"]["message"]


@pytest.mark.parametrize("lang", ["tr", "en"])
def test_login_refusals_and_the_lockout_are_said_in_the_chosen_language(
    service: Service, lang: str
) -> None:
    with httpx.Client(base_url=service.url, timeout=60) as client:
        said = []
        for _ in range(3):
            form = client.get(f"/admin/login?ui={lang}").text
            token = CSRF_RE.search(form)
            assert token
            response = client.post(
                "/admin/login",
                data={"csrf_token": token.group(1), "username": f"nobody-{lang}", "password": "x"},
            )
            said.append(response)
        assert [r.status_code for r in said] == [401, 401, 429]
        wrong = (
            "Wrong user name or password." if lang == "en" else "Kullanıcı adı veya parola yanlış."
        )
        assert wrong in said[0].text
        assert ("minutes" if lang == "en" else "dakika") in said[2].text
        assert "saniye" not in said[2].text and "seconds" not in said[2].text
        assert_in_language(main_text(said[2].text), lang)


@pytest.mark.parametrize("lang", ["tr", "en"])
def test_a_missing_page_says_so_in_words_not_codes(service: Service, lang: str) -> None:
    response = httpx.get(f"{service.url}/documents/x9-q7?ui={lang}")
    assert response.status_code == 404
    shown = main_text(response.text)
    assert "not_found" not in response.text
    assert "x9-q7" in shown
    assert_in_language(shown, lang)


def main_text(html: str) -> str:
    """The text of the page's <main>, without tags."""
    found = re.search(r"<main[^>]*>(.*)</main>", html, re.S)
    assert found, html[:500]
    return re.sub(r"<[^>]+>", " ", found.group(1))
