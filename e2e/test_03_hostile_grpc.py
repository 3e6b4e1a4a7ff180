"""Hostile gRPC: malformed and oversized messages straight to the authz-service. Each gets a
decision or a clear error status (INVALID_ARGUMENT; RESOURCE_EXHAUSTED past the size limit;
UNIMPLEMENTED for unknown methods), quickly, never UNKNOWN or INTERNAL; the service logs no
stack trace and goes on serving."""

import random
import re
import time

import grpc
import pytest

from conftest import FIGURES
from support import grpcwire as w
from support.http import ALIAS, RESOLVED

GOOD_PRINCIPAL = w.principal("e2e-key", [ALIAS])
GOOD_MODEL = w.model(ALIAS, RESOLVED)
GOOD = w.check_request(GOOD_PRINCIPAL, GOOD_MODEL)
OK, INVALID = grpc.StatusCode.OK, grpc.StatusCode.INVALID_ARGUMENT


def case(name, request, expected=(OK, INVALID), method=w.CHECK):
    return pytest.param(method, request, expected, id=name)


def cases():
    rnd = random.Random(6)
    out = []
    for i in range(15):
        out.append(case(f"random-bytes-{i}", bytes(rnd.randrange(256) for _ in range(rnd.randrange(1, 300)))))
    # Every prefix of a valid request: cut inside a field is malformed, at a field boundary it
    # is a valid message lacking what follows.
    for cut in range(1, len(GOOD), 7):
        out.append(case(f"truncated-{cut}", GOOD[:cut]))
    # Each field with the wrong wire type (a varint where a string or message belongs, and back).
    for number in range(1, 5):
        out.append(case(f"request-field-{number}-as-varint", w.number(number, 1) + GOOD))
        out.append(case(f"request-field-{number}-as-fixed64", w.varint(number << 3 | 1) + b"\x00" * 8 + GOOD))
    for number in range(1, 7):
        bad = w.field(1, w.number(number, 7) + w.field(1, "e2e-key"))
        out.append(case(f"principal-field-{number}-as-varint", bad + w.field(2, GOOD_MODEL)))
    for number in range(1, 8):
        out.append(case(f"model-field-{number}-wrong-type",
                        w.field(1, GOOD_PRINCIPAL) + w.field(2, w.number(number, 1) if number != 7 else w.field(7, "x"))))
    out.append(case("decision-enum-in-request", w.field(1, GOOD_PRINCIPAL) + w.number(2, 99)))
    out.append(case("group-start-without-end", GOOD + w.varint(9 << 3 | 3)))
    out.append(case("nested-groups-deep", GOOD + (w.varint(9 << 3 | 3)) * 200 + (w.varint(9 << 3 | 4)) * 200))
    out.append(case("length-overflows", w.varint(1 << 3 | 2) + w.varint(2 ** 40) + b"x"))
    out.append(case("varint-too-long", w.varint(1 << 3 | 0) + b"\xff" * 11 + b"\x01"))
    out.append(case("field-number-zero", w.varint(0 << 3 | 2) + w.varint(1) + b"x" + GOOD))
    # Invalid UTF-8 in each string field.
    for i, raw in enumerate([b"\xff", b"\xc3\x28", b"\xed\xa0\x80", b"\xf8\x88\x80\x80\x80"]):
        out.append(case(f"key-id-invalid-utf8-{i}", w.check_request(w.field(1, raw), GOOD_MODEL)))
        out.append(case(f"requested-invalid-utf8-{i}",
                        w.check_request(GOOD_PRINCIPAL, w.field(1, raw) + w.field(2, RESOLVED))))
    # Well-formed but empty or odd values.
    out.append(case("empty", b""))
    out.append(case("unknown-fields-only", w.field(99, "x") + w.number(100, 1)))
    out.append(case("control-chars", w.check_request(w.principal("k\x00\x01", ["\x00"]), w.model("\x07", "\x1b[0m"))))
    out.append(case("long-unicode-name", w.check_request(GOOD_PRINCIPAL, w.model("\U0001F600" * 1000, RESOLVED))))
    # Huge repeated fields and long strings: refused by size limits, promptly.
    out.append(case("key-models-1001", w.check_request(w.principal("k", ["m"] * 1001), GOOD_MODEL), (INVALID,)))
    out.append(case("key-models-200000", w.check_request(w.principal("k", [f"m{i}" for i in range(200000)]),
                                                         GOOD_MODEL), (INVALID,)))
    out.append(case("team-models-50000", w.check_request(w.principal("k", [], ["t"] * 50000), GOOD_MODEL),
                    (INVALID,)))
    out.append(case("access-groups-100000", w.check_request(GOOD_PRINCIPAL, w.model(ALIAS, RESOLVED,
                                                                                    access_groups=["g"] * 100000)),
                    (INVALID,)))
    out.append(case("metadata-5000", w.check_request(w.principal("k", [ALIAS], metadata={f"k{i}": "v" for i in
                                                                                          range(5000)}), GOOD_MODEL),
                    (INVALID,)))
    out.append(case("name-3mb", w.check_request(GOOD_PRINCIPAL, w.model("a" * 3_000_000, RESOLVED)), (INVALID,)))
    out.append(case("message-over-4mib", w.check_request(w.principal("k", ["m" * 4000] * 1100), GOOD_MODEL),
                    (grpc.StatusCode.RESOURCE_EXHAUSTED,)))
    # The listing.
    out.append(case("list-random-bytes", b"\x12\x05abc", method=w.LIST_ALLOWED))
    out.append(case("list-10001-models", w.list_request(GOOD_PRINCIPAL, [GOOD_MODEL] * 10001), (INVALID,),
                    method=w.LIST_ALLOWED))
    out.append(case("list-model-without-names", w.list_request(GOOD_PRINCIPAL, [b""]), (INVALID,),
                    method=w.LIST_ALLOWED))
    out.append(case("list-good", w.list_request(GOOD_PRINCIPAL, [GOOD_MODEL]), (OK,), method=w.LIST_ALLOWED))
    # Methods that do not exist.
    out.append(case("unknown-method", GOOD, (grpc.StatusCode.UNIMPLEMENTED,),
                    method="/llmgw.authz.v1.AuthorizationService/Delete"))
    out.append(case("unknown-service", GOOD, (grpc.StatusCode.UNIMPLEMENTED,), method="/x.Y/Z"))
    return out


