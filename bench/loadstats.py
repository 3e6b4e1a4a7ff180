"""Helpers shared by the load-test summarizers: reading vegeta's per-request results and
taking percentiles the same way for every target."""

import json
from pathlib import Path


def vegeta_results(path: Path):
    """The per-request rows of `vegeta encode --to json` output (code, latency in ns, error...)."""
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def succeeded(row):
    """Whether a vegeta row is a 200 answered in full (no transport error or timeout)."""
    return row.get("code") == 200 and not row.get("error")


def percentile(sorted_values, p):
    """The nearest-rank p-th percentile of an ascending list; NaN for an empty one."""
    if not sorted_values:
        return float("nan")
    k = min(len(sorted_values) - 1, max(0, int(round(p / 100 * len(sorted_values) + 0.5)) - 1))
    return sorted_values[k]
