"""Translated labels: the shell's codes (roles, audit actions) and `Code`, the base of every
code enumeration of the domain (its members carry their labels)."""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Self

from welcome.i18n import _


def role_names() -> dict[str, str]:
    return {
        "counsellor": _("Counsellor"),
        "lead": _("Centre lead"),
        "statistician": _("Statistician"),
        "admin": _("Administrator"),
    }


def action_names() -> dict[str, str]:
    return {
        "view": _("viewed"),
        "create": _("created"),
        "update": _("changed"),
        "delete": _("deleted"),
        "merge": _("merged"),
        "unmerge": _("merge undone"),
        "export": _("exported"),
        "login": _("logged in"),
        "logout": _("logged out"),
        "login_failed": _("failed login"),
        "login_throttled": _("login refused (too many attempts)"),
        "cancel": _("cancelled (opened by mistake)"),
        "restore": _("deletion undone"),
        "purge": _("removed for good"),
        "search": _("listed or searched"),
        "anonymise": _("anonymised"),
        "redact": _("personal values removed from older entries"),
    }


class Code(StrEnum):
    """A code of DOMAIN.md with its translated label, declared together:

        class Gender(Code):
            FEMALE = "female", _l("female")

    `Gender.FEMALE.label` is the label in the current locale; `Gender.labels()` maps every code
    to its label (for select boxes and tables), in declaration order."""

    _label: Any

    def __new__(cls, value: str, label: Any = None) -> Self:
        member = str.__new__(cls, value)
        member._value_ = value
        member._label = label
        return member

    @property
    def label(self) -> str:
        return str(self._label) if self._label is not None else self.value

    @classmethod
    def labels(cls) -> dict[str, str]:
        return {member.value: member.label for member in cls}

    @classmethod
    def label_of(cls, code: str | None) -> str:
        """The label of a stored code ("" for none, the code itself if it is unknown)."""
        if code is None:
            return ""
        try:
            return cls(code).label
        except ValueError:
            return code
