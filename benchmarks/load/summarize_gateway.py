"""Summarises benchmarks/load/gateway-load.sh results: per mode, rate and target the percentiles of
successful requests, errors and status codes, achieved throughput, and the overhead of each
gateway over the direct calls of the same run; a CSV, a markdown report on stdout and PNG plots.
Raw file names: TARGET-MODE-RATE.json (vegeta's JSON encoding, one request a line)."""

import csv
import json
import math
import sys
from collections import Counter
from datetime import datetime
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import nmt  # noqa: E402
from loadstats import percentile, succeeded, vegeta_results  # noqa: E402

TARGETS = ("direct", "proxy", "llmgw", "litellm")
GATEWAYS = ("proxy", "llmgw", "litellm")
MODES = ("plain", "stream")
JVMS = ("gateway", "authz-service")
PERCENTILES = (50, 90, 99, 99.9)
# The targets for the gateway at 1000/s, and for memory: p50 overhead at most twice the nginx
# proxy's overhead plus a no-op Check round trip (both measured in the same run), p99 overhead
# at most 5 ms.
TARGET_RATE = 1000
P50_FLOOR_FACTOR = 2
MAX_OVERHEAD_P99_MS = 5.0
MIN_P99_RATIO = 10
MAX_RSS_MIB = 256


def summarise(path: Path, target, mode, rate):
    """One row of summary.csv from one step's raw results."""
    rows = vegeta_results(path)
    ok = sorted(r["latency"] / 1e6 for r in rows if succeeded(r))
    codes = Counter(str(r.get("code", 0)) for r in rows)
    # vegeta's error text ends with the cause: "connection refused", "Client.Timeout exceeded...".
    causes = Counter(r["error"].rsplit(": ", 1)[-1] for r in rows if r.get("error") and not r.get("code"))
    # Achieved throughput as vegeta reports it: successes over the time from the first request
    # sent to the last answer received.
    start = min(r["timestamp"] for r in rows)
    end = max(r["timestamp"] for r in rows)
    span = _seconds(end) - _seconds(start) + max(r["latency"] for r in rows) / 1e9 if rows else 0
    row = {"mode": mode, "rate": rate, "target": target, "sent": len(rows), "ok": len(ok),
           "errors": len(rows) - len(ok), "codes": " ".join(f"{c}:{n}" for c, n in sorted(codes.items())),
           "no_answer": causes.most_common(1)[0][0] if causes else "",
           "throughput": round(len(ok) / span, 1) if span > 0 else 0.0}
    for p in PERCENTILES:
        row[f"p{p}_ms"] = round(percentile(ok, p), 4)
    return row


def _seconds(timestamp):
    """Seconds since the epoch of vegeta's RFC 3339 timestamp (to the microsecond)."""
    return datetime.fromisoformat(timestamp).timestamp()


def add_overheads(rows):
    """Adds each gateway's overhead over direct (same mode and rate) at every percentile."""
    by = {(r["mode"], r["rate"], r["target"]): r for r in rows}
    for r in rows:
        direct = by.get((r["mode"], r["rate"], "direct"))
        for p in PERCENTILES:
            key = f"overhead_p{p}_ms"
            r[key] = round(r[f"p{p}_ms"] - direct[f"p{p}_ms"], 4) if direct and r["target"] != "direct" else ""
    return by


def ratio(litellm, llmgw):
    """LiteLLM's overhead over llmgw's; infinite when llmgw adds nothing measurable."""
    if litellm == "" or llmgw == "" or math.isnan(litellm) or math.isnan(llmgw):
        return float("nan")
    return litellm / llmgw if llmgw > 0 else float("inf")


def noop_check_p50(raw: Path):
    """p50 in ms of the no-op Check round trips (ghz JSON report), or None without one."""
    path = raw / "noop-check.json"
    if not path.exists():
        return None
    details = json.loads(path.read_text()).get("details") or []
    ok = [d["latency"] / 1e6 for d in details if not d.get("error") and d.get("status", "OK") == "OK"]
    return round(percentile(ok, 50), 4) if ok else None


def read_rss(out: Path):
    """Largest RSS in MiB per (process, mode) from rss.csv, or {} without one."""
    path = out / "rss.csv"
    if not path.exists():
        return {}
    peak = {}
    with open(path) as f:
        for r in csv.DictReader(f):
            k = (r["process"], r["mode"])
            peak[k] = max(peak.get(k, 0), int(r["rss_kib"] or 0) / 1024)
    return peak


