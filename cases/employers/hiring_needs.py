"""Hiring needs of employers: positions to fill and how the employer means to recruit.

Keyword-only functions; they take the validated `HiringNeedIn`, write and flush, never commit.
Every query goes through the centre scope.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlmodel import Session, col

from cases.employers.models import Employer, HiringNeed
from cases.employers.rules import columns
from cases.employers.schemas import HiringNeedIn
from welcome import clock


def create(db: Session, *, employer: Employer, data: HiringNeedIn) -> HiringNeed:
    """A hiring need, recorded today unless another day is given."""
    assert employer.id is not None
    values = {**columns(data), "recorded_on": data.recorded_on or clock.today()}
    need = HiringNeed(centre_id=employer.centre_id, employer_id=employer.id, **values)
    db.add(need)
    db.flush()
    return need


def list_hiring_needs(db: Session, *, employer_id: int) -> list[HiringNeed]:
    return list(
        db.scalars(
            select(HiringNeed)
            .where(col(HiringNeed.employer_id) == employer_id)
            .order_by(col(HiringNeed.recorded_on).desc(), col(HiringNeed.id).desc())
        )
    )
