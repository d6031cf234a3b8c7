"""The hand-built data set of the golden test: every record written through the services of
its area (as a counsellor of the centre), so the report counts what users would have entered.

Calendar used throughout (2026): Q1 = Jan–Mar, Q2 = Apr–Jun, Q3 = Jul–Sep.

Centre "Erzgebirge" (A):
  P1 eu_immigrant, from PL, female, *1990, nationality PL. Case C1 opened 2026-04-10 (Q2,
     referral employer). Contacts 2026-05-05 (Q2, in person, de, job_search) and 2026-08-03
     (Q3, phone, en, job_search + housing). Referral 2026-08-03 language course provider.
     Outcome language_course_started 2026-08-10. Recognition R3 (zab): applied 2026-05-04,
     documents complete 2026-05-15, never decided. Package pl issued 2026-07-01 00:30 Berlin.
  P2 third_country_immigrant, from UA, male, *1985, nationalities UA then PL. Case C2 opened
     2026-06-20 (Q2, iq_network), its only contact 2026-07-15 (Q3, video, uk, recognition).
     Referral 2026-07-15 IQ recognition counselling. Recognition R1 (ihk_fosa, not regulated):
     applied 2026-03-02, documents complete 2026-04-01, decided 2026-08-14 partial.
     Package uk issued 2026-09-30 23:30 Berlin.
  P3 family_member, no previous residence, female, *1992, nationality SY. Case C3 opened
     2026-07-20 (family_friends), contact that day (in person, ar, childcare_school).
     Recognition R4 (lasub, regulated): applied 2026-09-01, nothing else.
     Package ar issued 2026-10-01 00:10 Berlin (Q4).
  P4 returnee from AT (abroad), male, *1980, nationality DE. Case C4 opened 2026-08-01
     (employment_agency), contacts 2026-08-01 (in person, de, job_search) and 2026-09-10
     (e-mail, de, job_search); outcome job_taken_up 2026-09-15; closed 2026-09-20 goal_reached.
     Recognition R2 (hwk_chemnitz, regulated): applied 2026-07-06, documents complete
     2026-07-20, decided 2026-09-01 full.
  P5 domestic_mover from DE (DE-BY), female, *1999, nationality DE. Case C5 opened
     2026-08-05 (self), contact that day (phone, de, housing).
  P6 returnee, no previous residence (→ Germany by the client group), *1970. Case C6 opened
     2026-02-01 (self), contact 2026-02-10 (Q1, in person, de, job_search).
  Enquiries: E1 2026-07-02 phone entry_residence; E2 2026-08-12 e-mail job_search +
     recognition; E3 2026-03-03 phone housing.
  Employers: M1 (WZ C, 50-249) consultations 2026-07-10 (onboarding, accelerated_procedure)
     and 2026-08-20 (onboarding); M2 (WZ G, 1-9) never counselled; M3 (WZ F, 10-49)
     consultation 2026-05-10 (Q2).
  Events: V1 job fair 2026-09-05 reaching M1, M2 and 3 anonymous companies; V2 mailing
     2026-08-01 to 40 companies; V3 webinar 2026-09-20 reaching M2 again.

  Corrections (issue 13), which must leave no trace in any figure: a contact of C1 logged
     2026-08-04 (video, pl, housing) and deleted; a second case C7 of P6 opened 2026-09-02
     (allow_parallel, employer) with a contact that day (phone, en, recognition), a referral
     and an outcome, then cancelled as opened by mistake; P7 (third_country_immigrant) with
     case C8 opened 2026-07-05 and a contact that day, cancelled (P7 is then counted nowhere).
     C5's only contact was first logged with 20 minutes and e-mail and corrected to 30, phone.

Centre "Chemnitz" (B): Q1 eu_immigrant with no previous residence; case and contact
  2026-07-01 (in person); enquiry 2026-07-03 (phone, job_search).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from sqlmodel import Session

from cases.counselling import corrections
from cases.counselling.models import Case
from cases.counselling.schemas import ContactIn
from cases.packages.models import IssuedPackage
from cases.persons import service as persons
from cases.persons.schemas import PersonIn
from cases.recognition import service as recognition
from cases.recognition.schemas import ProcedureIn
from tests import seeded
from tests.conftest import Factory
from tests.counselling.helpers import (
    acting,
    close_case,
    create_case,
    create_contact,
    create_enquiry,
    create_outcome,
    create_referral,
)
from tests.employers.helpers import consultation, employer, event
from welcome import storage
from welcome.accounts.models import Centre, User
from welcome.deletions import DeleteIn
from welcome.inputs import validate

BERLIN = ZoneInfo("Europe/Berlin")


@dataclass
class Golden:
    centre_a: Centre
    centre_b: Centre
    lead_a: User
    counsellor_a: User
    lead_b: User
    statistician: User


def _person(db: Session, first: str, **kw: object) -> int:
    data = validate(PersonIn, {"first_name": first, "last_name": "Golden", **kw})
    person = persons.create(db, data=data)
    assert person.id is not None
    return person.id


def _case(db: Session, person_id: int, opened: date, source: str) -> Case:
    return create_case(db, person_id=person_id, opened_on=opened, referral_source=source)


def _contact(db: Session, case: Case, on: date, channel: str, lang: str, *topics: str) -> None:
    create_contact(
        db,
        case=case,
        date=on,
        duration_minutes=30,
        channel=channel,
        language=lang,
        topics=list(topics),
    )


def _package(db: Session, person_id: int, centre_id: int, lang: str, berlin: datetime) -> None:
    # written directly: rendering a PDF adds nothing to what the report counts (its file is
    # a stand-in in the storage, for the retention tests that remove it)
    db.add(
        IssuedPackage(
            centre_id=centre_id,
            person_id=person_id,
            language=lang,
            content_version="golden",
            issued_at=berlin.replace(tzinfo=BERLIN).astimezone(UTC),
            pdf_sha256="0" * 64,
            pdf_path=storage.put(db, data=b"%PDF-1.7 Golden"),
        )
    )


def _corrected_contact(db: Session, case: Case) -> None:
    """C5's contact, logged wrongly and corrected: counted as corrected (30 min, phone)."""
    wrong = create_contact(db, case=case, date=date(2026, 8, 5), duration_minutes=20,
                           channel="email", language="de", topics=["housing"])  # fmt: skip
    values = {"date": date(2026, 8, 5), "duration_minutes": 30, "channel": "phone",
              "language": "de", "topics": ["housing"]}  # fmt: skip
    right = validate(ContactIn, values)
    corrections.update_contact(db, contact=wrong, data=right)


