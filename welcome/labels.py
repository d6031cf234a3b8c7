"""Translated labels for the shell's codes (roles, audit actions)."""

from __future__ import annotations

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
        "export": _("exported"),
        "login": _("logged in"),
        "logout": _("logged out"),
        "login_failed": _("failed login"),
    }
