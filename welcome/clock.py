"""The app's day: every "today" (a date that may not lie in the future, a default date, the
quarter that has ended) is asked here.

Only under WELCOME_ENV=test, `WELCOME_TEST_TODAY` (an ISO date) holds it: the suite sets it to
the day its run began, so that a run across midnight does not see two days (tests that took
today when they were collected against an app that asked again later). Elsewhere the variable
has no effect. Deadlines of recognition procedures are days in Saxony and have their own
clock (cases/recognition/due_lists.py).
"""

from __future__ import annotations

import os
from datetime import date


def today() -> date:
    if os.environ.get("WELCOME_ENV") == "test" and (pinned := os.environ.get("WELCOME_TEST_TODAY")):
        return date.fromisoformat(pinned)
    return date.today()