def _removed_again(db: Session, c1: Case, p6: int) -> None:
    """Entries made and then deleted or cancelled: none may count anywhere."""
    reason = validate(DeleteIn, {"reason": "entered by mistake"})
    extra = create_contact(db, case=c1, date=date(2026, 8, 4), duration_minutes=30,
                           channel="video", language="pl", topics=["housing"])  # fmt: skip
    corrections.delete_entry(db, entry=extra, data=reason)
    c7 = create_case(db, person_id=p6, opened_on=date(2026, 9, 2), referral_source="employer",
                     allow_parallel=True)  # fmt: skip
    _contact(db, c7, date(2026, 9, 2), "phone", "en", "recognition")
    create_referral(db, case=c7, date=date(2026, 9, 2), partner="language_course_provider")
    create_outcome(db, case=c7, date=date(2026, 9, 2), type="job_taken_up")
    corrections.cancel(db, case=c7, data=reason)
    p7 = _person(db, "P7", client_group="third_country_immigrant", gender="male",
                 birth_year=2000, nationalities=["IN"])  # fmt: skip
    c8 = _case(db, p7, date(2026, 7, 5), "self")
    _contact(db, c8, date(2026, 7, 5), "in_person", "en", "job_search")
    corrections.cancel(db, case=c8, data=reason)


def build(factory: Factory) -> Golden:
    """The data set in the factory's database: written through the services once per worker
    and backend, copied into each test's database afterwards (tests/seeded.py)."""
    made = seeded.copied(factory, "golden", _build)
    if made is None:  # the test wrote rows before: built into its database as before
        return _build(factory)
    with factory.session() as db:  # this test's own instances, read from its database
        found = {
            field.name: db.get(type(value), value.id)
            for field in fields(made)
            for value in [getattr(made, field.name)]
        }
    assert all(found.values())
    return Golden(**found)


