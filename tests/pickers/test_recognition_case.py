"""A new recognition procedure not opened from a person's page: the person by the persons
picker, then the case from a select of that person's cases (filled by htmx when the person is
picked); without JavaScript the person's newest open case is taken, and the form says so."""

from __future__ import annotations

import re
from datetime import timedelta

from fastapi.testclient import TestClient

from cases.counselling.models import Case
from cases.recognition.models import RecognitionProcedure
from tests.conftest import Factory, csrf_from, login
from tests.recognition.conftest import make_person
from welcome import clock
from welcome.accounts.models import Centre

TODAY = clock.today()


def _case(factory: Factory, centre: Centre, person: int, days: int, status: str = "open") -> int:
    assert centre.id is not None
    with factory.session() as db:
        case = Case(centre_id=centre.id, person_id=person, opened_on=TODAY - timedelta(days=days),
                    status=status, closed_on=TODAY if status == "closed" else None)  # fmt: skip
        db.add(case)
        db.flush()
        assert case.id is not None
        return case.id


def test_the_case_follows_the_person(client: TestClient, factory: Factory) -> None:
    centre = factory.centre("Erzgebirge")
    user = factory.user(role="counsellor", centre=centre, locale="en")
    person = make_person(factory, centre)
    old = _case(factory, centre, person, 300)
    newest = _case(factory, centre, person, 20)
    closed = _case(factory, centre, person, 5, status="closed")
    lonely = make_person(factory, centre, first="Ivan", last="Ohnefall")
    dresden = factory.centre("Dresden")
    stranger = make_person(factory, dresden, first="Ana", last="Fremd")
    _case(factory, dresden, stranger, 10)
    assert login(client, user.email).status_code == 303

    page = client.get("/recognitions/new").text
    field = re.search(r'<div id="case-field"[^>]*>', page)
    assert field is not None, page
    assert 'hx-get="/recognitions/person-cases"' in field.group(0)
    assert 'hx-trigger="change changed from:#f-person_id"' in field.group(0)
    assert "hx-include=\"[name='person_id']\"" in field.group(0)
    assert 'name="case_auto" value="1"' in page
    assert "newest open case is taken" in page
    assert 'id="f-case_id"' not in page  # no free number field any more

    # what htmx swaps in once the person is picked: the open cases first, the newest chosen
    answer = client.get("/recognitions/person-cases", params={"person_id": str(person)})
    assert answer.status_code == 200 and "<html" not in answer.text
    options = re.findall(r'<option value="(\d*)"( selected)?>', answer.text)
    assert options == [("", ""), (str(newest), " selected"), (str(old), ""), (str(closed), "")]
    assert "case_auto" not in answer.text
    none = client.get("/recognitions/person-cases", params={"person_id": str(lonely)}).text
    assert "This person has no case yet" in none and "<select" not in none
    other = client.get("/recognitions/person-cases", params={"person_id": str(stranger)}).text
    assert "<select" not in other  # another centre's cases are never listed
    assert "<select" not in client.get("/recognitions/person-cases?person_id=x").text

    # without JavaScript: the person by number, the newest open case taken
    form = {"csrf_token": csrf_from(page), "person_id": str(person), "case_auto": "1",
            "reference_occupation": "Pflegefachfrau", "authority": "ksv_sachsen",
            "legal_basis": "federal"}  # fmt: skip
    created = client.post("/recognitions", data=form, follow_redirects=False)
    assert created.status_code == 303, created.text
    # with JavaScript: the case chosen in the select is kept (and no case at all is possible)
    chosen = client.post("/recognitions", data={**form, "case_auto": "", "case_id": str(old)},
                         follow_redirects=False)  # fmt: skip
    assert chosen.status_code == 303, chosen.text
    without = client.post("/recognitions", data={**form, "case_auto": ""},
                          follow_redirects=False)  # fmt: skip
    assert without.status_code == 303, without.text
    with factory.session() as db:
        ids = [int(r.headers["location"].rsplit("/", 1)[1]) for r in (created, chosen, without)]
        got = [db.get(RecognitionProcedure, i) for i in ids]
        assert [p.case_id for p in got if p is not None] == [newest, old, None]

    # an error elsewhere: the form again lists the typed person's cases, the newest open chosen
    again = client.post("/recognitions", data={**form, "reference_occupation": ""})
    assert again.status_code == 422
    assert f'<option value="{newest}" selected>' in again.text
