"""The API reference over real HTTP: /openapi.json passes an OpenAPI validator, names every
parameter each route reads, describes every response the routes really give (real responses
are validated against it) and the error shape; /docs is served without a CDN."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate

SEARCH_PARAMETERS = {"q", "kind", "law", "lang", "year_from", "year_to", "page", "per_page",
                     "repealed", "titles", "sort", "group", "translate"}  # fmt: skip
LAW_6458_DOC = "6458-yabancilar-ve-uluslararasi-koruma-kanunu"


@pytest.fixture(scope="module")
def spec(http: httpx.Client) -> dict[str, Any]:
    response = http.get("/openapi.json")
    assert response.status_code == 200
    document: dict[str, Any] = response.json()
    return document


def schema_errors(
    spec: dict[str, Any], path: str, method: str, status: str, body: Any
) -> list[str]:
    """Where `body` breaks the schema the spec gives for that response (refs resolved)."""
    content = spec["paths"][path][method]["responses"][status]["content"]["application/json"]
    schema = {**content["schema"], "components": spec["components"]}
    return [error.message for error in Draft202012Validator(schema).iter_errors(body)]


def test_the_spec_passes_the_openapi_validator(spec: dict[str, Any]) -> None:
    validate(spec)  # raises on any error
    assert spec["openapi"].startswith("3.")


def test_every_search_parameter_is_documented_and_read(
    spec: dict[str, Any], http: httpx.Client
) -> None:
    documented = {p["name"] for p in spec["paths"]["/api/search"]["get"]["parameters"]}
    assert documented == SEARCH_PARAMETERS
    base = {"q": "göç"}
    plain = http.get("/api/search", params=base).json()
    samples = {"kind": "law", "law": "6458", "lang": "en", "year_from": "2030",
               "year_to": "2010", "page": "2", "per_page": "3", "repealed": "1", "titles": "1",
               "sort": "date", "group": "document", "translate": "0"}  # fmt: skip
    assert set(samples) == SEARCH_PARAMETERS - {"q"}
    for name, value in samples.items():
        changed = http.get("/api/search", params={**base, name: value})
        assert changed.status_code == 200, name
        found = changed.json()
        found["took_ms"] = plain["took_ms"]
        assert found != plain, f"{name}={value} changed nothing: is it read?"


def test_every_route_parameter_is_in_the_spec(spec: dict[str, Any], http: httpx.Client) -> None:
    from fastapi.routing import APIRoute, iter_route_contexts

    from search_api.app import create_app

    app = create_app()
    checked = 0
    for route in iter_route_contexts(app.routes):
        original = route.original_route
        if not isinstance(original, APIRoute) or not route.include_in_schema:
            continue
        for method in route.methods or ():
            operation = spec["paths"][route.path_format][method.lower()]
            documented = {(p["in"], p["name"]) for p in operation.get("parameters", [])}
            declared = {("path", p.alias) for p in route.dependant.path_params}
            declared |= {("query", p.alias) for p in route.dependant.query_params}
            assert declared <= documented, (method, route.path_format)
            assert set(re.findall(r"{(\w+)", route.path_format)) <= {n for _, n in documented}
            success = [s for s in operation["responses"] if s.startswith("2")]
            assert success, (method, route.path)
            schema = operation["responses"][success[0]]["content"]["application/json"]["schema"]
            assert schema.get("$ref", "").startswith("#/components/schemas/"), route.path
            checked += 1
    assert checked >= 15


@pytest.mark.parametrize(
    ("path", "url"),
    [
        ("/api/search", "/api/search?q=geçici+koruma"),
        ("/api/search", "/api/search?q=göç&group=document"),
        ("/api/documents", "/api/documents"),
        ("/api/documents/{doc_id}", f"/api/documents/{LAW_6458_DOC}"),
        ("/api/laws/{law_number}", "/api/laws/6458"),
        ("/api/laws/{law_number}/articles/{article}", "/api/laws/6458/articles/91"),
        ("/healthz", "/healthz"),
    ],
)
def test_real_responses_match_their_documented_model(
    spec: dict[str, Any], http: httpx.Client, path: str, url: str
) -> None:
    response = http.get(url)
    assert response.status_code == 200
    assert schema_errors(spec, path, "get", "200", response.json()) == []


@pytest.mark.parametrize(
    ("path", "method", "status", "url"),
    [
        ("/api/documents/{doc_id}", "get", "404", "/api/documents/yok-boyle-bir-belge"),
        ("/api/laws/{law_number}", "get", "404", "/api/laws/1"),
        ("/api/trash", "get", "401", "/api/trash"),
        ("/api/audit", "get", "401", "/api/audit"),
        ("/api/jobs/{job_id}", "get", "401", "/api/jobs/nope"),
    ],
)
def test_real_errors_match_the_error_shape(
    spec: dict[str, Any], http: httpx.Client, path: str, method: str, status: str, url: str
) -> None:
    response = http.request(method.upper(), url)
    assert str(response.status_code) == status
    assert schema_errors(spec, path, method, status, response.json()) == []


def test_changes_need_the_bearer_scheme_and_uploads_are_multipart(spec: dict[str, Any]) -> None:
    scheme = spec["components"]["securitySchemes"]["bearerAuth"]
    assert scheme == {**scheme, "type": "http", "scheme": "bearer"}
    secured = [("/api/documents", "post"), ("/api/documents/{doc_id}", "patch"),
               ("/api/documents/{doc_id}", "delete"), ("/api/trash", "get"),
               ("/api/documents/{doc_id}/file", "put"), ("/api/audit", "get"),
               ("/api/jobs/{job_id}", "get"), ("/api/jobs", "get")]  # fmt: skip
    for path, method in secured:
        assert spec["paths"][path][method]["security"] == [{"bearerAuth": []}], (method, path)
    assert "security" not in spec["paths"]["/api/search"]["get"]
    for path, method in [("/api/documents", "post"), ("/api/documents/{doc_id}/file", "put")]:
        body = spec["paths"][path][method]["requestBody"]["content"]["multipart/form-data"]
        assert body["schema"]["properties"]["file"]["format"] == "binary"
    upload = spec["paths"]["/api/documents"]["post"]["requestBody"]["content"]
    assert {"title", "kind", "law_number", "password"} <= set(
        upload["multipart/form-data"]["schema"]["properties"]
    )


def test_docs_are_served_from_the_service_itself(http: httpx.Client) -> None:
    page = http.get("/docs")
    assert page.status_code == 200
    sources = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert sources and all(source.startswith("/") for source in sources), sources
    assert "/openapi.json" in page.text
    for source in sources:
        asset = http.get(source)
        assert asset.status_code == 200 and len(asset.content) > 100, source
