"""The counselling area: what it adds to the app (see welcome.areas)."""

from __future__ import annotations

from cases.counselling import api, correction_views, corrections_api, person_page, queries, views
from welcome.areas import Area

AREA = Area(
    name="counselling",
    views=(views.router, person_page.router, correction_views.router),
    api=(api.router, corrections_api.router),
    nav=tuple(views.NAV),
    panels=tuple(views.PANELS),
    person_sections=tuple(person_page.PERSON_SECTIONS),
    search_panels=tuple(views.SEARCH_PANELS),
    person_stewards=(queries.counsels,),
)
