#!/usr/bin/env python3
"""Tempo estimators side by side (issue 16, dsp): ours (core/audio/audio_stats.cpp) and aubio's
beat tracker, through build/*/bench/dsp_compare, on allowed music only.

Ground truth without hand labels:
  * time-stretch: each excerpt is stretched by rubberband by known tempo factors; a good
    estimator's BPM ratio (stretched / original) equals the factor;
  * halves: the tempo of the first and the second half of an excerpt agree;
  * Frets on Fire songs: the tempo map of their notes.mid (MIDI tempo meta events) is real
    ground truth.
"ours" is the estimate before issue 16 (bench/legacy_tempo.h), "stage" today's TempoEstimator
(qm-dsp at 11025 Hz). A BPM is right when within 4 % ("exact"), or within 4 % of twice or half ("octave", counted
separately). Usage:

  bench/tempo_compare.py --tool build/ci/bench/dsp_compare --work WORKDIR \
      --length 40 --limit 14 2>rows.jsonl
  bench/tempo_compare.py --rows rows.jsonl   # the table again from the saved rows
"""
import argparse
import glob
import json
import os
import statistics
import struct
import subprocess
import sys

WESNOTH = "/usr/share/games/wesnoth/1.16/data/core/music/*.ogg"
FOF = "/usr/share/games/fretsonfire/data/songs/*/*/song.ogg"
FACTORS = (0.85, 0.93, 1.07, 1.15)
ESTIMATORS = ("ours", "aubio11k", "aubio44k", "qm11k", "qm44k", "stage")
TOL = 0.04


def midi_tempo_map(path):
    """[(tick, microseconds per quarter)] and the division of a standard MIDI file."""
    data = open(path, "rb").read()
    if data[:4] != b"MThd":
        raise ValueError("not a MIDI file")
    division = struct.unpack(">H", data[12:14])[0]
    pos, tempos = 8 + struct.unpack(">I", data[4:8])[0], []
    while pos + 8 <= len(data):
        kind, length = data[pos:pos + 4], struct.unpack(">I", data[pos + 4:pos + 8])[0]
        body, pos = data[pos + 8:pos + 8 + length], pos + 8 + length
        if kind == b"MTrk":
            tempos += track_tempos(body)
    return sorted(tempos), division


def read_varlen(b, i):
    v = 0
    while True:
        c = b[i]
        i += 1
        v = (v << 7) | (c & 0x7F)
        if not c & 0x80:
            return v, i


def track_tempos(b):
    i, tick, status, out = 0, 0, 0, []
    while i < len(b):
        delta, i = read_varlen(b, i)
        tick += delta
        if b[i] & 0x80:
            status = b[i]
            i += 1
        if status == 0xFF:
            kind = b[i]
            length, i = read_varlen(b, i + 1)
            if kind == 0x51 and length == 3:
                out.append((tick, (b[i] << 16) | (b[i + 1] << 8) | b[i + 2]))
            i += length
        elif status in (0xF0, 0xF7):
            length, i = read_varlen(b, i)
            i += length
        else:
            i += 1 if (status & 0xF0) in (0xC0, 0xD0) else 2
    return out


def dominant_bpm(midi, start, end):
    """The tempo that covers most of [start, end) seconds of the song, and how much it covers."""
    tempos, division = midi_tempo_map(midi)
    if not tempos:
        return None, 0
    spans, t, prev_tick, prev_us = {}, 0.0, 0, tempos[0][1]
    for tick, us in tempos[1:] + [(tempos[-1][0] + 10**9, tempos[-1][1])]:
        t1 = t + (tick - prev_tick) * prev_us / division / 1e6
        covered = max(0.0, min(t1, end) - max(t, start))
        bpm = round(60e6 / prev_us, 2)
        spans[bpm] = spans.get(bpm, 0) + covered
        t, prev_tick, prev_us = t1, tick, us
    bpm = max(spans, key=spans.get)
    return bpm, spans[bpm] / (end - start)


def verdict(ratio, target):
    if abs(ratio / target - 1) < TOL:
        return "exact"
    if any(abs(ratio / (target * k) - 1) < TOL for k in (2, 0.5)):
        return "octave"
    return "wrong"


