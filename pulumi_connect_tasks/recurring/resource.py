"""RecurringConnectTask: a task started by EventBridge Scheduler on a schedule.

    RecurringConnectTask("weekly-review", RecurringConnectTaskArgs(
        instance_id=instance.id, contact_flow_name="Task intake", name="Review agent access",
        schedule_expression="cron(0 9 ? * MON *)", schedule_expression_timezone="Europe/London"))

A component of three pulumi-aws resources, its children:

- ``<name>``: an ``aws.scheduler.Schedule`` whose target is Scheduler's universal target for
  StartTaskContact; its Input is the task's request (:mod:`.request`);
- ``<name>-scheduler``: the IAM role Scheduler assumes (only ``scheduler.amazonaws.com``,
  only for this account);
- ``<name>-start-task``: the role's policy, StartTaskContact on this instance's contacts
  and on the task's one flow, quick connect or template (and SendMessage on the
  dead-letter queue).

In the order the program runs it:

1. check    the inputs, each one not known yet skipped, with ConnectTask's rules and the
            schedule's (:mod:`.checks`): a failure raises RecurringTaskError before anything
            is declared, so ``pulumi preview`` refuses the task;
2. resolve  a target given by name to its id: a flow or quick connect with pulumi-aws's
            lookups (through the component's aws provider), a template with this package's
            (:mod:`.templates`), which also checks the task against the template's fields;
3. check    again once every input is known (values from other resources); a failure
            fails the run before the role, policy or schedule is created: all three wait
            for the checked Input;
4. declare  the role, the policy, then the schedule.

pulumi-aws is imported only here, when a recurring task is declared: a stack without one
never loads it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pulumi

from ..common.errors import RecurringTaskError
from ..common.ids import instance_id as instance_id_of
from ..common.unknown import UNKNOWN
from ..task.requests import NAME_FIELDS
from .checks import RECURRING_INPUTS, TASK_INPUTS, check_recurring
from .request import (
    INPUT_LIMIT,
    UNIVERSAL_TARGET,
    default_schedule_name,
    run_client_token,
    schedule_input,
    start_task_policy,
    trust_policy,
)
from .templates import check_template, template_id

__all__ = ["RecurringConnectTask", "RecurringConnectTaskArgs", "RecurringTaskError"]

TYPE = "connect-tasks:index:RecurringTask"


class RecurringConnectTaskArgs:
    """The inputs of a RecurringConnectTask: the task's (as ConnectTask takes them) and the
    schedule's. Each is described in ``__init__``."""

    def __init__(
        self,
        *,
        instance_id: pulumi.Input[str],
        name: pulumi.Input[str],
        schedule_expression: pulumi.Input[str],
        contact_flow_id: pulumi.Input[str] | None = None,
        quick_connect_id: pulumi.Input[str] | None = None,
        task_template_id: pulumi.Input[str] | None = None,
        contact_flow_name: pulumi.Input[str] | None = None,
        quick_connect_name: pulumi.Input[str] | None = None,
        task_template_name: pulumi.Input[str] | None = None,
        description: pulumi.Input[str] | None = None,
        references: pulumi.Input[Mapping[str, Any]] | None = None,
        attributes: pulumi.Input[Mapping[str, pulumi.Input[str]]] | None = None,
        segment_attributes: pulumi.Input[Mapping[str, Any]] | None = None,
        schedule_expression_timezone: pulumi.Input[str] | None = None,
        start_date: pulumi.Input[str] | None = None,
        end_date: pulumi.Input[str] | None = None,
        flexible_time_window_minutes: pulumi.Input[int] | None = None,
        maximum_event_age_seconds: pulumi.Input[int] | None = None,
        maximum_retry_attempts: pulumi.Input[int] | None = None,
        dead_letter_arn: pulumi.Input[str] | None = None,
        schedule_name: pulumi.Input[str] | None = None,
        schedule_group: pulumi.Input[str] | None = None,
        state: pulumi.Input[str] | None = None,
        schedule_description: pulumi.Input[str] | None = None,
    ) -> None:
        """The set of arguments for constructing a RecurringConnectTask.

        The task, each run of it: ``instance_id``, the target (exactly one of
        ``contact_flow_id``, ``quick_connect_id``, ``task_template_id``,
        ``contact_flow_name``, ``quick_connect_name``, ``task_template_name``), ``name``,
        ``description``, ``references``, ``attributes`` and ``segment_attributes``, with
        ConnectTask's rules (see ConnectTaskArgs). A name is resolved to its id when the
        program runs: the schedule sends ids. DATE references are sent as epoch seconds.

        :param schedule_expression: Required. When the task starts: ``cron(minutes hours
            day-of-month month day-of-week year)``, ``rate(value unit)`` (minutes, hours or
            days) or ``at(yyyy-mm-ddThh:mm:ss)`` for one run.
        :param schedule_expression_timezone: The IANA time zone the expression is read in,
            such as ``Europe/London``; default UTC.
        :param start_date: An RFC 3339 time before which the schedule does not run.
        :param end_date: An RFC 3339 time after which the schedule does not run.
        :param flexible_time_window_minutes: Let Scheduler start each run up to this many
            minutes (1 to 1,440) after its time; default off, each run on time.
        :param maximum_event_age_seconds: How long Scheduler keeps retrying a run that
            failed (60 to 86,400; Scheduler's default 86,400).
        :param maximum_retry_attempts: How many times Scheduler retries a failed run (0 to
            185; Scheduler's default 185). Every retry of one run carries the same
            ClientToken, so it never starts a second task.
        :param dead_letter_arn: An SQS queue's ARN: a run that still failed after its
            retries is delivered there. The role may send to it.
        :param schedule_name: The schedule's name (1 to 64 of letters, digits, ``.``, ``_``
            and ``-``); default ``<project>-<stack>-<resource name>``. It is in every run's
            ClientToken: changing it replaces the schedule.
        :param schedule_group: The schedule group; default ``default``. Changing it
            replaces the schedule.
        :param state: ``ENABLED`` (default) or ``DISABLED``: a disabled schedule starts no
            task until enabled again.
        :param schedule_description: The schedule's description, at most 512 characters.
        """
        self.props: dict[str, Any] = {
            k: v for k, v in locals().items() if k not in ("self", "__class__") and v is not None
        }


