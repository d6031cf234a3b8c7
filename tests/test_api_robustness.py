"""Every API operation, fed malformed input, answers 4xx problem+json and never 500;
every page, given odd ids and filter values, answers without a 500.

The operations come from the OpenAPI document, so a new endpoint is covered without being
listed here. Each gets odd path ids, query values of the wrong type, bodies of the wrong
shape, and a body whose every field in turn holds a value of the wrong type or an oversized
one (the other required fields well-formed); on top, a body with the required fields of the
wrong type. The ids in the paths and bodies name rows of a seeded centre, so well-formed but
odd values reach the services' rules. Both backends: PostgreSQL refuses what SQLite lets
pass (lengths), SQLite what PostgreSQL turns away quietly (integers beyond 64 bit).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.conftest import Factory, login
from tests.robustness import filled, seed_centre
from welcome import clock

ODD_IDS = ("0", "-1", "99999999999999999999", "abc", "1.5", "%00")
ODD_QUERY = ("x" * 5000, "-1", "abc", "99999999999999999999", "2026-13-01")
ODD_VALUES: tuple[Any, ...] = ("x" * 5000, -1, 10**30, 1.5, True, None, [], {}, "2026-02-30", "")


def _resolve(spec: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = spec["components"]["schemas"][name]
    return schema


def _operations(spec: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, methods in spec["paths"].items():
        for method, operation in methods.items():
            if method in ("get", "post", "put", "patch", "delete"):
                yield method, path, operation


def _body_schema(spec: dict[str, Any], operation: dict[str, Any]) -> dict[str, Any] | None:
    content = operation.get("requestBody", {}).get("content", {})
    if "application/json" not in content:
        return None
    return _resolve(spec, content["application/json"]["schema"])


def _sample(spec: dict[str, Any], schema: dict[str, Any], name: str, ids: dict[str, int]) -> Any:
    """A plausible value for a field of the schema: ids name the seeded rows."""
    schema = _resolve(spec, schema)
    if "anyOf" in schema:
        schema = _resolve(spec, next(s for s in schema["anyOf"] if s.get("type") != "null"))
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "string":
        return {"date": clock.today().isoformat(), "date-time": datetime.now().isoformat()}.get(
            schema.get("format", ""), "x"
        )
    if kind in ("integer", "number"):
        return ids.get(name.removesuffix("_id"), 1)
    return {"boolean": False, "array": [], "object": {}}.get(kind)


def _requests(
    spec: dict[str, Any], ids: dict[str, int]
) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(method, url, extra arguments of client.request) for every malformed call."""
    for method, path, operation in _operations(spec):
        if "{" in path:
            for odd in ODD_IDS:
                yield method, re.sub(r"\{[^}]+\}", odd, path), {}
        url = filled(path, ids)
        for parameter in operation.get("parameters", []):
            if parameter.get("in") == "query":
                for odd in ODD_QUERY:
                    yield method, url, {"params": {parameter["name"]: odd}}
        schema = _body_schema(spec, operation)
        if schema is None:
            continue
        for raw in (b"", b"{", b"[]", b'"x"', b"null", "ü".encode("latin-1")):
            yield method, url, {"content": raw, "headers": {"Content-Type": "application/json"}}
        # a well-formed body with one field made odd, so that the services' rules see it
        valid = {
            name: _sample(spec, schema["properties"][name], name, ids)
            for name in schema.get("required", [])
        }
        for field in schema.get("properties", {}):
            for odd in ODD_VALUES:
                yield method, url, {"json": {**valid, field: odd}}
        required = schema.get("required", [])
        if required:
            yield method, url, {"json": {name: 12345 for name in required}}
            yield method, url, {"json": {name: "x" * 300 for name in required}}


# The operations are split into parts, each its own test with its own seeded database, so
# that the parallel workers share the ~8,000 requests instead of one worker taking them all
# at the end of the run; every operation is in exactly one part (every CHUNKS-th of the list).
CHUNKS = 4
ROLES = ("counsellor", "lead")
_spec: dict[str, dict[str, Any]] = {}


