"""Realistic demo and scale data: persons with cases, contacts over two years, referrals,
outcomes and consents, written with bulk inserts (50,000 persons in well under two minutes).

`generate(db, centre_id=…, persons=N, seed=…)` returns the new person ids, so other areas can
hang employers, placements or recognition procedures on them.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import func, insert, select, text
from sqlmodel import Session, SQLModel, col

from cases.counselling.codes import (
    Channel,
    ClosureReason,
    ContactTopic,
    OutcomeType,
    ReferralPartner,
    ReferralSource,
)
from cases.counselling.models import (
    Case,
    Consent,
    Contact,
    ContactTopicRow,
    Outcome,
    Referral,
)
from cases.persons import matching
from cases.persons.models import Person, PersonNationality, PersonSearchKey
from welcome import clock
from welcome.accounts.models import User

BATCH = 5_000

# client group mix (DOMAIN.md: a little more from abroad than from Germany)
GROUPS = (
    ("returnee", 24),
    ("domestic_mover", 17),
    ("eu_immigrant", 17),
    ("third_country_immigrant", 30),
    ("prospect_abroad", 7),
    ("family_member", 5),
)
# largest foreign groups in Saxony first
EU = (("PL", 30), ("RO", 20), ("CZ", 15), ("BG", 8), ("HU", 8), ("IT", 7), ("ES", 6), ("AT", 6))
THIRD = (
    ("UA", 30),
    ("SY", 16),
    ("AF", 10),
    ("RU", 8),
    ("VN", 8),
    ("IN", 9),
    ("TR", 7),
    ("TN", 4),
    ("BR", 4),
    ("RS", 4),
)
# first names alternate female, male (see _first_name)
NAMES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "DE": (
        ("Anna", "Lukas", "Julia", "Jürgen", "Sabine", "Felix", "Katrin", "Tobias", "Maria",
         "Jörg"),
        ("Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker",
         "Schulz", "Hoffmann", "Krause", "Richter", "Böhm", "Lange", "Neumann"),
    ),
    "PL": (
        ("Katarzyna", "Piotr", "Agnieszka", "Tomasz", "Małgorzata", "Łukasz"),
        ("Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kamiński", "Lewandowski"),
    ),
    "CZ": (("Jana", "Petr", "Tereza", "Jiří"), ("Novák", "Svoboda", "Dvořák", "Černý")),
    "RO": (("Andreea", "Ionuț", "Elena", "Mihai"), ("Popescu", "Ionescu", "Stan", "Dumitru")),
    "UA": (
        ("Olena", "Oleksandr", "Iryna", "Andrii", "Kateryna", "Dmytro", "Natalia", "Serhii"),
        ("Ivanova", "Kovalenko", "Bondarenko", "Shevchenko", "Tkachenko", "Kravchenko", "Melnyk"),
    ),
    "SY": (
        ("Fatima", "Mohammed", "Rama", "Ahmad", "Lina", "Omar"),
        ("Al-Hassan", "Khalil", "Haddad", "Nasser", "Darwish", "Saleh"),
    ),
    "AF": (("Mariam", "Farid", "Zahra", "Ahmad"), ("Ahmadi", "Rahimi", "Karimi", "Hosseini")),
    "VN": (("Linh", "Minh", "Thu", "Anh"), ("Nguyen", "Tran", "Le", "Pham")),
    "IN": (("Priya", "Rahul", "Ananya", "Arjun"), ("Sharma", "Patel", "Reddy", "Iyer")),
    "TR": (("Elif", "Mehmet", "Zeynep", "Emre"), ("Yılmaz", "Kaya", "Demir", "Şahin")),
    "RU": (("Natalja", "Sergej", "Olga", "Dmitri"), ("Smirnow", "Kusnezow", "Popowa", "Wolkow")),
    "BR": (("Ana", "João", "Beatriz", "Lucas"), ("Silva", "Santos", "Oliveira", "Souza")),
}  # fmt: skip
LANGUAGE_OF = {
    "DE": "de", "PL": "pl", "CZ": "cs", "RO": "ro", "BG": "bg", "HU": "hu", "IT": "it",
    "ES": "es", "AT": "de", "UA": "uk", "SY": "ar", "AF": "fa", "RU": "ru", "VN": "vi",
    "IN": "en", "TR": "tr", "TN": "ar", "BR": "pt-BR", "RS": "sr",
}  # fmt: skip
MUNICIPALITIES = (
    "Annaberg-Buchholz", "Aue-Bad Schlema", "Marienberg", "Stollberg", "Schwarzenberg",
    "Olbernhau", "Zschopau", "Thalheim", "Oelsnitz", "Johanngeorgenstadt",
)  # fmt: skip
STATES = ("DE-BY", "DE-BW", "DE-NW", "DE-BE", "DE-HE", "DE-NI", "DE-TH", "DE-ST", "DE-BB")
KLDB = ("43104", "81302", "25212", "26122", "62102", "73202", "52122", "82102", "34202")


def _pick(rng: random.Random, weighted: Sequence[tuple[str, int]]) -> str:
    return rng.choices([c for c, _w in weighted], weights=[w for _c, w in weighted])[0]


def _next_id(db: Session, model: type[SQLModel]) -> int:
    pk = model.__table__.primary_key.columns.values()[0]  # type: ignore[attr-defined]
    return int(db.scalar(select(func.coalesce(func.max(pk), 0))) or 0) + 1


def _insert(db: Session, model: type[SQLModel], rows: list[dict[str, Any]]) -> None:
    """Bulk insert: executemany in batches; COPY on PostgreSQL (several times faster)."""
    if not rows:
        return
    if db.get_bind().dialect.name == "postgresql":
        columns = list(rows[0])
        table = model.__tablename__
        quoted = ", ".join(f'"{c}"' for c in columns)
        raw = db.connection().connection.driver_connection
        cursor = raw.cursor()  # type: ignore[union-attr]
        with cursor, cursor.copy(f'COPY "{table}" ({quoted}) FROM STDIN') as copy:
            for row in rows:
                copy.write_row([row[c] for c in columns])
        return
    for start in range(0, len(rows), BATCH):
        db.execute(insert(model), rows[start : start + BATCH])


def _fix_sequences(db: Session, tables: Sequence[str]) -> None:
    """After explicit ids on PostgreSQL, move each serial sequence past the largest id."""
    if db.get_bind().dialect.name != "postgresql":
        return
    for table in tables:
        db.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"
            )
        )


def _first_name(rng: random.Random, names: Sequence[str], gender: str) -> str:
    if gender == "female":
        return rng.choice(names[0::2])
    if gender == "male":
        return rng.choice(names[1::2])
    return rng.choice(names)


def _person(rng: random.Random, today: date) -> tuple[dict[str, Any], list[str]]:
    group = _pick(rng, GROUPS)
    if group in ("returnee", "domestic_mover"):
        nationality = "DE"
    elif group == "eu_immigrant":
        nationality = _pick(rng, EU)
    elif group == "family_member":
        nationality = _pick(rng, THIRD + EU)
    else:
        nationality = _pick(rng, THIRD)
    firsts, lasts = NAMES.get(nationality, NAMES["DE"] if nationality == "AT" else NAMES["UA"])
    gender = rng.choices(("female", "male", "diverse", "not_stated"), (47, 49, 1, 3))[0]
    first, last = _first_name(rng, firsts, gender), rng.choice(lasts)
    age = max(16, min(70, int(rng.gauss(33, 10))))
    if group == "family_member" and rng.random() < 0.3:
        age = rng.randint(16, 24)
    previous_country: str | None = None
    previous_state: str | None = None
    if group == "domestic_mover":
        previous_country, previous_state = "DE", rng.choice(STATES)
    elif group == "returnee":
        previous_country = "DE" if rng.random() < 0.7 else rng.choice(("AT", "CH", "NO", "US"))
        previous_state = rng.choice(STATES) if previous_country == "DE" else None
    elif group != "family_member" or rng.random() < 0.5:
        previous_country = nationality if nationality != "DE" else None
    language = LANGUAGE_OF.get(nationality, "en")
    residence = {
        "returnee": "german_citizen",
        "domestic_mover": "german_citizen",
        "eu_immigrant": "eu_free_movement",
    }.get(group) or rng.choice(
        ("skilled_worker", "recognition", "humanitarian", "job_search", "study_training", "unknown")
    )
    children = rng.choice((0, 0, 0, 1, 2, 3))
    row = {
        "client_group": group,
        "first_name": first,
        "last_name": last,
        "search_first": matching.normalise(first),
        "search_last": matching.normalise(last),
        "birth_year": today.year - age,
        "gender": gender,
        "previous_residence_country": previous_country,
        "previous_residence_state": previous_state,
        "municipality": rng.choice(MUNICIPALITIES),
        "arrived_on": today - timedelta(days=rng.randint(0, 900))
        if group != "prospect_abroad"
        else None,
        "preferred_language": language,
        "counselling_language": "de" if nationality in ("DE", "AT") else rng.choice(("de", "en")),
        "residence_status": residence,
        "german_level": "native"
        if nationality in ("DE", "AT")
        else rng.choice(("none", "a1", "a2", "b1", "b2", "c1")),
        "qualification_level": rng.choice(
            ("vocational", "vocational", "bachelor", "master", "advanced_vocational", "none")
        ),
        "occupation_kldb": rng.choice(KLDB) if rng.random() < 0.6 else None,
        "occupation_title": None,
        "family_situation": "family_with_children"
        if children
        else rng.choice(("single", "couple", "not_stated")),
        "children_count": children or None,
    }
    nationalities = [nationality]
    if nationality != "DE" and rng.random() < 0.05:
        nationalities.append("DE")
    return row, nationalities


TWICE = ("Łukasz", "Wiśniewski")


def _registered_twice(row: dict[str, Any], birth_year: int) -> tuple[dict[str, Any], list[str]]:
    """Łukasz Wiśniewski registered twice, with different birth years: the duplicate pair of
    the demo data (the first person and the one in the middle), to try merging on."""
    return {
        **row,
        "client_group": "eu_immigrant",
        "first_name": TWICE[0],
        "last_name": TWICE[1],
        "search_first": matching.normalise(TWICE[0]),
        "search_last": matching.normalise(TWICE[1]),
        "birth_year": birth_year,
        "gender": "male",
        "previous_residence_country": "PL",
        "previous_residence_state": None,
        "preferred_language": "pl",
        "residence_status": "eu_free_movement",
        "german_level": "b1",
    }, ["PL"]


def generate(db: Session, *, centre_id: int, persons: int, seed: int) -> list[int]:
    """N persons of one centre with cases, contacts, referrals, outcomes and consents."""
    rng = random.Random(seed)
    today = clock.today()
    now = datetime.now(UTC)
    counsellors = list(
        db.scalars(
            select(col(User.id)).where(
                col(User.centre_id) == centre_id, col(User.role).in_(("counsellor", "lead"))
            )
        )
    ) or [None]
    person_id = _next_id(db, Person)
    case_id = _next_id(db, Case)
    contact_id = _next_id(db, Contact)
    person_rows: list[dict[str, Any]] = []
    nationality_rows: list[dict[str, Any]] = []
    key_rows: list[dict[str, Any]] = []
    case_rows: list[dict[str, Any]] = []
    contact_rows: list[dict[str, Any]] = []
    topic_rows: list[dict[str, Any]] = []
    referral_rows: list[dict[str, Any]] = []
    outcome_rows: list[dict[str, Any]] = []
    consent_rows: list[dict[str, Any]] = []
    ids: list[int] = []
    topics = [t.value for t in ContactTopic]
    topic_weights = [9, 4, 6, 6, 5, 5, 2, 2, 4, 3, 2, 1, 1, 1]
    channels = [c.value for c in Channel]
    channel_weights = [45, 25, 15, 8, 3, 3, 1]
    partners = [p.value for p in ReferralPartner]
    outcome_types = [o.value for o in OutcomeType]
    closures = [c.value for c in ClosureReason]
    pair = {0: 0, persons // 2: 2} if persons >= 10 else {}
    for _n in range(persons):
        row, nationalities = _person(rng, today)
        if _n in pair:  # the same man registered twice (to try merging on)
            row, nationalities = _registered_twice(row, today.year - 35 + pair[_n])
        elif (row["first_name"], row["last_name"]) == TWICE:  # and no third one
            row = {**row, "last_name": "Wójcik", "search_last": matching.normalise("Wójcik")}
        pid = person_id
        person_id += 1
        ids.append(pid)
        person_rows.append({**row, "id": pid, "centre_id": centre_id, "created_at": now})
        nationality_rows += [
            {"person_id": pid, "country": c, "position": i} for i, c in enumerate(nationalities)
        ]
        key_rows += [
            {"person_id": pid, "key": k}
            for k in matching.keys_for(row["first_name"], row["last_name"])
        ]
        consent_rows.append(
            {
                "person_id": pid,
                "centre_id": centre_id,
                "created_at": now,
                "purpose": "case_file",
                "given_on": today - timedelta(days=rng.randint(0, 730)),
                "sheet_version": "2025-01",
                "sheet_language": row["preferred_language"] or "de",
                "withdrawn_on": None,
            }
        )
        for _c in range(2 if rng.random() < 0.1 else 1):
            cid = case_id
            case_id += 1
            opened = today - timedelta(days=rng.randint(0, 730))
            span = (today - opened).days
            n_contacts = min(rng.randint(1, 11), 1 + span // 7)
            dates = sorted(
                opened + timedelta(days=rng.randint(0, span)) for _i in range(n_contacts)
            )
            counsellor = rng.choice(counsellors)
            for on in dates:
                contact_rows.append(
                    {
                        "id": contact_id,
                        "case_id": cid,
                        "centre_id": centre_id,
                        "created_at": now,
                        "date": on,
                        "duration_minutes": rng.choice((15, 20, 30, 30, 45, 60, 60, 90)),
                        "channel": rng.choices(channels, channel_weights)[0],
                        "language": row["counselling_language"],
                        "notes": None,
                        "counsellor_id": counsellor,
                    }
                )
                chosen = set(rng.choices(topics, topic_weights, k=rng.randint(1, 3)))
                topic_rows += [{"contact_id": contact_id, "topic": t} for t in chosen]
                contact_id += 1
            closed = span > 90 and rng.random() < 0.45
            closed_on = dates[-1] + timedelta(days=rng.randint(0, 30)) if closed else None
            if closed_on is not None and closed_on > today:
                closed_on = today
            case_rows.append(
                {
                    "id": cid,
                    "person_id": pid,
                    "centre_id": centre_id,
                    "created_at": now,
                    "counsellor_id": counsellor,
                    "opened_on": opened,
                    "closed_on": closed_on,
                    "status": "closed" if closed else "open",
                    "referral_source": rng.choice([s.value for s in ReferralSource]),
                    "closure_reason": rng.choice(closures) if closed else None,
                    "last_contact_on": dates[-1],
                }
            )
            if rng.random() < 0.3:
                referral_rows.append(
                    {
                        "case_id": cid,
                        "centre_id": centre_id,
                        "created_at": now,
                        "date": rng.choice(dates),
                        "partner": rng.choice(partners),
                        "notes": None,
                    }
                )
            if rng.random() < 0.4:
                outcome_rows.append(
                    {
                        "case_id": cid,
                        "centre_id": centre_id,
                        "created_at": now,
                        "date": dates[-1],
                        "type": rng.choice(outcome_types),
                    }
                )
    _insert(db, Person, person_rows)
    _insert(db, PersonNationality, nationality_rows)
    _insert(db, PersonSearchKey, key_rows)
    _insert(db, Case, case_rows)
    _insert(db, Contact, contact_rows)
    _insert(db, ContactTopicRow, topic_rows)
    _insert(db, Referral, referral_rows)
    _insert(db, Outcome, outcome_rows)
    _insert(db, Consent, consent_rows)
    _fix_sequences(db, ("persons", "cases", "contacts"))
    # fresh statistics, so the query planner picks the selective indexes on the new data
    db.execute(text("ANALYZE"))
    return ids
