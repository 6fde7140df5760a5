"""One typed settings object, read from environment variables (documented in the README).

Tests build `Settings(...)` directly instead of patching the environment.
"""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from indexer.extraction import ExtractionLimits, Extractor
from indexer.index import IndexStore
from search_api.jobs import WorkerLimits
from search_api.search import (
    DICTIONARY_DIR,
    MAX_PER_PAGE,
    MAX_QUERY_CHARS,
    SearchService,
    load_dictionary,
)

PROJECT_ROOT = Path(__file__).resolve().parents[1]
T = TypeVar("T")
# Each limit's default is the one its own part uses when built without settings, stated once.
EXTRACTION_DEFAULTS = ExtractionLimits()
WORKER_DEFAULTS = WorkerLimits()


def default_limit(value: T | None) -> T:
    """A part's default limit (its dataclass allows None, "no limit", but sets a number)."""
    assert value is not None
    return value


class Settings(BaseSettings):
    """Every knob Kaynak has. Each field's description is its documentation."""

    model_config = SettingsConfigDict(env_prefix="KAYNAK_", extra="ignore", populate_by_name=True)

    corpus_dir: Path = Field(
        default=PROJECT_ROOT / "corpus",
        description="Folder of PDFs and their .toml metadata files: the source of truth.",
    )
    data_dir: Path = Field(
        default=PROJECT_ROOT / "var",
        description="Folder for the index, manifest, accounts and audit log (not in git).",
    )
    host: str = Field(
        default="127.0.0.1",
        validation_alias="HOST",
        description="Address the web service listens on (variable HOST).",
    )
    port: int = Field(
        default=8000,
        validation_alias="PORT",
        description="Port the web service listens on (variable PORT).",
    )
    workers: int = Field(default=2, ge=1, description="Processes used to read PDFs when indexing.")
    serve_workers: int = Field(
        default=1,
        ge=1,
        description="Worker processes `kaynak serve` starts: each serves searches; one of them "
        "(elected) also indexes, runs the jobs and watches the inbox.",
    )
    dictionary_dir: Path = Field(
        default=DICTIONARY_DIR,
        description=(
            "Folder holding FreeDict's English-Turkish dictionary (Debian package"
            " dict-freedict-eng-tur), for English words the glossary does not know."
        ),
    )
    max_pages_per_document: int = Field(
        default=default_limit(EXTRACTION_DEFAULTS.max_pages),
        ge=1,
        description="A PDF with more pages is skipped when indexing (reported, not read).",
    )
    seconds_per_page: float = Field(
        default=default_limit(EXTRACTION_DEFAULTS.seconds_per_page),
        gt=0,
        description="A page (text or OCR) taking longer stops its file; indexing goes on.",
    )
    seconds_per_document: float = Field(
        default=default_limit(WORKER_DEFAULTS.seconds_per_document),
        gt=0,
        description="An upload whose reading (text and OCR) takes longer is stopped, in seconds.",
    )
    worker_memory_mb: int = Field(
        default=default_limit(WORKER_DEFAULTS.memory_mb),
        ge=64,
        description="An upload's reading process is ended when it needs more memory, in MB.",
    )
    inbox_dir: Path | None = Field(
        default=None,
        description="Watched folder: PDFs dropped into it are added as jobs (off when unset).",
    )
    max_file_mb: float = Field(
        default=default_limit(EXTRACTION_DEFAULTS.max_file_mb),
        gt=0,
        description="A larger PDF in the corpus is skipped when indexing, in MB.",
    )
    per_page_max: int = Field(
        default=MAX_PER_PAGE, ge=1, description="Largest page size a search may ask."
    )
    max_query_chars: int = Field(
        default=MAX_QUERY_CHARS,
        ge=10,
        description="Longer queries are cut to this many characters.",
    )
    export_max_hits: int = Field(
        default=500, ge=1, description="Most hits a CSV or citation export of a search holds."
    )
    max_upload_mb: int = Field(default=100, ge=1, description="Largest PDF accepted, in MB.")
    max_request_kb: int = Field(
        default=1024,
        ge=1,
        description="Largest request body other than a PDF upload (forms, JSON), in KB.",
    )
    require_login: bool = Field(
        default=False, description="When true, reading needs a librarian login too."
    )
    secret_key: str = Field(
        default="",
        description="Key that signs session cookies; generated into data_dir when empty.",
    )
    session_hours: int = Field(
        default=12, ge=1, description="How long a librarian stays logged in without activity."
    )
    preview_hours: int = Field(
        default=24,
        ge=1,
        description="An upload waiting for confirmation longer than this is dropped, file too.",
    )
    session_max_hours: int = Field(
        default=24,
        ge=1,
        description="A librarian's session ends this long after login, however active.",
    )
    trusted_proxies: str = Field(
        default="",
        description="Comma-separated addresses or networks of reverse proxies whose "
        "X-Forwarded-For names the client (for login throttling); empty: trust none.",
    )
    login_max_failures: int = Field(
        default=5,
        ge=1,
        description="Failed logins allowed per user name within login_window_seconds (then 429).",
    )
    login_max_failures_per_client: int = Field(
        default=20,
        ge=1,
        description="Failed logins allowed per client address within login_window_seconds.",
    )
    login_window_seconds: int = Field(
        default=900, ge=1, description="The window, in seconds, in which failed logins count."
    )
    base_path: str = Field(
        default="",
        pattern=r"^(/[A-Za-z0-9._~-]+)*$",
        description="Path the service is reached under behind a reverse proxy (e.g. /kaynak); "
        "every link and URL the service makes starts with it (FastAPI root_path).",
    )
    index_on_start: bool = Field(
        default=True, description="Reconcile the index with the corpus when the service starts."
    )

    def index_store(self, workers: int | None = None) -> IndexStore:
        """The index in `data_dir`, extracting with these settings' workers and limits: every
        way in (service, `kaynak index`, `add`, `restore`, `search`, `eval`) gets the same."""
        return IndexStore(
            self.data_dir,
            workers=self.workers if workers is None else workers,
            extractor=self.extractor(),
        )

    def extractor(self) -> Extractor:
        """How every entry point reads a PDF: these limits, the OCR cache in `data_dir`."""
        return Extractor(ocr_cache_dir=self.data_dir / "ocr-cache", limits=self.extraction_limits())

    def search_service(self, store: IndexStore | None = None) -> SearchService:
        """The search over `store` (else this data_dir's index) under these settings' limits:
        the page size and query length apply to every caller (API, pages, CLI, eval)."""
        return SearchService(
            store or self.index_store(),
            per_page_max=self.per_page_max,
            max_query_chars=self.max_query_chars,
            dictionary=load_dictionary(self.dictionary_dir),
        )

    def extraction_limits(self) -> ExtractionLimits:
        """The per-document limits handed to every extraction worker."""
        return ExtractionLimits(
            max_pages=self.max_pages_per_document,
            seconds_per_page=self.seconds_per_page,
            max_file_mb=self.max_file_mb,
        )

    def worker_limits(self) -> WorkerLimits:
        """What one upload's reading process may cost before it is ended."""
        return WorkerLimits(
            seconds_per_page=self.seconds_per_page,
            seconds_per_document=self.seconds_per_document,
            memory_mb=self.worker_memory_mb,
        )
