"""Concurrent load on the gateway from threads, each with its own keep-alive connection."""

import threading
import time
from dataclasses import dataclass

from .http import Client


@dataclass
class Outcome:
    kind: str           # which request of the mix
    started: float      # time.monotonic() at send
    seconds: float
    status: object      # HTTP status, or None when the connection failed
    body: object        # parsed JSON, or None


def run(port, mix, threads, duration=None, stop=None, rate=None, into=None):
    """Sends requests from `mix` (a list of (kind, fn(client) -> (status, body, seconds))),
    round robin, on `threads` threads until `duration` seconds pass or `stop` is set. With
    `rate` (requests per second in all), each thread paces itself; else it sends back to back.
    Returns the outcomes in completion order; `into`, when given, is that list, filled as
    requests complete, for watching from another thread."""
    outcomes, lock = ([] if into is None else into), threading.Lock()
    stop = stop or threading.Event()
    end = None if duration is None else time.monotonic() + duration
    interval = None if rate is None else threads / rate

    def worker(index):
        client = Client(port)
        n = index
        next_at = time.monotonic() + (interval or 0) * index / threads
        try:
            while not stop.is_set() and (end is None or time.monotonic() < end):
                if interval is not None:
                    pause = next_at - time.monotonic()
                    if pause > 0:
                        time.sleep(pause)
                    next_at += interval
                kind, send = mix[n % len(mix)]
                n += 1
                started = time.monotonic()
                status, body, seconds = send(client)
                with lock:
                    outcomes.append(Outcome(kind, started, seconds, status, body))
        finally:
            client.close()

    workers = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return outcomes


def percentile(values, p):
    ordered = sorted(values)
    if not ordered:
        return 0.0
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]
