#!/bin/bash
# Similarity benchmark on real music (Debian's wesnoth-1.16-music): indexes ~80 % of the
# tracks, holds the rest out as never-indexed unknowns, cuts seeded random excerpts, distorts
# them with ffmpeg, sox and rubberband, queries them with `lemm-vault-server similarity`, and
# prints a table per distortion. Work files go to $LEMM_BENCH_DIR (default /tmp/lemm-sim-bench),
# never into the repository. LEMM_BENCH_REUSE=1 reuses the queries of an earlier run.
#   bench/similarity_bench.sh [SERVER_BINARY] [QUERIES_PER_DISTORTION] [SEED]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:-$here/build/ci/bin/lemm-vault-server}
per=${2:-20}
seed=${3:-42}
work=${LEMM_BENCH_DIR:-/tmp/lemm-sim-bench}
lengths=${LEMM_BENCH_LENGTHS:-"5 10 30"}

need=""
for p in wesnoth-1.16-music ffmpeg sox rubberband-cli python3; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need="$need $p"
done
if [ -n "$need" ]; then
    echo "installing$need" >&2
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $need >/dev/null
fi
[ -x "$bin" ] || { echo "no server binary at $bin (build the ci preset first)" >&2; exit 1; }

mkdir -p "$work/q"
mapfile -t all < <(dpkg -L wesnoth-1.16-music | grep -E '\.ogg$' | sort)
rng() { openssl enc -aes-256-ctr -pass pass:"$seed" -nosalt </dev/zero 2>/dev/null; }
mapfile -t shuffled < <(printf '%s\n' "${all[@]}" | shuf --random-source=<(rng))
n=${#shuffled[@]}
holdout=$((n / 5))
known=("${shuffled[@]:holdout}")
unknown=("${shuffled[@]:0:holdout}")
echo "corpus: $n tracks, ${#known[@]} indexed, ${#unknown[@]} held out" >&2

: >"$work/refs.txt"
for f in "${known[@]}"; do printf '%s\t%s\n' "$(basename "$f" .ogg)" "$f" >>"$work/refs.txt"; done
rm -rf "$work/index"
start=$(date +%s.%N)
"$bin" similarity index "$work/refs.txt" "$work/index" 2>"$work/index.log"
end=$(date +%s.%N)
tail -n 1 "$work/index.log" >&2
index_bytes=$(stat -c %s "$work/index/robust.lvri")

distortions="clean mp3_128 mp3_64 aac_96 opus_32 lowpass_3k eq_6db noise_20db noise_10db quiet_compressed reverb mix_10db stretch_0.9 stretch_0.95 stretch_1.05 stretch_1.1 pitch_-2 pitch_-1 pitch_1 pitch_2 speed_0.95 speed_1.05"

distort() { # in out kind other
    local in=$1 out=$2 kind=$3 other=$4
    case $kind in
    clean) cp "$in" "$out" ;;
    mp3_128) ffmpeg -loglevel error -y -i "$in" -b:a 128k "$out.mp3" && ffmpeg -loglevel error -y -i "$out.mp3" "$out" ;;
    mp3_64) ffmpeg -loglevel error -y -i "$in" -b:a 64k "$out.mp3" && ffmpeg -loglevel error -y -i "$out.mp3" "$out" ;;
    aac_96) ffmpeg -loglevel error -y -i "$in" -c:a aac -b:a 96k "$out.m4a" && ffmpeg -loglevel error -y -i "$out.m4a" "$out" ;;
    opus_32) ffmpeg -loglevel error -y -i "$in" -c:a libopus -b:a 32k "$out.opus" && ffmpeg -loglevel error -y -i "$out.opus" "$out" ;;
    lowpass_3k) sox "$in" "$out" lowpass 3000 ;;
    eq_6db) sox "$in" "$out" equalizer 200 1q +6 equalizer 1000 1q -6 equalizer 4000 1q +6 gain -n -1 ;;
    noise_20db|noise_10db)
        local snr=${kind#noise_}; snr=${snr%db}
        local rms; rms=$(sox "$in" -n stat 2>&1 | awk '/RMS +amplitude/ {print $3}')
        local amp; amp=$(awk -v r="$rms" -v s="$snr" 'BEGIN { print r / (10 ^ (s / 20)) * 1.7320508 }')
        sox "$in" -p synth whitenoise vol "$amp" | sox -m "$in" - "$out" ;;
    quiet_compressed) sox "$in" "$out" gain -10 compand 0.02,0.2 -60,-60,-30,-15,-20,-10,0,-7 0 -20 0.05 ;;
    reverb) sox "$in" "$out" reverb 50 50 80 ;;
    mix_10db) sox -m -v 1 "$in" -v 0.316 "$other" "$out" trim 0 "$(soxi -D "$in")" ;;
    stretch_*) rubberband -q -T "${kind#stretch_}" "$in" "$out" ;;
    pitch_*) rubberband -q -p "${kind#pitch_}" "$in" "$out" ;;
    speed_*) sox "$in" "$out" speed "${kind#speed_}" ;;
    esac
}

