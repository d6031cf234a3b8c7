"""The accounts area: what it adds to the app (see welcome.areas)."""

from __future__ import annotations

from welcome.accounts import api, views
from welcome.areas import Area

AREA = Area(
    name="accounts",
    views=(views.router,),
    api=(api.router,),
    nav=tuple(views.NAV),
)
