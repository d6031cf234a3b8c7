"""The packages area: what it adds to the app (see welcome.areas)."""

from __future__ import annotations

from cases.packages import api, views
from welcome.areas import Area

AREA = Area(
    name="packages",
    views=(views.router,),
    api=(api.router,),
    nav=tuple(views.NAV),
    person_sections=tuple(views.PERSON_SECTIONS),
    startup=tuple(views.WARM_UP),
    shutdown=tuple(views.SHUTDOWN),
)
