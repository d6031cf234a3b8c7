"""What counselling adds to the person page (welcome.nav.PersonSection): the person's cases with
the form to open one, the consents with theirs, the counselling timeline; and the posts of those
forms, which show the person page again with their errors (cases/persons/page.py)."""

from __future__ import annotations

from datetime import timedelta

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlmodel import Session

from cases import cldr
from cases.counselling import consents, correction_page, queries, service
from cases.counselling.codes import (
    CaseStatus,
    Channel,
    ClosureReason,
    ConsentPurpose,
    ContactTopic,
    OutcomeType,
    ReferralPartner,
    ReferralSource,
)
from cases.counselling.models import Case
from cases.counselling.schemas import CaseIn, ConsentIn, WithdrawIn
from cases.persons import service as persons
from cases.persons.models import Person
from cases.persons.page import render_person_page
from welcome import clock, roles
from welcome.db import utcnow
from welcome.deletions import KEEP_DAYS
from welcome.errors import FieldErrors
from welcome.forms import FormPage, Invalid, action_post, form_post, off_loop, redirect
from welcome.i18n import _, _l
from welcome.nav import PersonSection, TimelineItem
from welcome.web import CurrentUser, DbSession, Id, require_role

router = APIRouter(dependencies=[Depends(require_role(roles.CASE_WORKERS))])


def timeline_labels() -> dict[str, dict[str, str]]:
    """The labels a counselling timeline entry shows (counselling/_macros.html `entry`)."""
    return {
        "status": CaseStatus.labels(),
        "channel": Channel.labels(),
        "topic": ContactTopic.labels(),
        "partner": ReferralPartner.labels(),
        "outcome": OutcomeType.labels(),
        "closure": ClosureReason.labels(),
        "consent": ConsentPurpose.labels(),
        "referral_source": ReferralSource.labels(),
    }


def _cases(db: Session, *, person: Person) -> dict[str, object]:
    """The card of cases: the person's cases and what the form to open one offers."""
    assert person.id is not None
    return {
        "person_id": person.id,
        "cases": queries.list_cases(db, person_id=person.id, limit=100)[0],
        "cancelled": [  # still to be undone
            c
            for c in queries.person_cases(db, person_id=person.id, cancelled=True)
            if c.deleted_at is not None and c.deleted_at >= utcnow() - timedelta(days=KEEP_DAYS)
        ],
        "statuses": CaseStatus.labels(),
        "referral_sources": ReferralSource.labels(),
        "today": clock.today().isoformat(),
    }


def _consents(db: Session, *, person: Person) -> dict[str, object]:
    """The card of consents: the person's consents and what the form to record one offers;
    for the lead and the counsellor of one of the person's cases the corrections, the
    consents' change history and (the lead) the deleted ones to undo."""
    assert person.id is not None
    may = correction_page.may_correct_consents(db, person_id=person.id)
    return {
        "person_id": person.id,
        "consents": queries.list_consents(db, person_id=person.id),
        "may_correct": may,
        "history": correction_page.consent_history(db, person_id=person.id) if may else None,
        "deleted": correction_page.deleted_consents(db, person_id=person.id),
        "purposes": ConsentPurpose.labels(),
        "languages": cldr.language_names(),
        "today": clock.today().isoformat(),
    }


def _timeline(db: Session, *, person: Person) -> list[TimelineItem]:
    """Cases, contacts, referrals, outcomes and consents, in their order within a day."""
    assert person.id is not None
    labels = timeline_labels()
    return [
        TimelineItem(
            on=e.on,
            kind=e.kind,
            template="counselling/_person_timeline.html",
            item={"entry": e, "labels": labels},
        )
        for e in queries.timeline(db, person_id=person.id)
    ]


_ROLES = roles.names(roles.CASE_WORKERS)
PERSON_SECTIONS = [
    # first: on a day with entries of several areas, the counselling ones come first
    PersonSection(
        template="counselling/_person_cases.html",
        load=_cases,
        timeline=_timeline,
        order=10,
        roles=_ROLES,
    ),
    PersonSection(
        template="counselling/_person_consents.html", load=_consents, order=70, roles=_ROLES
    ),
]


def _again(request: Request, db: Session, person: Person, form: str) -> Invalid:
    """The person page again with this form's errors at its fields and its typed values."""

    def again(errors: dict[str, str], values: dict[str, object]) -> Response:
        return render_person_page(request, db, person, form=form, errors=errors, values=values)

    return again


@router.post("/persons/{person_id}/cases")
async def open_case(request: Request, person_id: Id, user: CurrentUser, db: DbSession) -> Response:
    person = await off_loop(persons.get, db, person_id=person_id)

    def create(data: CaseIn) -> Case:
        """A second open case only when confirmed: the form shows the open one with a link."""
        try:
            return service.create(db, data=data)
        except service.OpenCaseExists as exc:
            message = _("Please confirm that the person needs another case.")
            raise FieldErrors(
                {"allow_parallel": message, "open_case_id": str(exc.open_case_id)}
            ) from None

    return await form_post(
        request,
        db,
        CaseIn,
        create,
        done=lambda case: redirect(request, f"/cases/{case.id}", _("The case has been opened.")),
        invalid=_again(request, db, person, "case"),
        fixed={"person_id": person.id},
    )


PERSON_FORMS = FormPage(
    router,
    "person",
    lambda db, i: persons.get(db, person_id=i),
    _again,
    lambda p: f"/persons/{p.id}",
)
PERSON_FORMS.post(
    "/persons/{record_id}/consents", ConsentIn, consents.create,
    _l("The consent has been recorded."), "consent",
)  # fmt: skip


@router.post("/consents/{consent_id}/withdraw")
async def withdraw_consent(
    request: Request, consent_id: Id, user: CurrentUser, db: DbSession
) -> Response:
    """Withdrawn today (the person page's button)."""
    consent = await off_loop(consents.get, db, consent_id=consent_id)
    person_id = consent.person_id
    return await action_post(
        request,
        db,
        lambda: consents.withdraw(db, consent=consent, data=WithdrawIn(withdrawn_on=clock.today())),
        done=lambda _c: redirect(
            request, f"/persons/{person_id}", _("The consent has been withdrawn.")
        ),
    )
