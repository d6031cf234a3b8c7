"""The reports area: what it adds to the app (see welcome.areas)."""

from __future__ import annotations

from cases.reports import api, views
from welcome.areas import Area

AREA = Area(
    name="reports",
    views=(views.router,),
    api=(api.router,),
    nav=tuple(views.NAV),
    panels=tuple(views.PANELS),
)
