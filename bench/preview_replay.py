#!/usr/bin/env python3
"""Preview replay measure (issue 14): what 270 replays of one preview link cost the server.

For each binary: a fresh data directory, an admin, a reviewer and one 20 s track in review;
the reviewer asks for one 15 s preview and fetches its link REPLAYS times back to back (with
the reviewer's bearer, which older servers ignore). Prints, per binary, how many fetches were
answered with audio, the wall time and the server's CPU time for the replays, and the CPU time
of one fresh fetch (a decrypt and a transcode), side by side.

    bench/preview_replay.py NEW_BIN [OLD_BIN] [--replays 270]

Needs ffmpeg and python3; reuses http_bench.py's server harness. Everything it makes lives in
a temporary directory; the servers listen on loopback only.
"""

import argparse
import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import http_bench  # noqa: E402  (the harness beside this file)


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def reviewer(s, admin):
    token = http_bench.onboard(s, "rita@bench.example")
    _, me = s.call("GET", "/auth/me", token=token)
    st, r = s.call("PUT", f"/accounts/{me['id']}/roles", {"roles": ["reviewer"]}, admin)
    if st != 200:
        sys.exit(f"roles: {st} {r}")
    return token


def preview_url(s, token, track, start):
    st, r = s.call("POST", f"/tracks/{track}/previews", {"start_s": start, "duration_s": 15},
                   token)
    if st != 201:
        sys.exit(f"preview: {st} {r}")
    return r["url"]


def measure(binary, work, name, replays):
    s = http_bench.Server(binary, work, name)
    try:
        ids = http_bench.setup(s, work)
        token = reviewer(s, ids["admin"])
        fresh_url = preview_url(s, token, ids["track"], 0)
        before = cpu_seconds(s.proc.pid)
        s.call("GET", fresh_url, token=token)
        fresh_cpu = cpu_seconds(s.proc.pid) - before
        url = preview_url(s, token, ids["track"], 1)
        answered = 0
        before = cpu_seconds(s.proc.pid)
        start = time.time()
        for _ in range(replays):
            st, _ = s.call("GET", url, token=token)
            answered += st == 200
        return {"answered": answered, "wall": time.time() - start,
                "cpu": cpu_seconds(s.proc.pid) - before, "fresh_cpu": fresh_cpu}
    finally:
        s.stop()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("new")
    p.add_argument("old", nargs="?")
    p.add_argument("--replays", type=int, default=270)
    a = p.parse_args()
    bins = [("new", a.new)] + ([("old", a.old)] if a.old else [])
    with tempfile.TemporaryDirectory() as work:
        results = {name: measure(b, work, name, a.replays) for name, b in bins}
    print(f"| {a.replays} replays of one preview link | " +
          " | ".join(name for name, _ in bins) + " |")
    print("|---|" + "---|" * len(bins))
    for key, label, fmt in [("answered", "fetches answered with audio", "{:d}"),
                            ("wall", "wall time, s", "{:.2f}"),
                            ("cpu", "server CPU time for the replays, s", "{:.2f}"),
                            ("fresh_cpu", "server CPU time of one fresh fetch, s", "{:.3f}")]:
        print(f"| {label} | " + " | ".join(fmt.format(results[n][key]) for n, _ in bins) + " |")


if __name__ == "__main__":
    main()
