"""A person with a row in every table that holds something about a person: two cases with
events, contacts (one deleted in its undo window), topics, referrals, outcomes; a consent, a
handover of the information sheet, a recognition procedure with a document and a suspension,
a welcome package issued, a placement, an event taken part in, an import row, a merge."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from cases.counselling.models import (
    Case,
    CaseEvent,
    Consent,
    Contact,
    ContactTopicRow,
    Outcome,
    Referral,
)
from cases.employers.models import Employer, EventPerson, OutreachEvent, Placement
from cases.imports.models import ImportBatch, ImportRow
from cases.packages.models import IssuedPackage
from cases.persons.models import Person, PersonNationality, PersonSearchKey
from cases.privacy.models import InformationRecord
from cases.recognition.models import (
    RecognitionDocument,
    RecognitionProcedure,
    RecognitionSuspension,
)
from tests.conftest import Factory
from welcome.accounts.models import Centre
from welcome.merging import RecordMerge

NOTE = "Sucht Arbeit als Pflegefachkraft; Sprachkurs B2 geplant"
DELETED_NOTE = "Doppelt erfasst"


@dataclass
class World:
    centre_id: int
    other_centre_id: int
    person_id: int
    other_person_id: int  # of the other centre
    duplicate_id: int  # merged into person_id


def _add(db: object, row: object) -> object:
    db.add(row)  # type: ignore[attr-defined]
    db.flush()  # type: ignore[attr-defined]
    return row


def build(factory: Factory, *, language: str = "uk") -> World:
    centre = factory.centre("Welcome Center Erzgebirge")
    other = factory.centre("Welcome Center Leipzig")
    assert centre.id is not None and other.id is not None
    c = centre.id
    now = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
    with factory.session() as db:
        stored = db.get(Centre, c)
        assert stored is not None
        stored.address = "Markt 1, 09456 Annaberg-Buchholz"
        stored.email = "welcome@erzgebirge.example"
        stored.phone = "03733 1234"
        stored.controller = (
            "Landkreis Erzgebirgskreis, Paulus-Jenisius-Straße 24, 09456 Annaberg-Buchholz"
        )
        stored.data_protection_officer = "Frau Datenschutz, dsb@erzgebirge.example"
        p = _add(
            db,
            Person(
                centre_id=c,
                client_group="third_country_immigrant",
                first_name="Олена",
                last_name="Коваленко",
                birth_year=1990,
                gender="female",
                preferred_language=language,
                municipality="Annaberg-Buchholz",
                arrived_on=date(2026, 3, 2),
                occupation_title="Pflegefachkraft",
                residence_status="skilled_worker",
                german_level="b1",
                qualification_level="bachelor",
                family_situation="single_parent",
                previous_residence_country="UA",
            ),
        )
        assert isinstance(p, Person) and p.id is not None
        db.add(PersonNationality(person_id=p.id, country="UA"))
        db.add(PersonSearchKey(person_id=p.id, key="kovalenko"))
        dup = _add(
            db,
            Person(
                centre_id=c,
                client_group="third_country_immigrant",
                first_name="",
                last_name="",
                merged_into_id=p.id,
            ),
        )
        assert isinstance(dup, Person) and dup.id is not None
        _add(
            db,
            RecordMerge(
                centre_id=c,
                entity="persons",
                survivor_id=p.id,
                duplicate_id=dup.id,
                undo_until=now + timedelta(days=30),
            ),
        )
        first = _add(
            db,
            Case(
                centre_id=c,
                person_id=p.id,
                opened_on=date(2026, 3, 5),
                closed_on=date(2026, 6, 1),
                status="closed",
                closure_reason="goal_reached",
                referral_source="self",
            ),
        )
        second = _add(db, Case(centre_id=c, person_id=p.id, opened_on=date(2026, 9, 1)))
        assert isinstance(first, Case) and isinstance(second, Case)
        _add(
            db,
            CaseEvent(
                centre_id=c,
                case_id=first.id,
                kind="closed",
                on=date(2026, 6, 1),
                reason="goal_reached",
            ),
        )
        kept = _add(
            db,
            Contact(
                centre_id=c,
                case_id=first.id,
                date=date(2026, 3, 5),
                duration_minutes=45,
                channel="in_person",
                language="uk",
                notes=NOTE,
            ),
        )
        gone = _add(
            db,
            Contact(
                centre_id=c,
                case_id=second.id,
                date=date(2026, 9, 2),
                duration_minutes=10,
                channel="phone",
                deleted_at=now,
                deleted_reason=DELETED_NOTE,
            ),
        )
        assert isinstance(kept, Contact) and isinstance(gone, Contact)
        db.add(ContactTopicRow(contact_id=kept.id, topic="job_search"))
        db.add(ContactTopicRow(contact_id=gone.id, topic="german_courses"))
        _add(
            db,
            Referral(
                centre_id=c,
                case_id=first.id,
                date=date(2026, 3, 10),
                partner="foreigners_authority",
                notes="Termin 12.3.",
            ),
        )
        _add(
            db, Outcome(centre_id=c, case_id=first.id, date=date(2026, 5, 20), type="job_taken_up")
        )
        _add(
            db,
            Consent(
                centre_id=c,
                person_id=p.id,
                purpose="case_file",
                given_on=date(2026, 3, 5),
                sheet_version="2026-03",
                sheet_language=language,
            ),
        )
        _add(
            db,
            InformationRecord(
                centre_id=c,
                person_id=p.id,
                handed_over_on=date(2026, 3, 5),
                sheet_language=language,
                sheet_version="2026-12-01.abcd1234",
            ),
        )
        proc = _add(
            db,
            RecognitionProcedure(
                centre_id=c,
                person_id=p.id,
                case_id=first.id,
                reference_occupation="Pflegefachfrau",
                authority="ksv_sachsen",
                regulated=True,
                applied_on=date(2026, 4, 1),
            ),
        )
        assert isinstance(proc, RecognitionProcedure)
        _add(
            db,
            RecognitionDocument(
                centre_id=c,
                procedure_id=proc.id,
                kind="certificate",
                filename="diplom.pdf",
                content_type="application/pdf",
                size=1234,
                sha256="0" * 64,
                storage_key="x/diplom-1",
            ),
        )
        _add(
            db,
            RecognitionSuspension(
                centre_id=c,
                procedure_id=proc.id,
                starts_on=date(2026, 5, 1),
                reason="authenticity_check",
            ),
        )
        _add(
            db,
            IssuedPackage(
                centre_id=c,
                person_id=p.id,
                language=language,
                content_version="v1",
                issued_at=now,
                pdf_sha256="1" * 64,
                pdf_path="packages/x.pdf",
                pdf_size=100,
            ),
        )
        employer = _add(db, Employer(centre_id=c, name="Pflegeheim Sonnenschein GmbH"))
        assert isinstance(employer, Employer)
        _add(
            db,
            Placement(
                centre_id=c,
                employer_id=employer.id,
                person_id=p.id,
                type="job",
                starts_on=date(2026, 7, 1),
                occupation="Pflegefachfrau",
            ),
        )
        event = _add(
            db,
            OutreachEvent(
                centre_id=c, type="job_fair", title="Jobmesse Annaberg", held_on=date(2026, 4, 15)
            ),
        )
        assert isinstance(event, OutreachEvent)
        db.add(EventPerson(event_id=event.id, person_id=p.id))
        batch = _add(
            db,
            ImportBatch(
                centre_id=c,
                kind="contacts",
                filename="liste.xlsx",
                file_sha256="2" * 64,
                status="committed",
            ),
        )
        assert isinstance(batch, ImportBatch)
        _add(
            db,
            ImportRow(
                batch_id=batch.id,
                row_number=7,
                row_key="k7",
                outcome="created",
                case_id=first.id,
                contact_id=kept.id,
            ),
        )
        o = _add(
            db,
            Person(
                centre_id=other.id,
                client_group="eu_immigrant",
                first_name="Anna",
                last_name="Nowak",
            ),
        )
        assert isinstance(o, Person) and o.id is not None
        return World(c, other.id, p.id, o.id, dup.id)
