"""Anthropic's Messages API through the real gateway, with the `anthropic` client as Claude Code
calls it: the alias key gets messages, plain and streamed with Anthropic's event types, under the
alias while the mock is called with the resolved name; the key may come as `x-api-key` or as a
bearer token, never in another API's header; the other key is refused with 403 in Anthropic's
error shape naming the alias, on messages, token counts and model lookups alike; Anthropic's
shape of `/v1/models` answers clients that send `anthropic-version`."""

import http.client
import json

import anthropic
import pytest

from support import metrics
from support.http import ALIAS, RESOLVED

TEXT = f"Hello from mock model {RESOLVED}."
HELLO = [{"role": "user", "content": "Hello"}]


def client(system, key, **options):
    return anthropic.Anthropic(base_url=system.base_url, api_key=key, max_retries=0, timeout=30, **options)


def mock_calls(system):
    return metrics.value(system.gateway_metrics(), "mock_upstream_calls_total")


def raw(system, method, path, body, headers):
    connection = http.client.HTTPConnection("127.0.0.1", system.http_port, timeout=30)
    try:
        connection.request(method, path, body=body, headers={"Content-Type": "application/json", **headers})
        response = connection.getresponse()
        return response.status, json.loads(response.read())
    finally:
        connection.close()


def assert_anthropic_error(body, error_type):
    assert body["type"] == "error"
    assert set(body["error"]) == {"type", "message"}
    assert body["error"]["type"] == error_type


def test_messages_aliasKey_completesUnderTheAlias_resolvedNameForwarded(system):
    before = mock_calls(system)

    message = client(system, "sk-demo-alias-only").messages.create(model=ALIAS, max_tokens=64, messages=HELLO)

    assert message.model == ALIAS
    assert message.content[0].text == TEXT
    assert message.stop_reason == "end_turn"
    assert mock_calls(system) == before + 1


def test_messages_aliasKey_streams_anthropicEventsUnderTheAlias(system):
    sdk = client(system, "sk-demo-alias-only")
    events = list(sdk.messages.create(model=ALIAS, max_tokens=64, messages=HELLO, stream=True))
    with sdk.messages.stream(model=ALIAS, max_tokens=64, messages=HELLO) as stream:
        text = "".join(stream.text_stream)
        final = stream.get_final_message()

    assert events[0].type == "message_start" and events[0].message.model == ALIAS
    assert [e.type for e in events[-3:]] == ["content_block_stop", "message_delta", "message_stop"]
    assert "".join(e.delta.text for e in events if e.type == "content_block_delta") == TEXT
    assert text == TEXT and final.model == ALIAS and final.stop_reason == "end_turn"


def test_messages_bearerToken_acceptedLikeXApiKey(system):
    message = anthropic.Anthropic(base_url=system.base_url, auth_token="sk-demo-alias-only", max_retries=0,
                                  timeout=30).messages.create(model=ALIAS, max_tokens=64, messages=HELLO)

    assert message.content[0].text == TEXT


@pytest.mark.parametrize("stream", [False, True], ids=["plain", "stream"])
def test_messages_otherKey_403InAnthropicShapeNamingTheAlias_nothingForwarded(system, stream):
    before = mock_calls(system)

    with pytest.raises(anthropic.PermissionDeniedError) as denied:
        client(system, "sk-demo-other").messages.create(model=ALIAS, max_tokens=64, messages=HELLO, stream=stream)

    assert_anthropic_error(denied.value.body, "permission_error")
    assert denied.value.body["error"]["message"].endswith(f"Tried to access {ALIAS}")
    assert RESOLVED not in denied.value.response.text
    assert mock_calls(system) == before


def test_messages_otherKey_grantedModelInQueryHeadersAndExtraFields_stillRefused(system):
    before = mock_calls(system)

    with pytest.raises(anthropic.PermissionDeniedError):
        client(system, "sk-demo-other").messages.create(
            model=ALIAS, max_tokens=64, messages=HELLO, extra_query={"model": "gpt-4o-mini"},
            extra_headers={"x-model": "gpt-4o-mini", "anthropic-model": "gpt-4o-mini"},
            extra_body={"deployment": "gpt-4o-mini-mock", "metadata": {"user_id": "u", "model": "gpt-4o-mini"}})

    assert mock_calls(system) == before


