"""Sample facts for welcome-package tests (no database)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from cases.packages.checklist import Profile, Recognition
from cases.packages.context import ContactFacts, Facts

NAME = "Anna Nguyễn-Müller"


def facts(**profile: object) -> Facts:
    values: dict[str, object] = {
        "client_group": "third_country_immigrant",
        "nationalities": ("SY",),
        "family_situation": "family_with_children",
        "arrived_on": date(2026, 3, 2),
        "recognitions": (
            Recognition("Pflegefachfrau", "Landesdirektion Sachsen", False, date(2026, 4, 2)),
        ),
    }
    values.update(profile)
    return Facts(
        person_name=NAME,
        centre_name="Welcome Center Erzgebirge",
        counsellor_name="Petra Schulz",
        counsellor_email="p.schulz@example.org",
        profile=Profile(**values),  # type: ignore[arg-type]
        contacts=(
            ContactFacts(
                "Bürgeramt Annaberg-Buchholz",
                "Markt 1, 09456 Annaberg-Buchholz",
                "Mo–Fr 9–12",
                "03733 123",
                "buergeramt@example.org",
                (("ar", "يرجى حجز موعد عبر الإنترنت"), ("uk", "Запис онлайн")),
            ),
        ),
        appointment_at=datetime(2026, 3, 10, 8, 30, tzinfo=UTC),
        issued_on=date(2026, 3, 3),
    )
