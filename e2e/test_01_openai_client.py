"""The original report's script and the openai Python client against the real processes."""

import subprocess
import sys

import openai
import pytest
from openai import OpenAI

from conftest import RUN_DIR
from support import metrics
from support.http import ALIAS, RESOLVED
from support.processes import ROOT


def report_script(base_url, api_key):
    """The script of the original report, unchanged except for base_url and api_key."""
    text = (ROOT / "e2e" / "original_report.py").read_text()
    assert text.count('base_url="http://localhost:4000/v1"') == 1 and text.count('api_key="sk-demo-alias-only"') == 1
    text = text.replace('base_url="http://localhost:4000/v1"', f'base_url="{base_url}/v1"')
    text = text.replace('api_key="sk-demo-alias-only"', f'api_key="{api_key}"')
    path = RUN_DIR / f"original_report_{api_key}.py"
    path.write_text(text)
    return path


def mock_calls(system):
    return metrics.value(system.gateway_metrics(), "mock_upstream_calls_total")


def test_report_script_aliasOnlyKey_listsAliasAndCompletes(system):
    before = mock_calls(system)

    run = subprocess.run([sys.executable, report_script(system.base_url, "sk-demo-alias-only")],
                         capture_output=True, text=True, timeout=60)

    assert run.returncode == 0, run.stderr
    assert run.stdout == f"- {ALIAS}\n"
    # The chat completed (the client raises on any error), and the mock upstream got it.
    assert mock_calls(system) == before + 1


def test_report_script_otherKey_listsOnlyItsModel(system):
    run = subprocess.run([sys.executable, report_script(system.base_url, "sk-demo-other")],
                         capture_output=True, text=True, timeout=60)

    assert run.returncode == 0, run.stderr
    assert run.stdout == "- gpt-4o-mini\n"


@pytest.mark.parametrize("stream", [False, True], ids=["plain", "stream"])
def test_chat_aliasOnlyKey_completesNamingTheAlias(system, stream):
    client = OpenAI(base_url=f"{system.base_url}/v1", api_key="sk-demo-alias-only", max_retries=0)

    if stream:
        chunks = list(client.chat.completions.create(
            model=ALIAS, messages=[{"role": "user", "content": "Hello"}], stream=True))
        text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
        assert {c.model for c in chunks} == {ALIAS}
        assert chunks[-1].choices[0].finish_reason == "stop"
    else:
        completion = client.chat.completions.create(model=ALIAS, messages=[{"role": "user", "content": "Hello"}])
        text = completion.choices[0].message.content
        assert completion.model == ALIAS

    # The mock names the upstream model it stands in for: the gateway forwarded the resolved name.
    assert text == f"Hello from mock model {RESOLVED}."


@pytest.mark.parametrize("stream", [False, True], ids=["plain", "stream"])
def test_chat_otherKey_403NamingTheAliasNeverTheResolvedName(system, stream):
    client = OpenAI(base_url=f"{system.base_url}/v1", api_key="sk-demo-other", max_retries=0)
    before = mock_calls(system)

    with pytest.raises(openai.PermissionDeniedError) as denied:
        client.chat.completions.create(model=ALIAS, messages=[{"role": "user", "content": "Hello"}], stream=stream)

    assert denied.value.status_code == 403
    message = denied.value.body["message"]
    assert message.endswith(f"Tried to access {ALIAS}")
    assert RESOLVED not in message and RESOLVED not in denied.value.response.text
    assert denied.value.code == "key_model_access_denied"
    assert mock_calls(system) == before
