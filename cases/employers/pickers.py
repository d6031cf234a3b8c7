"""The employer picker's search (templates/_macros/combobox.html): the centre's employers
by name, legal-form and spelling tolerant (the employer list's search), scoped to the centre
by the session and recorded as one read-audit entry (welcome/reads.py)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse
from sqlalchemy import select
from sqlmodel import Session, col

from cases.employers import service
from cases.employers.models import Employer
from cases.employers.rules import split_ids
from cases.persons.models import Person
from welcome import roles
from welcome.inputs import MAX_INT
from welcome.reads import record_list
from welcome.web import DbSession, require_role

router = APIRouter(dependencies=[Depends(require_role(roles.CASE_WORKERS))])
LIMIT = 20


@router.get("/pickers/employers")
def employers(db: DbSession, q: Annotated[str, Query(max_length=100)] = "") -> JSONResponse:
    if len(q.strip()) < 2:
        return JSONResponse({"items": []})
    rows, _total = service.list_employers(db, q=q, limit=LIMIT)
    found = [row.employer for row in rows]
    record_list(db, entity="employers", query={"q": q}, ids=[e.id for e in found if e.id])
    items = [{"value": e.id, "label": e.name, "hint": e.municipality or ""} for e in found]
    return JSONResponse({"items": items})


def _ids(values: object) -> list[int]:
    found = split_ids(values if isinstance(values, list) else [values] if values else [])
    digits = [str(i) for i in found if isinstance(i, int | str) and str(i).isascii()]
    return [int(d) for d in digits if d.isdigit() and 0 < int(d) <= MAX_INT]


def employer_chips(db: Session, values: object) -> list[tuple[str, str]]:
    """The chosen employers (ids as sent or stored) as (id, name) chips for the picker."""
    ids = _ids(values)
    if not ids:
        return []
    stmt = select(col(Employer.id), col(Employer.name)).where(col(Employer.id).in_(ids))
    names = {int(i): str(n) for i, n in db.execute(stmt)}
    return [(str(i), names.get(i, f"#{i}")) for i in dict.fromkeys(ids)]


def person_label(person: Person) -> str:
    return f"{person.last_name}, {person.first_name} (#{person.id})"


def person_chips(db: Session, values: object) -> list[tuple[str, str]]:
    """The chosen persons (ids as sent or stored) as (id, "Name, First (#id)") chips."""
    ids = _ids(values)
    if not ids:
        return []
    found = {
        p.id: person_label(p) for p in db.scalars(select(Person).where(col(Person.id).in_(ids)))
    }
    return [(str(i), found.get(i, f"#{i}")) for i in dict.fromkeys(ids)]