CASES = cases()
SEEN = {}


@pytest.mark.parametrize("method,request_bytes,expected", CASES)
def test_hostile_message_decisionOrClearErrorQuickly(system, method, request_bytes, expected):
    started = time.monotonic()
    code, response, details = system.grpc.call(method, request_bytes, timeout=10)
    seconds = time.monotonic() - started

    SEEN[code.name] = SEEN.get(code.name, 0) + 1
    assert code in expected, f"{code}: {details}"
    assert seconds < 3, f"took {seconds:.1f} s"
    assert "Exception" not in details and ".java" not in details
    if code == OK and method == w.CHECK:
        assert w.decision_of(response) in (1, 2), response[:100]


def test_afterHostileMessages_servingAndNoStackTraceLogged(system):
    FIGURES["hostile_grpc_requests"] = len(CASES)
    FIGURES["hostile_grpc_statuses"] = dict(sorted(SEEN.items()))
    assert system.grpc.serving()
    code, response, _ = system.grpc.call(w.CHECK, GOOD)
    assert code == OK and w.decision_of(response) == 1
    log = system.authz.log_text()
    assert "SEVERE" not in log, system.authz.log_tail(60)
    # The one stack trace allowed is grpc-java's own transport warning about the oversized message.
    records = re.split(r"\n(?=\w{3} \d{1,2}, \d{4} )", log)
    traces = [r for r in records if "\tat " in r and "exceeds maximum size" not in r]
    assert not traces, traces[0]
