"""Demo data for the employer side: about one employer per ten persons, with consultations,
outreach events (named companies and anonymous counts), hiring needs and placements.

Bulk inserts (`db.execute(insert(Model), rows)`) keep a large demo fast; demo rows are not
audited one by one. Deterministic for a given seed.
"""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from sqlalchemy import insert, select
from sqlmodel import Session, col

from cases.employers import matching, wz
from cases.employers.codes import Chamber, EmployerTopic, EventFormat, RecruitingRoute, SizeBand
from cases.employers.models import (
    ConsultationTopic,
    Employer,
    EmployerConsultation,
    EmployerContact,
    EventEmployer,
    HiringNeed,
    OutreachEvent,
    Placement,
)
from welcome import clock
from welcome.accounts.models import User
from welcome.db import utcnow

_STEMS = (
    "Müller", "Schmidt", "Erzgebirgische", "Bergland", "Silberstadt", "Schulze", "Wagner",
    "Sachsen", "Fichtelberg", "Richter", "Lange", "Weber", "Zschopautal", "Vogel", "Krause",
)  # fmt: skip
_TRADES = (
    ("Metallbau", "25", "hwk"), ("Maschinenbau", "28", "ihk"), ("Pflegedienst", "88", "other"),
    ("Klinikum", "86", "other"), ("Elektrotechnik", "27", "ihk"), ("Bäckerei", "10", "hwk"),
    ("Logistik", "52", "ihk"), ("Hotel", "55", "ihk"), ("Bau", "41", "hwk"),
    ("Software", "62", "ihk"), ("Holzbau", "16", "hwk"), ("Kfz-Werkstatt", "95", "hwk"),
)  # fmt: skip
_FORMS = ("GmbH", "GmbH & Co. KG", "AG", "e.K.", "KG", "UG (haftungsbeschränkt)", "OHG")
_TOWNS = (
    "Annaberg-Buchholz", "Aue-Bad Schlema", "Marienberg", "Stollberg", "Schwarzenberg",
    "Olbernhau", "Zwönitz", "Thalheim", "Oberwiesenthal", "Lößnitz",
)  # fmt: skip
_OCCUPATIONS = (
    ("Pflegefachkraft", "81302"), ("Zerspanungsmechaniker/in", "24222"),
    ("Elektroniker/in", "26252"), ("Berufskraftfahrer/in", "52122"), ("Koch/Köchin", "29302"),
    ("Softwareentwickler/in", "43414"), ("Maurer/in", "32122"), ("Kfz-Mechatroniker/in", "25212"),
)  # fmt: skip
_EVENTS = (
    ("information_event", "Infoabend Fachkräfte aus dem Ausland"),
    ("workshop", "Workshop Willkommenskultur im Betrieb"),
    ("job_fair", "Pendlertag zwischen den Jahren"),
    ("network_meeting", "Netzwerktreffen Fachkräfteallianz"),
    ("mailing", "Rundbrief an Unternehmen"),
    ("webinar", "Webinar beschleunigtes Fachkräfteverfahren"),
)
_PARTNERS = (None, "IHK Chemnitz", "HWK Chemnitz", "Agentur für Arbeit Annaberg-Buchholz")
_CHANNELS = ("in_person", "phone", "email", "video")


def _ids(db: Session, model: Any, centre_id: int) -> set[int]:
    return {i for i in db.scalars(select(model.id).where(model.centre_id == centre_id)) if i}


def _wz(version: str, division: str) -> str:
    if version == "2025" and division == "45":
        return "95"
    return division