def memory_rows(raw: Path, out: Path):
    """Per JVM, mode and rate of the llmgw steps: RSS, peak RSS and file-backed RSS from rss.csv
    with the NMT summary taken at the same moment (KiB), in the order measured."""
    path = out / "rss.csv"
    if not path.exists():
        return []
    rows = []
    with open(path) as f:
        for r in csv.DictReader(f):
            if r["target"] != "llmgw" or r["process"] not in JVMS:
                continue
            figures = nmt.read(raw / f"nmt-{r['process']}-llmgw-{r['mode']}-{r['rate']}.txt") or {}
            figures.update(rss=r["rss_kib"], hwm=r.get("hwm_kib"), rss_file=r.get("rss_file_kib"))
            rows.append((r["process"], r["mode"], int(r["rate"]), figures))
    return rows


def memory_report(rows):
    """The memory table: where each service's resident memory goes at each step (MiB)."""
    if not rows:
        return
    print()
    print("Memory of the two services after each llmgw step (MiB; NMT committed, RSS from /proc; "
          f"target RSS <= {MAX_RSS_MIB} MiB at every step):")
    print()
    header = nmt.table_header()
    print("| process | mode | rate/s " + header.split("\n")[0])
    print("|---|---|---:" + header.split("\n")[1])
    for proc, mode, rate, figures in rows:
        print(f"| {proc} | {mode} | {rate} | {nmt.table_row(figures)} |")
    for proc in JVMS:
        peaks = [int(f["hwm"] or f["rss"]) / 1024 for p, _, _, f in rows if p == proc]
        if peaks:
            print(f"- {proc}: peak RSS {max(peaks):.0f} MiB over the llmgw steps ({_met(max(peaks) <= MAX_RSS_MIB)})")