def run(cmd):
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def prepare(src, work, start, length):
    """The excerpt as WAV and its rubberband stretches; returns {factor: path}."""
    name = os.path.basename(os.path.dirname(src)) if src.endswith("song.ogg") else src
    stem = os.path.join(work, os.path.splitext(os.path.basename(name))[0].replace(" ", "_"))
    out = {1.0: stem + ".wav"}
    if not os.path.exists(out[1.0]):
        run(["ffmpeg", "-nostdin", "-y", "-ss", str(start), "-t", str(length), "-i", src,
             "-ac", "2", "-ar", "44100", out[1.0]])
    if os.path.getsize(out[1.0]) < 20 * 44100 * 4:
        return None  # the track ends within 20 s of the excerpt's start: too short to judge
    for f in FACTORS:
        out[f] = "%s_T%.2f.wav" % (stem, f)
        if not os.path.exists(out[f]):
            run(["rubberband", "-2", "-T", str(f), out[1.0], out[f]])
    return out


def summarise(rows):
    table = {e: {"stretch": [], "halves": [], "midi": [], "ms": []} for e in ESTIMATORS}
    for r in rows:
        for e in ESTIMATORS:
            est = r["est"]
            base = est[1.0][e][0]
            table[e]["ms"].append(est[1.0][e][3])
            whole, h1, h2, _ = est[1.0][e]
            table[e]["halves"].append(verdict(h2 / h1, 1.0) if h1 > 0 and h2 > 0 else "wrong")
            for f in FACTORS:
                b = est[f][e][0]
                table[e]["stretch"].append(verdict(b / base, f) if base > 0 and b > 0 else "wrong")
            if r.get("midi_bpm"):
                table[e]["midi"].append(verdict(base / r["midi_bpm"], 1.0) if base > 0 else "wrong")
    return table


def pct(v, kind):
    return "%.0f %%" % (100.0 * v.count(kind) / len(v)) if v else "–"


def print_table(table, rows):
    print("| estimator | stretch exact | stretch octave | halves exact | halves octave | "
          "MIDI exact | MIDI octave | ms per minute (median) |")
    print("|---|---|---|---|---|---|---|---|")
    for e in ESTIMATORS:
        t = table[e]
        print("| %s | %s | %s | %s | %s | %s | %s | %.1f |" % (
            e, pct(t["stretch"], "exact"), pct(t["stretch"], "octave"), pct(t["halves"], "exact"),
            pct(t["halves"], "octave"), pct(t["midi"], "exact"), pct(t["midi"], "octave"),
            statistics.median(t["ms"])))
    n_midi = sum(1 for r in rows if r.get("midi_bpm"))
    print("\n%d excerpts (%d with a MIDI tempo), %d stretched copies each" % (
        len(rows), n_midi, len(FACTORS)))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--tool")
    ap.add_argument("--work")
    ap.add_argument("--start", type=float, default=20.0)
    ap.add_argument("--length", type=float, default=60.0)
    ap.add_argument("--limit", type=int, default=0, help="at most this many Wesnoth tracks")
    ap.add_argument("--rows", help="only print the table of rows saved from stderr")
    args = ap.parse_args()
    if args.rows:
        rows = [json.loads(line) for line in open(args.rows)]
        rows = [r for r in rows if "est" in r]
        for r in rows:
            r["est"] = {float(k): v for k, v in r["est"].items()}
        print_table(summarise(rows), rows)
        return
    os.makedirs(args.work, exist_ok=True)
    wesnoth = sorted(glob.glob(WESNOTH))
    wesnoth = wesnoth[:args.limit] if args.limit else wesnoth
    rows = []
    for src in sorted(glob.glob(FOF)) + wesnoth:
        files = prepare(src, args.work, args.start, args.length)
        if files is None:
            print(json.dumps({"src": src, "skipped": "too short"}), file=sys.stderr, flush=True)
            continue
        out = subprocess.run([args.tool, "tempo"] + [files[k] for k in sorted(files)],
                             check=True, capture_output=True, text=True).stdout.splitlines()
        by_path = {json.loads(line)["file"]: json.loads(line) for line in out}
        row = {"src": src, "est": {k: by_path[files[k]] for k in files}}
        midi = os.path.join(os.path.dirname(src), "notes.mid")
        if src.endswith("song.ogg") and os.path.exists(midi):
            bpm, cover = dominant_bpm(midi, args.start, args.start + args.length)
            if bpm and cover > 0.8:
                row["midi_bpm"] = bpm
        rows.append(row)
        print(json.dumps(row), file=sys.stderr, flush=True)  # the rows, for --rows
    print_table(summarise(rows), rows)


if __name__ == "__main__":
    main()
