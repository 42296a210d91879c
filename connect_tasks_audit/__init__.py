"""The audit of botocore's documentation text: every constraint it states, and who checks it.

botocore's ``connect`` model carries rules in its shapes (lengths, enums, patterns), which
the generated JSON Schema holds, and rules in its *documentation text* ("include only one
of these parameters", "up to 4,096 UTF-8 bytes across all references"), which only a
reader finds. :data:`RULES` is that reading for every operation the provider, the command
line and the emulator use (:data:`AUDITED_OPERATIONS`) and every shape their requests
reach. Each row quotes the sentences, says how the provider and ``connect-tasks validate``
treat them and how the emulator does. Every other sentence of that documentation is in
:data:`NOT_RULES` (descriptions, pointers, facts about other channels).

``tests/audit`` keeps this honest: every sentence botocore has now is quoted by exactly one
row or listed in NOT_RULES (a new sentence in a botocore upgrade fails the suite until
someone reads it), and every row that is checked before sending is run through the
provider's check, ``connect-tasks validate`` and the emulator, which must agree.
``python -m connect_tasks_audit > docs/aws-rules.md`` writes the table as Markdown.

The audit is no part of the runtime package (:mod:`pulumi_connect_tasks` never imports it);
it reads botocore's model, so importing it imports botocore. Its modules:

    model                      the audited operations, the kinds of handling, one row (Rule)
    rules_start_task_contact   the rows of StartTaskContact (data)
    rules_other_operations     the rows of the other operations (data)
    rules                      RULES, every row in the table's order
    not_rules                  NOT_RULES, the sentences that state no constraint (data)
    botocore_text              botocore's documentation as sentences
    table                      the Markdown table of docs/aws-rules.md
"""

from __future__ import annotations

from .botocore_text import documentation_text, documented_sentences, normalise
from .model import AUDITED_OPERATIONS, KINDS, Rule
from .not_rules import NOT_RULES
from .rules import RULES
from .table import markdown

__all__ = [
    "AUDITED_OPERATIONS",
    "KINDS",
    "NOT_RULES",
    "RULES",
    "Rule",
    "documentation_text",
    "documented_sentences",
    "normalise",
    "markdown",
]
