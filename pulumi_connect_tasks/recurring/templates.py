"""A recurring task's template, looked up when the program runs: its id and its fields.

pulumi-aws has no task template data source (nor resource), so a template target is
resolved and checked here, the way ConnectTask does it at create: the name by
ListTaskTemplates (exactly one template of that name), then the task against the template's
fields (:func:`~pulumi_connect_tasks.task.template_fit.check_against_template`), so a task
the template would refuse never becomes a schedule that fails every run. The client is
this package's, in the Region of the schedule, with the environment's credentials.
"""

from __future__ import annotations

from typing import Any

from ..common.aws import client_for
from ..common.errors import ConnectTaskError
from ..task.names import resolve_name
from ..task.requests import to_request
from ..task.template_fit import check_against_template

__all__ = ["template_id", "check_template"]


def template_id(region: str, instance_id: str, name: str) -> str:
    """The id of the one template named ``name`` in the instance; ConnectTaskError else."""
    return resolve_name(client_for(region, None), instance_id, "task_template_name", name)


def check_template(region: str, task_inputs: dict[str, Any]) -> None:
    """ConnectTaskError when the task (``task_inputs``, its template by id) does not fit
    its template: a missing or inactive template, a required field not filled, a
    reference of the wrong type."""
    request = to_request(task_inputs)
    try:
        check_against_template(client_for(region, None), request)
    except ConnectTaskError as error:
        # Its text ends "no task was started": true, and no schedule is declared either.
        raise ConnectTaskError(f"{error}; the schedule was not declared") from None
