"""PreviousTask and RelatedTask: the rule of one file (definitions) and of a set (chains)."""

from __future__ import annotations

import pytest

from pulumi_connect_tasks.files.chains import (
    MAX_TASKS_PER_CHAIN,
    Linked,
    creation_order,
    link_problems,
    linked,
)
from pulumi_connect_tasks.files.definitions import (
    definition_inputs,
    definition_request,
    validate_definition,
)
from pulumi_connect_tasks.task.validation import UNKNOWN, Violation

KEY_FORM = "1 to 100 letters, digits, '.', '_' or '-', starting with a letter or digit"
ONE_LINK = (
    "a task links to one other task (PreviousContactId and RelatedContactId are mutually exclusive)"
)
CHAIN_RULE = "there can be a maximum of 12 linked task contacts in a chain"


# -- one file ----------------------------------------------------------------------------------
@pytest.mark.parametrize("member", ["PreviousTask", "RelatedTask"])
def test_a_link_is_the_files_own_member_and_never_reaches_the_request(member, now):
    request, violations = definition_request({"Name": "n", member: "intake"}, now=now)
    assert violations == []
    assert request == {"Name": "n", "InstanceId": UNKNOWN, "ContactFlowId": UNKNOWN}
    assert definition_inputs({"Name": "n", member: "intake"}) == {"name": "n"}


@pytest.mark.parametrize("target", ["../a", "", 3, None, ["a"]])
@pytest.mark.parametrize("member", ["PreviousTask", "RelatedTask"])
def test_a_link_must_be_a_key(member, target, now):
    assert validate_definition({"Name": "n", member: target}, now=now) == [
        Violation((member,), f"must be the key of another file of the set ({KEY_FORM})")
    ]


@pytest.mark.parametrize(
    "first, second",
    [
        ("PreviousTask", "RelatedTask"),
        ("PreviousTask", "PreviousContactId"),
        ("PreviousTask", "RelatedContactId"),
        ("RelatedTask", "RelatedContactId"),
        ("RelatedTask", "PreviousContactId"),
    ],
)
def test_a_file_links_to_one_task(first, second, now):
    assert validate_definition({"Name": "n", first: "a", second: "b"}, now=now) == [
        Violation((second,), f"cannot be given beside {first}: {ONE_LINK}")
    ]


def test_previous_and_related_contact_ids_keep_the_requests_own_message(now):
    assert validate_definition(
        {"Name": "n", "PreviousContactId": "a", "RelatedContactId": "b"}, now=now
    ) == [
        Violation(
            ("RelatedContactId",), "PreviousContactId and RelatedContactId are mutually exclusive"
        )
    ]


def test_a_misspelt_link_member_is_suggested(now):
    assert validate_definition({"Name": "n", "PreviousTsk": "a"}, now=now) == [
        Violation(("PreviousTsk",), "is not a known member; did you mean PreviousTask?")
    ]


# -- a set -------------------------------------------------------------------------------------
def chain(count: int, *, outside: bool = False) -> list[Linked]:
    first = Linked("t01.yaml", "t01", outside_previous=outside)
    return [first] + [
        Linked(f"t{i:02d}.yaml", f"t{i:02d}", "PreviousTask", f"t{i - 1:02d}")
        for i in range(2, count + 1)
    ]


def lines(problems) -> list[str]:
    return [f"{p.file}::{p.violation.json_path()}: {p.violation.message}" for p in problems]


def test_linked_reads_the_files_link():
    assert linked("a.yaml", "a", {"Name": "n", "PreviousTask": "b"}) == Linked(
        "a.yaml", "a", "PreviousTask", "b"
    )
    assert linked("a.yaml", "a", {"Name": "n", "RelatedTask": "b"}).previous is None
    assert linked("a.yaml", "a", {"Name": "n", "PreviousContactId": "c-1"}) == Linked(
        "a.yaml", "a", outside_previous=True
    )
    assert linked("a.yaml", "a", {"Name": "n"}, default_previous=True).outside_previous
    assert not linked(
        "a.yaml", "a", {"Name": "n", "RelatedContactId": "c"}, default_previous=True
    ).outside_previous
    assert linked("a.yaml", "a", ["not", "a", "mapping"]) == Linked("a.yaml", "a")


def test_a_set_without_links_or_with_good_links_has_no_problem():
    assert link_problems([Linked("a.yaml", "a"), Linked("b.yaml", "b")]) == []
    assert link_problems(chain(MAX_TASKS_PER_CHAIN)) == []
    assert link_problems(chain(MAX_TASKS_PER_CHAIN - 1, outside=True)) == []


