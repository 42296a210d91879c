"""The audit's rows for every other operation: contacts, task templates, flows and quick
connects (data only)."""

from __future__ import annotations

from .model import Rule

__all__ = ["OTHER_OPERATION_RULES"]

OTHER_OPERATION_RULES: tuple[Rule, ...] = (
    # -- DescribeContact, UpdateContact, UpdateContactAttributes, StopContact -------------------
    Rule(
        "contact-data-24-months",
        ("DescribeContact", "UpdateContactAttributes"),
        (
            "Important things to know SystemEndpoint is not populated for contacts with initiation method of MONITOR, QUEUE_TRANSFER, or CALLBACK Contact information remains available in Connect Customer for 24 months from the InitiationTimestamp, and then it is deleted.",
            "Contact attributes are available in Connect Customer for 24 months, and are then deleted.",
        ),
        "behaviour",
        "a task DescribeContact no longer finds leaves the stack on refresh",
        "keeps contacts for the life of its state file",
    ),
    Rule(
        "update-needs-a-field",
        ("UpdateContact",),
        ("At least one field to be updated must be present in the request.",),
        "checked",
        "ConnectTaskProvider.update calls UpdateContact only with changed members",
        "InvalidRequestException",
    ),
    Rule(
        "update-after-end",
        ("UpdateContact", "UpdateContactAttributes"),
        (
            "You can add or update user-defined contact information for both ongoing and completed contacts.",
            "You can create or update user-defined attributes for both ongoing and completed contacts.",
        ),
        "behaviour",
        "name, description, references, segment attributes and attributes change in place after the task ended",
        "allowed after the end",
    ),
    Rule(
        "update-segment-attributes",
        ("UpdateContact",),
        (
            "Contact Expiry, and user-defined attributes (String - String) that are defined in predefined attributes, can be updated by using the UpdateContact API.",
        ),
        "checked",
        "diff: a change to any other segment attribute (another connect:<name> key, or a user-defined key "
        "whose value is not a ValueString) replaces the task; whether a key is predefined needs the instance (left to AWS)",
        "InvalidRequestException for any other segment attribute",
    ),
    Rule(
        "external-audio-only",
        ("UpdateContact",),
        (
            "This parameter can only be updated for external audio contacts.",
            "This value can only be updated for external audio contacts.",
        ),
        "checked",
        "never sent: ConnectTask has no such input",
        "InvalidRequestException on a task",
    ),
    Rule(
        "clear-with-empty",
        ("UpdateContactAttributes",),
        (
            "As a mitigation, consider the following options: Remove unnecessary attributes by setting their values to empty.",
        ),
        "behaviour",
        'an attribute removed from the inputs is sent as ""',
        "an empty value removes the key",
    ),
    Rule(
        "reschedule-only-scheduled",
        ("UpdateContactSchedule",),
        ("Updates the scheduled time of a task contact that is already scheduled.",),
        "at create",
        "update reads the task (DescribeContact) first; diff replaces a task that left the schedule",
        "InvalidRequestException unless the task is still scheduled",
    ),
    Rule(
        "stop-any-state",
        ("StopContact",),
        (
            "It does not work for voice contacts that use the following initiation methods: DISCONNECT TRANSFER QUEUE_TRANSFER EXTERNAL_OUTBOUND MONITOR Chat and task contacts can be terminated in any state, regardless of initiation method.",
        ),
        "behaviour",
        "destroy stops a scheduled, queued or connected task; an ended or gone task is fine",
        "stops in any state; an ended task is InvalidRequestException",
    ),
    Rule(
        "disconnect-reason-campaigns",
        ("StopContact",),
        ("Only Connect Customer outbound campaigns can provide this field.",),
        "checked",
        "never sent",
        "InvalidRequestException when given for a task",
    ),
    Rule(
        "references-not-paged",
        ("ListContactReferences",),
        (
            "This is not expected to be set, because the value returned in the previous response is always null.",
        ),
        "behaviour",
        "follows a NextToken if one ever comes, never sends one of its own",
        "no NextToken in responses; one in a request is InvalidRequestException",
    ),
    # -- task templates ----------------------------------------------------------------------------
    Rule(
        "template-flow-or-quick-connect",
        ("CreateTaskTemplate", "UpdateTaskTemplate"),
        (
            "Although this parameter is marked as optional, the request must contain either a ContactFlowId or a field of type QUICK_CONNECT.",
        ),
        "checked",
        "template_validation",
        "PropertyValidationException",
    ),
    Rule(
        "template-constraints-required",
        ("CreateTaskTemplate", "UpdateTaskTemplate"),
        (
            "Although this parameter is marked as optional in the API model, the service requires it when calling CreateTaskTemplate or UpdateTaskTemplate.",
            "The RequiredFields array must contain at least one element, and the field of type NAME must be included in RequiredFields.",
        ),
        "checked",
        "template_validation",
        "PropertyValidationException",
    ),
    Rule(
        "template-one-name-field",
        ("CreateTaskTemplate", "UpdateTaskTemplate"),
        (
            "The request must contain exactly one field of type NAME.",
            "This field must also be listed in the RequiredFields array within the Constraints parameter.",
        ),
        "checked",
        "template_validation",
        "PropertyValidationException",
    ),
    Rule(
        "template-status-active",
        ("CreateTaskTemplate", "UpdateTaskTemplate", "ListTaskTemplates"),
        (
            "Tasks can only be created from ACTIVE templates.",
            "If a template is marked as INACTIVE, then a task that refers to this template cannot be created.",
        ),
        "at create",
        "template_check: an INACTIVE template fails before StartTaskContact, no task started",
        "InvalidRequestException",
    ),
    Rule(
        "template-update-status",
        ("UpdateTaskTemplate",),
        (
            "Although this parameter is marked as optional, the service requires it when calling UpdateTaskTemplate.",
        ),
        "checked",
        "ConnectTaskTemplate always sends Status (default ACTIVE)",
        "PropertyValidationException without Status",
    ),
    Rule(
        "template-full-update",
        ("UpdateTaskTemplate",),
        (
            "This operation does not support partial updates.",
            "Instead it does a full update of template content.",
        ),
        "behaviour",
        "ConnectTaskTemplate sends the whole template on every update",
        "replaces the content with the request's",
    ),
    Rule(
        "template-required-fields",
        ("CreateTaskTemplate", "UpdateTaskTemplate"),
        ("Lists the fields that are required to be filled by agents.",),
        "at create",
        "template_check: a required field the task leaves empty fails before StartTaskContact (a default fills it)",
        "InvalidRequestException",
    ),
    Rule(
        "templates-not-paged",
        ("ListTaskTemplates",),
        (
            "It is not expected that you set this because the value returned in the previous response is always null.",
            "It is not expected that you set this.",
        ),
        "behaviour",
        "names.resolve_name: one ListTaskTemplates call to resolve task_template_name; no NextToken is followed or sent",
        "every template in one response, never a NextToken",
    ),
    Rule(
        "template-names-may-repeat",
        ("ListTaskTemplates",),
        ("Lists task templates for the specified Connect Customer instance.",),
        "at create",
        "CreateTaskTemplate declares no DuplicateResourceException, so two templates may share a name: a "
        "task_template_name that matches two templates (or none) fails before StartTaskContact, no task started",
        "CreateTaskTemplate accepts a second template of one name; ListTaskTemplates lists both",
    ),
    # -- flows and quick connects, listed to resolve a target's name --------------------------------
    Rule(
        "list-default-page-100",
        ("ListContactFlows", "ListQuickConnects"),
        ("The default MaxResult size is 100.",),
        "behaviour",
        "names.resolve_name sends no MaxResults and follows NextToken through every page (a name may be on any)",
        "pages of 100 without MaxResults (1 to 1000 with it), a NextToken until the last page",
    ),
    Rule(
        "flow-and-quick-connect-names-unique",
        ("ListContactFlows", "ListQuickConnects"),
        (
            "Provides information about the flows for the specified Connect Customer instance.",
            "Provides information about the quick connects for the specified Connect Customer instance.",
        ),
        "behaviour",
        "CreateContactFlow and CreateQuickConnect refuse a second one of one name in an instance "
        '(DuplicateResourceException: "A resource with the specified name already exists."), so '
        "contact_flow_name and quick_connect_name match at most one; names.resolve_name matches exactly, case included",
        "DuplicateResourceException for a second flow or quick connect of one name in an instance",
    ),
)
