"""The employer picker's search (templates/_macros/combobox.html): the centre's employers
by name, legal-form and spelling tolerant (the employer list's search), scoped to the centre
by the session and recorded as one read-audit entry (welcome/reads.py)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse

from cases.employers import service
from welcome import roles
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
    items = [
        {"value": e.id, "label": e.name, "hint": e.municipality or ""}
        for e in found
    ]
    return JSONResponse({"items": items})
