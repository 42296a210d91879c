"""Links between the tasks of one set of definition files: ``PreviousTask`` and ``RelatedTask``.

A definition file may name another file of its set by that file's key:

    PreviousTask: verify-queue-routing    # continue that task's chain (PreviousContactId)
    RelatedTask: onboarding-checklist     # relate to that task (RelatedContactId)

The set turns the link into the request's PreviousContactId or RelatedContactId, from
the named task's ContactId, so the named task is started first. What a set is: a
TaskSet's folder, the files of one ``connect-tasks start`` run, a folder that
``connect-tasks validate`` checks.

The set's checks, in the order :func:`link_problems` runs them:

1. target   every key a file names is the key of exactly one file of the set
2. cycles   no task waits for itself through its links; every file of a cycle is named
3. chains   at most 12 tasks linked through PreviousTask/PreviousContactId in one chain
            ("There can be a maximum of 12 linked task contacts in a chain"); a chain
            that starts with a PreviousContactId of a task outside the set counts that
            task (at least 1). RelatedTask links have no limit.

The rule of one file (one link per file, a link names a valid key) is
:mod:`pulumi_connect_tasks.files.parsing`'. Messages name files and keys, never a
value of a task.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from difflib import get_close_matches
from typing import Any

from ..common.violations import Violation
from .definition_format import LINK_MEMBERS, LINKED_MEMBERS, is_key, is_recurring

__all__ = [
    "MAX_TASKS_PER_CHAIN",
    "Linked",
    "LinkProblem",
    "linked",
    "link_problems",
    "creation_order",
    "listed",
]

MAX_TASKS_PER_CHAIN = 12
"""StartTaskContact's PreviousContactId: "There can be a maximum of 12 linked task contacts in a chain"."""
_CHAIN_RULE = f"there can be a maximum of {MAX_TASKS_PER_CHAIN} linked task contacts in a chain"


@dataclass(frozen=True)
class Linked:
    """One file of a set as the links see it."""

    file: str
    """The file as shown to the user."""
    key: str
    """Its key (definitions.definition_key)."""
    member: str | None = None
    """PreviousTask or RelatedTask when the file names another file of the set, else None."""
    target: str | None = None
    """The key it names."""
    outside_previous: bool = False
    """The file continues a chain outside the set (its own PreviousContactId, or a default one)."""
    recurring: bool = False
    """The file is a recurring task (Schedule): no one task for another file to link to."""

    @property
    def link(self) -> tuple[str, str] | None:
        """(PreviousTask or RelatedTask, the key it names) when the file names another file
        of the set, else None."""
        if self.member is None or self.target is None:
            return None
        return self.member, self.target

    @property
    def previous(self) -> str | None:
        """The key of the task this one continues, if it names one by PreviousTask."""
        return self.target if self.member == "PreviousTask" else None


@dataclass(frozen=True)
class LinkProblem:
    """One broken rule of the set: reported on ``file``, naming every file in ``files``."""

    file: str
    """The file the line is about (where the link is written, or where a chain starts)."""
    violation: Violation
    """Where in that file (PreviousTask, RelatedTask, PreviousContactId or the root) and the rule."""
    files: tuple[str, ...]
    """Every file the problem involves, ``file`` first."""


def linked(file: str, key: str, definition: Any, *, default_previous: bool = False) -> Linked:
    """The links of one parsed file. A file with more than one link (already a violation of
    the file) keeps its first: PreviousTask, then RelatedTask. ``default_previous``: the set
    gives every file without a link of its own a PreviousContactId (a TaskSet default)."""
    if not isinstance(definition, Mapping):
        return Linked(file, key)
    if is_recurring(definition):  # its own links are the file's violations (NOT_RECURRING)
        return Linked(file, key, recurring=True)
    # A link that cannot be a key is the file's own violation: the set neither follows it
    # nor repeats it (with its value) as a key no file has.
    member = next((m for m in LINK_MEMBERS if is_key(definition.get(m))), None)
    own_link = any(m in definition for m in (*LINK_MEMBERS, *LINKED_MEMBERS.values()))
    outside = "PreviousContactId" in definition or (default_previous and not own_link)
    if member is None:
        return Linked(file, key, outside_previous=outside)
    return Linked(file, key, member, definition[member], outside_previous=False)


