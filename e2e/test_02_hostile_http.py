"""Hostile HTTP: hundreds of generated malformed requests. None may get a 5xx or a stack
trace; every refusal is in OpenAI's error shape; nothing malformed reaches the upstream; the
gateway logs no internal error and serves normally afterwards."""

import json
import random

import pytest

from conftest import FIGURES
from support import metrics
from support.http import (ALIAS, RESOLVED, STACK_TRACE, Client, chat_body, openai_error, raw_request,
                          request_bytes)

CHAT = "/v1/chat/completions"
VALID = {"model": ALIAS, "messages": [{"role": "user", "content": "Hello"}]}


def case(name, data, must_fail=True, half_close=False):
    """A request as raw bytes. `must_fail`: it is malformed, so only a 4xx is right; otherwise
    (hostile but well-formed) a 2xx is fine too."""
    return pytest.param(data, must_fail, half_close, id=name)


def post(body, content_type="application/json", headers=None, path=CHAT, key="sk-demo-alias-only"):
    return request_bytes("POST", path, body, headers, content_type, key)


def cases():
    rnd = random.Random(6)
    valid = json.dumps(VALID)
    out = []
    # Bad and truncated JSON.
    for cut in sorted({1, 2, 5, 9, 10, 17, 30, 45, 50, 51, 55, 60, 70, 80, len(valid) - 2, len(valid) - 1}):
        out.append(case(f"truncated-json-{cut}", post(valid[:cut])))
    for i, text in enumerate(["", " ", "{", "}", "[", "nul", "null", "true", "0", '"text"', "[]", "[{}]",
                              "{'model': 'x'}", '{"model": "x",}', '{"model" "x"}', '{"model": x}',
                              '{"model": "x"} trailing', valid.replace('"', "'"),
                              '{"model": "\\ud800"}', '{"model": "\\u00"}', '{"a":1e99999}', "NaN",
                              valid + valid]):
        out.append(case(f"bad-json-{i}", post(text)))
    # A byte-order mark before the JSON is accepted, as JSON parsers commonly do.
    out.append(case("json-after-bom", post("\ufeff" + valid), must_fail=False))
    for i in range(12):
        out.append(case(f"random-bytes-{i}", post(bytes(rnd.randrange(256) for _ in range(rnd.randrange(1, 400))))))
    # Wrong types, field by field.
    wrong = {"string": "x", "number": 7, "float": 1.5, "bool": True, "null": None, "array": [1], "object": {"a": 1}}
    for name, ok in [("model", {"string"}), ("messages", {"array"}), ("stream", {"bool", "null"}),
                     ("max_tokens", {"number", "null"}), ("n", {"number", "null"}),
                     ("temperature", {"number", "float", "null"}), ("stop", {"string", "array", "null"}),
                     ("user", {"string", "null"}), ("stream_options", {"object", "null"})]:
        for kind, value in wrong.items():
            if kind in ok:
                continue
            out.append(case(f"wrong-type-{name}-{kind}", post(json.dumps({**VALID, name: value}))))
    for kind, value in wrong.items():
        if kind != "object":
            out.append(case(f"wrong-type-message-{kind}", post(json.dumps({**VALID, "messages": [value]}))))
        if kind != "string":
            out.append(case(f"wrong-type-role-{kind}",
                            post(json.dumps({**VALID, "messages": [{"role": value, "content": "hi"}]}))))
    out.append(case("empty-messages", post(json.dumps({**VALID, "messages": []}))))
    out.append(case("empty-model", post(json.dumps({**VALID, "model": ""}))))
    out.append(case("blank-model", post(json.dumps({**VALID, "model": " \t "}))))
    out.append(case("stream-on-embeddings", post(json.dumps({"model": ALIAS, "input": "x", "stream": True}),
                                                 path="/v1/embeddings")))
    out.append(case("completions-no-prompt", post(json.dumps({"model": ALIAS}), path="/v1/completions")))
    # Huge and deeply nested bodies.
    out.append(case("body-over-limit", post(b'{"model": "' + b"x" * (11 << 20) + b'"}')))
    out.append(case("content-length-over-limit", request_bytes("POST", CHAT, b"{}", {"Content-Length": str(1 << 40)})
                    .replace(b"Content-Length: 2\r\n", b"")))
    out.append(case("huge-valid-content", post(json.dumps({**VALID, "messages": [
        {"role": "user", "content": "y" * (4 << 20)}]})), must_fail=False))
    out.append(case("many-messages", post(json.dumps({**VALID, "messages": [
        {"role": "user", "content": "hi"}] * 50000})), must_fail=False))
    out.append(case("many-keys", post(json.dumps({**VALID, **{f"k{i}": i for i in range(100000)}})), must_fail=False))
    for depth in (50, 999, 1001, 5000, 200000):
        nested = "[" * depth + "]" * depth
        out.append(case(f"nested-arrays-{depth}", post('{"model": "%s", "messages": [{"role": "user", "content": %s}]}'
                                                        % (ALIAS, nested)), must_fail=depth > 990))
        out.append(case(f"nested-objects-{depth}", post('{"model": "%s", "x": %s1%s}' % (ALIAS, '{"a":' * depth,
                                                                                       "}" * depth))))
    # Control characters and very long Unicode model names.
    for i, model in enumerate(["\u0000", "a\u0000b", "\u0007\u0008\u001b[31m", "\r\nX-Injected: yes", "\u202eevil",
                               "\ufffe\uffff", "\U0001F600" * 100, "\u00e9" * 511, "\u4e2d" * 513, "q" * 513,
                               "\U0001F600" * 100000, "\u0301" * 2000, ALIAS + "\u0000", ALIAS + "\n", " " + ALIAS,
                               ALIAS.upper(), RESOLVED + "/../" + ALIAS, "../" * 100 + "etc/passwd"]):
        out.append(case(f"model-name-{i}", post(json.dumps({**VALID, "model": model}))))
    out.append(case("model-name-lone-surrogate-escape", post('{"model": "\\udc00\\ud800", "messages": []}')))
    out.append(case("model-name-invalid-utf8", post(b'{"model": "\xc3\x28\xff", "messages": [{"role": "user"}]}')))
    # Header injection and malformed headers (the HTTP layer refuses these before routing).
    for i, (name, value) in enumerate([
            (b"X-Note", b"a\rInjected: b"), (b"X-Note", b"a\nInjected: b"), (b"X-Note", b"a\x00b"),
            (b"X-Note", b"a\x7fb"), (b"X-Note\r\nInjected", b"b"), (b"Bad Name", b"x"),
            (b" X-Folded", b"x"), (b"x-request-id", b"abc\r\n\tfolded"),
            (b"Content-Length", b"-1"),
            (b"Content-Length", b"abc"), (b"Content-Length", b"1, 2"), (b"Transfer-Encoding", b"gzip, chunked"),
            (b"Host", b"a\x00b")]):
        out.append(case(f"header-{i}", post(valid, headers={name: value})))
    # Odd but tolerated by the HTTP layer (obs-text bytes, a large value, an empty name), or a
    # line break that makes a second, well-formed header: harmless, and nothing is echoed.
    for i, (name, value) in enumerate([(b"X-Note", b"\xff\xfe"), (b"X-Big", b"a" * 70000), (b"", b"no-name"),
                                       (b"Authorization", b"Bearer sk-demo-alias-only\r\nX-Injected: 1")]):
        out.append(case(f"header-tolerated-{i}", post(valid, headers={name: value}), must_fail=False))
    out.append(case("many-headers", post(valid, headers={f"X-H{i}": "v" for i in range(3000)})))
    out.append(case("request-id-hostile", post(valid, headers={"x-request-id": "<script>alert(1)</script>"}),
                    must_fail=False))
    out.append(case("request-id-long", post(valid, headers={"x-request-id": "a" * 5000}), must_fail=False))
    out.append(case("authorization-unicode", post(valid, headers={}, key="sk-\u00e9\u00e8")))
    out.append(case("authorization-huge", post(valid, key="sk-" + "k" * 60000)))
    out.append(case("authorization-none", post(valid, key=None)))
    out.append(case("authorization-empty", post(valid, key="")))
    out.append(case("authorization-basic", post(valid, key=None, headers={"Authorization": "Basic c2stZGVtbw=="})))
    out.append(case("two-keys", post(valid, headers={"api-key": "sk-demo-other"}), must_fail=False))
    # Broken framing.
    out.append(case("chunked-bad-size", request_bytes("POST", CHAT, b"", {"Transfer-Encoding": "chunked"})
                    .replace(b"Content-Length: 0\r\n", b"") + b"ZZ\r\nabc\r\n0\r\n\r\n", half_close=True))
    out.append(case("chunked-cut", request_bytes("POST", CHAT, b"", {"Transfer-Encoding": "chunked"})
                    .replace(b"Content-Length: 0\r\n", b"") + b"40\r\n" + valid[:20].encode(), half_close=True))
    out.append(case("body-shorter-than-length", post(valid).replace(
        f"Content-Length: {len(valid)}".encode(), b"Content-Length: 9999"), half_close=True))
    out.append(case("length-and-chunked", post(valid, headers={"Transfer-Encoding": "chunked"})))
    for i, line in enumerate([b"GARBAGE", b"GET", b"GET /v1/models", b"GET /v1/models HTTP/9.9",
                              b"GET /v1/models HTTP/1.1 extra", b"get /v1/models HTTP/1.1", b"GET  /v1/models HTTP/1.1",
                              b"GET v1/models HTTP/1.1", b"GET /v1/models\x00 HTTP/1.1", b"\x16\x03\x01\x02\x00\x01",
                              b"PRI * HTTP/2.0"]):
        out.append(case(f"request-line-{i}", line + b"\r\nHost: x\r\nConnection: close\r\n\r\n", half_close=True))
    # Path traversal and odd ids in /v1/models/{id}.
    for i, path in enumerate(["../../etc/passwd", "..%2F..%2Fetc%2Fpasswd", "%2e%2e/%2e%2e/etc/passwd",
                              "....//....//etc/passwd", "..\\..\\windows\\win.ini", "%252e%252e%252f", "%00",
                              "%ZZ", "%", "%c0%ae%c0%ae/", "Qwen%2FQwen3-Coder-480B-A35B-Instruct-bfloat16",
                              "Qwen/Qwen3-Coder-480B-A35B-Instruct-bfloat16", "Qwen/../Qwen/x", "./" * 50,
                              "a" * 3000, "%F0%9F%98%80" * 200, "%0d%0aX-Injected:%20yes", ";jsessionid=x",
                              "?x=../..", "#frag", "~root", "%u002e%u002e"]):
        out.append(case(f"models-path-{i}", request_bytes("GET", "/v1/models/" + path, content_type=None)))
    for i, path in enumerate(["/v1/../observe/health", "/v1/./models/../models", "//v1//models", "/v1/models/",
                              "/etc/passwd", "/v1/chat/completions/../../../etc/passwd", "/V1/MODELS"]):
        out.append(case(f"path-{i}", request_bytes("GET", path, content_type=None),
                        must_fail=path in ("/etc/passwd", "/V1/MODELS", "/v1/chat/completions/../../../etc/passwd")))
    # Wrong content types: none of these bodies is JSON. (A JSON body is accepted whatever its
    # declared type, as `curl -d` sends form type; that is not malformed.)
    for i, (ctype, body) in enumerate([
            ("application/x-www-form-urlencoded", b"model=x&messages=y"),
            ("multipart/form-data; boundary=b", b"--b\r\nContent-Disposition: form-data; name=model\r\n\r\nx\r\n--b--"),
            ("application/xml", b"<chat><model>x</model></chat>"), ("text/plain", b"hello"),
            ("application/octet-stream", bytes(range(256))), ("image/png", b"\x89PNG\r\n\x1a\n"),
            ("application/json; charset=utf-7", b"+AHsAIg-model+ACI-"), ("", b"x"), ("\u00e9/\u00e8", b"x")]):
        out.append(case(f"content-type-{i}", post(body, content_type=ctype)))
    # JSON under another declared type, or in UTF-16/32 (which JSON parsers detect), is read.
    for i, (ctype, body) in enumerate([("text/plain", json.dumps(VALID).encode()),
                                       ("application/json; charset=utf-16", json.dumps(VALID).encode("utf-16")),
                                       ("application/json", json.dumps(VALID).encode("utf-32-le"))]):
        out.append(case(f"content-type-json-{i}", post(body, content_type=ctype), must_fail=False))
    # Wrong methods.
    for method in ("GET", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "FOO"):
        out.append(case(f"method-{method}", request_bytes(method, CHAT, content_type=None)))
    out.append(case("method-post-models", post(valid, path="/v1/models")))
    return out


