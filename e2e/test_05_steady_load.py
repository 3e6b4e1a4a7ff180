"""A steady load for 60 s (E2E_LOAD_SECONDS) with zero errors: allowed chats, denied chats and
model listings at a fixed rate. Each process's resident memory is reported at the start and
the end."""

import os

from conftest import FIGURES
from support import load, metrics
from support.http import ALIAS

SECONDS = float(os.environ.get("E2E_LOAD_SECONDS", "60"))
RATE = 80  # requests per second, all threads together


def expected(outcome):
    if outcome.kind == "allowed chat":
        return outcome.status == 200 and outcome.body["model"] == ALIAS
    if outcome.kind == "denied chat":
        return outcome.status == 403 and outcome.body["error"]["code"] == "key_model_access_denied"
    return outcome.status == 200 and [m["id"] for m in outcome.body["data"]] == [ALIAS]


def test_steadyLoad_zeroErrors_rssReported(system):
    mix = [("allowed chat", lambda c: c.chat("sk-demo-alias-only")),
           ("denied chat", lambda c: c.chat("sk-demo-other")),
           ("model listing", lambda c: c.send("GET", "/v1/models", key="sk-demo-alias-only"))]
    rss_start = {"authz-service": system.authz.rss_kib(), "gateway": system.gateway.rss_kib()}
    calls_before = metrics.value(system.gateway_metrics(), "mock_upstream_calls_total")

    outcomes = load.run(system.http_port, mix, threads=8, duration=SECONDS, rate=RATE)

    rss_end = {"authz-service": system.authz.rss_kib(), "gateway": system.gateway.rss_kib()}
    errors = [o for o in outcomes if not expected(o)]
    allowed = sum(1 for o in outcomes if o.kind == "allowed chat")
    seconds = [o.seconds for o in outcomes]
    FIGURES["steady_load"] = {
        "seconds": SECONDS, "requests": len(outcomes), "errors": len(errors),
        "achieved_rps": round(len(outcomes) / SECONDS, 1),
        "latency_ms_p50_p99_max": [round(1000 * load.percentile(seconds, p), 1) for p in (50, 99, 100)],
        "rss_kib_start": rss_start, "rss_kib_end": rss_end}
    print(f"\nsteady load: {len(outcomes)} requests in {SECONDS:.0f} s, {len(errors)} errors; RSS KiB start {rss_start}"
          f" end {rss_end}")
    assert not errors, errors[:5]
    assert len(outcomes) >= 0.9 * RATE * SECONDS
    assert metrics.value(system.gateway_metrics(), "mock_upstream_calls_total") == calls_before + allowed
    assert system.authz.alive() and system.gateway.alive()