def report(rows, by, rss, noop_p50):
    rates = sorted({r["rate"] for r in rows})
    print("| mode | rate/s | target | sent | ok | errors | achieved/s | p50 ms | p90 ms | p99 ms | p99.9 ms "
          "| overhead p50 ms | overhead p99 ms |")
    print("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for m in MODES:
        for rate in rates:
            for t in TARGETS:
                r = by.get((m, rate, t))
                if r:
                    print(f"| {m} | {rate} | {t} | {r['sent']} | {r['ok']} | {r['errors']} | {r['throughput']} | "
                          f"{r['p50_ms']} | {r['p90_ms']} | {r['p99_ms']} | {r['p99.9_ms']} | "
                          f"{r['overhead_p50_ms']} | {r['overhead_p99_ms']} |")
    print()
    codes = [r for r in rows if r["errors"]]
    if codes:
        print("Status codes of steps with errors (0: no answer, with the commonest cause):")
        for r in codes:
            cause = f" (0: {r['no_answer']})" if r["no_answer"] else ""
            print(f"- {r['mode']} {r['rate']}/s {r['target']}: {r['codes']}{cause}")
        print()
    print("| mode | rate/s | LiteLLM / llmgw overhead, p50 | p99 | p99.9 |")
    print("|---|---:|---:|---:|---:|")
    for m in MODES:
        for rate in rates:
            gw, ll = by.get((m, rate, "llmgw")), by.get((m, rate, "litellm"))
            if gw and ll:
                cells = [ratio(ll[f"overhead_p{p}_ms"], gw[f"overhead_p{p}_ms"]) for p in (50, 99, 99.9)]
                text = ["n/a" if math.isnan(c) else f"{c:.1f}x" for c in cells]
                print(f"| {m} | {rate} | " + " | ".join(text) + " |")
    print()
    print("n/a: a gateway answered no request within the timeout; ratios of steps with errors compare "
          "only the requests that succeeded.")
    print()
    if noop_p50 is not None:
        print(f"- no-op Check round trip at {TARGET_RATE}/s (ghz, same run): p50 {noop_p50} ms")
    for m in MODES:
        gw, ll = by.get((m, TARGET_RATE, "llmgw")), by.get((m, TARGET_RATE, "litellm"))
        px = by.get((m, TARGET_RATE, "proxy"))
        if not gw:
            continue
        if not gw["ok"]:
            print(f"- {m}, {TARGET_RATE}/s: llmgw answered none of {gw['sent']} requests ({gw['codes']}); "
                  "targets **not met**")
            continue
        p50, p99 = gw["overhead_p50_ms"], gw["overhead_p99_ms"]
        if px and noop_p50 is not None:
            floor = round(P50_FLOOR_FACTOR * (max(px["overhead_p50_ms"], 0) + noop_p50), 4)
            print(f"- {m}, {TARGET_RATE}/s: llmgw overhead p50 {p50} ms, nginx proxy {px['overhead_p50_ms']} ms "
                  f"(target <= {P50_FLOOR_FACTOR} x (proxy + no-op Check) = {floor}: {_met(p50 <= floor)})")
        print(f"- {m}, {TARGET_RATE}/s: llmgw overhead p99 {p99} ms"
              + (f", nginx proxy {px['overhead_p99_ms']} ms" if px else "")
              + f" (target <= {MAX_OVERHEAD_P99_MS}: {_met(p99 <= MAX_OVERHEAD_P99_MS)}), errors {gw['errors']}")
        if ll and not ll["ok"]:
            print(f"- {m}, {TARGET_RATE}/s: LiteLLM answered none of {ll['sent']} requests within the timeout "
                  f"(p99 overhead ratio target >= {MIN_P99_RATIO}x: met, as LiteLLM's p99 exceeds the timeout)")
        elif ll:
            r = ratio(ll["overhead_p99_ms"], p99)
            print(f"- {m}, {TARGET_RATE}/s: LiteLLM p99 overhead / llmgw p99 overhead = {r:.1f}x "
                  f"(target >= {MIN_P99_RATIO}x: {_met(r >= MIN_P99_RATIO)}), LiteLLM errors {ll['errors']}")
    if rss:
        print()
        print("| process | largest RSS, plain (MiB) | largest RSS, stream (MiB) | "
              f"target <= {MAX_RSS_MIB} MiB |")
        print("|---|---:|---:|---|")
        for proc in ("gateway", "authz-service", "litellm", "nginx-proxy", "nginx"):
            values = [rss.get((proc, m)) for m in MODES]
            known = [v for v in values if v is not None]
            if known:
                cells = " | ".join(f"{v:.0f}" if v is not None else "" for v in values)
                print(f"| {proc} | {cells} | {_met(max(known) <= MAX_RSS_MIB)} |")


def _met(ok):
    return "met" if ok else "**not met**"


def plot(rows, by, out: Path):
    rates = sorted({r["rate"] for r in rows})
    fig, axes = plt.subplots(2, 4, figsize=(17, 8), sharey="row")
    for i, m in enumerate(MODES):
        for ax, p in zip(axes[i], PERCENTILES):
            for t in TARGETS:
                xs = [r for r in rates if (m, r, t) in by]
                ax.plot(xs, [by[(m, r, t)][f"p{p}_ms"] for r in xs], marker="o", label=t)
            ax.set_title(f"{'streaming' if m == 'stream' else 'not streaming'}, p{p}")
            ax.set_xlabel("offered rate (requests/s)")
            ax.set_yscale("log")
            ax.grid(True, which="both", alpha=0.3)
        axes[i][0].set_ylabel("latency (ms, log scale)")
    axes[0][0].legend()
    fig.suptitle("Chat completion latency: direct to nginx, via an nginx proxy, via llmgw, via LiteLLM's proxy")
    fig.tight_layout()
    fig.savefig(out / "gateway-latency.png", dpi=100)
    plt.close(fig)

    fig, axes = plt.subplots(1, 2, figsize=(12, 4.5), sharey=True)
    for ax, m in zip(axes, MODES):
        for t in GATEWAYS:
            for p, style in ((50, "-"), (99, "--")):
                xs = [r for r in rates if (m, r, t) in by and by[(m, r, t)][f"overhead_p{p}_ms"] != ""]
                ys = [max(by[(m, r, t)][f"overhead_p{p}_ms"], 0.01) for r in xs]
                ax.plot(xs, ys, style, marker="o", label=f"{t} p{p}")
        ax.set_title("streaming" if m == "stream" else "not streaming")
        ax.set_xlabel("offered rate (requests/s)")
        ax.set_yscale("log")
        ax.grid(True, which="both", alpha=0.3)
    axes[0].set_ylabel("overhead over direct (ms, log scale; floor 0.01)")
    axes[0].legend()
    fig.suptitle("Latency a proxy or gateway adds over calling nginx directly, same run")
    fig.tight_layout()
    fig.savefig(out / "gateway-overhead.png", dpi=100)
    plt.close(fig)


def main(raw: Path, out: Path):
    rows = []
    for path in sorted(raw.glob("*-*-*.json")):
        target, mode, rate = path.stem.split("-")
        if target in TARGETS and mode in MODES:
            rows.append(summarise(path, target, mode, int(rate)))
    if not rows:
        sys.exit(f"no TARGET-MODE-RATE.json results in {raw}")
    rows.sort(key=lambda r: (MODES.index(r["mode"]), r["rate"], TARGETS.index(r["target"])))
    by = add_overheads(rows)
    with open(out / "summary.csv", "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0].keys()))
        writer.writeheader()
        writer.writerows(rows)
    report(rows, by, read_rss(out), noop_check_p50(raw))
    memory_report(memory_rows(raw, out))
    plot(rows, by, out)


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
