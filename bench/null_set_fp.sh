#!/bin/bash
# False positives on music unrelated to the index: excerpts of tracks by other composers
# (the TEST null packages of bench/null_corpus.py; files over 60 s) queried against an index
# built by bench/similarity_bench.sh, with our engine and the Chromaprint baseline. Prints the
# share of queries whose best match scores (as the binary prints them) >= 0.4 and >= 0.7.
# bench/similarity_bench.sh reports the same on more excerpts; this is the quick look.
#   bench/null_set_fp.sh [SERVER_BINARY] [EXCERPTS_PER_TRACK]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:-$here/build/ci/bin/lemm-vault-server}
per=${2:-4}
work=${LEMM_BENCH_DIR:-/tmp/lemm-sim-bench}
pkgs="colobot-common-sounds fretsonfire-songs-sectoid fillets-ng-data pingus-data lincity-ng-data"
need=""
for p in $pkgs sox ffmpeg python3; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need="$need $p"
done
if [ -n "$need" ]; then
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $need >/dev/null
fi
[ -f "$work/index/robust.lvri" ] || { echo "run bench/similarity_bench.sh first (no index in $work)" >&2; exit 1; }
mkdir -p "$work/null"
: >"$work/null/queries.txt"
n=0
while IFS= read -r f; do
    dur=$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$f" </dev/null || echo 0)
    awk -v d="$dur" 'BEGIN { exit !(d > 60) }' || continue
    for len in 5 10 30; do
        for i in $(seq 1 "$per"); do
            n=$((n + 1))
            off=$(awk -v d="$dur" -v l="$len" -v i="$i" -v p="$per" 'BEGIN { printf "%.1f", (d - l - 2) * i / (p + 1) }')
            ffmpeg -nostdin -loglevel error -y -ss "$off" -t "$len" -i "$f" -ac 2 -ar 44100 "$work/null/n$n.wav"
            printf 'n%s_%ss\t%s\n' "$n" "$len" "$work/null/n$n.wav" >>"$work/null/queries.txt"
        done
    done
done < <(dpkg -L $pkgs | grep -E '\.(ogg|mp3|flac|wav|it|s3m)$' | grep -vE '/(guitar|rhythm)\.ogg$')
"$bin" similarity query "$work/index" "$work/null/queries.txt" >"$work/null/ours.jsonl" 2>/dev/null || true
"$(dirname "$(dirname "$bin")")/bench/chromaprint_baseline" "$work/refs.txt" "$work/null/queries.txt" >"$work/null/chromaprint.jsonl" 2>/dev/null
python3 - "$work/null" <<'PY'
import json, sys, collections
d = sys.argv[1]
# "counted": the best match that the decision tables count, i.e. with coverage >= 0.2 (the
# default min_match_coverage) or an overlap under 15 s (coverage_min_overlap_sec); max coverage: the highest coverage of any unrelated match.
print("| length | n | ours ≥0.7 | ours ≥0.4 | counted ≥0.7 | counted ≥0.4 | max coverage | ours max score | Chromaprint ≥0.7 | Chromaprint ≥0.4 |")
print("|---|---|---|---|---|---|---|---|---|---|")
res, counted, cover = {}, collections.defaultdict(list), collections.defaultdict(list)
for name in ("ours", "chromaprint"):
    by = collections.defaultdict(list)
    for line in open(f"{d}/{name}.jsonl"):
        o = json.loads(line)
        length = o["query"].split("_")[1]
        by[length].append(o["matches"][0]["score"] if o["matches"] else 0.0)
        if name == "ours":
            ok = [m["score"] for m in o["matches"] if (m.get("coverage", 1) >= 0.2 or m["overlap_end"] - m["overlap_start"] < 15)]
            counted[length].append(max(ok) if ok else 0.0)
            cover[length].append(max([m.get("coverage", 0) for m in o["matches"]] or [0]))
    res[name] = by
for length in ("5s", "10s", "30s"):
    a, c, k = res["ours"][length], res["chromaprint"][length], counted[length]
    share = lambda v, t: f"{sum(1 for x in v if x >= t) / len(v):.0%}"
    print(f"| {length[:-1]} s | {len(a)} | {share(a,.7)} | {share(a,.4)} | {share(k,.7)} | {share(k,.4)} | {max(cover[length]):.2f} | {max(a):.2f} | {share(c,.7)} | {share(c,.4)} |")
PY
