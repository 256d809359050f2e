#!/bin/bash
# Similarity benchmark on real music (Debian's wesnoth-1.16-music): indexes ~80 % of the
# tracks, holds the rest out as never-indexed unknowns, cuts seeded random excerpts, distorts
# them with ffmpeg, sox and rubberband (22 distortions, copies mixed 10/6/0 dB under a louder
# track, excerpts spliced into unrelated music, a 30 s copy inside a 90 s output), cuts null
# music of other composers (bench/null_corpus.py: FIT and TEST packages), queries everything with
# `lemm-vault-server similarity`, and prints the report of bench/similarity_report.py.
# Work files go to $LEMM_BENCH_DIR (default /tmp/lemm-sim-bench), never into the repository.
# LEMM_BENCH_REUSE=1 reuses the queries of an earlier run (only the querying runs again).
#   bench/similarity_bench.sh [SERVER_BINARY] [QUERIES_PER_DISTORTION] [SEED] [OLD_SERVER_BINARY]
# OLD_SERVER_BINARY (optional): a build of another engine (e.g. commit 1f020f0) that answers the
# same queries with its own index; the report then prints old and new side by side.
# Environment: LEMM_BENCH_LENGTHS (default "10 30"), LEMM_BENCH_CHROMAPRINT=0 skips the
# Chromaprint baseline, LEMM_BENCH_NULL_PER_FILE (default 40) caps the null excerpts per file and
# length, LEMM_BENCH_CALIBRATION (default resources/calibration/fp_robust.json)
# is the calibration the report scores with.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:-$here/build/ci/bin/lemm-vault-server}
per=${2:-20}
seed=${3:-42}
old=${4:-}
work=${LEMM_BENCH_DIR:-/tmp/lemm-sim-bench}
lengths=${LEMM_BENCH_LENGTHS:-"10 30"}
py=/usr/bin/python3
null_pkgs="lincity-ng-data xmoto-data boswars-data pushover-data fretsonfire-songs-muldjord
    fretsonfire-songs-sectoid fillets-ng-data colobot-common-sounds hedgewars-data
    neverball-data pingus-data"

need=""
for p in wesnoth-1.16-music $null_pkgs ffmpeg sox rubberband-cli python3 python3-matplotlib; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need="$need $p"
done
if [ -n "$need" ]; then
    echo "installing$need" >&2
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $need >/dev/null
fi
[ -x "$bin" ] || { echo "no server binary at $bin (build the ci preset first)" >&2; exit 1; }
[ -z "$old" ] || [ -x "$old" ] || { echo "no old server binary at $old" >&2; exit 1; }

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
# The two halves of the references (odd and even lines): the indexes the calibration's index
# exponent is measured on (both halves, so that which tracks fall in a half averages out).
awk 'NR % 2 == 1' "$work/refs.txt" >"$work/refs_half.txt"
awk 'NR % 2 == 0' "$work/refs.txt" >"$work/refs_half2.txt"
rm -rf "$work/index" "$work/index_half" "$work/index_half2"
"$bin" similarity index "$work/refs.txt" "$work/index" 2>"$work/index.log"
tail -n 1 "$work/index.log" >&2
"$bin" similarity index "$work/refs_half.txt" "$work/index_half" 2>"$work/index_half.log"
"$bin" similarity index "$work/refs_half2.txt" "$work/index_half2" 2>"$work/index_half2.log"
index_bytes=$(stat -c %s "$work/index/robust.lvri")

distortions="clean mp3_128 mp3_64 aac_96 opus_32 lowpass_3k eq_6db noise_20db noise_10db quiet_compressed reverb mix_10db stretch_0.9 stretch_0.95 stretch_1.05 stretch_1.1 pitch_-2 pitch_-1 pitch_1 pitch_2 speed_0.95 speed_1.05 mix_-10db mix_-6db mix_0db"

