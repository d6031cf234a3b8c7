"""The privacy area: what it adds to the app (see welcome.areas)."""

from __future__ import annotations

from cases.privacy import api, views
from welcome.areas import Area

AREA = Area(
    name="privacy",
    views=(views.router,),
    api=(api.router,),
    person_sections=tuple(views.PERSON_SECTIONS),
    registration=tuple(views.REGISTRATION),
    case_notices=tuple(views.CASE_NOTICES),
)
