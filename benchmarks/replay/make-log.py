"""Writes a synthetic decision log in the authz-service's event shape for the replay benchmark.

python3 make-log.py EVENTS KEYS OUT: EVENTS check events (and one listing per hundred) from KEYS
keys in ten teams over five models, each with its own decision id, request id and time. Half
the keys are granted the Qwen alias, the rest other models, so a candidate that blocks the
alias flips a known share. The decisions are what the shipped policy decides for them.
"""
import json
import sys
import uuid

ALIAS = "Qwen/Qwen3-Coder-480B-A35B-Instruct"
MODELS = [
    (ALIAS, ALIAS + "-bfloat16", "hosted_vllm", ["coding"]),
    ("gpt-4o-mini", "gpt-4o-mini", "openai", []),
    ("gpt-4o", "gpt-4o", "openai", []),
    ("qwen-coder", ALIAS + "-bfloat16", "hosted_vllm", ["coding"]),
    ("local-demo", "demo-model", "mock", []),
]


def main():
    events, keys, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    with open(out, "w") as f:
        for i in range(events):
            k = i % keys
            grants = [ALIAS] if k % 2 == 0 else ["gpt-4o-mini"]
            requested, resolved, provider, groups = MODELS[(i // keys) % len(MODELS)]
            principal = {"key_id": f"key-{k}", "team_id": f"team-{k % 10}", "user_id": f"user-{k}",
                         "key_models": grants, "team_models": ["*"], "metadata": {"env": "bench"}}
            model = {"requested": requested, "resolved": resolved, "deployment": f"dep-{provider}",
                     "provider": provider, "access_groups": groups, "tags": [], "hidden": False}
            allowed = requested in grants or resolved in grants
            result = {"allow": True, "reasons": []} if allowed else {"allow": False, "reasons": [{
                "code": "key_model_access_denied",
                "message": "key not allowed to access model. This key can only access models=["
                           + ", ".join(json.dumps(g) for g in grants) + "]. Tried to access " + requested}],
                "http_status": 403}
            event = {"labels": {"app": "llmgw-authz-service"}, "decision_id": str(uuid.uuid4()),
                     "bundles": {"llmgw": {"revision": "bench"}}, "path": "llmgw/authz/decision",
                     "input": {"principal": principal, "model": model,
                               "operation": {"endpoint": "chat.completions", "method": "POST",
                                             "path": "/v1/chat/completions", "stream": False},
                               "request": {"request_id": f"req-{i}", "client_address": "127.0.0.1",
                                           "time": "2026-12-01T12:00:00Z"}},
                     "result": result, "timestamp": "2026-12-01T12:00:00.000Z",
                     "metrics": {"timer_rego_query_eval_ns": 20000, "timer_server_handler_ns": 40000,
                                 "counter_decision_cache_hit": 0}}
            f.write(json.dumps(event, separators=(",", ":")) + "\n")
            if i % 100 == 99:
                listing = dict(event, decision_id=str(uuid.uuid4()), path="llmgw/authz/allowed_models",
                               result={"models": [], "valid": True})
                f.write(json.dumps(listing, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main()
