#!/usr/bin/env python3
"""Load client for bench/runs.sh (standard library only): launch latency, concurrent runs, log throughput.

usage: runs_client.py BASE_URL AUTH_HEADER launch N | concurrent N | chatty
"""
import http.client
import json
import statistics
import sys
import threading
import time
import urllib.parse

BASE, AUTH, MODE = sys.argv[1], sys.argv[2], sys.argv[3]
HOST = urllib.parse.urlparse(BASE)


def connect():
    return http.client.HTTPConnection(HOST.hostname, HOST.port, timeout=600)


def start(twin, phase="execute"):
    c = connect()
    c.request("POST", f"/api/twins/admin/{twin}/runs", json.dumps({"phase": phase}),
              {"Authorization": AUTH, "Content-Type": "application/json"})
    r = c.getresponse()
    body = r.read()
    if r.status != 201:
        raise SystemExit(f"start {twin}: HTTP {r.status} {body[:300]!r}")
    return json.loads(body)["id"]


def follow(run_id, on_text):
    """Reads the run's event stream to its end; returns the ended run."""
    c = connect()
    c.request("GET", f"/api/runs/{run_id}/log", headers={"Authorization": AUTH, "Accept": "text/event-stream"})
    r = c.getresponse()
    if r.status != 200:
        raise SystemExit(f"follow {run_id}: HTTP {r.status}")
    for raw in r:
        line = raw.decode("utf-8").rstrip("\n")
        if not line.startswith("data:"):
            continue
        event = json.loads(line[5:])
        if "text" in event:
            on_text(event["text"])
        if "end" in event:
            return event["end"]
    raise SystemExit(f"run {run_id}: the stream ended without an end event")


def launch(n):
    """POST to the first byte of output in the follower, n times one after the other."""
    latencies = []
    for _ in range(n):
        first = []
        t0 = time.perf_counter()
        run_id = start("quick")
        follow(run_id, lambda text: first or first.append(time.perf_counter()))
        latencies.append((first[0] - t0) * 1000)
    latencies.sort()
    print(json.dumps({"runs": n, "p50_ms": round(statistics.median(latencies), 1),
                      "p90_ms": round(latencies[int(0.9 * (n - 1))], 1), "max_ms": round(latencies[-1], 1)}))


def concurrent(n):
    """n twins started at once; wall time until every run has ended, and how they ended."""
    ended = [None] * n

    def one(i):
        ended[i] = follow(start(f"quick{i}"), lambda text: None)["status"]

    t0 = time.perf_counter()
    threads = [threading.Thread(target=one, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    print(json.dumps({"runs": n, "wall_s": round(wall, 2), "succeeded": ended.count("succeeded")}))


def chatty():
    """A run printing 1,000,000 lines: lines per second delivered to an event-stream follower."""
    count = [0]
    first = []

    def text(chunk):
        if not first:
            first.append(time.perf_counter())
        count[0] += chunk.count("\n")

    run = follow(start("chatty"), text)
    seconds = time.perf_counter() - first[0]
    print(json.dumps({"lines": count[0], "seconds": round(seconds, 2), "lines_per_s": int(count[0] / seconds),
                      "status": run["status"]}))


{"launch": lambda: launch(int(sys.argv[4])), "concurrent": lambda: concurrent(int(sys.argv[4])),
 "chatty": chatty}[MODE]()
