"""Typed event streams from an upstream that misbehaves, through a gateway of their own: an
upstream speaking OpenAI's Responses API and Anthropic's Messages API stops before its closing
event, sends an event that is not JSON, or falls silent. Each time the client's own SDK sees the
stream end with an error in its API's shape (the `openai` client an `error` event naming the
fault, the `anthropic` client an exception), never a truncated answer that looks whole, never a
hang, and the gateway keeps serving. A well-behaved upstream's stream is passed on under the
name the client asked for, with Anthropic's headers forwarded and the client's key never."""

import hashlib
import http.server
import json
import threading
import time

import anthropic
import pytest
from openai import OpenAI

from conftest import RUN_DIR, wait_ready
from support.processes import ROOT, free_port

KEY = "sk-e2e-typed-streams"


class TypedUpstream(http.server.ThreadingHTTPServer):
    """Answers /{mode}/v1/responses and /{mode}/v1/messages with a stream: `ok` whole,
    `truncated` without its closing event, `garbage` with a second event that is not JSON,
    `stall` one event and then silence. Keeps the headers of the last request."""

    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), Handler)
        self.port = self.server_address[1]
        self.last_headers = {}
        threading.Thread(target=self.serve_forever, daemon=True).start()


def responses_events(model):
    def response(status):
        return {"id": "resp_up", "object": "response", "created_at": 0, "status": status, "model": model,
                "output": [], "error": None, "incomplete_details": None, "instructions": None, "metadata": {},
                "parallel_tool_calls": True, "temperature": 1.0, "top_p": 1.0, "tool_choice": "auto", "tools": []}
    return [("response.created", {"type": "response.created", "sequence_number": 0, "response": response("in_progress")}),
            ("response.output_text.delta", {"type": "response.output_text.delta", "sequence_number": 1,
                                            "item_id": "m", "output_index": 0, "content_index": 0, "delta": "Hi",
                                            "logprobs": []}),
            ("response.completed", {"type": "response.completed", "sequence_number": 2, "response": response("completed")})]


def messages_events(model):
    return [("message_start", {"type": "message_start", "message": {
                "id": "msg_up", "type": "message", "role": "assistant", "model": model, "content": [],
                "stop_reason": None, "stop_sequence": None, "usage": {"input_tokens": 1, "output_tokens": 0}}}),
            ("content_block_start", {"type": "content_block_start", "index": 0,
                                     "content_block": {"type": "text", "text": ""}}),
            ("content_block_delta", {"type": "content_block_delta", "index": 0,
                                     "delta": {"type": "text_delta", "text": "Hi"}}),
            ("content_block_stop", {"type": "content_block_stop", "index": 0}),
            ("message_delta", {"type": "message_delta", "delta": {"stop_reason": "end_turn", "stop_sequence": None},
                               "usage": {"output_tokens": 1}}),
            ("message_stop", {"type": "message_stop"})]


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_POST(self):
        request = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
        self.server.last_headers = {k.lower(): v for k, v in self.headers.items()}
        mode = self.path.split("/")[1]
        events = (messages_events if self.path.endswith("/messages") else responses_events)(request["model"])
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Connection", "close")
        self.end_headers()
        try:
            for i, (name, data) in enumerate(events):
                if mode == "truncated" and i == len(events) - 1:
                    break
                if mode == "garbage" and i == 1:
                    self.wfile.write(b"event: oops\ndata: {this is not json\n\n")
                else:
                    self.wfile.write(f"event: {name}\ndata: {json.dumps(data)}\n\n".encode())
                self.wfile.flush()
                if mode == "stall":
                    time.sleep(60)
        except OSError:
            pass  # the gateway hung up, as it should


