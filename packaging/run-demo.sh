#!/bin/bash
# The README's run command, after the build: starts lemm-vault-server on its embedded default
# (SQLite and the encrypted object store in DATA_DIR, default ./vault-data) and, when a display
# is available, the desktop client connected to it and logged in as the demo admin.
#
# The demo admin (demo-admin@lemm.example) is created on the first run with a random password,
# kept in DATA_DIR/demo-admin-password (mode 600). Without a display the server runs in the
# foreground until interrupted. Usage: packaging/run-demo.sh [DATA_DIR] [PORT]
set -euo pipefail
cd "$(dirname "$0")/.."
data_dir=${1:-vault-data}
port=${2:-8080}
bin=build/release/bin
email=demo-admin@lemm.example
secret="$data_dir/demo-admin-password"

mkdir -p "$data_dir"
if [ ! -s "$secret" ]; then
    (umask 077 && head -c 18 /dev/urandom | base64 > "$secret.new")
    if printf '%s\n' "$(cat "$secret.new")" |
        "$bin/lemm-vault-server" create-admin --data-dir "$data_dir" --email "$email"; then
        mv "$secret.new" "$secret"
        echo "demo admin: $email (password in $secret)"
    else
        rm -f "$secret.new"
        echo "note: the demo admin was not created (it may exist already)" >&2
    fi
fi

if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
    echo "no display: running the server only (the desktop client is build/release/bin/lemm-vault)"
    exec "$bin/lemm-vault-server" serve --data-dir "$data_dir" --port "$port"
fi

log=$(mktemp)
"$bin/lemm-vault-server" serve --data-dir "$data_dir" --port "$port" > "$log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -f "$log"' EXIT
for _ in $(seq 1 150); do
    grep -q '^listening on ' "$log" && break
    kill -0 $server 2>/dev/null || { cat "$log" >&2; exit 1; }
    sleep 0.2
done
url=$(sed -n 's/^listening on //p' "$log" | head -n 1)
[ -n "$url" ] || { echo "the server did not start:" >&2; cat "$log" >&2; exit 1; }
echo "server: $url (log: $log)"
if [ -s "$secret" ]; then
    LEMM_PASSWORD=$(cat "$secret") "$bin/lemm-vault" --server "$url" --email "$email"
else
    "$bin/lemm-vault" --server "$url"
fi
