"""Policy change end to end: a copy of the policies gets a changed grant (the organisation
block list takes the alias away), the pipeline builds it into a bundle, the bundle file the
running authz-service watches is replaced atomically, and the running system serves the new
decision, then the old one again after the original bundle is put back, without one failed
request during the swaps. The real policies/ sources are not touched."""

import os
import re
import shutil
import threading
import time

from conftest import FIGURES
from support import load, metrics
from support.policies import build_blocking_bundle
from support.http import ALIAS, RESOLVED
from support.processes import wait_until


def revision(system):
    found = re.search(r'llmgw_authz_bundle_info\{revision="([^"]+)"', system.authz_metrics())
    return found.group(1) if found else None


def swap_in(bundle, target):
    """Replaces `target` with a copy of `bundle` in one rename, so no reader sees half a file."""
    incoming = target.with_name(".incoming-" + target.name)
    shutil.copyfile(bundle, incoming)
    os.replace(incoming, target)
    return time.monotonic()


def test_policyChange_newDecisionServedWithoutFailedRequests(system):
    original = system.run_dir / "policy-change" / "original.tar.gz"
    original.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(system.bundle, original)
    blocking = build_blocking_bundle(system.run_dir / "policy-change")
    old_revision = revision(system)

    stop = threading.Event()
    outcomes = []
    mix = [("alias-only", lambda c: c.chat("sk-demo-alias-only"))]
    loader = threading.Thread(target=load.run, args=(system.http_port, mix),
                              kwargs={"threads": 4, "stop": stop, "rate": 60, "into": outcomes})
    loader.start()
    try:
        time.sleep(2)
        swapped = swap_in(blocking, system.bundle)
        wait_until(lambda: any(o.status == 403 and o.started > swapped for o in list(outcomes)), 60,
                   what="the new decision (403 model_blocked)")
        new_revision = revision(system)
        time.sleep(2)
        restored = swap_in(original, system.bundle)
        wait_until(lambda: any(o.status == 200 and o.started > restored for o in list(outcomes)), 60,
                   what="the original decision again (200)")
        time.sleep(2)
    finally:
        stop.set()
        loader.join()

    failed = [o for o in outcomes if not (
        (o.status == 200 and o.body.get("model") == ALIAS)
        or (o.status == 403 and o.body["error"]["code"] == "model_blocked"))]
    assert not failed, failed[:5]
    denied = [o for o in outcomes if o.status == 403]
    assert denied and all(o.body["error"]["message"].endswith(f"Tried to access {ALIAS}")
                          and RESOLVED not in o.body["error"]["message"] for o in denied)
    # Once a request has seen a policy, every request sent after it sees that policy or a newer one.
    first_new = min(o.started + o.seconds for o in denied)
    first_back = min(o.started + o.seconds for o in outcomes if o.status == 200 and o.started > restored)
    assert all(o.status == 403 for o in outcomes if first_new < o.started < restored)
    assert all(o.status == 200 for o in outcomes if o.started > first_back)
    assert new_revision != old_revision and revision(system) == old_revision
    assert metrics.value(system.authz_metrics(), "llmgw_authz_bundle_rejected_total") == 0
    FIGURES["policy_change"] = {
        "requests_during_swaps": len(outcomes), "failed": len(failed), "denied_by_new_policy": len(denied),
        "swap_to_new_decision_s": round(first_new - swapped, 2),
        "swap_back_to_old_decision_s": round(first_back - restored, 2)}
