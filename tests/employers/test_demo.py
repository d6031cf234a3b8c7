"""The demo generator: about one employer per ten persons, all in the centre, valid codes."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlmodel import col

from cases.employers import demo, service, wz
from cases.employers.codes import EmployerTopic, EventType, SizeBand
from cases.employers.models import (
    ConsultationTopic,
    Employer,
    EmployerConsultation,
    OutreachEvent,
    Placement,
)
from cases.persons.models import Person
from tests.conftest import Factory
from tests.employers.conftest import acting


def test_demo_generates_a_plausible_employer_side(factory: Factory) -> None:
    centre, other = factory.centre(), factory.centre()
    user = factory.user(centre=centre)
    assert centre.id is not None and other.id is not None
    with factory.session() as db:
        persons = [
            Person(centre_id=centre.id, client_group="returnee", first_name="P", last_name=str(n))
            for n in range(120)
        ]
        db.add_all(persons)
        db.flush()
        person_ids = [p.id for p in persons if p.id is not None]
        demo.generate(db, centre_id=centre.id, person_ids=person_ids, seed=7)
        demo.generate(db, centre_id=other.id, person_ids=[], seed=7)

    with factory.session() as db:
        employers = list(db.scalars(select(Employer).where(col(Employer.centre_id) == centre.id)))
        assert len(employers) == 12
        assert len({e.search_key for e in employers}) == 12  # no duplicates in the demo
        for e in employers:
            assert e.sector_version and e.sector_code
            assert wz.section_of(e.sector_version, e.sector_code) == e.sector_section
            assert e.size_band in {s.value for s in SizeBand}
        consultations = db.scalar(
            select(func.count())
            .select_from(EmployerConsultation)
            .where(col(EmployerConsultation.centre_id) == centre.id)
        )
        assert consultations and consultations > 5
        topics = set(db.scalars(select(col(ConsultationTopic.topic))))
        assert topics <= {t.value for t in EmployerTopic}
        events = list(
            db.scalars(select(OutreachEvent).where(col(OutreachEvent.centre_id) == centre.id))
        )
        assert len(events) >= 2 and {e.type for e in events} <= {t.value for t in EventType}
        placements = list(
            db.scalars(select(Placement).where(col(Placement.centre_id) == centre.id))
        )
        assert len(placements) == 8
        assert {p.person_id for p in placements} <= set(person_ids)
        assert {p.employer_id for p in placements} <= {e.id for e in employers}
        # the other centre got its own (one employer, no placements)
        assert (
            db.scalar(
                select(func.count())
                .select_from(Employer)
                .where(col(Employer.centre_id) == other.id)
            )
            == 1
        )

    # the generated data reads through the service like any other
    with acting(factory, user) as db:
        rows, total = service.list_employers(db)
        assert total == 12
        assert service.timeline(db, employer_id=rows[0].employer.id or 0) is not None


def test_demo_is_deterministic(factory: Factory) -> None:
    made = []
    for _run in range(2):
        centre = factory.centre()
        assert centre.id is not None
        with factory.session() as db:
            demo.generate(db, centre_id=centre.id, person_ids=[], seed=3)
            made.append(
                [
                    (e.name, e.sector_code, e.size_band, e.municipality)
                    for e in db.scalars(
                        select(Employer)
                        .where(col(Employer.centre_id) == centre.id)
                        .order_by(col(Employer.id))
                    )
                ]
            )
    assert len(made[0]) == 1 and made[0] == made[1]
