"""The package's layers hold: bottom-up imports only, no cycle, no import inside a function,
and a lifecycle core that a second front can call without Pulumi.

`python scripts/import_graph.py` prints the same graph and rules.
"""

import importlib.util
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("import_graph", REPO / "scripts" / "import_graph.py")
assert _spec is not None and _spec.loader is not None
import_graph = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(import_graph)


def test_the_package_keeps_its_layers():
    assert import_graph.problems() == []


def test_layers_import_downwards_only():
    edges = import_graph.layer_edges()
    assert ("common", "task") not in edges and ("common", "template") not in edges
    assert ("template", "task") not in edges and ("task", "files") not in edges
    assert edges[("task", "common")] > 0  # the graph is read at all


def test_a_cycle_is_found_with_its_modules():
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert import_graph.cycles(edges) == [["a", "b", "c", "a"]]
    assert import_graph.cycles({"a": {"b"}, "b": set()}) == []


def test_an_import_inside_a_function_is_found(tmp_path):
    module = tmp_path / "late.py"
    module.write_text(
        "from pulumi_connect_tasks.common import aws\n"
        "def f():\n"
        "    from pulumi_connect_tasks.task import provider\n"
        "    return provider\n"
    )
    known = {"pulumi_connect_tasks.common.aws", "pulumi_connect_tasks.task.provider"}
    top, nested = import_graph.imports("pulumi_connect_tasks.files.late", module, known)
    assert top == {"pulumi_connect_tasks.common.aws"}
    assert nested == [(3, "pulumi_connect_tasks.task.provider")]


def test_a_wrong_way_import_is_named(monkeypatch):
    graph = {"pulumi_connect_tasks.common.aws": {"pulumi_connect_tasks.task.references"}}
    monkeypatch.setattr(import_graph, "graph", lambda: graph)
    monkeypatch.setattr(import_graph, "modules", lambda package="": {})
    assert import_graph.problems() == [
        "pulumi_connect_tasks.common.aws imports pulumi_connect_tasks.task.references: "
        "common is below task"
    ]


def test_the_lifecycle_cores_load_without_pulumi():
    # `import pulumi` loads the whole SDK, pulumi.dynamic included: the cores load none of it.
    code = (
        "import sys\n"
        "import pulumi_connect_tasks.task.lifecycle, pulumi_connect_tasks.template.lifecycle\n"
        "print(sorted(m for m in sys.modules if m == 'pulumi' or m.startswith('pulumi.')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO
    )
    assert done.stdout == "[]\n"


def test_the_graph_command_runs_from_any_folder(tmp_path):
    done = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "import_graph.py")],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines()[-1] == "layers hold: no cycle, no wrong-way import"
