"""Every odd PDF a librarian may bring is indexed or skipped with a specific reason, never a
traceback; per-document limits stop a file and indexing goes on; `--strict` fails on skips.

Expected words were read off the rendered pages (pdftoppm), not copied from our output.
"""

from __future__ import annotations

import shutil
import signal
from pathlib import Path

import pytest
from conftest import shared_path
from typer.testing import CliRunner

from indexer.corpus import CorpusFile
from indexer.errors import UnreadablePdf
from indexer.extraction import ExtractionLimits, Extractor, extract_document
from indexer.index import IndexStore, IndexSummary
from indexer.pdf import tesseract_available
from search_api.search import SearchRequest, SearchService

CORPUS = Path(__file__).resolve().parents[3] / "corpus"
REPORT = CORPUS / "reports" / "reslog-turkey-project-en.pdf"
PASSWORDS = {  # from ../shared/PROVENANCE.md, written where a librarian writes them
    "pdfplumber-password-example": "test",
    "pypdf-crazyones-encrypted-256": "password",
}
NEEDS_OCR = {"pikepdf-congress-image-only", "tr-resmigazete-20250501-5-NO-TOUNICODE"}
SKIPPED = {
    "pdfplumber-empty-0-bytes": "empty file",
    "pikepdf-newline-buffer-test-zero-pages": "no pages",
}
# A word or phrase on the page, read off the rendering; None: only the outcome is checked.
FOUND_ON_PAGE: dict[str, tuple[str, int] | None] = {
    "pdfminer-issue-1113-evil-xobjects": ('"Hello world"', 1),
    "pdfminer-issue-791-non-unicode-cmap": ('"Peněžní prostředky"', 1),
    "pdfminer-matplotlib-type3": None,  # a chart: axis numbers only
    "pdfminer-zen_of_python_corrupted": ('"Beautiful is better than ugly"', 1),
    "pdfplumber-federal-register-3col": ('"Lion Air Flight 610"', 2),
    "pdfplumber-issue-71-duplicate-chars": None,  # Chinese: not an analysed language
    "pdfplumber-issue-982-arxiv-2col": ('"Creativity in Machine Learning"', 1),
    "pdfplumber-malformed-from-issue-932": None,  # its Chinese glyphs have no text at all
    "pdfplumber-password-example": ('"network registration key"', 1),
    "pikepdf-congress-image-only": ('"consular courts"', 1),
    "pikepdf-content-stream-errors": ("Potato", 1),
    "pikepdf-sandwich-ocr": ('"MIDI Sequence Recorder"', 1),
    "pypdf-crazyones-encrypted-256": ("troublemakers", 1),
    "pypdf-indirect-rotation": ('"Ocean Plaza"', 1),
    "pypdf-issue-297-broken-xref": ('"test example"', 1),
    "pypdf-multilang": ('"Hello World"', 1),
    "pypdf-r2-empty-password": ('"encryption test"', 1),
    "tr-resmigazete-20250501-5-NO-TOUNICODE": ('"CUMHURBAŞKANI KARARI"', 1),
}


@pytest.fixture(scope="module")
def odd_dir() -> Path:
    return shared_path("testdata", "pdfs", "odd")


@pytest.fixture(scope="module")
def odd_index(
    odd_dir: Path, tmp_path_factory: pytest.TempPathFactory, ocr_cache_dir: Path
) -> tuple[IndexStore, IndexSummary]:
    corpus = tmp_path_factory.mktemp("odd-corpus")
    for pdf in odd_dir.glob("*.pdf"):
        shutil.copy(pdf, corpus / pdf.name)
    for stem, password in PASSWORDS.items():
        (corpus / f"{stem}.toml").write_text(f'password = "{password}"\n')
    extractor = Extractor(ocr_cache_dir=ocr_cache_dir)  # the session's OCR cache
    store = IndexStore(tmp_path_factory.mktemp("odd-data"), workers=2, extractor=extractor)
    return store, store.reconcile(corpus)


def expected_reason(stem: str) -> str | None:
    if stem in SKIPPED:
        return SKIPPED[stem]
    if stem in NEEDS_OCR and not tesseract_available():
        return "no readable text"
    return None


def test_all_twenty_odd_files_are_accounted_for(
    odd_dir: Path, odd_index: tuple[IndexStore, IndexSummary]
) -> None:
    stems = {pdf.stem for pdf in odd_dir.glob("*.pdf")}
    assert len(stems) == 20
    assert stems == set(FOUND_ON_PAGE) | set(SKIPPED)
    store, _summary = odd_index
    assert set(store.read_manifest()) == stems


@pytest.mark.parametrize("stem", sorted(set(FOUND_ON_PAGE) | set(SKIPPED)))
def test_odd_file_is_indexed_or_skipped_with_its_reason(
    stem: str, odd_index: tuple[IndexStore, IndexSummary]
) -> None:
    store, summary = odd_index
    entry = store.read_manifest()[stem]
    reason = expected_reason(stem)
    if reason is not None:
        assert entry.error == reason
        assert (f"{stem}.pdf", reason) in summary.skip_reasons
        return
    assert entry.indexed, entry.error
    assert entry.unit_count >= 1
    found = FOUND_ON_PAGE[stem]
    if found is not None:
        query, page = found
        hits = SearchService(store).search(SearchRequest(q=query, per_page=20)).hits
        assert (stem, page) in {(hit.doc_id, hit.page) for hit in hits}


