"""The plugin seeding run's parsing and wire shapes: the port line, the provider's config,
the Task inputs, and which unthrottled run a plugin run is compared with."""

import json
from types import SimpleNamespace

import pytest

from bench.plugin_seeding import (
    TASK,
    config_args,
    config_variables,
    read_port,
    task_inputs,
    urn,
)
from bench.report import _calibration_for
from bench.seeding import Scenario, SeedingRun, task_definitions
from pulumi_connect_tasks.plugin.convert import to_core

SCALED = {"StartTaskContact": (20.0, 5.0), "DescribeContact": (100.0, 150.0)}
TOLD = {
    "connect-tasks:startTaskContactRate": "20",
    "connect-tasks:startTaskContactBurst": "5",
    "connect-tasks:apiRates": json.dumps({"DescribeContact": {"rate": 100.0, "burst": 150.0}}),
}


def test_read_port_takes_the_first_line():
    assert read_port("40123\n") == 40123


@pytest.mark.parametrize("line", ["", "0\n", "70000\n", "Traceback (most recent call last):\n"])
def test_read_port_refuses_anything_but_a_port(line):
    with pytest.raises(ValueError, match="where its port belongs"):
        read_port(line)


def test_config_args_are_the_packages_keys_without_namespace_and_the_region():
    config = {**TOLD, "aws:region": "eu-west-1", "instanceId": "i-1"}
    assert config_args(config, "us-east-1") == {
        "startTaskContactRate": "20",
        "startTaskContactBurst": "5",
        "apiRates": TOLD["connect-tasks:apiRates"],
        "region": "us-east-1",
    }


def test_config_variables_are_namespaced_as_the_engine_sends_them():
    assert config_variables({"startTaskContactRate": "20", "region": "us-east-1"}) == {
        "connect-tasks:config:startTaskContactRate": "20",
        "connect-tasks:config:region": "us-east-1",
    }


def test_urn_names_stack_project_type_and_name():
    assert urn("bench-tasks", "plugin", TASK, "task-0001") == (
        "urn:pulumi:plugin::bench-tasks::connect-tasks:index:Task::task-0001"
    )


def test_task_inputs_reach_the_core_as_the_definitions_say():
    definition = task_definitions(2)[1]
    core = to_core(TASK, task_inputs("i-1", "f-1", definition["args"]))
    assert core == {"instance_id": "i-1", "contact_flow_id": "f-1", **definition["args"]}


def test_a_plugin_run_is_not_compared_with_the_engines_calibration():
    calibration = SeedingRun(Scenario("calibration", "engine, no throttling", 300, None))
    engine = SeedingRun(Scenario("scaled", "scaled", 300, SCALED, provider=TOLD))
    plugin = SeedingRun(Scenario("plugin", "plugin", 300, SCALED, provider=TOLD, seeder="plugin"))
    results = SimpleNamespace(runs={"calibration": calibration, "scaled": engine, "plugin": plugin})
    assert _calibration_for(results, engine) is calibration
    assert _calibration_for(results, plugin) is None