def _cached_spec(client: TestClient, name: str, path: str) -> dict[str, Any]:
    """The OpenAPI document, built once per worker: it depends on the code, not the database
    (building it took 1–8 s, once per test before)."""
    if name not in _spec:
        answer = client.get(path)
        assert answer.status_code == 200
        _spec[name] = answer.json()
    return _spec[name]


def _chunk(spec: dict[str, Any], chunk: int) -> dict[str, Any]:
    """The spec with every CHUNKS-th operation, from the `chunk`-th on."""
    operations = sorted((path, method) for method, path, _op in _operations(spec))
    mine = set(operations[chunk::CHUNKS])
    paths = {
        path: {m: op for m, op in methods.items() if (path, m) in mine}
        for path, methods in spec["paths"].items()
    }
    return {**spec, "paths": paths}


@pytest.mark.parametrize("chunk", range(CHUNKS))
@pytest.mark.parametrize("role", ROLES)
def test_malformed_input_never_answers_500(
    client: TestClient, factory: Factory, role: str, chunk: int
) -> None:
    spec = _cached_spec(client, "api", "/api/v1/openapi.json")
    assert sum(1 for _ in _operations(spec)) > 100  # the spec was read
    centre = factory.centre("Erzgebirge")
    lead = factory.user(role="lead", centre=centre, locale="en")
    ids = seed_centre(client, {"Authorization": f"Bearer {factory.token(lead)}"})
    failures: list[str] = []
    calls = 0
    user = factory.user(role=role, centre=centre, locale="en")
    headers = {"Authorization": f"Bearer {factory.token(user)}"}
    for method, url, extra in _requests(_chunk(spec, chunk), ids):
        calls += 1
        merged = {**extra, "headers": {**headers, **extra.get("headers", {})}}
        response = client.request(method.upper(), "/api/v1" + url, **merged)
        if response.status_code >= 500:
            failures.append(f"{role} {method.upper()} {url} {extra!r:.120} -> 500")
        elif response.status_code >= 400 and not response.headers.get(
            "content-type", ""
        ).startswith("application/problem+json"):
            failures.append(f"{role} {method.upper()} {url} {extra!r:.120} -> not a problem")
    assert calls > 500 // CHUNKS  # the operations of this part were found
    assert not failures, "\n".join(failures[:40])


def test_chunks_cover_every_operation_once(client: TestClient) -> None:
    spec = _cached_spec(client, "api", "/api/v1/openapi.json")
    everything = sorted((m, p) for m, p, _op in _operations(spec))
    parts = [sorted((m, p) for m, p, _op in _operations(_chunk(spec, c))) for c in range(CHUNKS)]
    assert sorted(op for part in parts for op in part) == everything
    assert all(parts)


@pytest.mark.parametrize("chunk", range(CHUNKS))
def test_pages_with_odd_ids_and_filters_never_answer_500(
    app: FastAPI, client: TestClient, factory: Factory, chunk: int
) -> None:
    """The HTML side: every page, with odd ids in the path, and with odd filter values on pages
    of seeded rows."""
    centre = factory.centre("Erzgebirge")
    user = factory.user(role="lead", centre=centre, locale="de")
    ids = seed_centre(client, {"Authorization": f"Bearer {factory.token(user)}"})
    assert login(client, user.email).status_code == 303
    if "pages" not in _spec:
        _spec["pages"] = app.openapi()
    every_page = [path for method, path, _op in _operations(_spec["pages"]) if method == "get"]
    assert len(every_page) > 30  # the pages were found
    part = _chunk(_spec["pages"], chunk)
    pages = [(path, op) for method, path, op in _operations(part) if method == "get"]
    failures: list[str] = []
    for path, operation in pages:
        queries = [{}] + [
            {parameter["name"]: odd}
            for parameter in operation.get("parameters", [])
            if parameter.get("in") == "query"
            for odd in ODD_QUERY
        ]
        runs = [(filled(path, ids), query) for query in queries]
        if "{" in path:
            runs += [(re.sub(r"\{[^}]+\}", odd, path), {}) for odd in ODD_IDS]
        for url, query in runs:
            response = client.get(url, params=query, follow_redirects=False)
            if response.status_code >= 500:
                failures.append(f"GET {url} {query!r:.80} -> {response.status_code}")
    assert pages  # this part has pages
    assert not failures, "\n".join(failures[:40])
