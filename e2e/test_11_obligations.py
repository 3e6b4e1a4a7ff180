"""Policies that shape calls, through a second gateway on the same authz-service and the
shipped settings (policies/llmgw/settings/data.json), with the real `openai` client: the
gateway's catalog sends two names to a receiving HTTP server standing in for upstreams in the
US and the EU, so each test reads what the upstream was asked.

The `demo-limited` team of the settings gets a 256-token cap, no tools and 5 requests a
minute; keys labelled `region: eu` may only use deployments tagged `eu`. The gateway writes its
enforcement log to a file, and a capped call's record, joined to the authz-service's decision
log by decision id, says what the policy asked for and what the gateway did."""

import hashlib
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import openai
import pytest
from openai import OpenAI

from conftest import wait_ready
from support.processes import free_port, wait_until

KEYS = {"sk-e2e-limited": {"team": "demo-limited"}, "sk-e2e-eu": {"metadata": {"region": "eu"}},
        "sk-e2e-anywhere": {}}


class Receiver:
    """An OpenAI-compatible upstream that records every body it gets, by path prefix."""

    def __init__(self):
        self.received = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                outer.received.append((self.path.split("/")[1], body))
                answer = json.dumps({"id": "r-1", "object": "chat.completion", "created": 1, "model": body["model"],
                                     "choices": [{"index": 0, "finish_reason": "stop",
                                                  "message": {"role": "assistant", "content": "ok"}}],
                                     "usage": {"prompt_tokens": 3, "completion_tokens": 1, "total_tokens": 4}})
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer.encode())

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def base(self):
        return f"http://127.0.0.1:{self.server.server_address[1]}"


@pytest.fixture(scope="module")
def shaped(system):
    receiver = Receiver()
    run = system.run_dir / "obligations"
    run.mkdir()
    (run / "config.yaml").write_text(f"""
model_list:
  - model_name: resident
    litellm_params: {{model: openai/resident-us, api_base: "{receiver.base}/us/v1"}}
    model_info: {{id: resident-us, tags: [us]}}
  - model_name: resident
    litellm_params: {{model: openai/resident-eu, api_base: "{receiver.base}/eu/v1"}}
    model_info: {{id: resident-eu, tags: [eu]}}
  - model_name: us-only
    litellm_params: {{model: openai/us-only, api_base: "{receiver.base}/us/v1"}}
    model_info: {{id: us-only-1, tags: [us]}}
""")
    teams = "teams:\n  - {id: demo-limited, models: ['*']}\nkeys:\n"
    entries = "".join(
        f"  - {{id: {key[3:]}, sha256: {hashlib.sha256(key.encode()).hexdigest()}, models: ['*']"
        + (f", team: {spec['team']}" if "team" in spec else "")
        + (f", metadata: {json.dumps(spec['metadata'])}" if "metadata" in spec else "") + "}\n"
        for key, spec in KEYS.items())
    (run / "keys.yaml").write_text(teams + entries)
    port = free_port()
    gateway = system.start_gateway(name="gateway-obligations", http_port=port,
                                   **{"gateway.models.file": run / "config.yaml", "gateway.keys.file": run / "keys.yaml",
                                      "gateway.enforcement-log.output": "file",
                                      "gateway.enforcement-log.file": run / "enforcement.log"})
    wait_ready(gateway, f"http://127.0.0.1:{port}")
    yield f"http://127.0.0.1:{port}/v1", receiver
    gateway.stop()
    receiver.server.shutdown()


def client(base, key):
    return OpenAI(base_url=base, api_key=key, max_retries=0)


def logged(path, **match):
    """The first JSON line of the log at `path` whose top-level fields equal `match`, once written
    (both logs are written a few milliseconds after the call)."""
    def find():
        lines = path.read_text().splitlines() if path.exists() else []
        return next((e for e in map(json.loads, lines) if all(e.get(k) == v for k, v in match.items())), None)
    return wait_until(find, 10, what=f"a line with {match} in {path.name}")


