#!/usr/bin/env python3
"""HTTP front-end benchmark: one or two lemm-vault-server binaries side by side, on loopback.

For each binary: a fresh data directory, an admin, a service account and one ingested track;
then wrk (Debian's package) against GET /tracks/{id}/status, GET /review/queue and
POST /safety/check (10 s and 30 s clips) at concurrency 1, 4 and 16, and the server's peak
memory during 50 concurrent authenticated 20 MB uploads and during 6 anonymous 255 MB bodies.
Prints one markdown table per measure, binaries side by side.

    bench/http_bench.py NEW_BIN [OLD_BIN] [--seconds 10]

Needs wrk, ffmpeg and python3. Everything it makes lives in a temporary directory.
"""

import argparse
import http.client
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time

PASSWORD = "a long bench password"
LUA = r"""
local body_file = os.getenv("BENCH_BODY")
if body_file then
  local f = io.open(body_file, "rb"); wrk.body = f:read("*a"); f:close()
  wrk.method = "POST"
  wrk.headers["Content-Type"] = os.getenv("BENCH_TYPE")
end
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %f %f %f %f %d\n",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000,
    e.connect + e.read + e.write + e.status + e.timeout))
end
"""


class Server:
    def __init__(self, binary, workdir, name):
        self.binary = binary
        self.data = os.path.join(workdir, name)
        self.proc = None
        self.port = 0
        self.crashes = 0

    def cli(self, *args, stdin=None):
        os.makedirs(self.data, exist_ok=True)  # the server refuses a missing --data-dir
        r = subprocess.run([self.binary, *args, "--data-dir", self.data], input=stdin,
                           capture_output=True, text=True, timeout=120)
        if r.returncode != 0:
            sys.exit(f"{self.binary} {args[0]}: {r.stderr}")
        return r.stdout

    def start(self, workers=1):
        os.makedirs(self.data, exist_ok=True)
        log = open(os.path.join(self.data, "server.log"), "w")
        self.proc = subprocess.Popen(
            [self.binary, "serve", "--data-dir", self.data, "--port", "0", "--workers",
             str(workers)], stdout=subprocess.PIPE, stderr=log, text=True)
        line = self.proc.stdout.readline()
        m = re.match(r"listening on https?://[^:]+:(\d+)", line)
        if not m:
            sys.exit(f"server did not start: {line}")
        self.port = int(m.group(1))
        threading.Thread(target=self.proc.stdout.read, daemon=True).start()

    def alive(self):
        return self.proc.poll() is None

    def stop(self):
        if self.proc and self.alive():
            self.proc.terminate()
            self.proc.wait(30)

    def status_kb(self, field):
        try:
            with open(f"/proc/{self.proc.pid}/status") as f:
                for line in f:
                    if line.startswith(field):
                        return int(line.split()[1])
        except OSError:
            pass
        return -1

    def reset_peak(self):
        with open(f"/proc/{self.proc.pid}/clear_refs", "w") as f:
            f.write("5")

    def restart_if_dead(self):
        if not self.alive():
            self.crashes += 1
            self.start(workers=1)

    def call(self, method, path, body=None, token=None, ctype="application/json"):
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        headers = {}
        if token:
            headers["Authorization"] = "Bearer " + token
        if body is not None:
            headers["Content-Type"] = ctype
            if isinstance(body, (dict, list)):
                body = json.dumps(body).encode()
        c.request(method, path, body=body, headers=headers)
        r = c.getresponse()
        data = r.read()
        c.close()
        try:
            return r.status, json.loads(data) if data else {}
        except ValueError:
            return r.status, {}


def mail_token(data, email):
    box = os.path.join(data, "outbox", "mail")
    for name in sorted(os.listdir(box), reverse=True):
        text = open(os.path.join(box, name), encoding="utf-8").read()
        if f"To: {email}" in text:
            m = re.search(r"verification-token: (\S+)", text)
            if m:
                return m.group(1)
    sys.exit("no verification mail")


def onboard(s, email):
    s.call("POST", "/auth/register", {"email": email, "password": PASSWORD, "display_name": "B"})
    s.call("POST", "/auth/verify-email", {"token": mail_token(s.data, email)})
    _, r = s.call("POST", "/auth/login", {"email": email, "password": PASSWORD})
    token = r["token"]
    _, terms = s.call("GET", "/terms")
    s.call("POST", "/contributors/me/affirm",
           {"terms_version": terms["version"], "rights_holder_affirmed": True}, token)
    return token


