"""The package's import graph, and the layering rules it must keep.

    python scripts/import_graph.py            # the layers, their imports, and any broken rule
    python scripts/import_graph.py --modules  # every module and the first-party modules it imports

Layers, bottom-up; a module may import its own layer and the ones below, never above:

    common     AWS calls, errors, config, pacing, retries, and what tasks and templates
               share: UNKNOWN, Violation and the JSON-Schema message engine, timestamps
    template   task templates
    task       tasks (a task may be started from a template)
    recurring  tasks on an EventBridge Scheduler schedule
    files      definition files, TaskSet, the connect-tasks command
    plugin     the connect-tasks provider plugin (gRPC) over the task and template cores
    (root)     the package's own modules: ``pulumi_connect_tasks/__init__.py``, ``flows.py``

Rules (tests/test_import_graph.py runs them): no module-level cycle, no import inside a
function of a first-party module (the sign of code in the wrong module), no wrong-way
import between layers. Reads the source with :mod:`ast`; imports nothing it checks.
"""

from __future__ import annotations

import argparse
import ast
import sys
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PACKAGE = "pulumi_connect_tasks"
LAYERS = ("common", "template", "task", "recurring", "files", "plugin")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules(package: str = PACKAGE) -> dict[str, Path]:
    """Every module of ``package`` -> its file."""
    return {module_name(p): p for p in sorted((REPO / package).rglob("*.py"))}


def _absolute(importer: str, is_package: bool, level: int, name: str | None) -> str:
    if level == 0:
        return name or ""
    base = importer.split(".")
    if not is_package:
        base.pop()
    base = base[: len(base) - (level - 1)]
    return ".".join(base + ([name] if name else []))


def imports(name: str, path: Path, known: set[str]) -> tuple[set[str], list[tuple[int, str]]]:
    """The first-party modules ``name`` imports at module level, and ``(line, module)`` of
    every first-party import inside a function."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    is_package = path.name == "__init__.py"
    top: set[str] = set()
    nested: list[tuple[int, str]] = []
    functions = {
        id(node)
        for fn in ast.walk(tree)
        if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef))
        for node in ast.walk(fn)
    }
    for node in ast.walk(tree):
        if not isinstance(node, (ast.Import, ast.ImportFrom)):
            continue
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        else:
            base = _absolute(name, is_package, node.level, node.module)
            # "from . import x" imports the module x when there is one, else a name of base.
            targets = [
                f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base
                for alias in node.names
            ]
        for target in targets:
            if target.split(".")[0] != PACKAGE or target == name:
                continue
            if id(node) in functions:
                if (node.lineno, target) not in nested:
                    nested.append((node.lineno, target))
            else:
                top.add(target)
    return top, nested


def layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 2 and parts[1] in LAYERS else "(root)"


def _rank(name: str) -> int:
    return LAYERS.index(name) if name in LAYERS else len(LAYERS)


def graph() -> dict[str, set[str]]:
    """Module -> the first-party modules it imports at module level."""
    found = modules()
    return {name: imports(name, path, set(found))[0] for name, path in found.items()}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Every cycle a depth-first walk meets, each as the modules around it."""
    found: list[list[str]] = []
    state: dict[str, int] = {}  # 1 on the path, 2 done
    path: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        path.append(node)
        for child in sorted(edges.get(node, ())):
            if state.get(child) == 1:
                found.append(path[path.index(child) :] + [child])
            elif child not in state:
                visit(child)
        path.pop()
        state[node] = 2

    for node in sorted(edges):
        if node not in state:
            visit(node)
    return found


def problems() -> list[str]:
    """Every broken rule, one line each; [] when the package keeps them all."""
    found = modules()
    out: list[str] = []
    for name, path in found.items():
        for line, target in imports(name, path, set(found))[1]:
            out.append(f"{path.relative_to(REPO)}:{line}: imports {target} inside a function")
    edges = graph()
    for cycle in cycles(edges):
        out.append("module cycle: " + " -> ".join(cycle))
    for source, targets in sorted(edges.items()):
        for target in sorted(targets):
            if _rank(layer(target)) > _rank(layer(source)):
                out.append(f"{source} imports {target}: {layer(source)} is below {layer(target)}")
    return out


def layer_edges() -> dict[tuple[str, str], int]:
    """(importing layer, imported layer) -> how many module imports cross that way."""
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for source, targets in graph().items():
        for target in targets:
            if layer(source) != layer(target):
                counts[(layer(source), layer(target))] += 1
    return dict(counts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--modules", action="store_true", help="list every module's imports")
    args = parser.parse_args(argv)
    if args.modules:
        for source, targets in sorted(graph().items()):
            print(f"{source}: {', '.join(sorted(targets)) or '-'}")
    else:
        for (source, target), count in sorted(layer_edges().items()):
            print(f"{source:>9} -> {target:<9} {count} imports")
    broken = problems()
    for line in broken:
        print(line)
    print(f"{len(broken)} broken rules" if broken else "layers hold: no cycle, no wrong-way import")
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