def listed(files: Sequence[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    return files[0] if len(files) == 1 else f"{', '.join(files[:-1])} and {files[-1]}"


def _owners(members: Sequence[Linked]) -> dict[str, list[Linked]]:
    owners: dict[str, list[Linked]] = {}
    for member in members:
        owners.setdefault(member.key, []).append(member)
    return owners


def _target_problems(
    members: Sequence[Linked], owners: Mapping[str, list[Linked]], scope: str
) -> list[LinkProblem]:
    problems = []
    for member in members:
        if member.link is None:
            continue
        name, target = member.link
        holders = owners.get(target, [])
        path = (name,)
        if len(holders) == 1 and holders[0].recurring:
            message = (
                f"names the key {target!r}, a recurring task ({holders[0].file} has a Schedule): "
                "each of its runs is a new task, there is no one task to link to"
            )
            problems.append(
                LinkProblem(member.file, Violation(path, message), (member.file, holders[0].file))
            )
            continue
        if len(holders) == 1:
            continue
        if holders:
            files = [h.file for h in holders]
            message = (
                f"names the key {target!r}, which {len(files)} files have ({listed(files)}); "
                "give each a different Key"
            )
            problems.append(
                LinkProblem(member.file, Violation(path, message), (member.file, *files))
            )
            continue
        message = f"names the key {target!r}, which no file of {scope} has"
        close = get_close_matches(target, list(owners), n=1, cutoff=0.8)
        if close:
            message += f" (did you mean {close[0]!r}, {owners[close[0]][0].file}?)"
        problems.append(LinkProblem(member.file, Violation(path, message), (member.file,)))
    return problems


def _edges(members: Sequence[Linked], owners: Mapping[str, list[Linked]]) -> dict[str, str]:
    """key -> the key it names, for links that resolve to one file (keys held once only)."""
    return {
        m.key: m.target
        for m in members
        if m.target is not None and len(owners[m.key]) == 1 and len(owners.get(m.target, [])) == 1
    }


def _cycles(members: Sequence[Linked], edges: Mapping[str, str]) -> list[list[str]]:
    """Every cycle of keys, each starting at its first key in set order (one link per key)."""
    order = {m.key: i for i, m in enumerate(members)}
    state: dict[str, int] = {}  # 1 being walked, 2 done
    cycles = []
    for start in order:
        path: list[str] = []
        key: str | None = start
        while key is not None and key not in state:
            state[key] = 1
            path.append(key)
            key = edges.get(key)
        if key is not None and state[key] == 1:  # the walk came back to itself
            cycle = path[path.index(key) :]
            first = min(range(len(cycle)), key=lambda i: order[cycle[i]])
            cycles.append(cycle[first:] + cycle[:first])
        for walked in path:
            state[walked] = 2
    return sorted(cycles, key=lambda cycle: order[cycle[0]])


def _cycle_problem(cycle: list[str], by_key: Mapping[str, Linked]) -> LinkProblem:
    first = by_key[cycle[0]]
    # Every key of a cycle names the next one: each has a link.
    names = {key: link[0] for key in cycle if (link := by_key[key].link) is not None}
    if len(cycle) == 1:
        message = "names the file's own key: a task cannot wait for itself"
        return LinkProblem(first.file, Violation((names[cycle[0]],), message), (first.file,))
    files = [by_key[key].file for key in cycle]
    steps = [
        f"{files[i]} waits for {files[(i + 1) % len(files)]} ({names[key]})"
        for i, key in enumerate(cycle)
    ]
    message = f"is part of a cycle of {len(cycle)} files, so none of them can be started: {'; '.join(steps)}"
    return LinkProblem(first.file, Violation((names[cycle[0]],), message), tuple(files))


def _chain_problems(
    members: Sequence[Linked], edges: Mapping[str, str], in_cycles: set[str]
) -> list[LinkProblem]:
    by_key = {m.key: m for m in members}
    chains: dict[str, list[str]] = {}  # first key of a chain -> its keys, in set order
    for member in members:
        key, seen = member.key, set()
        while by_key[key].previous is not None and key in edges and key not in seen:
            seen.add(key)
            key = edges[key]
        if key in in_cycles or any(k in in_cycles for k in seen):
            continue
        chains.setdefault(key, []).append(member.key)
    problems = []
    for first_key, keys in chains.items():
        first = by_key[first_key]
        outside = 1 if first.outside_previous else 0
        if len(keys) + outside <= MAX_TASKS_PER_CHAIN:
            continue
        ordered = [first_key] + [k for k in keys if k != first_key]
        files = [by_key[k].file for k in ordered]
        if outside:
            message = (
                f"continues the chain of its PreviousContactId with {len(keys)} tasks of the set "
                f"({listed(files)}): at least {len(keys) + 1} linked tasks, and {_CHAIN_RULE}"
            )
            path: tuple[str, ...] = ("PreviousContactId",)
        else:
            message = f"starts a chain of {len(keys)} linked tasks ({listed(files)}); {_CHAIN_RULE}"
            path = ()
        problems.append(LinkProblem(first.file, Violation(path, message), tuple(files)))
    return problems


def link_problems(members: Sequence[Linked], *, scope: str = "the set") -> list[LinkProblem]:
    """Every broken rule of the set's links (targets, cycles, chain lengths), in that order.

    ``members`` are the set's files in set order, invalid ones included (their keys count
    as targets). ``scope`` names the set in messages ("the folder", "this run").
    """
    owners = _owners(members)
    problems = _target_problems(members, owners, scope)
    edges = _edges(members, owners)
    by_key = {key: holders[0] for key, holders in owners.items()}
    cycles = _cycles(members, edges)
    problems += [_cycle_problem(cycle, by_key) for cycle in cycles]
    unique = [m for m in members if len(owners[m.key]) == 1]
    problems += _chain_problems(unique, edges, {key for cycle in cycles for key in cycle})
    return problems


def creation_order(members: Iterable[Linked]) -> list[str]:
    """The keys in an order where every named task comes before the tasks naming it;
    otherwise set order. Meant for a set without link problems (keys unique, no cycle)."""
    members = list(members)
    by_key = {m.key: m for m in members}
    placed: dict[str, None] = {}
    for member in members:
        waiting = []
        key: str | None = member.key
        while key is not None and key not in placed and key in by_key and key not in waiting:
            waiting.append(key)
            key = by_key[key].target
        for key in reversed(waiting):
            placed[key] = None
    return list(placed)