def _known(value: Any) -> Any:
    """``value`` with every Output (not known until the program's resources are) UNKNOWN."""
    if isinstance(value, pulumi.Output):
        return UNKNOWN
    if isinstance(value, Mapping):
        return {k: _known(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_known(v) for v in value]
    return value


def _refused(resource_name: str, failures: list[tuple[str, str]]) -> RecurringTaskError:
    return RecurringTaskError(f"RecurringConnectTask {resource_name!r}", failures)


class RecurringConnectTask(pulumi.ComponentResource):
    """A task started by EventBridge Scheduler at every time of a schedule (see the module)."""

    schedule: Any
    """The ``aws.scheduler.Schedule``."""
    role: Any
    """The ``aws.iam.Role`` Scheduler assumes."""
    policy: Any
    """The ``aws.iam.RolePolicy`` of the role."""
    input: pulumi.Output[str]
    """The schedule's Input: StartTaskContact's request as JSON, its ClientToken ending in
    ``<aws.scheduler.scheduled-time>``."""
    schedule_arn: pulumi.Output[str]
    schedule_name: pulumi.Output[str]

    def __init__(
        self,
        resource_name: str,
        args: RecurringConnectTaskArgs,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        props = dict(args.props)
        failures = check_recurring({k: _known(v) for k, v in props.items()})
        if failures:
            raise _refused(resource_name, failures)
        super().__init__(TYPE, resource_name, None, opts)
        import pulumi_aws as aws  # only where a recurring task is declared: slow to import

        invoke = pulumi.InvokeOutputOptions(parent=self)
        account = aws.get_caller_identity_output(opts=invoke).account_id
        region = aws.get_region_output(opts=invoke).region
        partition = aws.get_partition_output(opts=invoke).partition
        instance = pulumi.Output.from_input(props["instance_id"]).apply(instance_id_of)
        group = props.get("schedule_group", "default")
        name = props.get("schedule_name") or default_schedule_name(
            pulumi.get_project(), pulumi.get_stack(), resource_name
        )
        target = self._target(aws, props, instance, region, invoke)

        def checked_input(values: list[Any]) -> str:
            resolved, (target_key, target_id), region_name, group_name, schedule = values
            # The target by id from here on: a name resolved, as the schedule sends it.
            written = {k: v for k, v in resolved.items() if k not in NAME_FIELDS}
            written[target_key] = target_id
            task = {k: v for k, v in written.items() if k in TASK_INPUTS}
            failures = check_recurring(written)
            if failures:
                raise _refused(resource_name, failures)
            if target_key == "task_template_id":
                check_template(region_name, task)
            text = schedule_input(task, run_client_token(group_name, schedule))
            if len(text.encode()) > INPUT_LIMIT:
                raise _refused(
                    resource_name,
                    [("", f"the schedule's Input would take more than {INPUT_LIMIT} bytes")],
                )
            return text

        resolved = pulumi.Output.from_input(
            {k: v for k, v in props.items() if k in RECURRING_INPUTS}
        )
        self.input = pulumi.Output.all(resolved, target, region, group, name).apply(checked_input)

        child = pulumi.ResourceOptions(parent=self)
        self.role = aws.iam.Role(
            f"{resource_name}-scheduler",
            description="EventBridge Scheduler starts a recurring Amazon Connect task",
            # Waits for the checked Input: a task refused at deploy leaves nothing created.
            assume_role_policy=pulumi.Output.all(account, self.input).apply(
                lambda values: trust_policy(values[0])
            ),
            opts=child,
        )
        dead_letter = props.get("dead_letter_arn")
        self.policy = aws.iam.RolePolicy(
            f"{resource_name}-start-task",
            role=self.role.id,
            policy=pulumi.Output.all(
                partition, region, account, instance, target, dead_letter
            ).apply(
                lambda v: start_task_policy(
                    partition=v[0],
                    region=v[1],
                    account_id=v[2],
                    instance_id=v[3],
                    target=tuple(v[4]),
                    dead_letter_arn=v[5],
                )
            ),
            opts=child,
        )
        self.schedule = aws.scheduler.Schedule(
            resource_name,
            name=name,
            group_name=group,
            description=props.get("schedule_description"),
            schedule_expression=props["schedule_expression"],
            schedule_expression_timezone=props.get("schedule_expression_timezone"),
            start_date=props.get("start_date"),
            end_date=props.get("end_date"),
            state=props.get("state"),
            flexible_time_window=_window(props.get("flexible_time_window_minutes")),
            target=_target_args(props, self.role.arn, self.input),
            # The name is fixed (it is in the ClientToken): a replacement must delete first,
            # and the policy must be in place before the first run.
            opts=pulumi.ResourceOptions(
                parent=self, depends_on=[self.policy], delete_before_replace=True
            ),
        )
        self.schedule_arn = self.schedule.arn
        self.schedule_name = self.schedule.name
        self.register_outputs(
            {
                "schedule_arn": self.schedule.arn,
                "schedule_name": self.schedule.name,
                "input": self.input,
            }
        )

    @staticmethod
    def _target(
        aws: Any,
        props: dict[str, Any],
        instance: pulumi.Output[str],
        region: pulumi.Output[str],
        invoke: pulumi.InvokeOutputOptions,
    ) -> pulumi.Output[tuple[str, str]]:
        """``(id input, id)`` of the task's target, a name resolved."""
        if "contact_flow_name" in props:
            found = aws.connect.get_contact_flow_output(
                instance_id=instance, name=props["contact_flow_name"], opts=invoke
            ).contact_flow_id
        elif "quick_connect_name" in props:
            found = aws.connect.get_quick_connect_output(
                instance_id=instance, name=props["quick_connect_name"], opts=invoke
            ).quick_connect_id
        elif "task_template_name" in props:
            found = pulumi.Output.all(region, instance, props["task_template_name"]).apply(
                lambda v: template_id(v[0], v[1], v[2])
            )
        else:
            key = next(k for k in NAME_FIELDS.values() if k in props)
            return pulumi.Output.from_input(props[key]).apply(lambda id_: (key, id_))
        id_key = next(id_ for name, id_ in NAME_FIELDS.items() if name in props)
        return found.apply(lambda id_: (id_key, id_))


def _window(minutes: Any) -> Any:
    if minutes is None:
        return {"mode": "OFF"}
    return {"mode": "FLEXIBLE", "maximum_window_in_minutes": minutes}


def _target_args(props: dict[str, Any], role_arn: Any, input_: Any) -> Any:
    target: dict[str, Any] = {"arn": UNIVERSAL_TARGET, "role_arn": role_arn, "input": input_}
    retry = {
        "maximum_event_age_in_seconds": props.get("maximum_event_age_seconds"),
        "maximum_retry_attempts": props.get("maximum_retry_attempts"),
    }
    if any(value is not None for value in retry.values()):
        target["retry_policy"] = {k: v for k, v in retry.items() if v is not None}
    if props.get("dead_letter_arn") is not None:
        target["dead_letter_config"] = {"arn": props["dead_letter_arn"]}
    return target
