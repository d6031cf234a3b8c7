"""Every code of the shared vocabulary has a translated label."""

from __future__ import annotations

from cases.codes import LABELS
from welcome.i18n import force_locale


def test_every_code_has_a_label_in_german_and_english() -> None:
    for enum, labels in LABELS.items():
        for locale in ("de", "en"):
            with force_locale(locale):
                shown = labels()
            assert set(shown) == {m.value for m in enum}, enum
            assert all(shown.values()), enum
