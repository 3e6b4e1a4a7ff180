"""Helpers shared by the load-test summarizers: reading vegeta's per-request results and
taking percentiles the same way for every target."""

import json
from pathlib import Path

import numpy


def vegeta_results(path: Path):
    """The per-request rows of `vegeta encode --to json` output (code, latency in ns, error...)."""
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def succeeded(row):
    """Whether a vegeta row is a 200 answered in full (no transport error or timeout)."""
    return row.get("code") == 200 and not row.get("error")


def percentile(values, p):
    """The p-th percentile of the values, interpolated linearly between the two nearest samples
    (numpy's default), so p99 of 100 samples is not simply the largest; NaN for none."""
    if len(values) == 0:
        return float("nan")
    return float(numpy.percentile(values, p))
