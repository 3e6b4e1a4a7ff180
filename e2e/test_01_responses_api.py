"""OpenAI's Responses API through the real gateway, with the `openai` client as Codex and the
Agents SDK call it: the alias key creates responses, plain and streamed, under the alias while
the mock is called with the resolved name; the other key is refused with 403 in OpenAI's error
shape naming the alias; no query parameter, header or extra body field changes the model that
is checked or called; stored responses, which the gateway cannot keep to their key, are refused
and never forwarded."""

import http.client
import json

import openai
import pytest
from openai import OpenAI

from support import metrics
from support.http import ALIAS, RESOLVED

TEXT = f"Hello from mock model {RESOLVED}."


def client(system, key):
    return OpenAI(base_url=f"{system.base_url}/v1", api_key=key, max_retries=0, timeout=30)


def mock_calls(system):
    return metrics.value(system.gateway_metrics(), "mock_upstream_calls_total")


def raw_post(system, path, body, headers):
    connection = http.client.HTTPConnection("127.0.0.1", system.http_port, timeout=30)
    try:
        connection.request("POST", path, body=body, headers={"Content-Type": "application/json", **headers})
        response = connection.getresponse()
        return response.status, json.loads(response.read())
    finally:
        connection.close()


@pytest.mark.parametrize("stream", [False, True], ids=["plain", "stream"])
def test_responses_aliasKey_createsUnderTheAlias_resolvedNameForwarded(system, stream):
    before = mock_calls(system)

    if stream:
        events = list(client(system, "sk-demo-alias-only").responses.create(model=ALIAS, input="Hello", stream=True))
        assert events[0].type == "response.created" and events[-1].type == "response.completed"
        assert [e.sequence_number for e in events] == list(range(len(events)))
        text = "".join(e.delta for e in events if e.type == "response.output_text.delta")
        final = events[-1].response
    else:
        final = client(system, "sk-demo-alias-only").responses.create(model=ALIAS, input="Hello")
        text = final.output_text

    assert final.model == ALIAS
    # The mock names the upstream model it stands in for: the gateway forwarded the resolved name.
    assert text == TEXT and final.output_text == TEXT
    assert mock_calls(system) == before + 1


@pytest.mark.parametrize("stream", [False, True], ids=["plain", "stream"])
def test_responses_otherKey_403NamingTheAlias_nothingForwarded(system, stream):
    before = mock_calls(system)

    with pytest.raises(openai.PermissionDeniedError) as denied:
        client(system, "sk-demo-other").responses.create(model=ALIAS, input="Hello", stream=stream)

    assert denied.value.code == "key_model_access_denied"
    assert denied.value.body["message"].endswith(f"Tried to access {ALIAS}")
    assert RESOLVED not in denied.value.response.text
    assert mock_calls(system) == before


def test_responses_otherKey_grantedModelInQueryHeadersAndExtraFields_stillRefused(system):
    before = mock_calls(system)

    with pytest.raises(openai.PermissionDeniedError) as denied:
        client(system, "sk-demo-other").responses.create(
            model=ALIAS, input="Hello", extra_query={"model": "gpt-4o-mini"},
            extra_headers={"x-model": "gpt-4o-mini", "model": "gpt-4o-mini", "x-litellm-model": "gpt-4o-mini"},
            extra_body={"deployment": "gpt-4o-mini-mock", "model_name": "gpt-4o-mini",
                        "metadata": {"model": "gpt-4o-mini"}})

    assert denied.value.body["message"].endswith(f"Tried to access {ALIAS}")
    assert mock_calls(system) == before


def test_responses_aliasKey_otherModelInQuery_theBodyModelIsCalled(system):
    response = client(system, "sk-demo-alias-only").responses.create(
        model=ALIAS, input="Hello", extra_query={"model": "gpt-4o-mini"}, extra_headers={"x-model": "gpt-4o-mini"})

    assert response.model == ALIAS and response.output_text == TEXT


def test_responses_modelTwiceInTheBody_400NothingForwarded(system):
    before = mock_calls(system)

    status, body = raw_post(system, "/v1/responses", f'{{"model": "gpt-4o-mini", "input": "x", "model": "{ALIAS}"}}',
                            {"Authorization": "Bearer sk-demo-other"})

    assert status == 400
    assert body["error"]["param"] == "model" and "more than once" in body["error"]["message"]
    assert mock_calls(system) == before


def test_responses_anthropicKeyHeader_401InOpenAiShape(system):
    status, body = raw_post(system, "/v1/responses", json.dumps({"model": ALIAS, "input": "x"}),
                            {"x-api-key": "sk-demo-alias-only"})

    assert status == 401
    assert body["error"]["code"] == "invalid_api_key"


def test_responses_previousResponseId_400NamingTheField(system):
    before = mock_calls(system)

    with pytest.raises(openai.BadRequestError) as refused:
        client(system, "sk-demo-alias-only").responses.create(model=ALIAS, input="go on",
                                                                previous_response_id="resp_of_someone_else")

    assert refused.value.body["param"] == "previous_response_id"
    assert mock_calls(system) == before


@pytest.mark.parametrize("call", ["retrieve", "delete"])
def test_responses_storedResponse_501NeverForwarded(system, call):
    before = mock_calls(system)

    with pytest.raises(openai.APIStatusError) as refused:
        getattr(client(system, "sk-demo-alias-only").responses, call)("resp_mock-1")

    assert refused.value.status_code == 501
    assert refused.value.body["code"] == "not_supported"
    assert mock_calls(system) == before


@pytest.mark.parametrize("body,param", [
    ('{"model": "x", "input": ', None),
    (json.dumps({"model": ALIAS, "input": 7}), "input"),
    (json.dumps({"model": ALIAS, "input": "x", "stream": "yes"}), "stream"),
    (json.dumps({"model": ALIAS, "input": "x", "max_output_tokens": "8"}), "max_output_tokens"),
    (json.dumps({"input": "x"}), "model"),
], ids=["truncated", "input-number", "stream-string", "max-output-tokens-string", "no-model"])
def test_responses_badRequest_400InOpenAiShapeNamingTheField(system, body, param):
    before = mock_calls(system)

    status, answer = raw_post(system, "/v1/responses", body, {"Authorization": "Bearer sk-demo-alias-only"})

    assert status == 400
    assert answer["error"]["type"] == "invalid_request_error" and answer["error"]["param"] == param
    assert mock_calls(system) == before
