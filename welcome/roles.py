"""Roles and what each may do, in one place. Routes depend on a group; templates get `can_…`
flags (`flags_for`) instead of comparing role names."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    COUNSELLOR = "counsellor"
    LEAD = "lead"
    STATISTICIAN = "statistician"
    ADMIN = "admin"


# roles that belong to exactly one centre
NEEDS_CENTRE = frozenset({Role.COUNSELLOR, Role.LEAD})
# who works with persons, cases, procedures, employers and packages
CASE_WORKERS = frozenset({Role.COUNSELLOR, Role.LEAD, Role.ADMIN})
# a centre's own staff (the centre's report, the follow-up panels)
CENTRE_STAFF = frozenset({Role.COUNSELLOR, Role.LEAD})
# who manages a centre: users, the audit log, targets, deadlines overview, histories
MANAGERS = frozenset({Role.LEAD, Role.ADMIN})
# who reads the alliance report
REPORT_READERS = frozenset({Role.COUNSELLOR, Role.LEAD, Role.STATISTICIAN, Role.ADMIN})
# who reads across all centres
OVERALL = frozenset({Role.STATISTICIAN, Role.ADMIN})
# who may take exact (unsuppressed) figures out of the centre, submit the centre's report and
# set its targets on the report page
EXACT_FIGURES = frozenset({Role.LEAD})
SUBMITTERS = frozenset({Role.LEAD})
# who keeps the centre's local contacts (the offices its welcome packages print): the lead;
# an admin has no centre to keep them for
CONTACT_KEEPERS = frozenset({Role.LEAD})


# who may correct or delete any entry of the centre (besides the counsellor of the case), and
# undo a deletion within its keeping time
CORRECTORS = frozenset({Role.LEAD})
UNDOERS = frozenset({Role.LEAD})


def may_correct(role: str | None, user_id: int | None, owner_id: int | None) -> bool:
    """The counsellor an entry belongs to (`owner_id`: the case's counsellor) or a lead."""
    return role in CORRECTORS or (user_id is not None and user_id == owner_id)


def names(group: frozenset[Role]) -> frozenset[str]:
    return frozenset(r.value for r in group)


def flags_for(role: str | None) -> dict[str, bool]:
    """What a page may offer this role; templates test these, never role names."""
    return {
        "can_work_cases": role in CASE_WORKERS,
        "can_manage": role in MANAGERS,
        "can_read_reports": role in REPORT_READERS,
        "can_read_overall": role in OVERALL,
        "can_take_exact_figures": role in EXACT_FIGURES,
        "can_submit_reports": role in SUBMITTERS,
        "is_centre_staff": role in CENTRE_STAFF,
        "can_undo_deletions": role in UNDOERS,
    }