def test_countTokens_aliasKeyCounts_otherKeyRefused(system):
    counted = client(system, "sk-demo-alias-only").messages.count_tokens(model=ALIAS, messages=HELLO)

    with pytest.raises(anthropic.PermissionDeniedError) as denied:
        client(system, "sk-demo-other").messages.count_tokens(model=ALIAS, messages=HELLO)

    assert counted.input_tokens == 1
    assert denied.value.body["error"]["message"].endswith(f"Tried to access {ALIAS}")


def test_models_anthropicClient_listsAnthropicShape_retrieveDeniedInAnthropicShape(system):
    listed = [m.id for m in client(system, "sk-demo-alias-only").models.list()]
    other = [m.id for m in client(system, "sk-demo-other").models.list()]
    mine = client(system, "sk-demo-alias-only").models.retrieve(ALIAS)

    with pytest.raises(anthropic.PermissionDeniedError) as denied:
        client(system, "sk-demo-other").models.retrieve(ALIAS)

    assert listed == [ALIAS] and other == ["gpt-4o-mini"]
    assert mine.id == ALIAS and mine.type == "model"
    assert_anthropic_error(denied.value.body, "permission_error")


def test_messages_azureStyleKeyHeader_401InAnthropicShape(system):
    status, body = raw(system, "POST", "/v1/messages", json.dumps({"model": ALIAS, "max_tokens": 8, "messages": HELLO}),
                       {"api-key": "sk-demo-alias-only", "anthropic-version": "2023-06-01"})

    assert status == 401
    assert_anthropic_error(body, "authentication_error")
    assert "x-api-key" in body["error"]["message"]


def test_messages_twoDifferentKeys_401(system):
    status, body = raw(system, "POST", "/v1/messages", json.dumps({"model": ALIAS, "max_tokens": 8, "messages": HELLO}),
                       {"x-api-key": "sk-demo-other", "Authorization": "Bearer sk-demo-alias-only",
                        "anthropic-version": "2023-06-01"})

    assert status == 401
    assert_anthropic_error(body, "authentication_error")


def test_messages_missingMaxTokens_400InAnthropicShapeNamingIt(system):
    status, body = raw(system, "POST", "/v1/messages", json.dumps({"model": ALIAS, "messages": HELLO}),
                       {"x-api-key": "sk-demo-alias-only", "anthropic-version": "2023-06-01"})

    assert status == 400
    assert_anthropic_error(body, "invalid_request_error")
    assert "max_tokens" in body["error"]["message"]


def test_models_withoutAnthropicVersion_openAiShape(system):
    status, body = raw(system, "GET", "/v1/models", None, {"Authorization": "Bearer sk-demo-alias-only"})

    assert status == 200 and body["object"] == "list" and [m["id"] for m in body["data"]] == [ALIAS]


@pytest.mark.parametrize("method,body,status", [
    ("POST", '{"model": "x", "max_tokens": 8, "messages": [', 400),
    ("POST", '[{"model": "x"}]', 400),
    ("POST", json.dumps({"model": 7, "max_tokens": 8, "messages": HELLO}), 400),
    ("POST", json.dumps({"model": ALIAS, "max_tokens": "8", "messages": HELLO}), 400),
    ("POST", json.dumps({"model": ALIAS, "max_tokens": 8, "messages": [{"content": "no role"}]}), 400),
    ("POST", json.dumps({"model": ALIAS, "max_tokens": 8, "messages": HELLO, "stream": "yes"}), 400),
    ("POST", json.dumps({"model": "q" * 513, "max_tokens": 8, "messages": HELLO}), 400),
    ("GET", None, 405),
], ids=["truncated", "array", "model-number", "max-tokens-string", "message-without-role", "stream-string",
        "model-too-long", "wrong-method"])
def test_messages_badRequest_refusedInAnthropicShape_nothingForwarded(system, method, body, status):
    before = mock_calls(system)

    got, answer = raw(system, method, "/v1/messages", body, {"x-api-key": "sk-demo-alias-only",
                                                             "anthropic-version": "2023-06-01"})

    assert got == status
    assert_anthropic_error(answer, "invalid_request_error")
    assert mock_calls(system) == before
