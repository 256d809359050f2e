#!/usr/bin/env python3
"""Starts `lemm-vault-server serve --data-dir DIR --port 0` with the kernel's
memory-deny-write-execute set (prctl PR_SET_MDWE, what the unit's MemoryDenyWriteExecute=yes
enforces), waits up to 60 s for its `listening on` line, checks /health answers, stops it with
SIGTERM and expects exit 0.   start_server.py SERVER DATA_DIR"""
import ctypes
import json
import selectors
import signal
import subprocess
import sys
import time
import urllib.request

PR_SET_MDWE = 65
PR_MDWE_REFUSE_EXEC_GAIN = 1


def refuse_exec_gain():
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_MDWE, PR_MDWE_REFUSE_EXEC_GAIN, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_MDWE)")


def mdwe_refuses_wx_memory():
    """The setting is real: a child under it cannot map writable+executable memory."""
    probe = ("import ctypes, mmap, sys\n"
             "ctypes.CDLL(None).prctl(%d, %d, 0, 0, 0)\n"
             "try:\n"
             "    mmap.mmap(-1, 4096, prot=mmap.PROT_READ | mmap.PROT_WRITE | mmap.PROT_EXEC)\n"
             "except PermissionError:\n"
             "    sys.exit(0)\n"
             "sys.exit(1)\n") % (PR_SET_MDWE, PR_MDWE_REFUSE_EXEC_GAIN)
    return subprocess.run([sys.executable, "-c", probe], check=False).returncode == 0


def listening_url(proc, seconds):
    sel = selectors.DefaultSelector()
    sel.register(proc.stdout, selectors.EVENT_READ)
    deadline = time.monotonic() + seconds
    buf = b""
    while time.monotonic() < deadline:
        if not sel.select(deadline - time.monotonic()):
            break
        chunk = proc.stdout.read1(4096)
        if not chunk:
            break
        buf += chunk
        *lines, buf = buf.split(b"\n")
        for raw in lines:
            line = raw.decode(errors="replace")
            print("server:", line)
            if line.startswith("listening on "):
                return line[len("listening on "):].strip()
    return None


def main():
    server, data_dir = sys.argv[1], sys.argv[2]
    if not mdwe_refuses_wx_memory():
        print("PR_SET_MDWE does not refuse W+X memory here", file=sys.stderr)
        return 1
    proc = subprocess.Popen([server, "serve", "--data-dir", data_dir, "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            preexec_fn=refuse_exec_gain)
    try:
        url = listening_url(proc, 60)
        if not url:
            print("no 'listening on' line", file=sys.stderr)
            return 1
        with urllib.request.urlopen(url + "/health", timeout=10) as reply:
            health = json.load(reply)
        print("health:", health)
        if health.get("status") != "ok":
            return 1
        proc.send_signal(signal.SIGTERM)
        proc.stdout.read()
        return 0 if proc.wait(timeout=60) == 0 else 1
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


if __name__ == "__main__":
    sys.exit(main())
