"""The persons area: what it adds to the app (see welcome.areas)."""

from __future__ import annotations

from cases import codelists
from cases.persons import api, merge_views, pickers, views
from welcome.areas import Area

AREA = Area(
    name="persons",
    views=(views.router, merge_views.router, pickers.router),
    api=(api.router,),
    nav=tuple(views.NAV),
    startup=(codelists.load_all,),  # the occupation and sector lists, off the request path
)
