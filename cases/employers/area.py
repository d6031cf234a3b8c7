"""The employers area: what it adds to the app (see welcome.areas)."""

from __future__ import annotations

from cases.employers import (
    api,
    correction_api,
    correction_views,
    entry_views,
    event_views,
    merge_views,
    pickers,
    views,
)
from welcome.areas import Area

AREA = Area(
    name="employers",
    views=(
        views.router,
        entry_views.router,
        event_views.router,
        correction_views.router,
        merge_views.router,
        pickers.router,
    ),
    api=(api.router, correction_api.router),
    nav=tuple(views.NAV),
    panels=tuple(views.PANELS),
    person_sections=tuple(views.PERSON_SECTIONS),
)
