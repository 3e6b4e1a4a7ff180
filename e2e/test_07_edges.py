"""The edges of a running gateway, with its own key file, catalog and a misbehaving upstream:
1. a key made with `scripts/create-key.sh` from a fresh shell (the machine's default java is
   older than the JDK the gateway needs) is added to the key file and works within seconds,
   without a restart;
2. the key file is edited into garbage, then into a file with a duplicate key: the gateway
   keeps serving with the last good keys, logs `key_file_invalid` and counts each version;
3. a fixed file that blocks a key is picked up and the key stops working;
4. an upstream refuses the gateway's credentials with a body quoting a key fragment: the client
   gets 502 `upstream_auth_failed` without the fragment, and the log has the detail redacted;
5. an upstream stalls mid-stream, another sends a 50 MiB event: the openai client's stream
   ends with an error, not a hang, and the gateway keeps serving;
6. a model name with CR/LF, quotes and ANSI escapes cannot forge a line in the gateway's log."""

import http.server
import json
import os
import re
import subprocess
import threading
import time

import openai
import pytest
from openai import OpenAI

from conftest import RUN_DIR, wait_ready
from support import metrics
from support.http import Client, chat_body
from support.processes import ROOT, free_port, wait_until

KEY_FRAGMENT = "sk-prov*********7f3a"
HUGE_EVENT = 50 * 1024 * 1024