def submission(upload_token):
    return {"audio_upload_token": upload_token,
            "metadata": {"title": "Bench", "artist_display_name": "Bench", "is_collaboration": False,
                         "collaborator_names": [], "genre_tags": ["ambient"],
                         "language": "instrumental", "release_status": "unreleased"},
            "rights": {"rights_holder_type": "individual", "is_original": True, "is_cover": False,
                       "has_third_party_samples": False, "territorial_scope": "worldwide",
                       "term": "perpetual", "training_allowed": True, "internal_demo_ok": True,
                       "allow_per_artist_adapters": False}}


def make_audio(path, seconds, freq):
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i",
                    f"sine=frequency={freq}:sample_rate=22050:duration={seconds}", "-f", "lavfi",
                    "-i", f"anoisesrc=a=0.05:d={seconds}:r=22050:seed=7", "-filter_complex",
                    "amix=inputs=2", "-ac", "1", path], check=True)


def multipart(audio_path, out_path):
    boundary = "benchBoundary"
    meta = json.dumps({"model_id": "bench-model", "output_id": "bench-out",
                       "user_id": "bench-user"})
    with open(audio_path, "rb") as f:
        audio = f.read()
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"meta\"\r\n\r\n{meta}\r\n"
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"audio\"; "
            f"filename=\"o.wav\"\r\n\r\n").encode() + audio + f"\r\n--{boundary}--\r\n".encode()
    with open(out_path, "wb") as f:
        f.write(body)
    return f"multipart/form-data; boundary={boundary}"


def setup(s, work):
    s.cli("create-admin", "--email", "admin@bench.example", stdin=PASSWORD + "\n")
    key = s.cli("create-service-account", "--name", "bench").strip().splitlines()[-1].split()[-1]
    s.start(workers=1)
    _, r = s.call("POST", "/auth/login", {"email": "admin@bench.example", "password": PASSWORD})
    admin = r["token"]
    contributor = onboard(s, "ana@bench.example")
    track_audio = os.path.join(work, "track.wav")
    if not os.path.exists(track_audio):
        make_audio(track_audio, 20, 330)
    with open(track_audio, "rb") as f:
        st, up = s.call("POST", "/uploads?filename=track.wav", f.read(), contributor, "audio/wav")
    if st != 201:
        sys.exit(f"upload: {st} {up}")
    st, sub = s.call("POST", "/tracks/submit", submission(up["audio_upload_token"]), contributor)
    if st != 201:
        sys.exit(f"submit: {st} {sub}")
    track = sub["track_id"]
    deadline = time.time() + 120
    while time.time() < deadline:
        _, status = s.call("GET", f"/tracks/{track}/status", token=admin)
        if status.get("status") not in ("submitted", "pending_automated_checks"):
            break
        time.sleep(0.2)
    return {"admin": admin, "contributor": contributor, "service": key, "track": track}


def wrk(s, path, token, conc, seconds, work, body=None, ctype=None):
    script = os.path.join(work, "bench.lua")
    with open(script, "w") as f:
        f.write(LUA)
    env = dict(os.environ, BENCH_TOKEN=token)
    if body:
        env.update(BENCH_BODY=body, BENCH_TYPE=ctype)
    r = subprocess.run(["wrk", "-t", str(min(conc, 2)), "-c", str(conc), "-d", f"{seconds}s",
                        "--timeout", "10s", "-s", script, f"http://127.0.0.1:{s.port}{path}"],
                       capture_output=True, text=True, env=env)
    m = re.search(r"RESULT (\S+) (\S+) (\S+) (\S+) (\d+)", r.stdout)
    if not s.alive():
        s.crashes += 1
        s.start(workers=1)  # the same data directory: the tokens stay valid
        return "CRASHED (restarted)" + (f"; before: {summary(m)}" if m else "")
    return summary(m) if m else "no result"


def summary(m):
    rps, p50, p95, p99, errors = m.groups()
    return f"{float(rps):.0f} req/s, p50 {float(p50):.1f} / p95 {float(p95):.1f} / " \
           f"p99 {float(p99):.1f} ms, {errors} errors"