rms() { sox "$1" -n stat 2>&1 | awk '/RMS +amplitude/ {print ($3 > 0 ? $3 : 1e-6)}'; }

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
        local amp; amp=$(awk -v r="$(rms "$in")" -v s="$snr" 'BEGIN { print r / (10 ^ (s / 20)) * 1.7320508 }')
        sox "$in" -p synth whitenoise vol "$amp" | sox -m "$in" - "$out" ;;
    quiet_compressed) sox "$in" "$out" gain -10 compand 0.02,0.2 -60,-60,-30,-15,-20,-10,0,-7 0 -20 0.05 ;;
    reverb) sox "$in" "$out" reverb 50 50 80 ;;
    mix_10db) sox -m -v 1 "$in" -v 0.316 "$other" "$out" trim 0 "$(soxi -D "$in")" ;;
    mix_-*db|mix_0db) # the reference X dB (RMS) BELOW the other, louder track
        local x=${kind#mix_}; x=${x#-}; x=${x%db}
        local v; v=$(awk -v a="$(rms "$in")" -v b="$(rms "$other")" -v x="$x" 'BEGIN { printf "%.6f", 0.5 * b / a / (10 ^ (x / 20)) }')
        sox -m -v "$v" "$in" -v 0.5 "$other" "$out" trim 0 "$(soxi -D "$in")" gain -n -1 ;;
    stretch_*) rubberband -q -T "${kind#stretch_}" "$in" "$out" ;;
    pitch_*) rubberband -q -p "${kind#pitch_}" "$in" "$out" ;;
    speed_*) sox "$in" "$out" speed "${kind#speed_}" ;;
    esac
}

excerpt_offset() { # track length query-number -> seeded random offset (s) inside the track
    local dur; dur=$(soxi -D "$1")
    awk -v d="$dur" -v l="$2" -v q="$3" -v s="$seed" 'BEGIN { m = d - l - 1; if (m < 0) m = 0; srand(q * 31 + s); printf "%.2f", rand() * m }'
}

qn=0
if [ "${LEMM_BENCH_REUSE:-0}" = 1 ] && [ -s "$work/truth.tsv" ] && [ -s "$work/null/test.txt" ]; then
    echo "reusing the queries in $work" >&2
    lengths=""
    splices=""
else
    splices="splice_10 splice_20 inside_90"
    : >"$work/queries.txt"
    # truth: id, reference, distortion, query length, reference offset, copy start and end in the query
    : >"$work/truth.tsv"
    "$py" "$here/bench/null_corpus.py" "$work" --max-per-file "${LEMM_BENCH_NULL_PER_FILE:-40}"