class MisbehavingUpstream(http.server.ThreadingHTTPServer):
    """An OpenAI-compatible upstream whose answer depends on the path: /auth/v1 refuses the
    gateway's key, /stall/v1 streams one event and falls silent, /huge/v1 streams a 50 MiB event."""

    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), Handler)
        self.port = self.server_address[1]
        threading.Thread(target=self.serve_forever, daemon=True).start()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if self.path.startswith("/auth/"):
            body = json.dumps({"error": {"message": f"Incorrect API key provided: {KEY_FRAGMENT}. You can find your"
                                         " API key at https://platform.openai.com/account/api-keys.",
                                         "type": "invalid_request_error", "param": None, "code": "invalid_api_key"}})
            self.send_response(401)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body.encode())
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Connection", "close")
        self.end_headers()
        first = {"id": "up", "object": "chat.completion.chunk", "created": 0, "model": "x",
                 "choices": [{"index": 0, "delta": {"content": "Hel"}, "finish_reason": None}]}
        try:
            self.wfile.write(f"data: {json.dumps(first)}\n\n".encode())
            self.wfile.flush()
            if self.path.startswith("/stall/"):
                time.sleep(60)
            else:
                self.wfile.write(b'data: {"pad": "')
                block = b"x" * (1024 * 1024)
                for _ in range(HUGE_EVENT // len(block)):
                    self.wfile.write(block)
                self.wfile.write(b'"}\n\n')
        except OSError:
            pass  # the gateway hung up, as it should


class Edges:
    def __init__(self, system):
        self.dir = RUN_DIR / "edges"
        self.dir.mkdir(parents=True, exist_ok=True)
        self.upstream = MisbehavingUpstream()
        self.keys = self.dir / "keys.yaml"
        self.demo_keys = (ROOT / "gateway" / "demo" / "keys.yaml").read_text()
        self.keys.write_text(self.demo_keys)
        base = f"http://127.0.0.1:{self.upstream.port}"
        catalog = (ROOT / "gateway" / "demo" / "config.yaml").read_text() + f"""
  - model_name: bad-credentials
    litellm_params: {{model: openai/gpt-4o, api_base: "{base}/auth/v1", api_key: {KEY_FRAGMENT.replace('*', 'x')}}}
  - model_name: stalls
    litellm_params: {{model: openai/gpt-4o, api_base: "{base}/stall/v1"}}
  - model_name: huge-event
    litellm_params: {{model: openai/gpt-4o, api_base: "{base}/huge/v1"}}
"""
        (self.dir / "config.yaml").write_text(catalog)
        self.port = free_port()
        self.gateway = system.start_gateway("gateway-edges", http_port=self.port, **{
            "gateway.keys.file": self.keys,
            "gateway.keys.reload-interval": "PT0.2S",
            "gateway.models.file": self.dir / "config.yaml",
            "gateway.upstream.stream-idle-timeout": "PT1S",
        })
        self.base_url = f"http://127.0.0.1:{self.port}"
        wait_ready(self.gateway, self.base_url)
        self.client = Client(self.port)

    def status(self, key, model):
        return self.client.send("POST", "/v1/chat/completions", chat_body(model), key=key)[0]

    def rejected(self):
        return metrics.value(metrics.scrape(f"{self.base_url}/observe/metrics"), "key_file_rejected_total")

    def close(self):
        self.client.close()
        self.gateway.stop()
        self.upstream.shutdown()


@pytest.fixture(scope="module")
def edges(system):
    state = Edges(system)
    yield state
    state.close()


def fresh_shell_env():
    """The environment of a new login shell: no JAVA_HOME, the machine's default java first on PATH."""
    env = {k: v for k, v in os.environ.items() if k not in ("JAVA_HOME",) and not k.startswith("LLMGW_")}
    env["PATH"] = "/usr/bin:/bin:" + env.get("PATH", "")
    return env


def test_createKeyScript_freshShell_newKeyWorksWithoutRestart(edges):
    run = subprocess.run([ROOT / "scripts" / "create-key.sh", "--id", "e2e-new", "--model", "*",
                          "--metadata", "env=e2e", "--expires", "2099-01-01T00:00:00Z"],
                         capture_output=True, text=True, timeout=300, env=fresh_shell_env(), cwd=ROOT)
    assert run.returncode == 0, run.stderr
    key = re.search(r"^\s+(sk-\S+)$", run.stdout, re.M).group(1)
    entry = run.stdout[run.stdout.index("  - id: e2e-new"):]
    assert "env: e2e" in entry and "expires: 2099-01-01T00:00:00Z" in entry and "sha256: " in entry
    assert edges.status(key, "gpt-4o-mini") == 401

    edges.demo_keys += entry
    edges.keys.write_text(edges.demo_keys)

    wait_until(lambda: edges.status(key, "gpt-4o-mini") == 200, 5, interval=0.1, what="the new key working")
    edges.new_key = key


def test_keyFileEditedIntoGarbage_lastGoodKeysServeAndFaultLogged(edges):
    edges.keys.write_text("keys: [ {id: broken, sha256: \n\x00 garbage: [[[")

    wait_until(lambda: "key_file_invalid" in edges.gateway.log_text(), 5, interval=0.1, what="key_file_invalid logged")
    assert edges.status("sk-demo-alias-only", "Qwen/Qwen3-Coder-480B-A35B-Instruct") == 200
    assert edges.status(edges.new_key, "gpt-4o-mini") == 200
    assert edges.rejected() == 1


def test_keyFileWithDuplicateKey_refusedNamingLine(edges):
    edges.keys.write_text(edges.demo_keys.replace("  - id: e2e-new\n", "  - id: e2e-new\n    blocked: true\n")
                          + "    blocked: false\n")

    wait_until(lambda: "Duplicate field 'blocked'" in edges.gateway.log_text(), 5, interval=0.1,
               what="the duplicate key logged")
    assert re.search(r"key_file_invalid: .*keys\.yaml: line \d+:", edges.gateway.log_text())
    assert edges.status(edges.new_key, "gpt-4o-mini") == 200
    assert edges.rejected() == 2


def test_fixedFileBlockingAKey_pickedUpAndKeyRefused(edges):
    blocked = edges.demo_keys.replace("    team: demo\n    user: demo-user\n",
                                      "    team: demo\n    user: demo-user\n    blocked: true\n")
    assert blocked != edges.demo_keys
    edges.keys.write_text(blocked)

    wait_until(lambda: edges.status("sk-demo-alias-only", "Qwen/Qwen3-Coder-480B-A35B-Instruct") == 401, 5,
               interval=0.1, what="the blocked key refused")
    assert edges.status(edges.new_key, "gpt-4o-mini") == 200


def test_upstreamRefusesGatewayCredentials_502WithoutKeyFragment(edges):
    status, body, _ = edges.client.send("POST", "/v1/chat/completions", chat_body("bad-credentials"),
                                        key=edges.new_key)

    assert status == 502
    assert body["error"]["code"] == "upstream_auth_failed"
    assert "sk-prov" not in json.dumps(body) and "invalid_api_key" not in json.dumps(body)
    log = edges.gateway.log_text()
    assert "upstream_auth_failed request_id=" in log and "upstream_status=401" in log
    assert "sk-prov" not in log


@pytest.mark.parametrize("model,code", [("stalls", "upstream_stalled"), ("huge-event", "upstream_response_too_large")])
def test_upstreamStallsOrSendsHugeEvent_streamEndsWithErrorNotHang(edges, model, code):
    client = OpenAI(base_url=f"{edges.base_url}/v1", api_key=edges.new_key, max_retries=0, timeout=30)
    started = time.monotonic()

    with pytest.raises(openai.APIError) as raised:
        for _ in client.chat.completions.create(model=model, messages=[{"role": "user", "content": "Hi"}],
                                                stream=True):
            pass

    assert time.monotonic() - started < 20
    assert code in str(raised.value.body) or code in str(raised.value)
    assert code in edges.gateway.log_text()
    assert edges.status("sk-demo-other", "gpt-4o-mini") == 200


def test_modelNameWithLineBreaksQuotesAnsi_cannotForgeALogLine(edges):
    forged = "x\r\nSEVERE: FORGED-LINE key_id=admin\"\u001b[2J"
    status, _, _ = edges.client.send("POST", "/v1/chat/completions", chat_body(forged),
                                     key="sk-demo-other")

    assert status == 403
    wait_until(lambda: "FORGED-LINE" in edges.gateway.log_text(), 5, interval=0.1, what="the denial logged")
    log = edges.gateway.log_text()
    assert not any(line.lstrip().startswith("SEVERE: FORGED-LINE") for line in log.splitlines())
    assert "\u001b" not in log
    assert 'model="x\\r\\nSEVERE: FORGED-LINE key_id=admin\\"\\u001b[2J"' in log
