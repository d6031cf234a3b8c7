"""What the pickers (templates/_macros/combobox.html) ask for: whole short lists in the UI
language (countries, languages) and server-side searches over long ones (the centre's persons
and employers, KldB occupations, WZ sectors). Every answer is `{"items": [{"value", "label",
"hint"?}]}`.

Persons and employers come from the acting user's centre only (the session's scope) and each
search is one read-audit entry with the words asked and the ids shown (welcome/reads.py).
"""

from __future__ import annotations

import time
from collections import Counter
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse
from sqlalchemy import func, select
from sqlmodel import Session, col

from cases import cldr, codelists
from cases.persons import service
from cases.persons.models import Person
from welcome import roles
from welcome.db import actor_of
from welcome.web import DbSession, require_role

router = APIRouter(dependencies=[Depends(require_role(roles.CASE_WORKERS))])
MOST_USED = 8  # the centre's most used languages after the document languages
LIMIT = 20
Q = Annotated[str, Query(max_length=100)]


def _items(items: list[dict[str, Any]]) -> JSONResponse:
    return JSONResponse({"items": items})


@router.get("/pickers/countries")
def countries() -> JSONResponse:
    return _items([{"value": c, "label": n} for c, n in cldr.country_names().items()])


# (database, centre) -> (when counted, languages)
_USED: dict[tuple[str, int | None], tuple[float, list[str]]] = {}
USED_SECONDS = 600.0  # counted again after ten minutes (two scans of the centre's persons)


def most_used_languages(db: Session, *, limit: int = MOST_USED) -> list[str]:
    """The centre's most used counselling and preferred languages, most used first (counted
    once every ten minutes per centre and process: the order changes slowly)."""
    actor = actor_of(db)
    bind = db.get_bind()
    where = str(bind.engine.url)
    centre = (where, actor.centre_id if actor is not None else None)
    cached = _USED.get(centre)
    if cached is not None and time.monotonic() - cached[0] < USED_SECONDS:
        return cached[1][:limit]
    found = _count_languages(db, limit=MOST_USED)
    _USED[centre] = (time.monotonic(), found)
    return found[:limit]


def _count_languages(db: Session, *, limit: int) -> list[str]:
    counts: Counter[str] = Counter()
    for column in (Person.counselling_language, Person.preferred_language):
        stmt = select(col(column), func.count()).where(col(column).is_not(None)).group_by(column)
        for tag, n in db.execute(stmt):
            counts[str(tag)] += int(n)
    return [tag for tag, _n in counts.most_common(limit)]


def language_order(db: Session) -> list[tuple[str, str, bool]]:
    """(tag, name, first?): the 12 document languages and the centre's most used ones first,
    then every language CLDR names, by name."""
    first = list(dict.fromkeys([*cldr.document_languages(), *most_used_languages(db)]))
    rest = [(t, n) for t, n in cldr.language_names().items() if t not in first]
    return [(t, cldr.language_name(t), True) for t in first] + [(t, n, False) for t, n in rest]


@router.get("/pickers/languages")
def languages(db: DbSession) -> JSONResponse:
    return _items([{"value": t, "label": n} for t, n, _first in language_order(db)])


@router.get("/pickers/persons")
def persons(db: DbSession, q: Q = "") -> JSONResponse:
    """The centre's persons by name (the person search: typo-tolerant, audited)."""
    found, _total = service.search(db, q=q, limit=LIMIT)
    return _items(
        [
            {
                "value": p.id,
                "label": f"{p.last_name}, {p.first_name}",
                "hint": f"#{p.id}" + (f" · {p.birth_year}" if p.birth_year else ""),
            }
            for p in found
        ]
    )


@router.get("/pickers/occupations")
def occupations(q: Q = "") -> JSONResponse:
    """KldB 2010 occupations by German title (the BA's index) or code prefix."""
    found = codelists.search(codelists.kldb_titles(), q, LIMIT)
    return _items(
        [{"value": e.code, "label": e.title, "hint": e.code} for e in found if e.level == 5]
    )


@router.get("/pickers/sectors")
def sectors(q: Q = "", version: Annotated[str, Query(max_length=4)] = "2008") -> JSONResponse:
    """WZ classes by German title or code prefix, of one version (2008 or 2025)."""
    if version not in codelists.WZ_FILES:
        version = "2008"
    found = codelists.search(codelists.wz_entries(version), q, LIMIT)
    return _items([{"value": e.code, "label": e.title, "hint": e.code} for e in found])