def _build(factory: Factory) -> Golden:
    a, b = factory.centre("Erzgebirge"), factory.centre("Chemnitz")
    counsellor_a = factory.user(role="counsellor", centre=a)
    golden = Golden(
        centre_a=a,
        centre_b=b,
        lead_a=factory.user(role="lead", centre=a),
        counsellor_a=counsellor_a,
        lead_b=factory.user(role="lead", centre=b),
        statistician=factory.user(role="statistician"),
    )
    assert a.id is not None and b.id is not None
    with acting(factory, counsellor_a) as db:
        p1 = _person(db, "P1", client_group="eu_immigrant", previous_residence_country="PL",
                     gender="female", birth_year=1990, nationalities=["PL"])  # fmt: skip
        p2 = _person(db, "P2", client_group="third_country_immigrant",
                     previous_residence_country="UA", gender="male", birth_year=1985,
                     nationalities=["UA", "PL"])  # fmt: skip
        p3 = _person(db, "P3", client_group="family_member", gender="female", birth_year=1992,
                     nationalities=["SY"])  # fmt: skip
        p4 = _person(db, "P4", client_group="returnee", previous_residence_country="AT",
                     gender="male", birth_year=1980, nationalities=["DE"])  # fmt: skip
        p5 = _person(db, "P5", client_group="domestic_mover", previous_residence_country="DE",
                     previous_residence_state="DE-BY", gender="female", birth_year=1999,
                     nationalities=["DE"])  # fmt: skip
        p6 = _person(db, "P6", client_group="returnee", birth_year=1970)

        c1 = _case(db, p1, date(2026, 4, 10), "employer")
        _contact(db, c1, date(2026, 5, 5), "in_person", "de", "job_search")
        _contact(db, c1, date(2026, 8, 3), "phone", "en", "job_search", "housing")
        create_referral(db, case=c1, date=date(2026, 8, 3),
                        partner="language_course_provider")  # fmt: skip
        create_outcome(db, case=c1, date=date(2026, 8, 10),
                       type="language_course_started")  # fmt: skip
        c2 = _case(db, p2, date(2026, 6, 20), "iq_network")
        _contact(db, c2, date(2026, 7, 15), "video", "uk", "recognition")
        create_referral(db, case=c2, date=date(2026, 7, 15),
                        partner="iq_recognition_counselling")  # fmt: skip
        c3 = _case(db, p3, date(2026, 7, 20), "family_friends")
        _contact(db, c3, date(2026, 7, 20), "in_person", "ar", "childcare_school")
        c4 = _case(db, p4, date(2026, 8, 1), "employment_agency")
        _contact(db, c4, date(2026, 8, 1), "in_person", "de", "job_search")
        _contact(db, c4, date(2026, 9, 10), "email", "de", "job_search")
        create_outcome(db, case=c4, date=date(2026, 9, 15), type="job_taken_up")
        close_case(db, case=c4, closed_on=date(2026, 9, 20), reason="goal_reached")
        c5 = _case(db, p5, date(2026, 8, 5), "self")
        _corrected_contact(db, c5)
        c6 = _case(db, p6, date(2026, 2, 1), "self")
        _contact(db, c6, date(2026, 2, 10), "in_person", "de", "job_search")
        _removed_again(db, c1, p6)

        for on, channel, topics in (
            (date(2026, 7, 2), "phone", ["entry_residence"]),
            (date(2026, 8, 12), "email", ["job_search", "recognition"]),
            (date(2026, 3, 3), "phone", ["housing"]),
        ):
            create_enquiry(db, date=on, channel=channel, topics=topics)

        for procedure in (
            ProcedureIn(person_id=p2, reference_occupation="Industriemechaniker",
                        authority="ihk_fosa", regulated=False, applied_on=date(2026, 3, 2),
                        documents_complete_on=date(2026, 4, 1),
                        decided_on=date(2026, 8, 14), decision="partial"),
            ProcedureIn(person_id=p4, reference_occupation="Elektroniker",
                        authority="hwk_chemnitz", regulated=True, applied_on=date(2026, 7, 6),
                        documents_complete_on=date(2026, 7, 20),
                        decided_on=date(2026, 9, 1), decision="full"),
            ProcedureIn(person_id=p1, reference_occupation="Bachelor Informatik",
                        authority="zab", regulated=False, applied_on=date(2026, 5, 4),
                        documents_complete_on=date(2026, 5, 15)),
            ProcedureIn(person_id=p3, reference_occupation="Lehrerin", authority="lasub",
                        regulated=True, applied_on=date(2026, 9, 1)),
        ):  # fmt: skip
            recognition.create(db, data=procedure)

        m1 = employer(db, "Erzgebirge Metall GmbH", sector_code="C", sector_version="2008",
                      size_band="50-249")  # fmt: skip
        m2 = employer(db, "Bäckerei Sonne", sector_code="G", sector_version="2008",
                      size_band="1-9")  # fmt: skip
        m3 = employer(db, "Bau Schmidt KG", sector_code="F", sector_version="2008",
                      size_band="10-49")  # fmt: skip
        for company, on, topics in (
            (m1, date(2026, 7, 10), ["onboarding", "accelerated_procedure"]),
            (m1, date(2026, 8, 20), ["onboarding"]),
            (m3, date(2026, 5, 10), ["funding"]),
        ):
            consultation(db, company, date=on, duration_minutes=45, channel="in_person",
                         topics=topics)  # fmt: skip
        assert m1.id and m2.id
        event(db, type="job_fair", title="Pendlertag", date=date(2026, 9, 5),
              employer_ids=[m1.id, m2.id], anonymous_companies=3)  # fmt: skip
        event(db, type="mailing", title="Newsletter", date=date(2026, 8, 1),
              anonymous_companies=40)  # fmt: skip
        event(db, type="webinar", title="Fachkräfte", date=date(2026, 9, 20),
              employer_ids=[m2.id])  # fmt: skip

        _package(db, p1, a.id, "pl", datetime(2026, 7, 1, 0, 30))
        _package(db, p2, a.id, "uk", datetime(2026, 9, 30, 23, 30))
        _package(db, p3, a.id, "ar", datetime(2026, 10, 1, 0, 10))

    counsellor_b = factory.user(role="counsellor", centre=b)
    with acting(factory, counsellor_b) as db:
        q1 = _person(db, "Q1", client_group="eu_immigrant")
        cq = _case(db, q1, date(2026, 7, 1), "self")
        _contact(db, cq, date(2026, 7, 1), "in_person", "de", "job_search")
        create_enquiry(db, date=date(2026, 7, 3), channel="phone", topics=["job_search"])
    return golden
