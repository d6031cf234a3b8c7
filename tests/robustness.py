"""What the robustness tests share: a centre with one of everything, and paths filled in."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient

from welcome import clock


def seed_centre(client: TestClient, headers: dict[str, str]) -> dict[str, int]:
    """A person with a case, an employer, an event, two procedures (one suspended)."""
    today = clock.today().isoformat()

    def made(path: str, body: dict[str, Any]) -> int:
        response = client.post(f"/api/v1{path}", json=body, headers=headers)
        assert response.status_code == 201, response.text
        return int(response.json()["id"])

    person = made(
        "/persons", {"first_name": "Olena", "last_name": "Koval", "client_group": "returnee"}
    )
    case = made("/cases", {"person_id": person, "opened_on": today})
    employer = made("/employers", {"name": "Müller GmbH", "sector_code": "25"})
    month_ago = (clock.today() - timedelta(days=30)).isoformat()
    # applied: the page offers the step forms and a new suspension
    procedure = made(
        "/recognitions",
        {"person_id": person, "reference_occupation": "Koch", "authority": "ihk_fosa",
         "applied_on": month_ago},
    )  # fmt: skip
    # documents complete and suspended: the page offers to end the suspension
    suspended = made(
        "/recognitions",
        {"person_id": person, "reference_occupation": "Bäcker", "authority": "hwk_chemnitz",
         "applied_on": month_ago, "documents_complete_on": month_ago},
    )  # fmt: skip
    made(f"/recognitions/{suspended}/suspensions", {"starts_on": clock.today().isoformat()})
    event = made(
        "/events", {"date": today, "type": "mailing", "title": "Rundbrief", "persons_reached": 0}
    )
    return {"person": person, "case": case, "employer": employer, "procedure": procedure,
            "suspended": suspended, "event": event}  # fmt: skip


# which seeded row a path parameter names; any other id is 1 (usually nothing there: a 404)
_PARAMS = {"person_id": "person", "case_id": "case", "employer_id": "employer",
           "procedure_id": "procedure", "event_id": "event"}  # fmt: skip


def filled(path: str, ids: dict[str, int]) -> str:
    """The path with its parameters replaced by the seeded ids."""
    return re.sub(
        r"\{(\w+)(?::\w+)?\}",
        lambda m: str(ids[_PARAMS[m.group(1)]]) if m.group(1) in _PARAMS else "1",
        path,
    )
