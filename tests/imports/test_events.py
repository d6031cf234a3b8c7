"""The events kind: outreach events from a sheet (duplicates by day and title; undo)."""

from __future__ import annotations

from sqlalchemy import select

from cases.employers import events
from cases.employers.models import OutreachEvent
from cases.employers.schemas import EventIn
from cases.imports import service
from cases.imports.schemas import UploadIn
from tests.conftest import Factory
from tests.imports.helpers import acting, contents, csv_bytes
from welcome.i18n import force_locale

HEADERS = ("Datum", "Veranstaltungsart", "Titel", "Durchführung", "Teilnehmende", "Partner")
ROWS = [
    ("12.03.2025", "Infoveranstaltung", "Arbeiten in Sachsen", "Präsenz", 25, "IHK Chemnitz"),
    ("02.04.2025", "Jobmesse", "Jobmesse  Annaberg", "vor Ort", "40", ""),  # in the centre
    ("12.03.2025", "Infoveranstaltung", "arbeiten in sachsen", "Präsenz", 25, ""),  # again
    ("01.05.2025", "Tanzabend", "Sommerfest", "Präsenz", 10, ""),  # an unknown type
    ("", "Webinar", "Anerkennung", "online", 12, ""),  # no date
]


def test_events_sheet(factory: Factory) -> None:
    centre = factory.centre("Welcome Center Erzgebirge")
    lead = factory.user(role="lead", centre=centre)
    with acting(factory, lead) as db:
        data = {"date": "2025-04-02", "type": "job_fair", "title": "Jobmesse Annaberg"}
        events.create(db, data=EventIn.model_validate(data))
    with acting(factory, lead) as db:
        before = contents(db)
        content = csv_bytes(ROWS, HEADERS)
        batch = service.create(db, data=UploadIn(kind="events"), filename="v.csv", content=content)
        batch_id = batch.id
    with acting(factory, lead) as db, force_locale("de"):
        plan = service.preview(db, batch=service.get(db, batch_id=batch_id or 0))
        assert [r.status for r in plan.rows] == ["new", "duplicate", "duplicate", "refused",
                                                 "refused"]  # fmt: skip
        first = plan.rows[0].models["event"]
        assert (first.type, first.format, first.persons_reached) == ("information_event",
                                                                      "in_person", 25)  # fmt: skip
        assert plan.rows[2].same_as_row == 2
        assert {(e.row, e.column) for e in plan.errors} == {(5, "B (Veranstaltungsart)"),
                                                            (6, "A (Datum)")}  # fmt: skip
        result = service.commit(db, batch=service.get(db, batch_id=batch_id or 0))
    assert result == {"created": 1, "skipped": 2, "duplicates": 2, "refused": 2}
    with acting(factory, lead) as db:
        titles = sorted(e.title for e in db.scalars(select(OutreachEvent)))
        assert titles == ["Arbeiten in Sachsen", "Jobmesse Annaberg"]
        service.undo(db, batch=service.get(db, batch_id=batch_id or 0))
    with acting(factory, lead) as db:
        assert contents(db) == before
