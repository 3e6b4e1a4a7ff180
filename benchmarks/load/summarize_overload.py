"""Summarises benchmarks/load/gateway-overload.sh: per step the answers by status, goodput,
latency of the accepted requests, RSS, and the targets; the cold steps also in 10 s windows;
a PNG of every step second by second. Raw file names: STEP.json (vegeta's JSON encoding)."""

import csv
import sys
from collections import Counter, defaultdict
from datetime import datetime
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import nmt  # noqa: E402
from loadstats import percentile, vegeta_results  # noqa: E402

STEPS = ("cold", "cold-aot", "sustained", "overload", "replicas")
WINDOW_S = 10
MAX_RSS_MIB = 256
MAX_P99_RATIO = 3
WARM_P50_WITHIN = 1.25  # a window counts as warm when its p50 is within this of the sustained p50


def seconds(row):
    return datetime.fromisoformat(row["timestamp"]).timestamp()


def summarise(rows):
    """Counts by answer, goodput and the accepted requests' percentiles of a list of vegeta rows."""
    codes = Counter(r.get("code", 0) for r in rows)
    ok = [r["latency"] / 1e6 for r in rows if r.get("code") == 200 and not r.get("error")]
    span = (max(seconds(r) for r in rows) - min(seconds(r) for r in rows)) if rows else 0
    other = sum(n for c, n in codes.items() if c not in (200, 429, 503))
    return {"sent": len(rows), "ok": len(ok), "refused_429": codes.get(429, 0), "unavailable_503": codes.get(503, 0),
            "other": other, "goodput": round(len(ok) / span, 1) if span else 0.0,
            "p50_ms": round(percentile(ok, 50), 2), "p99_ms": round(percentile(ok, 99), 2)}


