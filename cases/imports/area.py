"""The imports area: what it adds to the app (see welcome.areas)."""

from __future__ import annotations

from cases.imports import api, views
from welcome.areas import Area

AREA = Area(
    name="imports",
    views=(views.router,),
    api=(api.router,),
    nav=tuple(views.NAV),
)
