"""StartTaskContact's chain quota, counted over the whole chain a PreviousContactId joins.

botocore's model (PreviousContactId): "There can be a maximum of 12 linked task contacts in
a chain." A chain is every contact linked through PreviousContactId (same instance, same
InitialContactId), its first contact included, whatever its shape: a line, a star or both.
RelatedContactId: "There are no limits to the number of contacts that can be linked by
using RelatedContactId."
"""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import stored_contacts

FULL = "There can be a maximum of 12 linked task contacts in a chain: the chain of PreviousContactId already holds 12"


def _refused(client: Any, start_task: Any, **members: Any) -> str:
    with pytest.raises(client.exceptions.ServiceQuotaExceededException) as caught:
        start_task(**members)
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 402
    return caught.value.response["Error"]["Message"]


def _line(start_task: Any, length: int, previous: str | None = None) -> list[str]:
    """``length`` tasks, each naming the one before (the first names ``previous``, if any)."""
    ids = []
    for _ in range(length):
        previous = start_task(PreviousContactId=previous)
        ids.append(previous)
    return ids


def test_chain_straight_line_of_12_then_the_13th_is_refused(
    client: Any, server: Any, instance_id: str, start_task: Any
) -> None:
    line = _line(start_task, 12)
    assert len(set(line)) == 12
    last = client.describe_contact(InstanceId=instance_id, ContactId=line[-1])["Contact"]
    assert (last["PreviousContactId"], last["InitialContactId"]) == (line[-2], line[0])
    # No PreviousContactId is shared by two tasks: the whole chain is what counts.
    assert _refused(client, start_task, PreviousContactId=line[-1]) == FULL
    assert len(stored_contacts(server.url)) == 12


def test_chain_star_root_and_11_then_the_12th_naming_the_root_is_refused(
    client: Any, server: Any, start_task: Any
) -> None:
    root = start_task()
    arms = [start_task(PreviousContactId=root) for _ in range(11)]
    assert len(set(arms)) == 11
    assert _refused(client, start_task, PreviousContactId=root) == FULL
    assert len(stored_contacts(server.url)) == 12


@pytest.mark.parametrize("named", ["root", "arm", "tail", "middle"])
def test_chain_full_refuses_whichever_member_is_named(
    client: Any, start_task: Any, named: str
) -> None:
    root = start_task()
    arms = [start_task(PreviousContactId=root) for _ in range(5)]
    line = _line(start_task, 6, previous=arms[0])  # 1 + 5 + 6 = 12
    members = {"root": root, "arm": arms[-1], "tail": line[-1], "middle": line[2]}
    assert _refused(client, start_task, PreviousContactId=members[named]) == FULL


def test_chain_ended_contacts_still_count(client: Any, instance_id: str, start_task: Any) -> None:
    line = _line(start_task, 12)
    for contact_id in line:
        client.stop_contact(InstanceId=instance_id, ContactId=contact_id)
    assert _refused(client, start_task, PreviousContactId=line[-1]) == FULL


def test_chain_full_leaves_other_chains_alone(
    client: Any, instance_id: str, start_task: Any
) -> None:
    full = _line(start_task, 12)
    other = _line(start_task, 11)
    twelfth = start_task(PreviousContactId=other[0])
    contact = client.describe_contact(InstanceId=instance_id, ContactId=twelfth)["Contact"]
    assert contact["InitialContactId"] == other[0]
    assert _refused(client, start_task, PreviousContactId=other[-1]) == FULL
    assert _refused(client, start_task, PreviousContactId=full[0]) == FULL
    assert start_task() not in full + other  # a task linked to nothing starts a chain of its own


def test_chain_related_contact_id_has_no_limit_even_on_a_full_chain(
    client: Any, instance_id: str, start_task: Any
) -> None:
    line = _line(start_task, 12)
    related = [start_task(RelatedContactId=line[-1]) for _ in range(13)]
    assert len(set(related)) == 13
    # A related task is the first contact of a chain of its own, which has room.
    contact = client.describe_contact(InstanceId=instance_id, ContactId=related[0])["Contact"]
    assert (contact["RelatedContactId"], contact["InitialContactId"]) == (line[-1], related[0])
    follow_up = start_task(PreviousContactId=related[0])
    assert (
        client.describe_contact(InstanceId=instance_id, ContactId=follow_up)["Contact"][
            "InitialContactId"
        ]
        == related[0]
    )


def test_chain_client_token_replay_comes_before_the_quota(client: Any, start_task: Any) -> None:
    root = start_task()
    line = _line(start_task, 10, previous=root)
    last = start_task(PreviousContactId=line[-1], ClientToken="twelfth")  # the chain is now full
    assert start_task(PreviousContactId=line[-1], ClientToken="twelfth") == last
    assert (
        _refused(client, start_task, PreviousContactId=line[-1], ClientToken="thirteenth") == FULL
    )


def test_chain_update_contact_attributes_reaches_all_12(
    client: Any, server: Any, instance_id: str, start_task: Any
) -> None:
    root = start_task()
    arms = [start_task(PreviousContactId=root) for _ in range(5)]
    _line(start_task, 6, previous=arms[0])
    client.update_contact_attributes(
        InstanceId=instance_id, InitialContactId=arms[-1], Attributes={"case": "9"}
    )
    assert [c["attributes"].get("case") for c in stored_contacts(server.url)] == ["9"] * 12
