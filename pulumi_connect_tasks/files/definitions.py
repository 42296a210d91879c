"""Task definition files: one Amazon Connect task per YAML or JSON file, reviewed like code.

A definition is StartTaskContact's request in AWS's own shape (what ``aws connect
start-task-contact --cli-input-json`` takes), with these differences:

- ``InstanceId`` may be left out, and so may the flow when the file names no target (none
  of :data:`TARGETS`): a TaskSet or ``connect-tasks start --instance-id/--contact-flow-id``
  (or ``--contact-flow-name``) supplies them.
- A target may be given by name: ``ContactFlowName``, ``QuickConnectName`` or
  ``TaskTemplateName`` (exactly one of the six target members); the name is resolved to
  its id in the task's instance when the task is started.
- ``ScheduledTime`` may also be an ISO 8601 duration ("PT2H", "P1DT30M") counted from
  when the task is started, or epoch seconds as a string; a timestamp without an offset
  is UTC, as botocore takes it (so does the provider's ``scheduled_time``).
- Members of its own, never sent to AWS: ``Key`` (the task's stable name in a TaskSet;
  default the file name without its extension), ``$schema`` (for editors; ignored), and
  ``PreviousTask`` or ``RelatedTask``: the key of another file of the same set, whose
  task's ContactId becomes this one's PreviousContactId or RelatedContactId (the set's
  rules are in :mod:`pulumi_connect_tasks.files.chains`). A file links to at most one
  task: one of PreviousTask, RelatedTask, PreviousContactId, RelatedContactId.

Validation runs the same code as the provider (:func:`validate_start_task_contact`);
members a TaskSet will supply are :data:`~pulumi_connect_tasks.task.validation.UNKNOWN`, so
their rules are skipped. Nothing here calls AWS or imports pulumi; parse errors and
violations never contain a value of the file, only where and which rule. Files are read
and parsed by :mod:`pulumi_connect_tasks.files.reading`, within its limits (size,
nesting, YAML aliases, digits; regular files only).

:func:`check_file` gives each problem a :class:`Position` (line and column) for editors
and CI annotations: a violation points at its member's key in the file, or at the
nearest member above it when the member is missing; a syntax error at where it is.

The code is split by concern, and every name stays importable from here:

    definition_format   the file's own members, the Key's form, the ScheduledTime forms
    parsing             finding files, reading one, its request and violations, its inputs
    problems            each problem located in the text, as one line (Problem)
"""

from __future__ import annotations

from ..common.errors import UnreadableDefinition
from .definition_format import (
    DEFINITION_SUFFIXES,
    DURATION_PATTERN,
    EPOCH_STRING_PATTERN,
    EXTRA_MEMBERS,
    FLOW_MEMBERS,
    KEY_PATTERN,
    LINK_MEMBERS,
    LINKED_MEMBERS,
    SCHEMA_NAME,
    TARGETS,
    TASKSET_SUPPLIES,
    UTC_TIMESTAMP_PATTERN,
    is_key,
)
from .parsing import (
    definition_files,
    definition_inputs,
    definition_key,
    definition_request,
    read_definition,
    validate_definition,
)
from .problems import Position, Problem, check_file, located_problems, printable

__all__ = [
    "DEFINITION_SUFFIXES",
    "EXTRA_MEMBERS",
    "LINK_MEMBERS",
    "LINKED_MEMBERS",
    "KEY_PATTERN",
    "is_key",
    "DURATION_PATTERN",
    "EPOCH_STRING_PATTERN",
    "UTC_TIMESTAMP_PATTERN",
    "SCHEMA_NAME",
    "TASKSET_SUPPLIES",
    "TARGETS",
    "FLOW_MEMBERS",
    "Position",
    "Problem",
    "printable",
    "UnreadableDefinition",
    "read_definition",
    "definition_files",
    "definition_key",
    "definition_request",
    "validate_definition",
    "definition_inputs",
    "check_file",
    "located_problems",
]
