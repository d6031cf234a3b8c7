"""The `privacy` gettext domain: the texts of the information sheet and of the export PDF.

`pd_` / `pdn_` are the keywords of `i18n/babel-privacy.cfg`; the UI extraction (`messages`)
does not pick them up. The texts follow the current locale (use `force_locale`).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from welcome.i18n import CATALOG_DIR, PRIVACY_DOMAIN, dgettext, dngettext

_REVIEW = re.compile(r"X-Review-Status:\s*([A-Za-z ]+)")


def pd_(message: str, **variables: Any) -> str:
    return dgettext(PRIVACY_DOMAIN, message, **variables)


def pdn_(singular: str, plural: str, n: int, **variables: Any) -> str:
    return dngettext(PRIVACY_DOMAIN, singular, plural, n, **variables)


@lru_cache(maxsize=16)
def review_status(catalog: str) -> str:
    """`X-Review-Status` of the language's privacy catalog ("reviewed" / "not reviewed"),
    marked in the header comment as the package's documents catalogs are."""
    path = CATALOG_DIR / catalog / "LC_MESSAGES" / f"{PRIVACY_DOMAIN}.po"
    if not path.exists():
        return "not reviewed"
    found = _REVIEW.search(path.read_text(encoding="utf-8"))
    return "reviewed" if found and found.group(1).strip().lower() == "reviewed" else "not reviewed"
