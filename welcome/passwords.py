"""The password policy, one rule set for the command line, the forms and the API.

At least 12 characters; not one character repeated; not containing the e-mail address's local
part or the user's name; not among the 100,000 most common passwords of OWASP SecLists
(`welcome/wordlists/common-passwords-100k.txt.gz`, CC BY-SA 3.0, see its README) nor on
the list zxcvbn ships (30,000, MIT licence), compared case-insensitively, also with
digits and punctuation stripped from its ends ("Password123!" is "password").
"""

from __future__ import annotations

import gzip
import re
from functools import lru_cache
from pathlib import Path

from welcome.i18n import _

MIN_LENGTH = 12
MAX_LENGTH = 1024
COMMON_LIST = Path(__file__).parent / "wordlists" / "common-passwords-100k.txt.gz"


@lru_cache(maxsize=1)
def _common() -> frozenset[str]:
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    with gzip.open(COMMON_LIST, "rt", encoding="utf-8") as fh:
        listed = {line.strip().lower() for line in fh}
    listed.update(p.lower() for p in FREQUENCY_LISTS["passwords"])
    listed.discard("")
    return frozenset(listed)


def _parts(text: str) -> list[str]:
    return [p for p in re.split(r"[^\w]+|_", text.lower()) if len(p) >= 3]


def problem(password: str, *, email: str = "", name: str = "") -> str | None:
    """Why `password` is refused (one message), or None when it may be used."""
    if len(password) < MIN_LENGTH:
        return _("The password must have at least %(n)d characters.", n=MIN_LENGTH)
    if len(password) > MAX_LENGTH:
        return _("At most %(n)d characters.", n=MAX_LENGTH)
    lowered = password.lower()
    if len(set(lowered)) == 1:
        return _("The password may not be one repeated character.")
    local = email.split("@")[0].lower()
    if len(local) >= 3 and local in lowered:
        return _("The password may not contain your e-mail address.")
    if any(part in lowered for part in _parts(name)):
        return _("The password may not contain your name.")
    core = lowered.strip("0123456789!?.,;:-_+*#@$%&/()= ")
    if lowered in _common() or core in _common():
        return _("This password is among the most common ones. Please choose another.")
    return None
