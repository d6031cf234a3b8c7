"""The shell area: what it adds to the app (see welcome.areas)."""

from __future__ import annotations

from welcome.areas import Area
from welcome.shell import views

AREA = Area(
    name="shell",
    views=(views.router,),
    nav=tuple(views.NAV),
)