qn=0
if [ "${LEMM_BENCH_REUSE:-0}" = 1 ] && [ -s "$work/truth.tsv" ]; then
    echo "reusing the queries in $work" >&2
    lengths=""
else
    : >"$work/queries.txt"
    : >"$work/truth.tsv"
fi
for len in $lengths; do
    for kind in $distortions; do
        for i in $(seq 1 "$per"); do
            qn=$((qn + 1))
            pick=$(( (qn * 7919 + seed) % ${#known[@]} ))
            src=${known[$pick]}
            other=${unknown[$(( (qn * 104729) % ${#unknown[@]} ))]}
            dur=$(soxi -D "$src")
            max=$(awk -v d="$dur" -v l="$len" 'BEGIN { m = d - l - 1; print (m > 0 ? m : 0) }')
            off=$(awk -v m="$max" -v q="$qn" -v s="$seed" 'BEGIN { srand(q * 31 + s); printf "%.2f", rand() * m }')
            id="q$qn"
            ffmpeg -loglevel error -y -ss "$off" -t "$len" -i "$src" -ac 2 -ar 44100 "$work/q/$id.src.wav"
            ffmpeg -loglevel error -y -ss 20 -t "$len" -i "$other" -ac 2 -ar 44100 "$work/q/$id.other.wav" 2>/dev/null || cp "$work/q/$id.src.wav" "$work/q/$id.other.wav"
            distort "$work/q/$id.src.wav" "$work/q/$id.wav" "$kind" "$work/q/$id.other.wav"
            printf '%s\t%s\n' "$id" "$work/q/$id.wav" >>"$work/queries.txt"
            printf '%s\t%s\t%s\t%s\t%s\n' "$id" "$(basename "$src" .ogg)" "$kind" "$len" "$off" >>"$work/truth.tsv"
        done
    done
    # Unknown excerpts, clean, for the false-positive rows.
    for i in $(seq 1 "$per"); do
        qn=$((qn + 1)); id="u$qn"
        src=${unknown[$(( qn % ${#unknown[@]} ))]}
        ffmpeg -loglevel error -y -ss $((10 + i)) -t "$len" -i "$src" -ac 2 -ar 44100 "$work/q/$id.wav"
        printf '%s\t%s\n' "$id" "$work/q/$id.wav" >>"$work/queries.txt"
        printf '%s\t-\tunknown\t%s\t0\n' "$id" "$len" >>"$work/truth.tsv"
    done
done
"$bin" similarity query "$work/index" "$work/queries.txt" >"$work/results.jsonl" 2>"$work/query.log" || true
baseline=$(dirname "$(dirname "$bin")")/bench/chromaprint_baseline
"$baseline" "$work/refs.txt" "$work/queries.txt" >"$work/results_chromaprint.jsonl" 2>"$work/chromaprint.log"

python3 - "$work" "$index_bytes" <<'PY'
import json, sys, statistics, collections
work, index_bytes = sys.argv[1], int(sys.argv[2])
truth = {}
for line in open(f"{work}/truth.tsv"):
    qid, ref, kind, length, off = line.rstrip("\n").split("\t")
    truth[qid] = (ref, kind, int(length), float(off))

def load(name):
    rows, lat, ext = collections.defaultdict(list), [], []
    for line in open(f"{work}/{name}"):
        o = json.loads(line)
        ref, kind, length, off = truth[o["query"]]
        if "query_ms" in o: lat.append(o["query_ms"])
        if "extract_ms" in o: ext.append(o["extract_ms"])
        rows[(length, kind)].append((ref, off, o["matches"][0] if o["matches"] else None))
    return rows, lat, ext

ours, lat, ext = load("results.jsonl")
cp, cplat, cpext = load("results_chromaprint.jsonl")
hours = speed = None
for l in open(f"{work}/index.log"):
    if l.startswith("indexed"):
        hours = float(l.split("(")[1].split(" h")[0]); speed = l.split("audio, ")[1].split("x")[0]
cpspeed = open(f"{work}/chromaprint.log").read().split(", ")[1].split("x")[0]
p = lambda v, q: sorted(v)[min(len(v) - 1, int(q * len(v)))] if v else float("nan")
postings = int(open(f"{work}/index.log").read().rsplit(" postings", 1)[0].rsplit(" ", 1)[1])
print(f"- index: fp_robust postings {postings * 8 / 1e6:.2f} MB for {hours:.2f} h = **{postings * 8 / 1e6 / hours:.2f} MB per hour**, plus a fixed {(index_bytes - postings * 8) / 1e6:.1f} MB key table ({index_bytes/1e6:.1f} MB file)")
print(f"- extraction, decode included, per core: ours (fp_exact + fp_robust + embedding + loudness + tempo) **{speed}x** real time; Chromaprint alone {cpspeed}x")
print(f"- query (matching only): ours p50 {p(lat,.5):.1f} ms, p95 {p(lat,.95):.1f} ms; Chromaprint exhaustive alignment p50 {p(cplat,.5):.1f} ms, p95 {p(cplat,.95):.1f} ms")
print()
# "counted ≥0.4": found with score ≥ 0.4 and coverage ≥ 0.2 (or an overlap under 15 s), i.e. a
# hit the decision tables count
print("| length | distortion | n | ours recall@1 | ours ≥0.7 | ours ≥0.4 | counted ≥0.4 | Chromaprint recall@1 | Chromaprint ≥0.7 | Chromaprint ≥0.4 | ours median offset error (s) |")
print("|---|---|---|---|---|---|---|---|---|---|---|")
def stats(rs):
    n = len(rs)
    t1 = sum(1 for ref, off, top in rs if top and top["id"] == ref)
    r7 = sum(1 for ref, off, top in rs if top and top["id"] == ref and top["score"] >= 0.7)
    r4 = sum(1 for ref, off, top in rs if top and top["id"] == ref and top["score"] >= 0.4)
    k4 = sum(1 for ref, off, top in rs if top and top["id"] == ref and top["score"] >= 0.4
             and (top.get("coverage", 1) >= 0.2 or top["overlap_end"] - top["overlap_start"] < 15))
    return n, t1 / n, r7 / n, r4 / n, k4 / n
for key in sorted(ours):
    length, kind = key
    rs, rc = ours[key], cp.get(key, [])
    if kind == "unknown":
        f = lambda rr, t: sum(1 for r in rr if r[2] and r[2]["score"] >= t) / max(1, len(rr))
        k = sum(1 for r in rs if r[2] and r[2]["score"] >= 0.4 and (r[2].get("coverage", 1) >= 0.2 or r[2]["overlap_end"] - r[2]["overlap_start"] < 15)) / max(1, len(rs))
        print(f"| {length} s | **unknown: share scoring ≥0.7 / ≥0.4** | {len(rs)} | – | {f(rs,.7):.0%} | {f(rs,.4):.0%} | {k:.0%} | – | {f(rc,.7):.0%} | {f(rc,.4):.0%} | – |")
        continue
    n, t1, r7, r4, k4 = stats(rs)
    _, c1, c7, c4, _ = stats(rc) if rc else (0, 0, 0, 0, 0)
    errs = [abs(top["offset_s"] - off) for ref, off, top in rs if top and top["id"] == ref]
    med = f"{statistics.median(errs):.2f}" if errs else "–"
    print(f"| {length} s | {kind} | {n} | {t1:.0%} | {r7:.0%} | {r4:.0%} | {k4:.0%} | {c1:.0%} | {c7:.0%} | {c4:.0%} | {med} |")
PY