def test_a_key_no_file_has():
    members = [
        Linked("a.yaml", "verify-queue-routing"),
        Linked("b.yaml", "b", "RelatedTask", "verify-queue-routng"),
    ]
    problems = link_problems(members, scope="the folder")
    assert lines(problems) == [
        "b.yaml::$.RelatedTask: names the key 'verify-queue-routng', which no file of the folder has "
        "(did you mean 'verify-queue-routing', a.yaml?)"
    ]
    assert problems[0].files == ("b.yaml",)


def test_a_key_two_files_have():
    members = [
        Linked("a.yaml", "x"),
        Linked("b.yaml", "x"),
        Linked("c.yaml", "c", "PreviousTask", "x"),
    ]
    problems = link_problems(members)
    assert lines(problems) == [
        "c.yaml::$.PreviousTask: names the key 'x', which 2 files have (a.yaml and b.yaml); give each a different Key"
    ]
    assert problems[0].files == ("c.yaml", "a.yaml", "b.yaml")


def test_a_cycle_names_every_file_in_it_once():
    members = [
        Linked("a.yaml", "a", "PreviousTask", "c"),
        Linked("b.yaml", "b", "PreviousTask", "a"),
        Linked("c.yaml", "c", "RelatedTask", "b"),
        Linked("d.yaml", "d", "PreviousTask", "b"),  # waits for the cycle, not in it
    ]
    problems = link_problems(members)
    assert lines(problems) == [
        "a.yaml::$.PreviousTask: is part of a cycle of 3 files, so none of them can be started: "
        "a.yaml waits for c.yaml (PreviousTask); c.yaml waits for b.yaml (RelatedTask); "
        "b.yaml waits for a.yaml (PreviousTask)"
    ]
    assert problems[0].files == ("a.yaml", "c.yaml", "b.yaml")


def test_a_file_naming_itself():
    assert lines(link_problems([Linked("a.yaml", "a", "RelatedTask", "a")])) == [
        "a.yaml::$.RelatedTask: names the file's own key: a task cannot wait for itself"
    ]


def test_two_cycles_are_two_problems():
    members = [
        Linked("a.yaml", "a", "PreviousTask", "b"),
        Linked("b.yaml", "b", "PreviousTask", "a"),
        Linked("c.yaml", "c", "PreviousTask", "d"),
        Linked("d.yaml", "d", "PreviousTask", "c"),
    ]
    assert [p.files for p in link_problems(members)] == [("a.yaml", "b.yaml"), ("c.yaml", "d.yaml")]


def test_more_than_12_tasks_in_a_chain():
    problems = link_problems(chain(MAX_TASKS_PER_CHAIN + 1))
    files = [f"t{i:02d}.yaml" for i in range(1, 14)]
    assert lines(problems) == [
        f"t01.yaml::$: starts a chain of 13 linked tasks ({', '.join(files[:-1])} and t13.yaml); {CHAIN_RULE}"
    ]
    assert problems[0].files == tuple(files)


def test_a_chain_after_an_outside_previous_contact_counts_it():
    problems = link_problems(chain(MAX_TASKS_PER_CHAIN, outside=True))
    assert len(problems) == 1
    assert lines(problems)[0].startswith(
        "t01.yaml::$.PreviousContactId: continues the chain of its PreviousContactId with 12 tasks of the set "
    )
    assert lines(problems)[0].endswith(f": at least 13 linked tasks, and {CHAIN_RULE}")


def test_a_branching_chain_counts_every_branch_and_related_links_do_not_count():
    members = (
        chain(7)
        + [Linked(f"b{i}.yaml", f"b{i}", "PreviousTask", "t03") for i in range(6)]
        + [Linked(f"r{i}.yaml", f"r{i}", "RelatedTask", "t07") for i in range(20)]
    )
    problems = link_problems(members)
    assert [(p.file, len(p.files)) for p in problems] == [("t01.yaml", 13)]


def test_creation_order_puts_a_named_task_first_and_keeps_set_order_otherwise():
    members = [
        Linked("a.yaml", "a", "PreviousTask", "c"),
        Linked("b.yaml", "b"),
        Linked("c.yaml", "c", "RelatedTask", "d"),
        Linked("d.yaml", "d"),
        Linked("e.yaml", "e", "PreviousTask", "a"),
    ]
    assert creation_order(members) == ["d", "c", "a", "b", "e"]
