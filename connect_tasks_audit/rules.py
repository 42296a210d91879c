"""Every row of the audit, in the table's order: StartTaskContact's, then the other operations'."""

from __future__ import annotations

from .model import Rule
from .rules_other_operations import OTHER_OPERATION_RULES
from .rules_start_task_contact import START_TASK_CONTACT_RULES

__all__ = ["RULES"]

RULES: tuple[Rule, ...] = (*START_TASK_CONTACT_RULES, *OTHER_OPERATION_RULES)
"""One row per constraint botocore's documentation text states, ids unique."""
