"""What correcting a record does the same way in every area (counselling, employers,
recognition, local contacts): the one mechanism the areas' `correction_api.py` and
`correction_views.py` build on. The services stay in the areas (`corrections.py`: who may,
the rules); this module holds the plumbing around them.

JSON API (API.md "Corrections, merges, history"):
- `patch_route`: `PATCH <path>` whose body is the create's input model with every field
  optional and an optional `version` (`welcome.versions.edit_model`); `patched` merges it into
  the stored values and validates the whole (the create's rules hold), the service checks the
  version (409 when stale).
- `delete_route`: `DELETE <path>?reason=…` → 204; the reason is validated first (422 at
  `reason`), then the entry is fetched (404) and deleted by the area's service.
- `restore_routes`: a lead's undo, `POST …/restore` per kind → `Restored` (`kind`, `id`).
The routes keep the names, paths, path parameters and docstrings the areas give them, so the
OpenAPI schema says what each one is.

Pages: `form_version` (the version an edit form was opened with), `with_version`
(the values re-rendered after a refused save keep it), `gone` (after deleting the record a page
showed: flash, then the list or the person, with htmx by `HX-Redirect`).

Services: `welcome.deletions.deleted_of_kind` (a lead's bin by kind, 404 otherwise) and
`undo_since` (what can still be undone), beside the soft deletion they belong to.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Mapping
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel
from sqlmodel import Session

from welcome.deletions import REASON_MAX, DeleteIn
from welcome.forms import redirect
from welcome.inputs import InputT, Output, merged, validate
from welcome.versions import sent_version
from welcome.web import DbSession, Id, flash, is_htmx

ResultT = TypeVar("ResultT")
Reason = Annotated[str | None, Query(max_length=REASON_MAX * 2, description="why (required)")]


class Restored(Output):
    kind: str
    id: int


# --- the JSON API ---------------------------------------------------------------------------


def reason_of(reason: str | None) -> DeleteIn:
    """The `?reason=` of a DELETE as the input model (FieldErrors at `reason`: 422)."""
    return validate(DeleteIn, {"reason": reason})


def version_of(body: BaseModel) -> int | None:
    """The `version` a PATCH body sent (None: not checked)."""
    version: int | None = getattr(body, "version", None)
    return version


def patched(
    model: type[InputT],
    stored: Mapping[str, Any],
    body: BaseModel,
    update: Callable[[InputT, int | None], ResultT],
) -> ResultT:
    """The stored values with the sent ones replacing them, validated as the create's input
    model, given to the service's `update(data, version)`."""
    return update(merged(model, stored, body), version_of(body))


def _path_param(path: str) -> str:
    """The name of the last path parameter (`/contacts/{contact_id}` → `contact_id`)."""
    found = re.findall(r"{(\w+)}", path)
    assert found, path
    return str(found[-1])


def _endpoint(
    call: Callable[..., Any], params: list[tuple[str, Any, Any]], doc: str | None
) -> Callable[..., Any]:
    """`call` with a signature FastAPI reads (name, annotation, default per parameter)."""
    call.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [
            inspect.Parameter(
                name, inspect.Parameter.KEYWORD_ONLY, annotation=kind, default=default
            )
            for name, kind, default in params
        ]
    )
    call.__doc__ = doc
    return call


def patch_route(
    router: APIRouter,
    path: str,
    *,
    name: str,
    body: type[BaseModel],
    response_model: Any,
    act: Callable[[Session, int, Any], Any],
    doc: str | None = None,
) -> None:
    """`PATCH path` (its last path parameter the entry's id) → `act(db, id, body)`, 200."""
    ident = _path_param(path)

    def patch(**values: Any) -> Any:
        return act(values["db"], values[ident], values["body"])

    empty = inspect.Parameter.empty
    params = [(ident, Id, empty), ("body", body, empty), ("db", DbSession, empty)]
    router.add_api_route(
        path,
        _endpoint(patch, params, doc),
        methods=["PATCH"],
        response_model=response_model,
        name=name,
    )


def delete_route(
    router: APIRouter,
    path: str,
    *,
    name: str,
    act: Callable[[Session, int, DeleteIn], object],
    doc: str | None = None,
) -> None:
    """`DELETE path?reason=…` → `act(db, id, reason)` (the reason checked first), 204."""
    ident = _path_param(path)

    def delete(**values: Any) -> Response:
        data = reason_of(values["reason"])
        act(values["db"], values[ident], data)
        return Response(status_code=204)

    empty = inspect.Parameter.empty
    params: list[tuple[str, Any, Any]] = [(ident, Id, empty), ("db", DbSession, empty)]
    params.append(("reason", Reason, None))
    router.add_api_route(
        path,
        _endpoint(delete, params, doc),
        methods=["DELETE"],
        status_code=204,
        name=name,
    )


def restore_routes(
    router: APIRouter,
    kinds: Mapping[str, str],
    restore: Callable[[Session, str, int], object],
    *,
    path: str = "/deleted/{kind}/{{ident}}/restore",
    name: Callable[[str], str] = lambda kind: f"restore_{kind}",
    doc: Callable[[str], str] = lambda kind: "A lead's undo of a deletion, within 30 days.",
) -> None:
    """`POST` a path per kind (the API's word → the service's): `restore(db, kind, id)`,
    answered with the API's word and the id. One path per kind, not `/{kind}/…`: that would
    shadow other areas' paths."""
    for api_kind, kind in kinds.items():
        router.add_api_route(
            path.format(kind=api_kind),
            _restore_endpoint(restore, api_kind, kind, doc(api_kind)),
            methods=["POST"],
            response_model=Restored,
            name=name(api_kind),
        )


def _restore_endpoint(
    restore: Callable[[Session, str, int], object], api_kind: str, kind: str, doc: str
) -> Callable[..., Restored]:
    def undo(**values: Any) -> Restored:
        restore(values["db"], kind, values["ident"])
        return Restored(kind=api_kind, id=values["ident"])

    empty = inspect.Parameter.empty
    return _endpoint(undo, [("ident", Id, empty), ("db", DbSession, empty)], doc)


# --- the pages ------------------------------------------------------------------------------


async def form_version(request: Request) -> int | None:
    """The version the posted edit form was opened with (its hidden field)."""
    return sent_version((await request.form()).get("version"))


def with_version(version: int | None, values: Mapping[str, Any]) -> dict[str, Any]:
    """The typed values of a refused save with the version sent (a stale save's values bring
    the stored one instead)."""
    return {"version": "" if version is None else str(version), **values}


def gone(request: Request, target: str, message: str) -> Response:
    """After deleting what the page showed: to `target` with the message (htmx: by
    `HX-Redirect`, the page it would swap is gone)."""
    if is_htmx(request):
        flash(request, message, "success")
        return Response(status_code=200, headers={"HX-Redirect": target})
    return redirect(request, target, message)
