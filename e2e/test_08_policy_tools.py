"""The policy tools on what the running services recorded: requests through the gateway with
both demo keys are decided by the authz-service and logged; `policy replay` re-decides that
log with a candidate whose block list takes the alias away and names exactly the allowed
requests as allow->deny (and the denied ones as reasons-changed, now blocked first); `policy
explain` traces one logged deny to the rule that produced it."""

import json
import subprocess
import urllib.error
import urllib.request
import uuid

from support.http import ALIAS, chat_body
from support.policies import build_blocking_bundle
from support.processes import ROOT, java, wait_until


def chat(system, key, request_id):
    request = urllib.request.Request(f"{system.base_url}/v1/chat/completions", data=chat_body().encode(),
                                     headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json",
                                              "x-request-id": request_id})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as e:
        return e.code


def policy(system, *args):
    return subprocess.run([java(), "-jar", system.authz_jar, "policy", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=300)


def record(system, work):
    """Sends checks with both demo keys; returns (allowed ids, denied ids, the log lines of them)."""
    run = uuid.uuid4().hex[:8]
    allowed, denied = set(), set()
    for i in range(8):
        for key, into, status in (("sk-demo-alias-only", allowed, 200), ("sk-demo-other", denied, 403)):
            request_id = f"tools-{run}-{key[-5:]}-{i}"
            assert chat(system, key, request_id) == status
            into.add(request_id)
    log = system.run_dir / "logs" / f"decisions-{system.authz_starts}.log.0"

    def ours():
        lines = [line for line in log.read_text().splitlines() if f'"request_id":"tools-{run}-' in line]
        return lines if len(lines) >= len(allowed) + len(denied) else None
    lines = wait_until(ours, 20, what="every check of this test in the decision log")
    recorded = work / "recorded.log"
    recorded.write_text("\n".join(lines) + "\n")
    return allowed, denied, recorded


def test_replay_recordedLog_candidateFlipsExactlyTheAllowedRequests(system):
    work = system.run_dir / "policy-tools"
    work.mkdir(parents=True, exist_ok=True)
    allowed, denied, recorded = record(system, work)
    blocking = build_blocking_bundle(work)

    run = policy(system, "replay", "--bundle", str(blocking), "--json", "--fail-on", "allow->deny", str(recorded))

    assert run.returncode == 1, run.stdout + run.stderr
    lines = [json.loads(line) for line in run.stdout.splitlines()]
    flips = [line for line in lines if "flip" in line]
    by_kind = {}
    for flip in flips:
        by_kind.setdefault(flip["flip"], set()).add(flip["input"]["request"]["request_id"])
    assert by_kind == {"allow->deny": allowed, "reasons-changed": denied}
    assert all(f["candidate"]["reasons"][0]["code"] == "model_blocked" and f["model"] == ALIAS for f in flips)
    summary = lines[-1]["summary"]
    assert summary["replayed"] == len(allowed) + len(denied) and summary["not_replayed"] == {}
    assert summary["flips"]["allow->deny"]["by_key"]["demo-alias-only"]["count"] == len(allowed)


def test_explain_loggedDeny_namesTheRuleAndTheRevision(system):
    work = system.run_dir / "policy-tools-explain"
    work.mkdir(parents=True, exist_ok=True)
    _, denied, recorded = record(system, work)
    event = next(json.loads(line) for line in recorded.read_text().splitlines()
                 if json.loads(line)["input"]["request"]["request_id"] in denied)

    run = policy(system, "explain", "--decision-id", event["decision_id"], "--opa", str(ROOT / ".tools" / "bin" / "opa"),
                 str(recorded))

    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.startswith(f"decision {event['decision_id']} ")
    assert "deny (403): key_model_access_denied" in run.stdout.splitlines()[0]
    assert f"revision {event['bundles']['llmgw']['revision']}, sources: the working tree" in run.stdout
    assert "llmgw/access/access.rego:" in run.stdout and "_key_denials" in run.stdout
