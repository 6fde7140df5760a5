"""Settings: one typed object from the environment, every variable documented in the README."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.extraction import ExtractionLimits
from indexer.index import IndexStore
from search_api.jobs import WorkerLimits
from search_api.search import SearchService
from search_api.settings import Settings

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def environment_name(field: str) -> str:
    alias = Settings.model_fields[field].validation_alias
    return alias if isinstance(alias, str) else f"KAYNAK_{field.upper()}"


@pytest.mark.parametrize("field", sorted(Settings.model_fields))
def test_every_setting_is_documented_in_the_readme(field: str) -> None:
    assert f"`{environment_name(field)}`" in README
    assert Settings.model_fields[field].description


def test_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KAYNAK_DATA_DIR", "/tmp/kaynak-data")
    monkeypatch.setenv("PORT", "9123")
    monkeypatch.setenv("HOST", "0.0.0.0")
    settings = Settings()
    assert settings.data_dir == Path("/tmp/kaynak-data")
    assert (settings.host, settings.port) == ("0.0.0.0", 9123)


def test_defaults_serve_the_default_corpus_on_localhost(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HOST", "PORT", "KAYNAK_CORPUS_DIR", "KAYNAK_DATA_DIR"):
        monkeypatch.delenv(name, raising=False)
    settings = Settings()
    assert settings.corpus_dir.name == "corpus"
    assert settings.data_dir.name == "var"
    assert (settings.host, settings.port) == ("127.0.0.1", 8000)


def test_the_default_limits_are_the_parts_own_defaults() -> None:
    """Each default is stated once: a part built without settings (a benchmark's store, a
    test's service) limits what the service does."""
    settings = Settings()
    assert settings.extraction_limits() == ExtractionLimits()
    assert settings.worker_limits() == WorkerLimits()
    service = settings.search_service(IndexStore(Path("/nonexistent")))
    default = SearchService(service.store, aliases=service.aliases, glossary=service.glossary)
    assert (service.per_page_max, service.max_query_chars) == (
        default.per_page_max,
        default.max_query_chars,
    )
