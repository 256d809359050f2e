#!/bin/bash
# Lists every function in core/ and server/ longer than 80 lines or of cognitive complexity
# above 40 (clang-tidy: readability-function-size, readability-function-cognitive-complexity,
# over the build's compile_commands.json) and fails when one of them is not explained. A
# function is explained by a comment on the line(s) right above its definition that contains
# `size:` and the reason, e.g.
#     // size: one table of every route; splitting it would scatter the API across files.
#     void ApiRouter::buildRoutes()
#   bash tests/support/function-size-check.sh BUILD_DIR [SOURCE_DIR]
# BUILD_DIR holds compile_commands.json (any configured preset, e.g. build/ci). Environment:
# LEMM_CLANG_TIDY (default clang-tidy-14), LEMM_SIZE_JOBS (default 2) parallel runs.
set -euo pipefail
build=$(cd "${1:?usage: function-size-check.sh BUILD_DIR [SOURCE_DIR]}" && pwd)
src=$(cd "${2:-$(dirname "$0")/../..}" && pwd)
tidy=${LEMM_CLANG_TIDY:-clang-tidy-14}
jobs=${LEMM_SIZE_JOBS:-2}
max_lines=80
max_complexity=40
[ -f "$build/compile_commands.json" ] || {
    echo "function_size_check: no compile_commands.json in $build (configure a preset first)" >&2
    exit 2
}
command -v "$tidy" >/dev/null || {
    echo "function_size_check: $tidy not found (Debian package clang-tidy-14)" >&2
    exit 2
}
config="{Checks: '-*,readability-function-size,readability-function-cognitive-complexity',
 CheckOptions: [{key: readability-function-size.LineThreshold, value: $max_lines},
  {key: readability-function-cognitive-complexity.Threshold, value: $max_complexity},
  {key: readability-function-cognitive-complexity.DescribeBasicIncrements, value: false}]}"
cd "$src"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
export tidy build config src out
# One clang-tidy per file, each into its own file (parallel output does not interleave); a
# file clang-tidy cannot parse is reported, not fatal.
find core server -name '*.cpp' | sort | xargs -P "$jobs" -I{} sh -c \
    '"$tidy" -p "$build" --quiet --config="$config" --header-filter="^$src/(core|server)/" "$1" \
        >"$out/$(printf %s "$1" | tr / _).txt" 2>/dev/null ||
        grep -q "warning: function" "$out/$(printf %s "$1" | tr / _).txt" ||
        echo "function_size_check: clang-tidy failed on $1" >&2' _ {}

# "file:line:col: warning: function 'name' ..." (+ the size note) -> "file:line name what".
listed=$(cat "$out"/*.txt | awk -v src="$src/" -v q="'" '
    function loc(s) { sub(src, "", s); split(s, p, ":"); return p[1] ":" p[2] }
    function name() { match($0, "function " q "[^" q "]+" q); return substr($0, RSTART + 10, RLENGTH - 11) }
    /warning: function .* exceeds recommended size/ { pending = loc($0) " " name(); next }
    pending != "" && /note: [0-9]+ lines including/ {
        match($0, /[0-9]+ lines/); print pending " " substr($0, RSTART, RLENGTH); pending = ""; next }
    /warning: function .* has cognitive complexity of/ {
        n = name(); match($0, /complexity of [0-9]+/)
        print loc($0) " " n " complexity " substr($0, RSTART + 14, RLENGTH - 14) }' |
    sort -u | sort -t: -k1,1 -k2,2n)

# Explained: a `size:` comment in the comment/declaration lines right above (up to 8 lines,
# stopping at a blank line or the end of the previous statement).
explained() { # file line
    awk -v want="$2" 'NR < want { lines[NR] = $0 } END {
        for (i = want - 1; i >= 1 && i >= want - 8; --i) {
            if (lines[i] ~ /^[[:space:]]*$/) exit 1
            if (lines[i] ~ /\/\/.*size:/) exit 0
            if (lines[i] ~ /[;}][[:space:]]*$/ && lines[i] !~ /^[[:space:]]*\/\//) exit 1
        }
        exit 1 }' "$1"
}

unexplained=0
total=0
while IFS= read -r row; do
    [ -n "$row" ] || continue
    total=$((total + 1))
    loc=${row%% *}
    if explained "${loc%%:*}" "${loc##*:}"; then
        echo "explained   $row"
    else
        echo "UNEXPLAINED $row"
        unexplained=$((unexplained + 1))
    fi
done <<<"$listed"
echo "function_size_check: $total over $max_lines lines or complexity $max_complexity," \
    "$unexplained without a 'size:' comment"
[ "$unexplained" -eq 0 ]
