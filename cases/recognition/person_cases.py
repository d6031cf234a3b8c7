"""The case of a new recognition procedure, picked after the person (issue 18, point 2).

The form's case field follows the persons picker: when a person is chosen, htmx asks
`/recognitions/person-cases?person_id=…` for a select of that person's cases (open ones
first, newest first; the newest open one chosen). Without JavaScript the person is typed as a
number and the case cannot be listed first: the form then carries `case_auto=1`, says so, and
the save takes the person's newest open case (`newest_open_case`).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from sqlalchemy import select
from sqlmodel import Session, col

from cases.counselling.codes import CaseStatus
from cases.counselling.models import Case
from cases.recognition.schemas import ProcedureIn
from welcome.i18n import format_date
from welcome.templating import render
from welcome.web import CaseWorkerPage, DbSession

router = APIRouter()


def _person_number(person_id: object) -> int | None:
    text = str(person_id or "").strip().lstrip("#")
    return int(text) if text.isascii() and text.isdigit() and len(text) < 10 else None


def person_cases(db: Session, person_id: object) -> list[tuple[int, str]]:
    """The person's cases to pick from (open ones first, newest first): (id, "#12 · …")."""
    return [(ident, label) for ident, label, _open in _cases(db, person_id)]


def _cases(db: Session, person_id: object) -> list[tuple[int, str, bool]]:
    number = _person_number(person_id)
    if number is None:
        return []
    rows = db.scalars(
        select(Case)
        .where(col(Case.person_id) == number)
        .order_by(col(Case.status) != "open", col(Case.opened_on).desc(), col(Case.id).desc())
    ).all()
    status = CaseStatus.labels()
    return [
        (
            c.id,
            f"#{c.id} · {format_date(c.opened_on)} · {status.get(c.status, c.status)}",
            c.status == CaseStatus.OPEN,
        )
        for c in rows
        if c.id is not None
    ]


def newest_open_case(db: Session, person_id: int) -> int | None:
    """The person's newest open case in the acting user's centre, None without one."""
    return db.scalar(
        select(col(Case.id))
        .where(col(Case.person_id) == person_id, col(Case.status) == "open")
        .order_by(col(Case.opened_on).desc(), col(Case.id).desc())
        .limit(1)
    )


def with_newest_case(db: Session, data: ProcedureIn, *, auto: bool) -> ProcedureIn:
    """The form without JavaScript (`case_auto`) and no case chosen: the newest open case."""
    if not auto or data.case_id is not None:
        return data
    return data.model_copy(update={"case_id": newest_open_case(db, data.person_id)})


def field_context(db: Session, person_id: object, case_id: object) -> dict[str, Any]:
    """What templates/recognition/_case_field.html shows: the person's cases, the one chosen
    (the newest open one unless `case_id` says otherwise), whether the person is known."""
    found = _cases(db, person_id)
    newest_open = next((ident for ident, _label, is_open in found if is_open), "")
    return {
        "cases": [(ident, label) for ident, label, _open in found],
        "case_value": str(case_id or "") or newest_open,
        "person_known": _person_number(person_id) is not None,
    }


@router.get("/recognitions/person-cases")
def case_field(
    request: Request,
    db: DbSession,
    user: CaseWorkerPage,
    person_id: Annotated[str, Query(max_length=20)] = "",
) -> Response:
    """The form's case field for the chosen person (the htmx answer)."""
    context = {**field_context(db, person_id, ""), "errors": {}}
    return render(request, "recognition/_case_field.html", context)