def test_cap_limitedTeam_upstreamAskedForAtMostTheCap(shaped):
    base, receiver = shaped
    completion = client(base, "sk-e2e-limited").chat.completions.create(
        model="resident", max_tokens=4000, messages=[{"role": "user", "content": "Hello"}])

    assert completion.choices[0].message.content == "ok"
    assert receiver.received[-1][1]["max_tokens"] == 256


def test_enforcementLog_cappedCall_recordSaysWhatWasCappedJoinedToItsDecision(shaped, system):
    base, _ = shaped
    client(base, "sk-e2e-limited").chat.completions.create(
        model="resident", max_tokens=4000, messages=[{"role": "user", "content": "secret prompt"}],
        extra_headers={"x-request-id": "e2e-capped-call"})

    record = logged(system.run_dir / "obligations" / "enforcement.log.0", request_id="e2e-capped-call")
    decision = logged(system.run_dir / "logs" / f"decisions-{system.authz_starts}.log.0",
                      decision_id=record["decision_id"])

    assert record["outcome"] == "sent"
    assert record["key_id"] == "e2e-limited"
    assert record["applied"]["max_output_tokens"] == {
        "cap": 256, "fields": [{"field": "max_tokens", "asked": 4000, "sent": 256, "lowered": True}]}
    assert decision["result"]["obligations"]["max_output_tokens"] == 256
    assert decision["input"]["request"]["request_id"] == "e2e-capped-call"
    assert "secret prompt" not in json.dumps(record) and "sk-e2e" not in json.dumps(record)


def test_tools_limitedTeam_refusedWithTheCodeBeforeTheUpstream(shaped):
    base, receiver = shaped
    before = len(receiver.received)

    with pytest.raises(openai.PermissionDeniedError) as denied:
        client(base, "sk-e2e-limited").chat.completions.create(
            model="resident", messages=[{"role": "user", "content": "Weather?"}],
            tools=[{"type": "function", "function": {"name": "get_weather", "parameters": {"type": "object"}}}])

    assert denied.value.code == "tools_not_allowed"
    assert len(receiver.received) == before


def test_rateLimit_limitedTeam_429WithRetryAfterOnceSpent(shaped):
    base, _ = shaped
    limited = client(base, "sk-e2e-limited")
    with pytest.raises(openai.RateLimitError) as refused:
        # 5 a minute; twelve calls put six in one minute even if a minute ends among them.
        for _ in range(12):
            response = limited.chat.completions.with_raw_response.create(
                model="resident", messages=[{"role": "user", "content": "Hi"}])
            assert int(response.headers["x-ratelimit-limit-requests"]) == 5

    assert refused.value.code == "rate_limited"
    assert 1 <= int(refused.value.response.headers["retry-after"]) <= 60
    assert refused.value.response.headers["x-ratelimit-remaining-requests"] == "0"


def test_residency_euKey_routedOnlyToEuDeployments(shaped):
    base, receiver = shaped
    before = len(receiver.received)
    eu, anywhere = client(base, "sk-e2e-eu"), client(base, "sk-e2e-anywhere")
    for _ in range(6):
        eu.chat.completions.create(model="resident", messages=[{"role": "user", "content": "Hi"}])
    eu_regions = {region for region, _ in receiver.received[before:]}
    for _ in range(4):
        anywhere.chat.completions.create(model="resident", messages=[{"role": "user", "content": "Hi"}])

    assert eu_regions == {"eu"}
    assert {region for region, _ in receiver.received[before + 6:]} == {"us", "eu"}
    with pytest.raises(openai.PermissionDeniedError) as denied:
        eu.chat.completions.create(model="us-only", messages=[{"role": "user", "content": "Hi"}])
    assert denied.value.code == "residency_denied"
    assert [m.id for m in eu.models.list()] == ["resident"]