def generate(db: Session, *, centre_id: int, person_ids: list[int], seed: int) -> None:
    """Employers (one per ten persons, at least one), their contacts, consultations, events,
    hiring needs and placements of some of `person_ids`, all in the centre `centre_id`."""
    rng = random.Random(seed)
    today = clock.today()
    now = utcnow()
    counsellors = list(db.scalars(select(col(User.id)).where(col(User.centre_id) == centre_id)))
    count = max(1, len(person_ids) // 10)

    # employers
    rows: list[dict[str, Any]] = []
    used = set(
        db.scalars(select(col(Employer.search_key)).where(col(Employer.centre_id) == centre_id))
    )
    for n in range(count):
        trade, division, chamber = rng.choice(_TRADES)
        stem, legal_form = rng.choice(_STEMS), rng.choice(_FORMS)
        name = f"{stem} {trade} {legal_form}"
        if matching.key(name) in used:  # one company per name: the demo has no duplicates
            name = f"{stem} {trade} {rng.choice(_TOWNS)} {n + 1} {legal_form}"
        used.add(matching.key(name))
        version = "2025" if rng.random() < 0.2 else "2008"
        code = _wz(version, division)
        rows.append(
            {
                "centre_id": centre_id,
                "created_at": now,
                "name": name,
                "search_key": matching.key(name)[:200],
                "sector_code": code,
                "sector_version": version,
                "sector_section": wz.section_of(version, code),
                "size_band": rng.choice(list(SizeBand)).value,
                "chamber": chamber if chamber in {c.value for c in Chamber} else "other",
                "municipality": rng.choice(_TOWNS),
                "address": f"{rng.choice(('Hauptstraße', 'Bahnhofstraße', 'Am Markt'))} "
                f"{rng.randint(1, 120)}",
            }
        )
    before = _ids(db, Employer, centre_id)
    db.execute(insert(Employer), rows)
    employer_ids = sorted(_ids(db, Employer, centre_id) - before)

    # contact persons, about one per employer
    db.execute(
        insert(EmployerContact),
        [
            {
                "centre_id": centre_id,
                "created_at": now,
                "employer_id": e,
                "name": f"{rng.choice(('Anke', 'Jens', 'Sabine', 'Thomas', 'Katrin', 'Uwe'))} "
                f"{rng.choice(_STEMS)}",
                "role": rng.choice(("Geschäftsführung", "Personalleitung", "Ausbildung")),
                "phone": f"03733 {rng.randint(10000, 99999)}",
                "email": None,
                "consent_to_contact": rng.random() < 0.7,
                "consent_on": today - timedelta(days=rng.randint(30, 700)),
            }
            for e in employer_ids
            if rng.random() < 0.9
        ],
    )

    # consultations: most employers were counselled, some several times
    consultations: list[dict[str, Any]] = []
    for e in employer_ids:
        for _ in range(rng.choice((0, 1, 1, 2, 3))):
            held_on = today - timedelta(days=rng.randint(0, 540))
            follow_up = held_on + timedelta(days=rng.randint(7, 60)) if rng.random() < 0.3 else None
            consultations.append(
                {
                    "centre_id": centre_id,
                    "created_at": now,
                    "employer_id": e,
                    "held_on": held_on,
                    "duration_minutes": rng.choice((15, 30, 45, 60, 90)),
                    "channel": rng.choice(_CHANNELS),
                    "counsellor_id": rng.choice(counsellors) if counsellors else None,
                    "notes": None,
                    "follow_up_on": follow_up,
                }
            )
    if consultations:
        before = _ids(db, EmployerConsultation, centre_id)
        db.execute(insert(EmployerConsultation), consultations)
        new_ids = sorted(_ids(db, EmployerConsultation, centre_id) - before)
        topics = [t.value for t in EmployerTopic]
        db.execute(
            insert(ConsultationTopic),
            [
                {"consultation_id": c, "topic": t}
                for c in new_ids
                for t in rng.sample(topics, rng.randint(1, 3))
            ],
        )

    # outreach events: one per five employers, at least two
    events: list[dict[str, Any]] = []
    for _ in range(max(2, len(employer_ids) // 5)):
        kind, title = rng.choice(_EVENTS)
        events.append(
            {
                "centre_id": centre_id,
                "created_at": now,
                "type": kind,
                "title": title,
                "held_on": today - timedelta(days=rng.randint(0, 540)),
                "format": EventFormat.WRITTEN.value
                if kind == "mailing"
                else EventFormat.ONLINE.value
                if kind == "webinar"
                else EventFormat.IN_PERSON.value,
                "partners": rng.choice(_PARTNERS),
                "anonymous_companies": rng.randint(50, 400) if kind == "mailing" else 0,
                "persons_reached": 0 if kind == "mailing" else rng.randint(5, 80),
            }
        )
    before = _ids(db, OutreachEvent, centre_id)
    db.execute(insert(OutreachEvent), events)
    event_ids = sorted(_ids(db, OutreachEvent, centre_id) - before)
    links = {
        (ev, e)
        for ev in event_ids
        for e in rng.sample(employer_ids, min(len(employer_ids), rng.randint(0, 8)))
    }
    if links:
        db.execute(
            insert(EventEmployer), [{"event_id": ev, "employer_id": e} for ev, e in sorted(links)]
        )

    # hiring needs for a third of the employers
    needs = []
    for e in employer_ids:
        if rng.random() < 1 / 3:
            occupation, kldb = rng.choice(_OCCUPATIONS)
            needs.append(
                {
                    "centre_id": centre_id,
                    "created_at": now,
                    "employer_id": e,
                    "recorded_on": today - timedelta(days=rng.randint(0, 365)),
                    "occupation": occupation,
                    "occupation_kldb": kldb,
                    "positions": rng.randint(1, 5),
                    "desired_start": today + timedelta(days=rng.randint(14, 240)),
                    "recruiting_route": rng.choice(list(RecruitingRoute)).value,
                    "notes": None,
                }
            )
    if needs:
        db.execute(insert(HiringNeed), needs)

    # placements: about one counselled person in fifteen starts with one of the employers
    placed = rng.sample(person_ids, len(person_ids) // 15) if person_ids else []
    if placed:
        placements = []
        for p in placed:
            occupation, kldb = rng.choice(_OCCUPATIONS)
            placements.append(
                {
                    "centre_id": centre_id,
                    "created_at": now,
                    "employer_id": rng.choice(employer_ids),
                    "person_id": p,
                    "type": rng.choice(("job", "job", "job", "training", "internship")),
                    "starts_on": today - timedelta(days=rng.randint(-30, 400)),
                    "occupation": occupation,
                    "occupation_kldb": kldb,
                }
            )
        db.execute(insert(Placement), placements)
    db.flush()
