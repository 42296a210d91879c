"""StateStore: the file format, encryption of secrets, atomic saves; project config."""

from __future__ import annotations

import json
import os

import pytest

from localengine.project import EngineError, load_project
from localengine.secret import Secret
from localengine.state import ResourceState, StackState, StateError, StateStore, state_problems
from tests.localengine.le_helpers import PROGRAM_DIR


def _resource() -> ResourceState:
    return ResourceState(
        urn="urn:pulumi:dev::p::t:m:R::r",
        type="t:m:R",
        name="r",
        custom=True,
        id="r-1",
        inputs={"token": {"nested": "tok-a81"}, "plain": 1},
        outputs={"token": {"nested": "tok-a81"}, "plain": 1, "extra": "x"},
        secret_names={"token"},
    )


def test_state_round_trip_encrypts_only_secret_names(tmp_path):
    store = StateStore(tmp_path, "dev")
    state = StackState("p", {"p:password": "pw-77c"}, {_resource().urn: _resource()}, [_resource()])
    store.save(state)
    raw = json.loads((tmp_path / "dev.json").read_text())
    text = (tmp_path / "dev.json").read_text()
    assert "tok-a81" not in text and "pw-77c" not in text
    stored = raw["resources"][_resource().urn]
    assert (stored["inputs"]["plain"], stored["outputs"]["extra"]) == (1, "x")
    assert stored["inputs"]["token"].keys() == {"secret"}
    assert raw["pending_deletes"][0]["urn"] == _resource().urn
    assert StateStore(tmp_path, "dev").load() == state


def test_state_stack_outputs_keep_each_secret_in_place_encrypted(tmp_path):
    outputs = {
        "id": "c-1",
        "token": Secret("tok-3e1"),
        "task": {"id": "c-1", "notes": [Secret({"pin": "4401"}), 2]},
    }
    StateStore(tmp_path, "dev").save(StackState("p", outputs=outputs))
    text = (tmp_path / "dev.json").read_text()
    assert "tok-3e1" not in text and "4401" not in text
    sealed = json.loads(text)["outputs"]["task"]["notes"][0]
    assert sealed.keys() == {"4dabf18193072939515e22adb298388d", "ciphertext"}
    assert StateStore(tmp_path, "dev").load().outputs == outputs
    assert StateStore(tmp_path, "dev").load(redact=True).outputs == {
        "id": "c-1",
        "token": "[secret]",
        "task": {"id": "c-1", "notes": ["[secret]", 2]},
    }