CASES = cases()
SEEN = {"count": 0, "by_status": {}}


def test_enough_cases():
    assert len(CASES) >= 200, len(CASES)
    FIGURES["hostile_http_requests"] = len(CASES)


@pytest.mark.parametrize("data,must_fail,half_close", CASES)
def test_hostile_request_neverServerErrorAlwaysOpenAiShaped(system, data, must_fail, half_close):
    reply = raw_request(system.http_port, data, half_close=half_close)

    assert reply is not None, "the connection closed without an answer"
    SEEN["count"] += 1
    SEEN["by_status"][reply.status] = SEEN["by_status"].get(reply.status, 0) + 1
    assert reply.status < 500, reply.raw[:600]
    assert not STACK_TRACE.search(reply.raw.decode("utf-8", "replace")), reply.raw[:2000]
    assert "x-injected" not in reply.headers and "injected" not in reply.headers
    if must_fail:
        assert 400 <= reply.status < 500, reply.raw[:600]
    if reply.status >= 400:
        assert openai_error(reply) is not None, reply.raw[:600]
    if "x-request-id" in reply.headers:
        assert len(reply.headers["x-request-id"]) <= 128 and "<" not in reply.headers["x-request-id"]


def test_afterHostileInput_noInternalErrorLoggedAndServingNormally(system):
    FIGURES["hostile_http_statuses"] = dict(sorted(SEEN["by_status"].items()))
    log = system.gateway.log_text()
    assert "SEVERE" not in log and "internal_error" not in log, system.gateway.log_tail(80)
    text = system.gateway_metrics()
    assert metrics.value(text, "gateway_errors_total", code="internal_error") == 0
    status, body, _ = Client(system.http_port).chat()
    assert status == 200 and body["model"] == ALIAS
    assert system.gateway.alive()


def test_chat_bodyWithInjectedModelName_noHeaderAppears(system):
    reply = raw_request(system.http_port, post(chat_body("x\r\nSet-Cookie: a=b")))
    # An unknown name the key may not use: the policy's deny, as for a model that exists.
    assert reply.status == 403 and "set-cookie" not in reply.headers