def concurrent_uploads(s, token, path, n):
    size = os.path.getsize(path)
    statuses = []

    def one():
        c = http.client.HTTPConnection("127.0.0.1", s.port, timeout=300)
        try:
            with open(path, "rb") as f:
                c.request("POST", "/uploads?filename=u.wav", body=f,
                          headers={"Authorization": "Bearer " + token,
                                   "Content-Type": "audio/wav", "Content-Length": str(size)})
                statuses.append(c.getresponse().status)
        except OSError:
            statuses.append(0)
        c.close()

    threads = [threading.Thread(target=one) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(1 for x in statuses if x == 201)


def anonymous_bodies(s, n, size=255_000_000, seconds=3):
    def one():
        sock = socket.create_connection(("127.0.0.1", s.port))
        sock.sendall(f"POST /uploads?filename=a.wav HTTP/1.1\r\nHost: x\r\nContent-Type: "
                     f"audio/wav\r\nContent-Length: {size}\r\n\r\n".encode())
        sock.settimeout(0.2)
        block = b"x" * 65536
        end = time.time() + seconds
        try:
            while time.time() < end:
                try:
                    sock.send(block)
                except socket.timeout:
                    pass
        except OSError:
            pass
        sock.close()

    threads = [threading.Thread(target=one) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def measure(binary, name, work, seconds, quick=False):
    s = Server(binary, work, name)
    out = {}
    try:
        ids = setup(s, work)
        clips = {}
        for secs in (10, 30):
            audio = os.path.join(work, f"clip{secs}.wav")
            if not os.path.exists(audio):
                make_audio(audio, secs, 523)
            body = os.path.join(work, f"clip{secs}.multipart")
            clips[secs] = (body, multipart(audio, body))
        for conc in (1, 4, 16):
            out[f"GET /tracks/{{id}}/status c={conc}"] = wrk(
                s, f"/tracks/{ids['track']}/status", ids["admin"], conc, seconds, work)
            out[f"GET /review/queue c={conc}"] = wrk(s, "/review/queue", ids["admin"], conc,
                                                    seconds, work)
            for secs, (body, ctype) in ({} if quick else clips).items():
                out[f"POST /safety/check {secs} s c={conc}"] = wrk(
                    s, "/safety/check", ids["service"], conc, seconds, work, body, ctype)
        if quick:
            return out
        upload = os.path.join(work, "upload20mb.wav")
        if not os.path.exists(upload):
            make_audio(upload, 20 * 1024 * 1024 // 2 // 22050, 440)
        if s.alive():
            s.reset_peak()
            base = s.status_kb("VmRSS:")
            ok = concurrent_uploads(s, ids["contributor"], upload, 50)
            peak = s.status_kb("VmHWM:")
            out["50 concurrent 20 MB uploads: peak RSS"] = \
                f"{peak / 1024:.0f} MiB (from {base / 1024:.0f}), {ok}/50 stored" \
                if s.alive() else "CRASHED"
            s.restart_if_dead()
        if s.alive():
            s.reset_peak()
            base = s.status_kb("VmRSS:")
            anonymous_bodies(s, 6)
            peak = s.status_kb("VmHWM:")
            out["6 anonymous 255 MB bodies: peak RSS"] = \
                f"{peak / 1024:.0f} MiB (from {base / 1024:.0f}; " \
                f"{(peak - base) / 6 / 1024:.1f} MiB each)" if s.alive() else "CRASHED"
            s.restart_if_dead()
        out["crashes during the run"] = str(s.crashes + (0 if s.alive() else 1))
    finally:
        s.stop()
    return out


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("new")
    p.add_argument("old", nargs="?")
    p.add_argument("--seconds", type=int, default=10)
    p.add_argument("--quick", action="store_true",
                   help="only the GET routes (request overhead: logging, metrics)")
    a = p.parse_args()
    with tempfile.TemporaryDirectory(prefix="lemm-http-bench-") as work:
        runs = [("new", a.new)] + ([("old", a.old)] if a.old else [])
        results = {name: measure(binary, name, work, a.seconds, a.quick) for name, binary in runs}
    names = [n for n, _ in runs]
    print("| measure | " + " | ".join(names) + " |")
    print("|---" * (len(names) + 1) + "|")
    for key in results["new"]:
        print(f"| {key} | " + " | ".join(results[n].get(key, "-") for n in names) + " |")


if __name__ == "__main__":
    main()