def test_image_only_pages_are_ocr_d_and_flagged(odd_index: tuple[IndexStore, IndexSummary]) -> None:
    if not tesseract_available():
        pytest.skip("tesseract with tur+eng is not installed (scripts/test installs it)")
    store, _ = odd_index
    manifest = store.read_manifest()
    assert manifest["pikepdf-congress-image-only"].ocr_pages == 1
    assert manifest["tr-resmigazete-20250501-5-NO-TOUNICODE"].ocr_pages == 3
    hits = SearchService(store).search(SearchRequest(q='"consular courts"')).hits
    assert hits and hits[0].ocr


def test_encrypted_files_say_whether_the_password_is_missing_or_wrong(
    odd_dir: Path, tmp_path: Path
) -> None:
    for stem in PASSWORDS:
        shutil.copy(odd_dir / f"{stem}.pdf", tmp_path / f"{stem}.pdf")
    (tmp_path / "pypdf-crazyones-encrypted-256.toml").write_text('password = "wrong"\n')
    summary = IndexStore(tmp_path / "data", workers=1).reconcile(tmp_path)
    assert summary.skip_reasons == [
        ("pdfplumber-password-example.pdf", "encrypted and needs a password"),
        ("pypdf-crazyones-encrypted-256.pdf", "the password is wrong"),
    ]


def test_damaged_and_foreign_files_have_their_reasons(tmp_path: Path) -> None:
    (tmp_path / "cut.pdf").write_bytes(REPORT.read_bytes()[:5000])
    (tmp_path / "notes.pdf").write_text("meeting notes, not a PDF at all")
    summary = IndexStore(tmp_path / "data", workers=1).reconcile(tmp_path)
    reasons = dict(summary.skip_reasons)
    assert reasons["cut.pdf"].startswith("damaged beyond repair")
    assert reasons["notes.pdf"] == "not a PDF"


# -- limits --------------------------------------------------------------------------------


def corpus_file(path: Path) -> CorpusFile:
    return CorpusFile(path.stem, path, path.with_suffix(".toml"), "hash")


def test_too_many_pages_stops_the_file(odd_dir: Path) -> None:
    pdf = odd_dir / "pdfplumber-federal-register-3col.pdf"
    with pytest.raises(UnreadablePdf, match=r"too many pages \(15 > 5\)"):
        extract_document(corpus_file(pdf), limits=ExtractionLimits(max_pages=5))


def test_file_over_the_size_limit_is_not_opened(odd_dir: Path) -> None:
    pdf = odd_dir / "pdfplumber-federal-register-3col.pdf"  # 0.7 MB
    with pytest.raises(UnreadablePdf, match=r"file larger than 0.5 MB"):
        extract_document(corpus_file(pdf), limits=ExtractionLimits(max_file_mb=0.5))


def test_slow_page_stops_the_file_and_the_timer_is_restored(odd_dir: Path) -> None:
    previous = signal.getsignal(signal.SIGALRM)
    pdf = odd_dir / "pdfplumber-federal-register-3col.pdf"
    with pytest.raises(UnreadablePdf, match=r"page 1 took longer than 0.001 s"):
        extract_document(corpus_file(pdf), limits=ExtractionLimits(seconds_per_page=0.001))
    assert signal.getsignal(signal.SIGALRM) is previous
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_indexing_goes_on_after_a_file_over_a_limit(odd_dir: Path, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(odd_dir / "pdfplumber-federal-register-3col.pdf", corpus)
    shutil.copy(REPORT, corpus)
    extractor = Extractor(limits=ExtractionLimits(max_pages=5))
    store = IndexStore(tmp_path / "data", workers=2, extractor=extractor)
    summary = store.reconcile(corpus)
    assert summary.skip_reasons == [
        ("pdfplumber-federal-register-3col.pdf", "too many pages (15 > 5)")
    ]
    assert summary.documents == 1


def test_strict_index_exits_non_zero_when_a_file_is_skipped(tmp_path: Path) -> None:
    from search_api.cli import app
    from search_api.settings import Settings

    corpus, data = tmp_path / "corpus", tmp_path / "data"
    corpus.mkdir()
    shutil.copy(REPORT, corpus)
    two_pages = CORPUS / "reports" / "mmu-migration-policy-center-brochure-en.pdf"
    shutil.copy(two_pages, corpus)
    settings = Settings(corpus_dir=corpus, data_dir=data, max_pages_per_document=1, workers=1)
    runner = CliRunner()
    lenient = runner.invoke(app, ["index"], obj=settings)  # the limit comes from Settings
    assert lenient.exit_code == 0, lenient.output
    assert "1 skipped" in lenient.output
    strict = runner.invoke(app, ["index", "--strict"], obj=settings)
    assert strict.exit_code == 1
    assert "too many pages (2 > 1)" in strict.output
