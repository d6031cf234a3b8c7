"""Sections and divisions of the German classification of economic activities (WZ).

WZ 2008 is the German version of NACE Rev. 2: sections A–U, divisions 01–99 with gaps.
WZ 2025 is the German version of NACE Rev. 2.1 and identical to it down to the division
level (the German additions start below the class). The lists for WZ 2025 below are taken
from NACE Rev. 2.1: 22 sections A–V; division 45 (motor-vehicle trade and repair) no longer
exists (its parts moved to 46, 47 and 95); information and communication is split into J
(publishing, broadcasting, content: 58–60) and K (telecommunication, IT: 61–63); the later
sections shift by one letter (L finance … V extraterritorial organisations).

A sector code is any code of the full list of its version (cases/data/, cases/codelists.py):
a section letter ("C"), a division ("25"), group ("25.1"), class ("25.11") or subclass
("25.11.0"); "99.99.9" is refused.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from cases import codelists
from welcome.i18n import _l


class WzVersion(StrEnum):
    WZ2008 = "2008"
    WZ2025 = "2025"


def _divisions(*spans: tuple[int, int]) -> tuple[str, ...]:
    return tuple(f"{n:02d}" for start, end in spans for n in range(start, end + 1))


WZ2008: dict[str, tuple[str, ...]] = {
    "A": _divisions((1, 3)),
    "B": _divisions((5, 9)),
    "C": _divisions((10, 33)),
    "D": _divisions((35, 35)),
    "E": _divisions((36, 39)),
    "F": _divisions((41, 43)),
    "G": _divisions((45, 47)),
    "H": _divisions((49, 53)),
    "I": _divisions((55, 56)),
    "J": _divisions((58, 63)),
    "K": _divisions((64, 66)),
    "L": _divisions((68, 68)),
    "M": _divisions((69, 75)),
    "N": _divisions((77, 82)),
    "O": _divisions((84, 84)),
    "P": _divisions((85, 85)),
    "Q": _divisions((86, 88)),
    "R": _divisions((90, 93)),
    "S": _divisions((94, 96)),
    "T": _divisions((97, 98)),
    "U": _divisions((99, 99)),
}

# NACE Rev. 2.1 (Regulation (EU) 2023/137), which WZ 2025 follows at these levels
WZ2025: dict[str, tuple[str, ...]] = {
    "A": _divisions((1, 3)),
    "B": _divisions((5, 9)),
    "C": _divisions((10, 33)),
    "D": _divisions((35, 35)),
    "E": _divisions((36, 39)),
    "F": _divisions((41, 43)),
    "G": _divisions((46, 47)),
    "H": _divisions((49, 53)),
    "I": _divisions((55, 56)),
    "J": _divisions((58, 60)),
    "K": _divisions((61, 63)),
    "L": _divisions((64, 66)),
    "M": _divisions((68, 68)),
    "N": _divisions((69, 75)),
    "O": _divisions((77, 82)),
    "P": _divisions((84, 84)),
    "Q": _divisions((85, 85)),
    "R": _divisions((86, 88)),
    "S": _divisions((90, 93)),
    "T": _divisions((94, 96)),
    "U": _divisions((97, 98)),
    "V": _divisions((99, 99)),
}

TABLES: dict[str, dict[str, tuple[str, ...]]] = {
    WzVersion.WZ2008.value: WZ2008,
    WzVersion.WZ2025.value: WZ2025,
}
DEFAULT_VERSION = WzVersion.WZ2008.value

# section titles (NACE Rev. 2 and Rev. 2.1, shortened where the official title runs long);
# from G on WZ 2025 renames and re-letters sections, so each version has its own table
_COMMON_TITLES: dict[str, Any] = {
    "A": _l("Agriculture, forestry and fishing"),
    "B": _l("Mining and quarrying"),
    "C": _l("Manufacturing"),
    "D": _l("Energy supply"),
    "E": _l("Water supply, sewerage and waste management"),
    "F": _l("Construction"),
    "H": _l("Transportation and storage"),
    "I": _l("Accommodation and food services"),
}
TITLES: dict[str, dict[str, Any]] = {
    WzVersion.WZ2008.value: {
        **_COMMON_TITLES,
        "G": _l("Trade; repair of motor vehicles"),
        "J": _l("Information and communication"),
        "K": _l("Financial and insurance services"),
        "L": _l("Real estate"),
        "M": _l("Professional, scientific and technical services"),
        "N": _l("Other business services"),
        "O": _l("Public administration, defence, social security"),
        "P": _l("Education"),
        "Q": _l("Health and social work"),
        "R": _l("Arts, entertainment and recreation"),
        "S": _l("Other services"),
        "T": _l("Private households"),
        "U": _l("Extraterritorial organisations"),
    },
    WzVersion.WZ2025.value: {
        **_COMMON_TITLES,
        "G": _l("Trade"),
        "J": _l("Publishing, broadcasting and content"),
        "K": _l("Telecommunication, IT and information services"),
        "L": _l("Financial and insurance services"),
        "M": _l("Real estate"),
        "N": _l("Professional, scientific and technical services"),
        "O": _l("Other business services"),
        "P": _l("Public administration, defence, social security"),
        "Q": _l("Education"),
        "R": _l("Health and social work"),
        "S": _l("Arts, sports and recreation"),
        "T": _l("Other services"),
        "U": _l("Private households"),
        "V": _l("Extraterritorial organisations"),
    },
}


def normalise(code: str) -> str:
    """Spaces removed, section letters upper-case ("wz c" is not a code, "c" is "C")."""
    return code.strip().upper().replace(" ", "")


def division_section(version: str, division: str) -> str | None:
    for section, divisions in TABLES.get(version, {}).items():
        if division in divisions:
            return section
    return None


def section_of(version: str, code: str) -> str | None:
    """The section letter a valid code belongs to, or None when the code is not valid."""
    table = TABLES.get(version)
    if table is None:
        return None
    code = normalise(code)
    if code in table:
        return code
    return codelists.wz_section(version, code)  # the full list of the version


def is_valid(version: str, code: str) -> bool:
    return section_of(version, code) is not None


def sections(version: str) -> list[str]:
    return list(TABLES.get(version, {}))


def section_title(version: str, section: str | None) -> str | None:
    """The title of a section in the current language, or None for an unknown one."""
    title = TITLES.get(version, {}).get(section or "")
    return None if title is None else str(title)


def section_choices() -> dict[str, str]:
    """Section letter → title for a filter over both versions (a letter that means something
    else in WZ 2025 shows both titles)."""
    choices: dict[str, str] = {}
    for letter in sorted(set(WZ2008) | set(WZ2025)):
        old = section_title(WzVersion.WZ2008.value, letter)
        new = section_title(WzVersion.WZ2025.value, letter)
        if old == new or new is None or old is None:
            choices[letter] = str(old or new)
        else:
            choices[letter] = f"{old} (WZ 2008) / {new} (WZ 2025)"
    return choices
