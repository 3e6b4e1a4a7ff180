"""Summarises benchmarks/load/authz-load.sh results: percentiles per target and rate, ratios between
targets measured in the same run, a CSV and a PNG plot of latency against offered rate."""

import csv
import json
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from loadstats import percentile, succeeded, vegeta_results  # noqa: E402

TARGETS = ("llmgw", "llmgw-1conn", "llmgw-uncached", "noop", "opa")
PERCENTILES = (50, 90, 99, 99.9)


def latencies(path: Path):
    """Returns (latencies in ms of successful requests, error count) of one run's raw output."""
    if path.name.startswith("opa-"):
        rows = vegeta_results(path)
        ok = [r["latency"] / 1e6 for r in rows if succeeded(r)]
        return ok, len(rows) - len(ok)
    report = json.loads(path.read_text())
    details = report.get("details") or []
    ok = [d["latency"] / 1e6 for d in details if not d.get("error") and d.get("status", "OK") == "OK"]
    return ok, len(details) - len(ok)


def main(raw: Path, out: Path):
    rows = []
    for path in sorted(raw.glob("*-*.json")):
        target, rate = path.stem.rsplit("-", 1)
        if target not in TARGETS:
            continue
        values, errors = latencies(path)
        values.sort()
        row = {"target": target, "rate": int(rate), "ok": len(values), "errors": errors}
        for p in PERCENTILES:
            row[f"p{p}_ms"] = round(percentile(values, p), 4)
        rows.append(row)
    rows.sort(key=lambda r: (r["target"], r["rate"]))
    with open(out / "summary.csv", "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0].keys()))
        writer.writeheader()
        writer.writerows(rows)

    by = {(r["target"], r["rate"]): r for r in rows}
    rates = sorted({r["rate"] for r in rows})
    print("| rate/s | target | ok | errors | p50 ms | p90 ms | p99 ms | p99.9 ms |")
    print("|---:|---|---:|---:|---:|---:|---:|---:|")
    for rate in rates:
        for t in TARGETS:
            r = by.get((t, rate))
            if r:
                print(f"| {rate} | {t} | {r['ok']} | {r['errors']} | {r['p50_ms']} | {r['p90_ms']} | "
                      f"{r['p99_ms']} | {r['p99.9_ms']} |")
    print()
    for rate in rates:
        llmgw, one_connection, uncached, noop, opa = (by.get((t, rate)) for t in TARGETS)
        if llmgw and one_connection:
            print(f"{rate}/s: llmgw over 1 connection p50 / over 2 p50 = "
                  f"{one_connection['p50_ms'] / llmgw['p50_ms']:.2f}x, p99 {one_connection['p99_ms']} ms against "
                  f"{llmgw['p99_ms']} ms, errors {one_connection['errors']} against {llmgw['errors']}")
        if uncached and noop:
            print(f"{rate}/s: llmgw-uncached p50 / no-op p50 = {uncached['p50_ms'] / noop['p50_ms']:.2f}x")
        if llmgw and noop and opa:
            print(f"{rate}/s: llmgw p50 / no-op p50 = {llmgw['p50_ms'] / noop['p50_ms']:.2f}x; "
                  f"OPA REST p50 / llmgw p50 = {opa['p50_ms'] / llmgw['p50_ms']:.2f}x; "
                  f"llmgw p99 = {llmgw['p99_ms']} ms")
    held = [r["rate"] for r in rows if r["target"] == "llmgw" and r["p99_ms"] < 1.0 and r["errors"] == 0]
    print(f"highest tested rate with llmgw p99 < 1 ms and no errors: {max(held) if held else 'none'}/s")

    fig, axes = plt.subplots(1, 3, figsize=(15, 4.5), sharey=True)
    for ax, p in zip(axes, (50, 99, 99.9)):
        for t in TARGETS:
            xs = [r for r in rates if (t, r) in by]
            ax.plot(xs, [by[(t, r)][f"p{p}_ms"] for r in xs], marker="o", label=t)
        ax.set_title(f"p{p}")
        ax.set_xlabel("offered rate (requests/s)")
        ax.set_yscale("log")
        ax.grid(True, which="both", alpha=0.3)
    axes[0].set_ylabel("latency (ms, log scale)")
    axes[0].legend()
    fig.suptitle("Authorization check latency: llmgw gRPC Check (decision cache on and off) vs no-op gRPC "
                 "vs OPA server REST")
    fig.tight_layout()
    fig.savefig(out / "authz-latency.png", dpi=110)


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