def windows(rows, width):
    start = min(seconds(r) for r in rows)
    by = defaultdict(list)
    for r in rows:
        by[int((seconds(r) - start) // width)].append(r)
    return [(i * width, summarise(by[i])) for i in sorted(by)]


def rss_peaks(out: Path):
    peaks = defaultdict(int)
    path = out / "rss-timeline.csv"
    if path.exists():
        with open(path) as f:
            for r in csv.DictReader(f):
                if r["rss_kib"]:
                    peaks[(r["step"], r["process"])] = max(peaks[(r["step"], r["process"])], int(r["rss_kib"]))
    return peaks


def events(out: Path):
    path = out / "events.csv"
    if not path.exists():
        return []
    with open(path) as f:
        return list(csv.DictReader(f))


def memory(raw: Path, out: Path):
    """Per step and JVM: RSS, peak RSS, file-backed RSS (memory.csv) and the NMT summary taken
    right after the step (KiB), in the order measured."""
    path = out / "memory.csv"
    if not path.exists():
        return []
    rows = []
    with open(path) as f:
        for r in csv.DictReader(f):
            figures = nmt.read(raw / f"nmt-{r['step']}-{r['process']}.txt") or {}
            figures.update(rss=r["rss_kib"], hwm=r["hwm_kib"], rss_file=r["rss_file_kib"])
            rows.append((r["step"], r["process"], figures))
    return rows


def met(ok):
    return "met" if ok else "**not met**"


def main(raw: Path, out: Path):
    data = {s: vegeta_results(raw / f"{s}.json") for s in STEPS if (raw / f"{s}.json").exists()}
    if not data:
        sys.exit(f"no STEP.json results in {raw}")
    rows = {s: summarise(r) for s, r in data.items()}
    peaks = rss_peaks(out)
    ev = events(out)
    with open(out / "summary.csv", "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=["step", *next(iter(rows.values())).keys()])
        writer.writeheader()
        for s, r in rows.items():
            writer.writerow({"step": s, **r})

    print("| step | sent | 200 | 429 | 503 | other | goodput/s | p50 ms (200s) | p99 ms (200s) "
          "| gateway RSS max MiB | authz RSS max MiB |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for s, r in rows.items():
        gw = peaks.get((s, "gateway"), 0) / 1024
        az = max(peaks.get((s, "authz-service"), 0), peaks.get((s, "authz-a"), 0)) / 1024
        print(f"| {s} | {r['sent']} | {r['ok']} | {r['refused_429']} | {r['unavailable_503']} | {r['other']} | "
              f"{r['goodput']} | {r['p50_ms']} | {r['p99_ms']} | {gw:.0f} | {az:.0f} |")
    print()
    for s in ("cold", "cold-aot"):
        if s not in data:
            continue
        print(f"{s}, in {WINDOW_S} s windows:")
        print()
        print("| from s | sent | 200 | 429 | 503 | other | p50 ms | p99 ms |")
        print("|---:|---:|---:|---:|---:|---:|---:|---:|")
        for t, w in windows(data[s], WINDOW_S):
            print(f"| {t} | {w['sent']} | {w['ok']} | {w['refused_429']} | {w['unavailable_503']} | {w['other']} | "
                  f"{w['p50_ms']} | {w['p99_ms']} |")
        print()
    mem = memory(raw, out)
    if mem:
        print("Memory of each JVM right after each step (MiB; NMT committed; peak RSS is since the process started):")
        print()
        header = nmt.table_header().split("\n")
        print("| step | process " + header[0])
        print("|---|---" + header[1])
        for s, proc, figures in mem:
            print(f"| {s} | {proc} | {nmt.table_row(figures)} |")
        print()
    if ev:
        print("Events: " + "; ".join(f"{e['step']} {e['what']} = {e['value']}" for e in ev))
        print()
    exited = {e["step"] for e in ev if e["value"] == "exited"}
    ooms = sum(int(e["value"]) for e in ev if e["step"] == "oom" and (e["value"] or "").isdigit())
    sustained = rows.get("sustained")
    print("Targets:")
    for s in ("cold", "cold-aot"):
        if s in rows and sustained:
            warm = next((t for t, w in windows(data[s], WINDOW_S)
                         if w["ok"] and w["p50_ms"] <= WARM_P50_WITHIN * sustained["p50_ms"]), None)
            print(f"- {s}: alive after the step: {met(s not in exited)}; answers other than 200/429/503: "
                  f"{rows[s]['other']}; warm p50 (within {WARM_P50_WITHIN}x of sustained) reached in the window "
                  f"from {warm} s (target within 30 s: {met(warm is not None and warm < 30)})")
    if "overload" in rows and sustained:
        o = rows["overload"]
        after = next((e["value"] for e in ev if e["what"] == "request_after"), "")
        status, took = (after.split() + ["", ""])[:2]
        ratio = o["p99_ms"] / sustained["p99_ms"] if sustained["p99_ms"] else float("nan")
        print(f"- overload: alive {met('overload' not in exited)}; OutOfMemoryErrors {ooms} ({met(ooms == 0)}); "
              f"answers other than 2xx/429/503: {o['other']} ({met(o['other'] == 0)}); accepted p99 "
              f"{o['p99_ms']} ms = {ratio:.1f}x the sustained {sustained['p99_ms']} ms (target <= {MAX_P99_RATIO}x: "
              f"{met(ratio <= MAX_P99_RATIO)}); a request right after: {status} in {took} s "
              f"(target 200 within 1 s: {met(status == '200' and took and float(took) < 1)})")
    if "replicas" in rows:
        r = rows["replicas"]
        print(f"- replicas: 503s with one of two replicas killed: {r['unavailable_503']} (target 0: "
              f"{met(r['unavailable_503'] == 0)}), other errors {r['other']}")
    for s in rows:
        print(f"- {s}: authz_unavailable 503s: {rows[s]['unavailable_503']} of {rows[s]['sent']}")
    big = [(k, v) for k, v in peaks.items() if v / 1024 > MAX_RSS_MIB]
    print(f"- RSS <= {MAX_RSS_MIB} MiB for every process at every step: {met(not big)}"
          + (" (" + ", ".join(f"{k[1]} {v / 1024:.0f} MiB in {k[0]}" for k, v in big) + ")" if big else ""))
    plot(data, out)


def plot(data, out: Path):
    fig, axes = plt.subplots(len(data), 1, figsize=(11, 3.2 * len(data)), squeeze=False)
    for ax, (s, rows) in zip(axes[:, 0], data.items()):
        per = windows(rows, 1)
        xs = [t for t, _ in per]
        ax.plot(xs, [w["ok"] for _, w in per], label="200/s")
        ax.plot(xs, [w["refused_429"] for _, w in per], label="429/s")
        ax.plot(xs, [w["unavailable_503"] + w["other"] for _, w in per], label="503 and other/s")
        ax.set_ylabel("answers per second")
        ax2 = ax.twinx()
        ax2.plot(xs, [w["p99_ms"] for _, w in per], "k:", label="p99 of 200s (ms)")
        ax2.set_yscale("log")
        ax2.set_ylabel("p99 ms (log)")
        ax.set_title(s)
        ax.grid(True, alpha=0.3)
        ax.legend(loc="upper left")
        ax2.legend(loc="upper right")
    axes[-1, 0].set_xlabel("seconds into the step")
    fig.tight_layout()
    fig.savefig(out / "gateway-overload.png", dpi=90)
    plt.close(fig)


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
