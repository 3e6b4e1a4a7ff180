"""Retries and fallbacks with the real processes, from a LiteLLM-style catalog whose first model
fails on purpose:
1. a key granted the failing model and one of its fallbacks: the `openai` client gets its answer
   from that fallback (also streamed); the upstream saw the failing model twice (one retry) and
   never the fallback the key may not use; the gateway's log names each try with a decision id,
   and every one of those ids is in the authz-service's decision log with the model and
   deployment that try was about;
2. a key granted only the failing model: its fallbacks are denied and never called; the client
   hears of its own model's failure;
3. a deployment that needs cloud request signing loads, is not listed, and answers 501;
   a gateway started with `gateway.models.fail-on-unsupported=true` on the same catalog stops,
   naming it."""

import hashlib
import http.server
import json
import re
import subprocess
import threading

import openai
import pytest
from openai import OpenAI

from conftest import RUN_DIR, wait_ready
from support.processes import ROOT, free_port, wait_until

BOTH_KEY = "sk-e2e-fallbacks-both"
PRIMARY_KEY = "sk-e2e-fallbacks-primary-only"


class FailingUpstream(http.server.ThreadingHTTPServer):
    """/fail/v1 answers 503 in OpenAI's error shape; /ok/v1 answers (and streams). Records each call's model."""

    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), Handler)
        self.port = self.server_address[1]
        self.models = []
        threading.Thread(target=self.serve_forever, daemon=True).start()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
        self.server.models.append(body["model"])
        if self.path.startswith("/fail/"):
            self.reply(503, {"error": {"message": "overloaded", "type": "server_error", "param": None, "code": None}})
        elif body.get("stream"):
            chunk = {"id": "up", "object": "chat.completion.chunk", "created": 0, "model": body["model"],
                     "choices": [{"index": 0, "delta": {"content": "from " + body["model"]}, "finish_reason": "stop"}]}
            data = f"data: {json.dumps(chunk)}\n\ndata: [DONE]\n\n".encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        else:
            self.reply(200, {"id": "up", "object": "chat.completion", "created": 0, "model": body["model"],
                             "choices": [{"index": 0, "finish_reason": "stop",
                                          "message": {"role": "assistant", "content": "from " + body["model"]}}]})

    def reply(self, status, payload):
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def key_entry(key_id, key, models):
    return (f"  - id: {key_id}\n    sha256: {hashlib.sha256(key.encode()).hexdigest()}\n    team: demo\n"
            f"    models: {json.dumps(models)}\n")


class Fallbacks:
    def __init__(self, system):
        self.system = system
        self.dir = RUN_DIR / "fallbacks"
        self.dir.mkdir(parents=True, exist_ok=True)
        self.upstream = FailingUpstream()
        base = f"http://127.0.0.1:{self.upstream.port}"
        (self.dir / "keys.yaml").write_text((ROOT / "gateway" / "demo" / "keys.yaml").read_text()
                                            + key_entry("e2e-fallbacks-both", BOTH_KEY,
                                                        ["fb-primary", "fb-backup", "fb-bedrock"])
                                            + key_entry("e2e-fallbacks-primary", PRIMARY_KEY, ["fb-primary"]))
        self.catalog = self.dir / "config.yaml"
        self.catalog.write_text((ROOT / "gateway" / "demo" / "config.yaml").read_text() + f"""
  - model_name: fb-primary
    litellm_params: {{model: openai/primary-v1, api_base: "{base}/fail/v1"}}
    model_info: {{id: primary-eu}}
  - model_name: fb-forbidden
    litellm_params: {{model: openai/forbidden-v1, api_base: "{base}/ok/v1"}}
  - model_name: fb-backup
    litellm_params: {{model: openai/backup-v1, api_base: "{base}/ok/v1"}}
    model_info: {{id: backup-us}}
  - model_name: fb-bedrock
    litellm_params: {{model: bedrock/anthropic.claude-3-sonnet, aws_region_name: us-east-1}}
router_settings:
  num_retries: 1
  fallbacks: [{{"fb-primary": ["fb-forbidden", "fb-backup"]}}]
""")
        self.port = free_port()
        self.gateway = system.start_gateway("gateway-fallbacks", http_port=self.port, **{
            "gateway.keys.file": self.dir / "keys.yaml",
            "gateway.models.file": self.catalog,
            "gateway.upstream.retry-backoff": "PT0.05S",
        })
        wait_ready(self.gateway, f"http://127.0.0.1:{self.port}")

    def client(self, key):
        return OpenAI(base_url=f"http://127.0.0.1:{self.port}/v1", api_key=key, max_retries=0)

    def close(self):
        self.gateway.stop()
        self.upstream.shutdown()


