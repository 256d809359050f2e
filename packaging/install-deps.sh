#!/bin/sh
# Installs, with apt-get, every Debian 12 package LEMM Vault needs to build, run and test.
# Packages already present are left alone; the script is safe to run repeatedly.
# Usage: packaging/install-deps.sh [--runtime-only]
set -eu

BUILD_PKGS="build-essential cmake ninja-build pkg-config git ca-certificates
qt6-base-dev qt6-base-dev-tools qt6-httpserver-dev qt6-websockets-dev qt6-multimedia-dev
qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools libgl-dev
libqt6sql6-sqlite libqt6sql6-psql qcoro-qt6-dev
libchromaprint-dev libavformat-dev libavcodec-dev libavutil-dev libswresample-dev
libhnswlib-dev libsodium-dev libmicrohttpd-dev
libsystemd-dev libcurl4-openssl-dev libebur128-dev libaubio-dev libqm-dsp-dev"
TEST_PKGS="postgresql ffmpeg sqlite3 procps clang-format clang-tidy libchromaprint-tools wrk gnutls-bin
python3 python3-aiosmtpd openssl prometheus curl
dpkg-dev fakeroot file binutils lintian debootstrap help2man appstream systemd"

missing=""
for p in $BUILD_PKGS $TEST_PKGS; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
if [ -z "$missing" ]; then
    echo "install-deps: all packages present"
else
    echo "install-deps: installing$missing"
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    # shellcheck disable=SC2086
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
    echo "install-deps: done"
fi

# The S3 tests' server: s3rver 3 from the npm registry, in the clone's .deps/node (gitignored).
# Debian's nodejs/npm only when no npm is on the PATH (Debian's npm conflicts with other ones).
# When the registry cannot be reached (no network, or a proxy whose certificate this machine
# does not trust) the rest still works: the reason goes into .deps/node/s3rver-unavailable and
# the two S3 suites skip with it (tests/support/s3_server.h), except under LEMM_REQUIRE_S3=1,
# which .ci/run sets.
DEPS_NODE="$(cd "$(dirname "$0")/.." && pwd)/.deps/node"
if [ ! -f "$DEPS_NODE/node_modules/s3rver/package.json" ]; then
    if ! command -v npm >/dev/null 2>&1; then
        $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
    fi
    mkdir -p "$DEPS_NODE"
    if npm install --prefix "$DEPS_NODE" --no-audit --no-fund --loglevel=error s3rver@3 >/dev/null 2>"$DEPS_NODE/npm.log"; then
        rm -f "$DEPS_NODE/s3rver-unavailable" "$DEPS_NODE/npm.log"
        echo "install-deps: s3rver installed in .deps/node"
    else
        reason=$(grep -m1 -oE "(request to|reason:|code) .*" "$DEPS_NODE/npm.log" || true)
        echo "npm install s3rver@3 failed: ${reason:-see .deps/node/npm.log}" >"$DEPS_NODE/s3rver-unavailable"
        echo "install-deps: WARNING: $(cat "$DEPS_NODE/s3rver-unavailable"); the S3 tests will be skipped" >&2
    fi
fi
