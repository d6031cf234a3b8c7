"""The accounts area: what it adds to the app (see welcome.areas)."""

from __future__ import annotations

from welcome.accounts import admin_api, admin_views, api, views
from welcome.areas import Area

AREA = Area(
    name="accounts",
    views=(views.router, admin_views.router),
    api=(api.router, admin_api.router),
    nav=(*views.NAV, *admin_views.NAV),
)
