"""The deletion concept in plain values for the page and the API (rules with their texts in
the reader's language, when each class is next due for the centre)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import Session

from cases.retention import due
from cases.retention.rules import DataClass, Rule, effective_rules
from cases.retention.schemas import RuleOut
from welcome import clock

# classes the deployment keeps alike for every centre (periods not changeable per centre)
DEPLOYMENT_WIDE = frozenset({"login_records", "audit_log"})


def rule_out(rule: Rule) -> RuleOut:
    return RuleOut(
        data_class=rule.data_class,
        period=rule.iso,
        trigger=str(rule.trigger),
        reason=str(rule.reason),
        label=DataClass.label_of(rule.data_class),
        amount=rule.amount,
        unit=rule.unit,
        minimum=rule.minimum,
        maximum=rule.maximum,
        changed=rule.changed,
    )


def rules_of(
    db: Session, *, centre_id: int | None, as_of: date | None = None
) -> list[dict[str, Any]]:
    """The rules with what the page shows: period in words, what, next due day."""
    day = as_of or clock.today()
    shown = []
    for rule in effective_rules(db, centre_id=centre_id):
        next_day = (
            due.next_due(db, centre_id=centre_id, rule=rule, as_of=day)
            if centre_id is not None
            else None
        )
        shown.append(
            {
                "rule": rule,
                "label": DataClass.label_of(rule.data_class),
                "period": rule.plain(),
                "what": str(rule.what),
                "trigger": str(rule.trigger),
                "reason": str(rule.reason),
                "next_due": next_day,
                "editable": rule.changeable and rule.data_class not in DEPLOYMENT_WIDE,
                "bounds": (
                    Rule(rule.data_class, rule.minimum, rule.unit, 0, 0, "", "", "").plain(),
                    Rule(rule.data_class, rule.maximum, rule.unit, 0, 0, "", "", "").plain(),
                ),
            }
        )
    return shown
