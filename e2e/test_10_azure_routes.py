"""Azure OpenAI's routes with the `openai` package's own `AzureOpenAI` client against the demo
gateway (`/openai/deployments/{deployment}/chat/completions`, `/completions`, `/embeddings`,
`api-version`, the `api-key` header): the deployment in the path is the model checked and
called; a `model` in the body or a `?model=` query parameter changes nothing; an api-version
that is not one, or none, is refused; a key in a header Azure clients do not use is not read."""

import json

import openai
import pytest
from openai import AzureOpenAI

from support import metrics
from support.http import ALIAS, RESOLVED, raw_request, request_bytes

API_VERSION = "2024-10-21"
OTHER_MODEL = "gpt-4o-mini"
OTHER_RESOLVED = "gpt-4o-mini-2024-07-18"


def azure(system, key, **kwargs):
    return AzureOpenAI(azure_endpoint=system.base_url, api_key=key, api_version=kwargs.pop("api_version", API_VERSION),
                       max_retries=0, **kwargs)


def mock_calls(system):
    return metrics.value(system.gateway_metrics(), "mock_upstream_calls_total")


def chat_path(deployment, query=f"api-version={API_VERSION}"):
    return f"/openai/deployments/{deployment}/chat/completions" + (f"?{query}" if query is not None else "")


def raw_chat(system, path, headers, body=None):
    body = body or json.dumps({"messages": [{"role": "user", "content": "Hello"}]})
    return raw_request(system.http_port, request_bytes("POST", path, body, headers=headers, key=None))


@pytest.mark.parametrize("stream", [False, True], ids=["plain", "stream"])
def test_chat_aliasOnlyKey_deploymentIsTheAliasCalledResolved(system, stream):
    client = azure(system, "sk-demo-alias-only")

    if stream:
        chunks = list(client.chat.completions.create(model=ALIAS, messages=[{"role": "user", "content": "Hello"}],
                                                     stream=True))
        text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
        assert {c.model for c in chunks} == {ALIAS}
    else:
        completion = client.chat.completions.create(model=ALIAS, messages=[{"role": "user", "content": "Hello"}])
        text = completion.choices[0].message.content
        assert completion.model == ALIAS

    assert text == f"Hello from mock model {RESOLVED}."


def test_completionsAndEmbeddings_aliasOnlyKey_served(system):
    client = azure(system, "sk-demo-alias-only")

    completion = client.completions.create(model=ALIAS, prompt="Hello")
    embeddings = client.embeddings.create(model=ALIAS, input=["one", "two"])

    assert completion.choices[0].text == f"Hello from mock model {RESOLVED}."
    assert len(embeddings.data) == 2 and embeddings.model == ALIAS


@pytest.mark.parametrize("stream", [False, True], ids=["plain", "stream"])
def test_chat_otherKey_403NamingTheAliasNothingForwarded(system, stream):
    before = mock_calls(system)

    with pytest.raises(openai.PermissionDeniedError) as denied:
        azure(system, "sk-demo-other").chat.completions.create(
            model=ALIAS, messages=[{"role": "user", "content": "Hello"}], stream=stream)

    assert denied.value.body["message"].endswith(f"Tried to access {ALIAS}")
    assert RESOLVED not in denied.value.response.text
    assert mock_calls(system) == before


def test_bodyModelDisagreesWithPath_pathIsCheckedAndCalled(system):
    # The SDK's azure_deployment puts the deployment in the URL and leaves `model` in the body as given.
    aliased = azure(system, "sk-demo-alias-only", azure_deployment=ALIAS)
    completion = aliased.chat.completions.create(model=OTHER_MODEL, messages=[{"role": "user", "content": "Hi"}])
    assert completion.model == ALIAS
    assert completion.choices[0].message.content == f"Hello from mock model {RESOLVED}."

    # A key granted the body's model but not the path's is refused: the body never picks the model.
    before = mock_calls(system)
    with pytest.raises(openai.PermissionDeniedError):
        azure(system, "sk-demo-other", azure_deployment=ALIAS).chat.completions.create(
            model=OTHER_MODEL, messages=[{"role": "user", "content": "Hi"}])
    assert mock_calls(system) == before

    other = azure(system, "sk-demo-other", azure_deployment=OTHER_MODEL).chat.completions.create(
        model=ALIAS, messages=[{"role": "user", "content": "Hi"}])
    assert other.choices[0].message.content == f"Hello from mock model {OTHER_RESOLVED}."


def test_modelQueryParameter_changesNothing(system):
    allowed = raw_chat(system, chat_path(OTHER_MODEL, f"api-version={API_VERSION}&model={ALIAS.replace('/', '%2F')}"),
                       {"api-key": "sk-demo-other"})
    assert allowed.status == 200
    assert allowed.json()["choices"][0]["message"]["content"] == f"Hello from mock model {OTHER_RESOLVED}."

    denied = raw_chat(system, chat_path(OTHER_MODEL, f"model={ALIAS.replace('/', '%2F')}&api-version={API_VERSION}"),
                      {"api-key": "sk-demo-alias-only"})
    assert denied.status == 403


@pytest.mark.parametrize("version", ["latest", "2024-13-45x", "../../v1", "1" * 200])
def test_apiVersionThatIsNotOne_400NamingIt(system, version):
    with pytest.raises(openai.BadRequestError) as refused:
        azure(system, "sk-demo-alias-only", api_version=version).chat.completions.create(
            model=ALIAS, messages=[{"role": "user", "content": "Hello"}])

    assert refused.value.body["param"] == "api-version"


def test_noApiVersion_400(system):
    reply = raw_chat(system, chat_path(ALIAS.replace("/", "%2F"), None), {"api-key": "sk-demo-alias-only"})

    assert reply.status == 400
    assert reply.json()["error"]["param"] == "api-version"


@pytest.mark.parametrize("headers", [
    {"x-api-key": "sk-demo-alias-only"},
    {"Authorization": "sk-demo-alias-only"},
    {"api-key": "Bearer sk-demo-alias-only"},
    {"Api-Key": "sk-demo-other", "Authorization": "Bearer sk-demo-alias-only"},
], ids=["x-api-key", "authorization-without-bearer", "api-key-with-bearer", "two-keys"])
def test_keyInAHeaderAzureClientsDoNotUse_401(system, headers):
    before = mock_calls(system)

    reply = raw_chat(system, chat_path(ALIAS.replace("/", "%2F")), headers)

    assert reply.status == 401
    assert reply.json()["error"]["code"] == "invalid_api_key"
    assert mock_calls(system) == before


@pytest.mark.parametrize("headers", [{"api-key": "sk-demo-alias-only"},
                                     {"Authorization": "Bearer sk-demo-alias-only"}], ids=["api-key", "bearer"])
def test_keyInAzuresHeaders_served(system, headers):
    reply = raw_chat(system, chat_path(ALIAS.replace("/", "%2F")), headers)

    assert reply.status == 200