def test_state_relative_dir_is_made_absolute_at_once(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    store = StateStore("state", "dev")
    monkeypatch.chdir(PROGRAM_DIR)
    assert store.path == tmp_path.resolve() / "state" / "dev.json"


def test_state_with_another_key_is_a_value_error_naming_the_files(tmp_path):
    StateStore(tmp_path, "dev").save(StackState("p", {"p:k": "v"}))
    (tmp_path / ".key").write_bytes(b"kzDgr7yoqXh5n9jKmN1W4rYq0xvT8s2LbC6eF3uA5Ho=")
    with pytest.raises(ValueError, match=r"\.key does not decrypt this state$"):
        StateStore(tmp_path, "dev").load()


def test_state_key_is_private_and_reused(tmp_path):
    store = StateStore(tmp_path, "dev")
    store.save(StackState("p", {"k": "v"}))
    key = (tmp_path / ".key").read_bytes()
    assert os.stat(tmp_path / ".key").st_mode & 0o777 == 0o600
    StateStore(tmp_path, "other").save(StackState("p", {"k": "v"}))
    assert (tmp_path / ".key").read_bytes() == key


def test_state_redacted_load_needs_no_key(tmp_path):
    StateStore(tmp_path, "dev").save(StackState("p", {"p:k": "v"}, {_resource().urn: _resource()}))
    (tmp_path / ".key").unlink()
    state = StateStore(tmp_path, "dev").load(redact=True)
    assert state.config == {"p:k": "[secret]"}
    assert state.resources[_resource().urn].outputs == {
        "token": "[secret]",
        "plain": 1,
        "extra": "x",
    }


def test_state_missing_file_is_empty_state(tmp_path):
    assert StateStore(tmp_path / "none", "dev").load() == StackState()


def test_state_save_leaves_no_temporary_file(tmp_path):
    store = StateStore(tmp_path, "dev")
    store.save(StackState("p"))
    store.save(StackState("p", {"a": "b"}))
    assert sorted(os.listdir(tmp_path)) == [".key", "dev.json"]


def test_project_stack_config_layers_and_namespaces():
    project = load_project(PROGRAM_DIR)
    assert project.name == "le-fixture"
    assert project.stack_config("dev", {"greeting": "hi", "aws:profile": "x"}) == {
        "le-fixture:greeting": "hi",
        "aws:region": "us-east-1",
        "aws:profile": "x",
    }
    assert project.stack_config("nostack") == {}


def test_project_encrypted_config_needs_an_override(tmp_path):
    (tmp_path / "Pulumi.yaml").write_text(
        "name: p\nruntime: python\nconfig:\n  flag: {default: true}\n"
    )
    (tmp_path / "__main__.py").write_text("")
    (tmp_path / "Pulumi.dev.yaml").write_text("config:\n  p:pw:\n    secure: AAABAxyz\n  n: 3\n")
    project = load_project(tmp_path)
    with pytest.raises(EngineError) as caught:
        project.stack_config("dev")
    assert str(caught.value) == (
        f"{project.directory / 'Pulumi.dev.yaml'}: the local engine cannot decrypt secure config values (p:pw): "
        "it has no Pulumi secrets provider. Pass each value on the command line (--config p:pw=VALUE), "
        "or write it as plain text in a Pulumi.dev.yaml that stays on this machine"
    )
    assert "AAABAxyz" not in str(caught.value)
    assert project.stack_config("dev", {"pw": "given"}) == {
        "p:flag": "true",
        "p:n": "3",
        "p:pw": "given",
    }


def test_project_without_pulumi_yaml_is_engine_error(tmp_path):
    with pytest.raises(EngineError, match="no Pulumi.yaml"):
        load_project(tmp_path)


_SEALED = {"secret": "token"}
_SIG = "4dabf18193072939515e22adb298388d"
_GOOD_RESOURCE = {"type": "t:m:R", "name": "r", "custom": True, "id": "r-1"}


@pytest.mark.parametrize(
    ("content", "problems"),
    [
        ("[]", ["$: the state must be a JSON object, not an array"]),
        ("{}", ["$.version: is missing"]),
        ('{"version": "1"}', ["$.version: must be 1"]),
        ('{"version": true}', ["$.version: must be 1"]),
        (
            '{"version": 2, "resources": []}',
            ["$.version: 2 is the format of a newer local engine (this one reads 1)"],
        ),
        (
            json.dumps(
                {"version": 1, "resources": {"urn:a": {"name": "r", "custom": True, "id": "r-1"}}}
            ),
            ['$.resources["urn:a"].type: is missing'],
        ),
        (
            json.dumps({"version": 1, "pending_deletes": [_GOOD_RESOURCE]}),
            ["$.pending_deletes[0].urn: is missing"],
        ),
        (
            json.dumps(
                {"version": 1, "resources": {"urn:a": {**_GOOD_RESOURCE, "id": None, "type": ""}}}
            ),
            [
                '$.resources["urn:a"].type: is empty',
                '$.resources["urn:a"].id: must be a string, not null',
            ],
        ),
        (
            json.dumps(
                {
                    "version": 1,
                    "project": 3,
                    "config": {"p:k": "plain"},
                    "resources": [],
                    "pending_deletes": {},
                    "outputs": [],
                }
            ),
            [
                "$.project: must be a string, not a number",
                '$.config["p:k"]: must be encrypted, {"secret": "<token>"}',
                "$.resources: must be an object, not an array",
                "$.pending_deletes: must be an array, not an object",
                "$.outputs: must be an object, not an array",
            ],
        ),
        (
            json.dumps(
                {
                    "version": 1,
                    "resources": {
                        "urn:a": {
                            **_GOOD_RESOURCE,
                            "custom": "yes",
                            "dependencies": "urn:b",
                            "secret_names": ["token", 7],
                            "inputs": {"token": "tok-5d2"},
                            "outputs": {"token": _SEALED},
                        }
                    },
                }
            ),
            [
                '$.resources["urn:a"].custom: must be a boolean, not a string',
                '$.resources["urn:a"].dependencies: must be an array, not a string',
                '$.resources["urn:a"].secret_names[1]: must be a string, not a number',
                '$.resources["urn:a"].inputs["token"]: must be encrypted, {"secret": "<token>"} '
                "(it is in secret_names)",
            ],
        ),
        (
            json.dumps(
                {"version": 1, "outputs": {"x": [{_SIG: "1b47061264138c4ac30d75fd1eb44270"}]}}
            ),
            ['$.outputs["x"][0]: a secret without its ciphertext'],
        ),
    ],
)
def test_state_file_of_another_shape_is_a_state_error_listing_every_problem(
    tmp_path, content, problems
):
    (tmp_path / "dev.json").write_text(content)
    with pytest.raises(StateError) as caught:
        StateStore(tmp_path, "dev").load(redact=True)
    assert str(caught.value).splitlines() == [
        f"{tmp_path / 'dev.json'}: not a state file of this local engine:",
        *(f"  {p}" for p in problems),
    ]
    assert "tok-5d2" not in str(caught.value)


def test_state_problems_past_ten_are_counted(tmp_path):
    raw = {
        "version": 1,
        "resources": {f"urn:{i}": {} for i in range(4)},
    }  # 4 fields missing in each
    assert len(state_problems(raw)) == 16
    (tmp_path / "dev.json").write_text(json.dumps(raw))
    with pytest.raises(StateError) as caught:
        StateStore(tmp_path, "dev").load()
    lines = str(caught.value).splitlines()
    assert len(lines) == 12 and lines[-1] == "  ... and 6 more"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "not valid JSON (Expecting value: line 1 column 1 (char 0))"),
        (
            b'{"version": 1,',
            "not valid JSON (Expecting property name enclosed in double quotes: line 1 column 15 (char 14))",
        ),
        (b"\xff\xfe{", "not UTF-8 text"),
        (b"[" * 100_000, "nested too deeply to be one"),
    ],
)
def test_state_file_not_json_is_a_state_error(tmp_path, content, message):
    (tmp_path / "dev.json").write_bytes(content)
    with pytest.raises(StateError) as caught:
        StateStore(tmp_path, "dev").load()
    assert str(caught.value) == f"{tmp_path / 'dev.json'}: not a state file: {message}"


def test_state_key_that_is_not_a_key_is_a_state_error(tmp_path):
    StateStore(tmp_path, "dev").save(StackState("p", {"p:k": "v"}))
    (tmp_path / ".key").write_text("not a key\n")
    with pytest.raises(StateError) as caught:
        StateStore(tmp_path, "dev").load()
    assert (
        str(caught.value)
        == f"{tmp_path / '.key'}: not a state key (a Fernet key: 32 bytes, url-safe base64)"
    )