fi
for len in $lengths; do
    for kind in $distortions; do
        for i in $(seq 1 "$per"); do
            qn=$((qn + 1))
            src=${known[$(( (qn * 7919 + seed) % ${#known[@]} ))]}
            other=${unknown[$(( (qn * 104729) % ${#unknown[@]} ))]}
            off=$(excerpt_offset "$src" "$len" "$qn")
            id="q$qn"
            ffmpeg -loglevel error -y -ss "$off" -t "$len" -i "$src" -ac 2 -ar 44100 "$work/q/$id.src.wav"
            ffmpeg -loglevel error -y -ss 20 -t "$len" -i "$other" -ac 2 -ar 44100 "$work/q/$id.other.wav" 2>/dev/null || cp "$work/q/$id.src.wav" "$work/q/$id.other.wav"
            distort "$work/q/$id.src.wav" "$work/q/$id.wav" "$kind" "$work/q/$id.other.wav"
            [ -s "$work/q/$id.wav" ] || { echo "distortion $kind made no audio for $id" >&2; exit 1; }
            printf '%s\t%s\n' "$id" "$work/q/$id.wav" >>"$work/queries.txt"
            printf '%s\t%s\t%s\t%s\t%s\t0\t%s\n' "$id" "$(basename "$src" .ogg)" "$kind" "$len" "$off" "$len" >>"$work/truth.tsv"
        done
    done
    # Excerpts of the held-out wesnoth tracks (same composer, never indexed), clean.
    for i in $(seq 1 "$per"); do
        qn=$((qn + 1)); id="u$qn"
        src=${unknown[$(( qn % ${#unknown[@]} ))]}
        ffmpeg -loglevel error -y -ss $((10 + i)) -t "$len" -i "$src" -ac 2 -ar 44100 "$work/q/$id.wav"
        printf '%s\t%s\n' "$id" "$work/q/$id.wav" >>"$work/queries.txt"
        printf '%s\t-\tunknown\t%s\t0\t0\t0\n' "$id" "$len" >>"$work/truth.tsv"
    done
done
# Verbatim excerpts inside unrelated music (TEST null tracks of >= 60 s): splice_L puts an L s
# excerpt into 60 s of other music at a random position, inside_90 a 30 s copy into a 90 s output.
[ -z "$splices" ] || mapfile -t hosts <"$work/null/hosts.txt"
for kind in $splices; do
    case $kind in splice_*) copy=${kind#splice_}; total=60 ;; inside_90) copy=30; total=90 ;; esac
    for i in $(seq 1 "$per"); do
        qn=$((qn + 1)); id="s$qn"
        src=${known[$(( (qn * 7919 + seed) % ${#known[@]} ))]}
        host=${hosts[$(( (qn * 104729 + seed) % ${#hosts[@]} ))]}
        hdur=${host%%$'\t'*}; hfile=${host#*$'\t'}
        off=$(excerpt_offset "$src" "$copy" "$qn")
        rest=$((total - copy))
        read -r hoff pos < <(awk -v d="$hdur" -v r="$rest" -v q="$qn" -v s="$seed" 'BEGIN {
            srand(q * 17 + s); m = d - r - 1; if (m < 0) m = 0
            printf "%.2f %.2f\n", rand() * m, 5 + rand() * (r - 10) }')
        ffmpeg -loglevel error -y -ss "$off" -t "$copy" -i "$src" -ac 2 -ar 44100 "$work/q/$id.src.wav"
        ffmpeg -nostdin -loglevel error -y -ss "$hoff" -t "$rest" -i "$hfile" -ac 2 -ar 44100 "$work/q/$id.host.wav"
        sox "$work/q/$id.host.wav" "$work/q/$id.a.wav" trim 0 "$pos"
        sox "$work/q/$id.host.wav" "$work/q/$id.b.wav" trim "$pos"
        sox "$work/q/$id.a.wav" "$work/q/$id.src.wav" "$work/q/$id.b.wav" "$work/q/$id.wav"
        printf '%s\t%s\n' "$id" "$work/q/$id.wav" >>"$work/queries.txt"
        end=$(awk -v p="$pos" -v c="$copy" 'BEGIN { printf "%.2f", p + c }')
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$id" "$(basename "$src" .ogg)" "$kind" "$total" "$off" "$pos" "$end" >>"$work/truth.tsv"
    done
done

query() { # binary index list out
    "$1" similarity query "$2" "$3" >"$4" 2>>"$work/query.log" || true
}
: >"$work/query.log"
query "$bin" "$work/index" "$work/queries.txt" "$work/results.jsonl"
query "$bin" "$work/index" "$work/null/test.txt" "$work/results_null_test.jsonl"
query "$bin" "$work/index" "$work/null/fit.txt" "$work/results_null_fit.jsonl"
query "$bin" "$work/index_half" "$work/null/fit.txt" "$work/results_null_fit_half.jsonl"
query "$bin" "$work/index_half2" "$work/null/fit.txt" "$work/results_null_fit_half2.jsonl"
rm -f "$work/results_old.jsonl" "$work/results_old_null_test.jsonl"
if [ -n "$old" ]; then
    rm -rf "$work/index_old"
    "$old" similarity index "$work/refs.txt" "$work/index_old" 2>"$work/index_old.log"
    query "$old" "$work/index_old" "$work/queries.txt" "$work/results_old.jsonl"
    query "$old" "$work/index_old" "$work/null/test.txt" "$work/results_old_null_test.jsonl"
fi
rm -f "$work/results_chromaprint.jsonl"
if [ "${LEMM_BENCH_CHROMAPRINT:-1}" = 1 ]; then
    baseline=$(dirname "$(dirname "$bin")")/bench/chromaprint_baseline
    "$baseline" "$work/refs.txt" "$work/queries.txt" >"$work/results_chromaprint.jsonl" 2>"$work/chromaprint.log"
fi

"$py" "$here/bench/similarity_report.py" "$work" --index-bytes "$index_bytes" \
    --calibration "${LEMM_BENCH_CALIBRATION:-$here/resources/calibration/fp_robust.json}"
