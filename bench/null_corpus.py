#!/usr/bin/python3
"""Null music for the similarity benchmark and the calibration fit.

Lists the music files (>= 20 s; the fretsonfire guitar/rhythm stems are left out because the
song file already holds them) of the FIT and TEST Debian packages, decodes each file once, cuts
excerpts of every requested length at a fixed hop and writes:
  WORK/null/fit.txt, WORK/null/test.txt   query lists (id<TAB>wav), for `similarity query`
  WORK/null/truth.tsv                     id, length, package, split, file, offset, RMS dBFS
  WORK/null/hosts.txt                     TEST files of >= 60 s (duration<TAB>path), splice hosts
Excerpts overlap by half for lengths over 10 s. Some files hold long digital silence: their
excerpts are kept and flagged by their level (the report counts excerpts under SILENT_DBFS apart,
they are not music; the fit leaves them out). Deterministic: no randomness at all.
  null_corpus.py WORK [--lengths 10,30] [--max-per-file N]
"""
import argparse
import array
import math
import os
import subprocess
import sys
import wave

# Fixed split (documented in docs/benchmarks.md): FIT is used by bench/fit_calibration.py only;
# every false-positive figure of the report is measured on TEST.
FIT = ["hedgewars-data", "pushover-data", "fretsonfire-songs-muldjord", "xmoto-data",
       "boswars-data", "neverball-data"]
TEST = ["colobot-common-sounds", "fretsonfire-songs-sectoid", "fillets-ng-data", "pingus-data",
        "lincity-ng-data"]
AUDIO = (".ogg", ".mp3", ".flac", ".wav", ".it", ".s3m", ".xm", ".mod")
STEMS = ("guitar.ogg", "rhythm.ogg", "drums.ogg")
MIN_MUSIC_SEC = 20
SILENT_DBFS = -50.0


def package_files(pkg):
    out = subprocess.run(["dpkg", "-L", pkg], capture_output=True, text=True, check=False).stdout
    files = []
    for line in sorted(out.splitlines()):
        if line.lower().endswith(AUDIO) and os.path.isfile(line):
            if os.path.basename(line) in STEMS and os.path.exists(
                    os.path.join(os.path.dirname(line), "song.ogg")):
                continue
            files.append(line)
    return files


def duration(path):
    r = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of",
                        "csv=p=0", path], capture_output=True, text=True, check=False)
    try:
        return float(r.stdout.strip())
    except ValueError:
        return 0.0


def decode(path, out):
    subprocess.run(["ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-i", path, "-ac", "2",
                    "-ar", "44100", "-c:a", "pcm_s16le", out], check=True)


def level_dbfs(frames):
    """RMS level of 16-bit PCM in dB below full scale (every 7th sample; -200 for silence)."""
    a = array.array("h", frames)[::7]
    if not a:
        return -200.0
    rms = math.sqrt(sum(x * x for x in a) / len(a)) / 32768
    return 20 * math.log10(rms) if rms > 0 else -200.0


def wav_level(path):
    with wave.open(path, "rb") as r:
        return level_dbfs(r.readframes(r.getnframes()))


def cut(src, out, start_sec, length_sec):
    """Writes the excerpt and returns its level (dBFS)."""
    with wave.open(src, "rb") as r:
        rate = r.getframerate()
        r.setpos(int(start_sec * rate))
        frames = r.readframes(int(length_sec * rate))
        with wave.open(out, "wb") as w:
            w.setnchannels(r.getnchannels())
            w.setsampwidth(r.getsampwidth())
            w.setframerate(rate)
            w.writeframes(frames)
        return level_dbfs(frames)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("work")
    ap.add_argument("--lengths", default="10,30")
    ap.add_argument("--max-per-file", type=int, default=40)
    a = ap.parse_args()
    lengths = [int(x) for x in a.lengths.split(",") if x]
    d = os.path.join(a.work, "null")
    os.makedirs(os.path.join(d, "q"), exist_ok=True)
    lists = {"fit": open(os.path.join(d, "fit.txt"), "w"),
             "test": open(os.path.join(d, "test.txt"), "w")}
    truth = open(os.path.join(d, "truth.tsv"), "w")
    hosts = open(os.path.join(d, "hosts.txt"), "w")
    tmp = os.path.join(d, "decoded.wav")
    counts = {}
    n = 0
    for split, pkgs in (("fit", FIT), ("test", TEST)):
        for pkg in pkgs:
            for f in package_files(pkg):
                dur = duration(f)
                if dur < MIN_MUSIC_SEC:
                    continue
                if split == "test" and dur >= 60:
                    hosts.write(f"{dur:.2f}\t{f}\n")
                decode(f, tmp)
                for length in lengths:
                    hop = length if length <= 10 else length / 2
                    start, k = 1.0, 0
                    while start + length <= dur - 1 and k < a.max_per_file:
                        n += 1
                        qid = f"n{n}_{length}s"
                        wav = os.path.join(d, "q", qid + ".wav")
                        level = cut(tmp, wav, start, length)
                        lists[split].write(f"{qid}\t{wav}\n")
                        truth.write(f"{qid}\t{length}\t{pkg}\t{split}\t{f}\t{start:.1f}\t"
                                    f"{level:.1f}\n")
                        counts[(split, length)] = counts.get((split, length), 0) + 1
                        start += hop
                        k += 1
    os.remove(tmp) if os.path.exists(tmp) else None
    for key in sorted(counts):
        print(f"null {key[0]} {key[1]} s: {counts[key]} excerpts", file=sys.stderr)


if __name__ == "__main__":
    main()
