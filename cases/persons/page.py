"""The person page: the person's details and what the areas built on persons add to it.

The areas declare their cards and timeline entries as `welcome.nav.PersonSection`s, so this
module imports none of them. An area whose form sits on the page (opening a case, a consent)
shows the page again with that form's errors through `render_person_page`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from fastapi import Request
from fastapi.responses import Response
from sqlmodel import Session

from cases import cldr
from cases.persons import merge, service
from cases.persons.codes import (
    ClientGroup,
    FamilySituation,
    Gender,
    GermanLevel,
    QualificationLevel,
    ResidenceStatus,
)
from cases.persons.models import Person
from cases.persons.schemas import PersonIn
from welcome import roles
from welcome.accounts.models import User
from welcome.areas import person_stewards
from welcome.history import HistoryRow, rows_for
from welcome.i18n import _
from welcome.inputs import field_labels, field_shows
from welcome.nav import PersonSection, TimelineItem
from welcome.templating import render


def _labels() -> dict[str, dict[str, str]]:
    return {
        "client_group": ClientGroup.labels(),
        "gender": Gender.labels(),
        "residence_status": ResidenceStatus.labels(),
        "german_level": GermanLevel.labels(),
        "qualification_level": QualificationLevel.labels(),
        "family_situation": FamilySituation.labels(),
    }


def person_context(db: Session, person: Person, *, request: Request) -> dict[str, Any]:
    """The page's context: the details, the sections visible to the user, the timeline."""
    assert person.id is not None
    role = request.state.user.role
    sections: list[PersonSection] = [
        s for s in request.app.state.person_sections if s.visible_to(role)
    ]
    timeline: list[TimelineItem] = []
    for section in sections:  # in section order
        if section.timeline is not None:
            timeline += section.timeline(db, person=person)
    # stable sort by date only: entries of one day keep their area's order, areas in order
    timeline.sort(key=lambda e: e.on)
    return {
        "sections": [
            {"template": s.template, "data": s.load(db, person=person)}
            for s in sections
            if s.template is not None and s.load is not None
        ],
        "person": person,
        "nationalities": [
            cldr.country_name(c) for c in service.nationalities_of(db, person_id=person.id)
        ],
        "country_name": cldr.country_name,
        "state_name": cldr.state_name,
        "timeline": timeline,
        "labels": _labels(),
        "form": None,
        "errors": {},
        "values": {},
        "history": _history(db, person, request),
        **_merging(db, person, request),
    }


def value_shows() -> dict[str, Callable[[Any], str]]:
    """Field -> how a stored value is shown (a code's label, a country's or language's name)."""
    country: Callable[[Any], str] = cldr.country_name
    return {
        **field_shows(PersonIn),
        "nationalities": country,
        "previous_residence_country": country,
        "previous_residence_state": cldr.state_name,
        "preferred_language": cldr.language_name,
        "counselling_language": cldr.language_name,
    }


def _history(db: Session, person: Person, request: Request) -> list[HistoryRow] | None:
    """The person's history from the audit log, for the centre's managers and whom an area
    names (the counsellor of one of the person's cases)."""
    if person.id is None or not may_read_history(db, person.id, request.state.user):
        return None
    labels = {
        **field_labels(PersonIn),
        "merged_from": _("Merged with person no."),
        "merged_into": _("Merged into person no."),
    }
    return rows_for(db, entity="persons", entity_id=person.id, labels=labels, shows=value_shows())


def may_read_history(db: Session, person_id: int, user: User) -> bool:
    """Leads and admins; and whom an area names (the counsellor of one of the cases)."""
    if user.role in roles.MANAGERS:
        return True
    uid = user.id
    return (
        uid is not None
        and user.role in roles.CENTRE_STAFF
        and any(steward(db, person_id, uid) for steward in person_stewards())
    )


def _merging(db: Session, person: Person, request: Request) -> dict[str, Any]:
    """Likely duplicates of this person (to compare and merge), and the merges into it a lead
    may still undo."""
    duplicates = service.find_duplicates(
        db, first_name=person.first_name, last_name=person.last_name, exclude_id=person.id
    )
    undoable = (
        merge.undoable(db, person=person) if request.state.user.role in roles.MANAGERS else []
    )
    return {"duplicates": duplicates, "merges": undoable}


def render_person_page(
    request: Request,
    db: Session,
    person: Person,
    *,
    form: str | None = None,
    errors: Mapping[str, str] | None = None,
    values: Mapping[str, Any] | None = None,
) -> Response:
    """The person page; with `form` (the name a section's form goes by), that form's errors at
    its fields and the values typed into it (form_post sets the status)."""
    context = person_context(db, person, request=request)
    context.update(form=form, errors=dict(errors or {}), values=dict(values or {}))
    return render(request, "persons/page.html", context)
