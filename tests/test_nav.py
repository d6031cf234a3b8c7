"""The one navigation entry marked as the current page (aria-current="page")."""

from __future__ import annotations

from welcome.nav import NavItem, current

ITEMS = [
    NavItem("/", lambda: "Dashboard"),
    NavItem("/recognitions", lambda: "Recognition"),
    NavItem("/recognitions/deadlines", lambda: "Deadlines"),
    NavItem("/cases", lambda: "Cases"),
]


def test_the_longest_prefix_at_a_segment_boundary_is_current() -> None:
    assert current(ITEMS, "/") == "/"
    assert current(ITEMS, "/recognitions") == "/recognitions"
    assert current(ITEMS, "/recognitions/12") == "/recognitions"
    assert current(ITEMS, "/recognitions/deadlines") == "/recognitions/deadlines"
    assert current(ITEMS, "/cases/3") == "/cases"


def test_off_the_navigation_nothing_is_current() -> None:
    assert current(ITEMS, "/settings") is None
    assert current(ITEMS, "/casesx") is None  # a prefix only at a segment boundary
    assert current([], "/") is None
