"""The retention area (issue 14): the deletion concept, legal holds, the retention run and
its daily scheduler inside `welcome serve`, and a person's erasure (see welcome.areas)."""

from __future__ import annotations

from cases.retention import api, views
from cases.retention.service import SCHEDULER
from welcome.areas import Area

AREA = Area(
    name="retention",
    views=(views.router,),
    api=(api.router,),
    nav=tuple(views.NAV),
    person_sections=tuple(views.PERSON_SECTIONS),
    startup=(SCHEDULER.start,),
    shutdown=(SCHEDULER.stop,),
)