@pytest.fixture(scope="module")
def fallbacks(system):
    state = Fallbacks(system)
    yield state
    state.close()


def decision_events(system):
    log = system.run_dir / "logs" / f"decisions-{system.authz_starts}.log.0"
    return [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []


def test_primaryFails_grantedFallbackAnswersDeniedOneNeverCalled(fallbacks, system):
    fallbacks.upstream.models.clear()

    completion = fallbacks.client(BOTH_KEY).chat.completions.create(
        model="fb-primary", messages=[{"role": "user", "content": "Hello"}])

    assert completion.model == "fb-backup"
    assert completion.choices[0].message.content == "from backup-v1"
    assert fallbacks.upstream.models == ["primary-v1", "primary-v1", "backup-v1"]
    line = next(l for l in fallbacks.gateway.log_text().splitlines()
                if "upstream_tries" in l and 'answered_by="fb-backup"' in l)
    tries = re.findall(r'"([\w-]+)" deployment="([\w#-]+)" decision_id=([\w-]+) -> (\w+)', line)
    assert [(m, d, outcome) for m, d, _, outcome in tries] == [
        ("fb-primary", "primary-eu", "503"), ("fb-primary", "primary-eu", "503"),
        ("fb-forbidden", "fb-forbidden#1", "denied"), ("fb-backup", "backup-us", "200")]

    # Each decision id the gateway logged is the authz-service's, about the deployment that try was for.
    def logged():
        by_id = {e["decision_id"]: e for e in decision_events(system)}
        return by_id if all(t[2] in by_id for t in tries) else None
    by_id = wait_until(logged, 20, what="the tries' decisions in the decision log")
    for model, deployment, decision_id, outcome in tries:
        event = by_id[decision_id]
        assert event["input"]["model"]["requested"] == model
        assert event["input"]["model"]["deployment"] == deployment
        assert event["result"]["allow"] is (outcome != "denied")


def test_primaryFailsStreamed_fallbackStreamsUnderItsName(fallbacks):
    stream = fallbacks.client(BOTH_KEY).chat.completions.create(
        model="fb-primary", messages=[{"role": "user", "content": "Hello"}], stream=True)

    chunks = list(stream)
    assert {c.model for c in chunks} == {"fb-backup"}
    assert "".join(c.choices[0].delta.content or "" for c in chunks if c.choices) == "from backup-v1"


def test_keyGrantedOnlyThePrimary_fallbacksDeniedNeverCalled(fallbacks):
    fallbacks.upstream.models.clear()

    with pytest.raises(openai.InternalServerError) as failed:
        fallbacks.client(PRIMARY_KEY).chat.completions.create(
            model="fb-primary", messages=[{"role": "user", "content": "Hello"}])

    assert failed.value.status_code == 502
    assert failed.value.body["code"] == "upstream_error"
    assert fallbacks.upstream.models == ["primary-v1", "primary-v1"]
    assert "fb-backup" not in json.dumps(failed.value.body) and "fb-forbidden" not in json.dumps(failed.value.body)


def test_bedrockDeployment_loadedUnlistedAnd501(fallbacks):
    client = fallbacks.client(BOTH_KEY)

    with pytest.raises(openai.APIStatusError) as failed:
        client.chat.completions.create(model="fb-bedrock", messages=[{"role": "user", "content": "Hello"}])

    assert failed.value.status_code == 501
    assert failed.value.body["code"] == "provider_not_supported"
    assert "AWS SigV4" in failed.value.body["message"]
    assert "unsupported_deployment model_list[5] (fb-bedrock, deployment fb-bedrock#1): provider 'bedrock' needs" \
        in fallbacks.gateway.log_text()
    assert sorted(m.id for m in client.models.list()) == ["fb-backup", "fb-primary"]
    with pytest.raises(openai.PermissionDeniedError):
        fallbacks.client(PRIMARY_KEY).chat.completions.create(
            model="fb-bedrock", messages=[{"role": "user", "content": "Hello"}])


def test_strictOperator_unsupportedDeploymentStopsStartUp(fallbacks, system):
    port = free_port()
    strict = system.start_gateway("gateway-fallbacks-strict", http_port=port, **{
        "gateway.keys.file": fallbacks.dir / "keys.yaml",
        "gateway.models.file": fallbacks.catalog,
        "gateway.models.fail-on-unsupported": "true",
    })
    try:
        code = strict.process.wait(timeout=120)
    except subprocess.TimeoutExpired:
        strict.stop()
        pytest.fail("a strict gateway with an unsupported deployment started")
    assert code == 2
    assert "gateway: cannot start: " in strict.log_text()
    assert "model_list[5] (fb-bedrock, deployment fb-bedrock#1): provider 'bedrock' needs AWS SigV4 request signing" \
        in strict.log_text()
