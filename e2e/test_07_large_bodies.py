"""32 concurrent chat requests of 9 MB each (every one under the 10 MiB body limit) against the
gateway as `make run` starts it, with the services' own 96 MiB heap: every answer is a 200 or a
clean 429 refusal in OpenAI's shape, the gateway never runs out of memory, and a normal request
succeeds right after."""

import http.client
import json
import threading

from conftest import FIGURES
from support import metrics
from support.http import ALIAS, Client, Reply, openai_error

REQUESTS = 32
CONTENT_BYTES = 9 * 1000 * 1000


def post(port, body):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("POST", "/v1/chat/completions", body=body, headers={
            "Authorization": "Bearer sk-demo-alias-only", "Content-Type": "application/json"})
        response = connection.getresponse()
        return Reply(response.status, {k.lower(): v for k, v in response.getheaders()}, response.read())
    except OSError as e:
        return e
    finally:
        connection.close()


def test_concurrentNineMegabyteBodies_200OrCleanRefusal_noOutOfMemory(system):
    body = json.dumps({"model": ALIAS, "messages": [{"role": "user", "content": "x" * CONTENT_BYTES}]}).encode()
    assert 9_000_000 < len(body) < 10 * 1024 * 1024
    refused_before = metrics.value(system.gateway_metrics(), "gateway_refusals_total", reason="body_memory") or 0
    replies = [None] * REQUESTS

    def send(i):
        replies[i] = post(system.http_port, body)

    threads = [threading.Thread(target=send, args=(i,)) for i in range(REQUESTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)

    statuses = [r.status if isinstance(r, Reply) else repr(r) for r in replies]
    ok = [r for r in replies if isinstance(r, Reply) and r.status == 200]
    refused = [r for r in replies if isinstance(r, Reply) and r.status == 429]
    assert len(ok) + len(refused) == REQUESTS, statuses
    assert all(json.loads(r.body)["model"] == ALIAS for r in ok)
    for r in refused:
        assert openai_error(r)["code"] == "rate_limit_exceeded"
        assert r.headers["retry-after"] == "1"
    assert ok, "at least the first requests fit in the body memory"
    assert system.gateway.alive()
    assert "OutOfMemoryError" not in system.gateway.log_text()
    status, reply, seconds = _normal_chat(system)
    assert status == 200 and seconds < 1.0, (status, reply, seconds)
    refused_after = metrics.value(system.gateway_metrics(), "gateway_refusals_total", reason="body_memory") or 0
    assert refused_after - refused_before == len(refused)
    FIGURES["large_bodies"] = {"requests": REQUESTS, "body_bytes": len(body), "ok": len(ok), "refused_429": len(refused),
                               "gateway_rss_kib_after": system.gateway.rss_kib(),
                               "gateway_peak_rss_kib": system.gateway.peak_rss_kib()}


def _normal_chat(system):
    client = Client(system.http_port)
    try:
        return client.chat()
    finally:
        client.close()
