"""Every refusal and validation message, in Turkish and in English, with no text of the other
language in it: the catalogue walked whole, the core's raise sites checked against it, and
the real refusals a librarian and a reader meet, over HTTP, in both languages."""

from __future__ import annotations

import re
from collections.abc import Iterator

import httpx
import pytest
from collection_support import (
    CSRF_RE,
    add_librarian,
    bearer,
    follow_job,
    small_corpus,
    wait_for_job,
)
from conftest import LiveServer, shared_path
from pdf_factory import make_pdf

from indexer.analysis import turkish_lower
from indexer.errors import FieldProblem, InvalidField, PdfProblem, UnreadablePdf
from search_api.settings import PROJECT_ROOT, Settings
from search_api.web import error_message
from search_api.web.messages import FIELD_PROBLEMS, MESSAGES, PDF_PROBLEMS, message

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
    for key in sorted(set(MESSAGES) - framed):  # the framed ones are filled below
        for lang in ("tr", "en"):
            yield key, lang, message(key, lang, **SAMPLE_PARAMS)
    for problem in PdfProblem:
        params = {k: v for k, v in SAMPLE_PARAMS.items() if k != "source"}
        error = UnreadablePdf("x.pdf", problem, **params)
        for lang in ("tr", "en"):
            yield f"pdf:{problem.name}", lang, error_message(error, lang)
    for field_problem in FieldProblem:
        invalid = InvalidField("date", field_problem, limit=300, first=1800, last=2100)
        for lang in ("tr", "en"):
            yield f"field:{field_problem}", lang, error_message(invalid, lang)
    for kind in FIELD_PROBLEMS:
        for lang in ("tr", "en"):
            values = {"problem": kind, "limit": 9, "first": 1800, "last": 2100, "choices": "a, b"}
            said = message("invalid_parameter", lang, parameter="page", **values)
            yield f"parameter:{kind}", lang, said
            yield f"body:{kind}", lang, message("invalid_body", lang, **values)


@pytest.mark.parametrize(("key", "lang", "text"), list(catalogue_sentences()))
def test_every_catalogue_sentence_is_in_its_own_language(key: str, lang: str, text: str) -> None:
    assert "{" not in text, f"{key}: a field left unfilled: {text}"
    assert_in_language(text, lang)


def test_every_problem_has_both_languages() -> None:
    for table in (MESSAGES, PDF_PROBLEMS, FIELD_PROBLEMS):
        for key, texts in table.items():
            assert set(texts) == {"tr", "en"}, key
    assert {problem.name for problem in PdfProblem} == set(PDF_PROBLEMS)
    assert {problem.value for problem in FieldProblem} <= set(FIELD_PROBLEMS)


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
    assert sorted(raised - set(MESSAGES)) == []


def test_a_lockout_is_told_in_minutes() -> None:
    from search_api.web import TooManyRequests

    error = TooManyRequests("too_many_failed_logins", retry_after=422)
    assert error_message(error, "tr") == ("Çok fazla hatalı giriş; 8 dakika sonra tekrar deneyin.")
    assert error_message(error, "en") == "Too many failed logins; try again in 8 minutes."


# --- The refusals as they are met, over HTTP --------------------------------------------------


class Service:
    def __init__(self, url: str, token: str) -> None:
        self.url = url
        self.token = token


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Service]:
    root = tmp_path_factory.mktemp("messages")
    corpus = small_corpus(root)
    token = add_librarian(root / "data")
    settings = Settings(corpus_dir=corpus, data_dir=root / "data", workers=1, login_max_failures=2)
    with LiveServer(settings) as server:
        yield Service(server.url, token)


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
