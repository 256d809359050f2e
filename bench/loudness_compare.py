#!/usr/bin/env python3
"""Integrated loudness side by side (issue 16, dsp): the hand-written BS.1770-4 meter that
core/audio/loudness.cpp had before (bench/legacy_loudness.h) against libebur128, through
build/*/bench/dsp_compare, on allowed music only (44.1 kHz mono decode). Prints a Markdown
table: per-file difference and ms per minute of audio. Usage:

  bench/loudness_compare.py --tool build/ci/bench/dsp_compare
"""
import argparse
import glob
import json
import statistics
import subprocess

CORPORA = ("/usr/share/games/wesnoth/1.16/data/core/music/*.ogg",
           "/usr/share/games/fretsonfire/data/songs/*/*/song.ogg")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--tool", required=True)
    args = ap.parse_args()
    files = sorted(f for pattern in CORPORA for f in glob.glob(pattern))
    out = subprocess.run([args.tool, "loudness"] + files, check=True, capture_output=True,
                         text=True).stdout.splitlines()
    every = [json.loads(line) for line in out]
    # A file silent throughout (−70 LUFS gate) has no integrated loudness in either meter.
    rows = [r for r in every if r["ours_lufs"] is not None and r["ebur128_lufs"] is not None]
    silent = [r["file"] for r in every if r not in rows]
    diffs = [abs(r["ours_lufs"] - r["ebur128_lufs"]) for r in rows]
    minutes = sum(r["seconds"] for r in rows) / 60
    print("| meter | median ms per minute | worst ms per minute | integrated loudness |")
    print("|---|---|---|---|")
    for key, name in (("ours", "ours (hand-written, before)"),
                      ("ebur128", "libebur128, integrated only"),
                      ("ebur128_tp_lra", "libebur128, + true peak + LRA")):
        ms = [r[key + "_ms_per_min"] for r in rows]
        what = "the reference" if key == "ebur128" else (
            "max |Δ| %.2g LU, mean %.2g LU" % (max(diffs), statistics.mean(diffs))
            if key == "ours" else "same as above")
        print("| %s | %.1f | %.1f | %s |" % (name, statistics.median(ms), max(ms), what))
    print("\n%d files, %.0f minutes; loudness %.1f..%.1f LUFS, LRA %.1f..%.1f LU" % (
        len(rows), minutes, min(r["ebur128_lufs"] for r in rows),
        max(r["ebur128_lufs"] for r in rows), min(r["ebur128_lra_lu"] for r in rows),
        max(r["ebur128_lra_lu"] for r in rows)))
    for f in silent:
        print("silent for both meters (no integrated loudness): %s" % f)


if __name__ == "__main__":
    main()
