#!/bin/bash
# Runs the ```sh blocks of README.md's "First steps with a running server" section (up to its
# first subheading) as written,
# with `set -e`, against a server of its own (`serve --port 0` in a temporary folder laid out
# like a clone after command 1: build/release/bin and vault-data). Only "localhost:8080"
# becomes the server's real address. Then checks what the recipe should have achieved, and
# pastes it a second time (it must still succeed).
#   readme-recipes.sh README BIN_DIR
set -euo pipefail
readme=$1
bindir=$2
work=$(mktemp -d)
server_pid=
cleanup() {
    if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT
cd "$work"
mkdir -p build/release vault-data
ln -s "$bindir" build/release/bin

# The server's first stdout line is its address: read it from a fifo (a blocking read with a
# deadline), then keep draining the fifo so the server never blocks on a full pipe.
mkfifo serve.out
"$bindir/lemm-vault-server" serve --data-dir vault-data --port 0 --workers 1 > serve.out 2> serve.err &
server_pid=$!
exec 3< serve.out
if ! read -r -t 60 first <&3; then
    echo "the server printed no address within 60 s:" >&2; cat serve.err >&2; exit 1
fi
cat <&3 > /dev/null &
address=${first#listening on http://}
[ "$address" != "$first" ] || { echo "unexpected first line: $first" >&2; exit 1; }

awk '/^## First steps with a running server/ {on=1; next}
     on && /^##/ {exit}
     on && /^```sh$/ {code=1; next}
     on && /^```$/ {code=0; next}
     on && code {print}' "$readme" | sed "s/localhost:8080/$address/g" > recipe.sh
[ -s recipe.sh ] || { echo "no sh block in the README section" >&2; exit 1; }

bash -e -o pipefail recipe.sh > run1.out 2> run1.err || {
    echo "the recipe failed (first paste):" >&2; cat run1.out run1.err >&2; exit 1; }
fail=0
check() { grep -q "$1" run1.out || { echo "missing in the recipe's output: $1" >&2; fail=1; }; }
check '"email_verified":true'
check '"rights_holder_affirmed":true'
check '"audio_upload_token":"lvu_'
[ "$fail" = 0 ] || { cat run1.out run1.err >&2; exit 1; }
bash -e -o pipefail recipe.sh > run2.out 2> run2.err || {
    echo "the recipe failed (second paste):" >&2; cat run2.out run2.err >&2; exit 1; }
grep -q '"audio_upload_token":"lvu_' run2.out || { echo "second paste: no upload" >&2; cat run2.out >&2; exit 1; }
echo "README recipes: ok ($(grep -c . recipe.sh) lines, pasted twice against $address)"
