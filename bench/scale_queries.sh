#!/bin/bash
# Query set for robust_scale_bench: 10 s excerpts of the references in REFS.txt (id<TAB>path),
# in four kinds taken in turn: clean; pitch up 2 semitones (tempo kept); 10 % faster (pitch
# kept); and the excerpt under another piece of music from NULL_DIR at equal level (a copy
# under other music). Writes OUT/queries.txt (id<TAB>path) and OUT/truth.tsv (id<TAB>ref).
#   bench/scale_queries.sh REFS.txt NULL_DIR OUT [COUNT]
set -euo pipefail
if [ $# -lt 3 ]; then
    echo "usage: $0 REFS.txt NULL_DIR OUT [COUNT]" >&2
    exit 2
fi
refs=$1 null_dir=$2 out=$3 count=${4:-40}
mkdir -p "$out"
mapfile -t lines < "$refs"
mapfile -t others < <(find "$null_dir" -type f \( -name '*.ogg' -o -name '*.wav' -o -name '*.mp3' \) -size +500k | sort)
[ ${#lines[@]} -gt 0 ] || { echo "no references in $refs" >&2; exit 1; }
[ ${#others[@]} -gt 0 ] || { echo "no music under $null_dir" >&2; exit 1; }
: > "$out/queries.txt"
: > "$out/truth.tsv"
for ((i = 0; i < count; i++)); do
    IFS=$'\t' read -r id path <<< "${lines[i % ${#lines[@]}]}"
    # A start inside the track, leaving room for the excerpt (short references start at 0).
    dur=$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$path" | cut -d. -f1)
    room=$(( ${dur:-0} > 12 ? ${dur:-0} - 11 : 1 ))
    start=$(( (20 + (i * 13) % 50) % room ))
    q="$out/q$i.wav"
    case $((i % 4)) in
    0) ffmpeg -v error -y -ss "$start" -t 10 -i "$path" -ac 1 "$q" ;;
    1) ffmpeg -v error -y -ss "$start" -t 10 -i "$path" -ac 1 \
           -af 'asetrate=44100*1.12246,aresample=44100,atempo=0.89090' "$q" ;;
    2) ffmpeg -v error -y -ss "$start" -t 11 -i "$path" -ac 1 -af 'atempo=1.1' -t 10 "$q" ;;
    3) other=${others[i % ${#others[@]}]}
       ffmpeg -v error -y -ss "$start" -t 10 -i "$path" -ss 5 -t 10 -i "$other" \
           -filter_complex '[0:a]aformat=channel_layouts=mono[a];[1:a]aformat=channel_layouts=mono[b];[a][b]amix=inputs=2:normalize=0' \
           -ac 1 "$q" ;;
    esac
    printf 'q%d\t%s\n' "$i" "$q" >> "$out/queries.txt"
    printf 'q%d\t%s\n' "$i" "$id" >> "$out/truth.tsv"
done
echo "$count queries in $out" >&2
