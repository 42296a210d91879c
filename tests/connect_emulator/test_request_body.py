"""Request bodies: strict JSON (no NaN, finite numbers, bounded nesting), a size limit, clients gone mid-body."""

from __future__ import annotations

import json
import signal
import socket
import urllib.error
import urllib.request
from typing import Any
from urllib.parse import urlsplit

import pytest

from connect_emulator.payload import MAX_BODY_BYTES, MAX_DEPTH, PayloadError, loads

from .conftest import cli, emulator, make_client, sigv4_headers, stored_contacts


def _put(url: str, path: str, body: bytes) -> tuple[int, str | None, Any]:
    """A signed PUT with a raw body: (status, x-amzn-ErrorType, JSON body)."""
    headers = {**sigv4_headers("PUT", url + path, body), "Content-Type": "application/json"}
    request = urllib.request.Request(url + path, data=body, method="PUT", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return (
                response.status,
                response.headers.get("x-amzn-ErrorType"),
                json.loads(response.read()),
            )
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("x-amzn-ErrorType"), json.loads(error.read())


def _task_body(instance_id: str, flow_id: str, scheduled: str) -> bytes:
    return f'{{"InstanceId": "{instance_id}", "ContactFlowId": "{flow_id}", "Name": "n", "ScheduledTime": {scheduled}}}'.encode()


def _exchange(url: str, head: bytes, body: bytes = b"", close_early: bool = False) -> bytes:
    """Send ``head`` and ``body`` on a raw socket; what the server answers (b"" if nothing)."""
    parts = urlsplit(url)
    with socket.create_connection((parts.hostname, parts.port), timeout=10) as sock:
        sock.sendall(head + body)
        if close_early:
            return b""
        received = b""
        while chunk := sock.recv(65536):
            received += chunk
        return received


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_non_finite_constant_is_serialization_exception(
    server: Any, instance_id: str, flow_id: str, constant: str
) -> None:
    status, code, body = _put(
        server.url, "/contact/task", _task_body(instance_id, flow_id, constant)
    )
    assert (status, code) == (400, "SerializationException")
    assert body == {
        "message": f"The request body is not valid JSON: {constant} is not a JSON number"
    }
    assert stored_contacts(server.url) == []


@pytest.mark.parametrize("number", ["1" * 400, "1" * 5000, "1e999", "-1e400"])
def test_number_beyond_a_double_is_serialization_exception(
    server: Any, instance_id: str, flow_id: str, number: str
) -> None:
    status, code, body = _put(server.url, "/contact/task", _task_body(instance_id, flow_id, number))
    assert (status, code) == (400, "SerializationException")
    assert body == {
        "message": "The request body has a number out of range (JSON numbers must fit a double)"
    }


@pytest.mark.parametrize("opening, closing", [(b"[", b"]"), (b'{"a":', b"}")])
def test_deep_nesting_is_serialization_exception(
    server: Any, opening: bytes, closing: bytes
) -> None:
    status, code, body = _put(
        server.url, "/contact/task", opening * 100_000 + b"1" + closing * 100_000
    )
    assert (status, code) == (400, "SerializationException")
    assert body == {
        "message": f"The request body nests arrays and objects deeper than {MAX_DEPTH} levels"
    }


def test_loads_nesting_limit_counts_brackets_outside_strings_only() -> None:
    assert loads(b"[" * MAX_DEPTH + b"]" * MAX_DEPTH) == loads(b"[" * MAX_DEPTH + b"]" * MAX_DEPTH)
    assert loads(json.dumps({"a": "[" * 1000, "b": '{\\"[' * 500}).encode())["a"] == "[" * 1000
    with pytest.raises(PayloadError, match="deeper than"):
        loads(b"[" * (MAX_DEPTH + 1) + b"]" * (MAX_DEPTH + 1))


def test_loads_keeps_ordinary_numbers() -> None:
    assert loads(b'{"i": -12, "f": 1.5e3, "big": 1e308, "long": 9223372036854775807}') == {
        "i": -12,
        "f": 1500.0,
        "big": 1e308,
        "long": 9223372036854775807,
    }


def test_inspection_refuses_nan(server: Any) -> None:
    request = urllib.request.Request(
        server.url + "/_emulator/clock", data=b'{"now": NaN}', method="POST"
    )
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(request, timeout=5)
    assert (caught.value.code, json.loads(caught.value.read())) == (
        400,
        {"message": "The request body is not valid JSON: NaN is not a JSON number"},
    )
    assert emulator(server.url, "/_emulator/clock")[1]["offset_seconds"] == 0


def test_body_at_the_limit_is_read(server: Any) -> None:
    request = {
        "IdentityManagementType": "CONNECT_MANAGED",
        "InstanceAlias": "big",
        "InboundCallsEnabled": True,
        "OutboundCallsEnabled": True,
    }
    text = json.dumps(request).encode()
    status, _, body = _put(server.url, "/instance", text + b" " * (MAX_BODY_BYTES - len(text)))
    assert status == 200 and "Id" in body


def test_body_over_the_limit_is_413_before_it_is_read(server: Any) -> None:
    path = "/contact/task"
    signature = sigv4_headers("PUT", server.url + path)
    head = f"PUT {path} HTTP/1.1\r\nHost: x\r\nContent-Length: {100 * 1024 * 1024}\r\n"
    head += "".join(f"{name}: {value}\r\n" for name, value in signature.items()) + "\r\n"
    # Only the head and a few bytes are sent: the answer must come without the other 100 MB.
    answer = _exchange(server.url, head.encode(), b'{"Name": ')
    status_line, _, rest = answer.partition(b"\r\n")
    assert status_line.split(b" ", 2)[1] == b"413"
    assert b"x-amzn-ErrorType: RequestEntityTooLargeException" in rest
    assert rest.endswith(
        json.dumps({"message": f"The request body is larger than {MAX_BODY_BYTES} bytes"}).encode()
    )


def test_client_that_sends_the_whole_body_first_reads_the_413(server: Any) -> None:
    status, code, body = _put(server.url, "/instance", b" " * (8 * MAX_BODY_BYTES))
    assert (status, code) == (413, "RequestEntityTooLargeException")
    assert body == {"message": f"The request body is larger than {MAX_BODY_BYTES} bytes"}


def test_chunked_body_over_the_limit_is_413(server: Any) -> None:
    signature = sigv4_headers("PUT", server.url + "/instance")
    head = "PUT /instance HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
    head += "".join(f"{name}: {value}\r\n" for name, value in signature.items()) + "\r\n"
    chunk = b" " * 65536
    chunks = (b"%x\r\n" % len(chunk) + chunk + b"\r\n") * (
        MAX_BODY_BYTES // len(chunk) + 1
    ) + b"0\r\n\r\n"
    answer = _exchange(server.url, head.encode(), chunks)
    assert answer.split(b" ", 2)[1] == b"413"
    assert server.backend.instances == {}


def test_client_gone_mid_body_leaves_no_traceback() -> None:
    with cli("--no-throttle") as (line, process):
        url = line.strip()
        for path in ("/contact/task", "/_emulator/clock"):
            for _ in range(3):
                head = f"PUT {path} HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n".encode()
                _exchange(url, head, b'{"Name": "half', close_early=True)
        assert make_client(url).list_instances()["InstanceSummaryList"] == []
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=10)
    assert process.returncode == 0
    assert "Traceback" not in stderr
    assert stderr == ""
