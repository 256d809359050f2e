#!/bin/bash
# Builds the Debian packages: the release preset's build directory (or BUILD_DIR), then `cpack`
# (lemm-vault-server, lemm-vault and their -dbgsym), then lintian on each. Prints the packages,
# their sizes and lintian's verdict; exits non-zero on a lintian error.
#   packaging/build-packages.sh [BUILD_DIR [OUT_DIR]]
# BUILD_DIR defaults to build/release (configured and built here when missing), OUT_DIR to
# BUILD_DIR/packages.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/release}
out=${2:-$build/packages}
if [ "$build" = build/release ]; then
  [ -f "$build/CMakeCache.txt" ] || cmake --preset release
  cmake --build --preset release
else
  cmake --build "$build" --target lemm-vault-server lemm-vault lemm_packaging_files -j2
fi
rm -rf "$out"; mkdir -p "$out"
out=$(cd "$out" && pwd)
(cd "$build" && cpack -B "$out" >"$out/cpack.log" 2>&1) || { cat "$out/cpack.log"; exit 1; }
rm -rf "$out/_CPack_Packages"
status=0
for deb in "$out"/*.deb; do
  # Tags that do not apply to packages built outside Debian's archive (docs/packaging.md).
  if ! lintian --tag-display-limit 0 --suppress-tags-from-file packaging/lintian-suppressed \
      "$deb" >"$deb.lintian" 2>&1; then
    grep -q '^E: ' "$deb.lintian" && status=1
  fi
done
printf '%-48s %10s %10s %s\n' PACKAGE SIZE INSTALLED LINTIAN
for deb in "$out"/*.deb "$out"/*.ddeb; do
  [ -e "$deb" ] || continue
  lint=-
  if [ -f "$deb.lintian" ]; then
    lint="$(grep -c '^E: ' "$deb.lintian" || true) errors, $(grep -c '^W: ' "$deb.lintian" || true) warnings"
  fi
  printf '%-48s %10s %8s kB %s\n' "$(basename "$deb")" "$(du -h "$deb" | cut -f1)" \
    "$(dpkg-deb -f "$deb" Installed-Size)" "$lint"
done
for f in "$out"/*.lintian; do grep -E '^(E|W): ' "$f" || true; done
exit $status