class TypedStreams:
    def __init__(self, system):
        self.dir = RUN_DIR / "typed-streams"
        self.dir.mkdir(parents=True, exist_ok=True)
        self.upstream = TypedUpstream()
        base = f"http://127.0.0.1:{self.upstream.port}"
        catalog = (ROOT / "gateway" / "demo" / "config.yaml").read_text()
        for mode in ("ok", "truncated", "garbage", "stall"):
            catalog += f"""
  - model_name: codex-{mode}
    litellm_params: {{model: openai/up-codex-1, api_base: "{base}/{mode}/v1", api_key: sk-provider-openai}}
  - model_name: claude-{mode}
    litellm_params: {{model: anthropic/claude-up-1, api_base: "{base}/{mode}/v1", api_key: sk-provider-anthropic}}
"""
        (self.dir / "config.yaml").write_text(catalog)
        keys = (ROOT / "gateway" / "demo" / "keys.yaml").read_text() + f"""  - id: e2e-typed-streams
    sha256: {hashlib.sha256(KEY.encode()).hexdigest()}
    team: demo
    models: ["*"]
"""
        (self.dir / "keys.yaml").write_text(keys)
        self.port = free_port()
        self.gateway = system.start_gateway("gateway-typed-streams", http_port=self.port, **{
            "gateway.keys.file": self.dir / "keys.yaml",
            "gateway.models.file": self.dir / "config.yaml",
            "gateway.upstream.stream-idle-timeout": "PT1S",
        })
        self.base_url = f"http://127.0.0.1:{self.port}"
        wait_ready(self.gateway, self.base_url)
        self.openai = OpenAI(base_url=f"{self.base_url}/v1", api_key=KEY, max_retries=0, timeout=30)
        self.anthropic = anthropic.Anthropic(base_url=self.base_url, api_key=KEY, max_retries=0, timeout=30)

    def close(self):
        self.gateway.stop()
        self.upstream.shutdown()


@pytest.fixture(scope="module")
def typed(system):
    state = TypedStreams(system)
    yield state
    state.close()


def responses_stream(typed, model):
    return list(typed.openai.responses.create(model=model, input="Hi", stream=True))


def messages_stream(typed, model):
    return list(typed.anthropic.messages.create(model=model, max_tokens=16, messages=[{"role": "user", "content": "Hi"}],
                                                stream=True))


def test_wellBehavedUpstream_bothStreamsPassedOnUnderTheRequestedName(typed):
    responses = responses_stream(typed, "codex-ok")
    messages = messages_stream(typed, "claude-ok")

    assert [e.type for e in responses] == ["response.created", "response.output_text.delta", "response.completed"]
    assert responses[0].response.model == "codex-ok"
    assert messages[0].message.model == "claude-ok" and messages[-1].type == "message_stop"
    headers = typed.upstream.last_headers
    assert headers["anthropic-version"] == typed.anthropic.default_headers["anthropic-version"]
    assert headers["x-api-key"] == "sk-provider-anthropic"
    assert KEY not in json.dumps(headers)


@pytest.mark.parametrize("mode,code", [("truncated", "upstream_stream_truncated"),
                                       ("garbage", "upstream_stream_malformed"), ("stall", "upstream_stalled")])
def test_responsesStreamBreaks_openaiClientSeesAnErrorEventLast(typed, mode, code):
    started = time.monotonic()

    events = responses_stream(typed, f"codex-{mode}")

    assert time.monotonic() - started < 20
    assert events[-1].type == "error" and events[-1].code == code
    assert "response.completed" not in [e.type for e in events]
    assert typed.gateway.alive()


@pytest.mark.parametrize("mode,words", [("truncated", "ended before"), ("garbage", "malformed"),
                                        ("stall", "stopped sending")])
def test_messagesStreamBreaks_anthropicClientRaises(typed, mode, words):
    started = time.monotonic()

    with pytest.raises(anthropic.APIStatusError) as broke:
        messages_stream(typed, f"claude-{mode}")

    assert time.monotonic() - started < 20
    assert words in str(broke.value)
    assert messages_stream(typed, "claude-ok")[-1].type == "message_stop"
