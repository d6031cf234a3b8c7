"""The recognition area: what it adds to the app (see welcome.areas)."""

from __future__ import annotations

from cases.recognition import (
    api,
    correction_api,
    correction_views,
    deadline_pages,
    person_cases,
    views,
)
from welcome.areas import Area

AREA = Area(
    name="recognition",
    views=(views.router, person_cases.router, deadline_pages.router, correction_views.router),
    api=(api.router, correction_api.router),
    nav=(*views.NAV, *deadline_pages.NAV),
    panels=tuple(deadline_pages.PANELS),
    person_sections=tuple(views.PERSON_SECTIONS),
)
