#!/usr/bin/env python3
"""Start, SIGHUP reload and SIGTERM of `lemm-vault-server serve`, timed through the sd_notify
protocol (issue 16, part "cfg"): the bench plays the service manager with an AF_UNIX datagram
socket (NOTIFY_SOCKET) and times start -> READY=1, SIGHUP -> RELOADING=1 -> READY=1 (with a
data-directory ini and the calibration file re-read every time) and SIGTERM -> STOPPING=1 ->
exit.   usage: bench/reload_bench.py BIN [RELOADS]"""
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time


def main():
    binary = sys.argv[1]
    reloads = int(sys.argv[2]) if len(sys.argv) > 2 else 50
    data = tempfile.mkdtemp(prefix="lemm-reload-bench-")
    here = os.path.dirname(os.path.abspath(__file__))
    shutil.copy(os.path.join(here, "..", "resources", "calibration", "fp_robust.json"),
                os.path.join(data, "cal.json"))
    with open(os.path.join(data, "lemm-vault.ini"), "w") as f:
        f.write("[similarity]\ncalibration_file=cal.json\n[server]\nhttp_threads=4\n")
    notify = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    notify.bind(os.path.join(data, "notify.sock"))
    notify.settimeout(30)
    env = dict(os.environ, NOTIFY_SOCKET=os.path.join(data, "notify.sock"), LEMM_WORKERS="0")

    def wait(field):
        while True:
            if field in notify.recv(4096).decode().split("\n"):
                return

    t0 = time.monotonic()
    proc = subprocess.Popen([binary, "serve", "--data-dir", data, "--port", "0"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait("READY=1")
    start_ms = (time.monotonic() - t0) * 1000
    times = []
    for _ in range(reloads):
        t = time.monotonic()
        proc.send_signal(signal.SIGHUP)
        wait("RELOADING=1")
        wait("READY=1")
        times.append((time.monotonic() - t) * 1000)
    t = time.monotonic()
    proc.send_signal(signal.SIGTERM)
    wait("STOPPING=1")
    code = proc.wait()
    stop_ms = (time.monotonic() - t) * 1000
    shutil.rmtree(data, ignore_errors=True)
    times.sort()
    print(f"start -> READY=1: {start_ms:.0f} ms")
    print(f"SIGHUP -> READY=1 ({reloads} reloads): p50 {times[len(times) // 2]:.2f} ms, "
          f"p95 {times[int(len(times) * 0.95) - 1]:.2f} ms, max {times[-1]:.2f} ms")
    print(f"SIGTERM -> exit {code}: {stop_ms:.0f} ms")


if __name__ == "__main__":
    main()
