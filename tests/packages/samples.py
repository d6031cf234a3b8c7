"""Sample facts for welcome-package tests (no database): a default and the three profiles of
issue 16's "Done when"."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import UTC, date, datetime
from functools import lru_cache

from cases.packages.checklist import Profile, Recognition
from cases.packages.context import ContactFacts, Facts
from cases.packages.pdf import image_data_url

NAME = "Anna Nguyễn-Müller"
ISSUED = date(2026, 3, 3)
CENTRE_ADDRESS = "Buchholzer Straße 2, 09456 Annaberg-Buchholz"
CENTRE_PHONE = "03733 145-0"
CENTRE_EMAIL = "welcome@erzgebirge.example.org"


@lru_cache(maxsize=1)
def logo_png() -> bytes:
    """A small logo (a blue disc beside a bar) as the centre would upload it."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (240, 90), "white")
    draw = ImageDraw.Draw(image)
    draw.ellipse((5, 5, 85, 85), fill=(11, 79, 108))
    draw.rectangle((100, 30, 235, 60), fill=(154, 170, 187))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def facts(**profile: object) -> Facts:
    values: dict[str, object] = {
        "client_group": "third_country_immigrant",
        "nationalities": ("SY",),
        "family_situation": "family_with_children",
        "arrived_on": date(2026, 3, 2),
        "recognitions": (
            Recognition(
                "Pflegefachfrau",
                "Landesdirektion Sachsen",
                status="applied",
                receipt_due_on=date(2026, 4, 2),
            ),
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
        issued_on=ISSUED,
        centre_address=CENTRE_ADDRESS,
        centre_phone=CENTRE_PHONE,
        centre_email=CENTRE_EMAIL,
        logo=image_data_url(logo_png(), "image/png"),
    )


def _person(name: str, issued: date, **profile: object) -> Facts:
    return replace(
        facts(**profile),
        person_name=name,
        issued_on=issued,
        appointment_at=datetime(2026, 12, 8, 9, 0, tzinfo=UTC),
    )


def ukrainian() -> Facts:
    """Under temporary protection (§ 24 AufenthG, status group humanitarian) with a
    Ukrainian driving licence, in Leipzig (a kreisfreie Stadt), single."""
    return _person(
        "Olena Kovalenko",
        date(2026, 12, 1),
        client_group="third_country_immigrant",
        nationalities=("UA",),
        residence_status="humanitarian",
        previous_residence_country="UA",
        family_situation="single",
        arrived_on=date(2026, 11, 20),
        german_level="a1",
        municipality="Leipzig",
        licence_country="UA",
        recognitions=(),
    )


def returnee() -> Facts:
    """A German returnee from Switzerland with a Swiss driving licence, arrived long ago:
    registration overdue, licence deadline still ahead."""
    return _person(
        "Jonas Weber",
        date(2026, 12, 1),
        client_group="returnee",
        nationalities=("DE",),
        residence_status="german_citizen",
        previous_residence_country="CH",
        family_situation="single",
        arrived_on=date(2026, 10, 1),
        german_level="native",
        municipality="Annaberg-Buchholz",
        licence_country="CH",
        recognitions=(),
    )


def syrian_family() -> Facts:
    """A Syrian family with two children (humanitarian status § 25, not § 24), no licence
    recorded, a recognition procedure being prepared."""
    return _person(
        "Rami Al-Hassan",
        date(2026, 12, 1),
        client_group="third_country_immigrant",
        nationalities=("SY",),
        residence_status="humanitarian",
        previous_residence_country="TR",
        family_situation="family_with_children",
        children_count=2,
        arrived_on=date(2026, 11, 25),
        german_level="none",
        municipality="Chemnitz",
        recognitions=(Recognition("Elektroniker", "Handwerkskammer Chemnitz", "preparing"),),
    )
