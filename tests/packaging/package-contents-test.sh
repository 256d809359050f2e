#!/bin/bash
# package_contents_test: `cpack` from a build directory into a temporary directory, then checks
# what the packages hold (docs/packaging.md): split server/client, stripped binaries with
# -dbgsym packages, conffile, unit, sysusers.d, man pages, copyright and changelog, AppStream
# metainfo, lintian without errors, the unit's `systemd-analyze security` exposure <= 3.0, and
# that the built server starts on the shipped /etc ini under MemoryDenyWriteExecute.
#   tests/packaging/package-contents-test.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$(cd "$1" && pwd)
src=$(cd "$2" && pwd)
out=$(mktemp -d /tmp/lemm-package-contents.XXXXXX)
trap 'rm -rf "$out"' EXIT
failures=0
check() { # DESCRIPTION COMMAND...: runs COMMAND, counts a failure
  local what=$1; shift
  local log
  if log=$("$@" 2>&1); then
    echo "ok   $what"
  else
    echo "FAIL $what"; sed 's/^/     /' <<<"$log" | tail -n 20; failures=$((failures + 1))
  fi
}
has() { grep -qE "$2" "$out/$1.list"; }
lacks() { ! grep -qE "$2" "$out/$1.list"; }

(cd "$build" && cpack -B "$out" >"$out/cpack.log" 2>&1) || { cat "$out/cpack.log"; exit 1; }
server=$(ls "$out"/lemm-vault-server_*.deb)
client=$(ls "$out"/lemm-vault_*.deb)
for p in server client; do
  deb=${!p}
  dpkg-deb -c "$deb" | awk '{print $6}' >"$out/$p.list"
  mkdir "$out/$p" && dpkg-deb -x "$deb" "$out/$p" && dpkg-deb -e "$deb" "$out/$p/DEBIAN"
done

# Split: each package holds its own program only.
check "server: /usr/bin/lemm-vault-server" has server '^\./usr/bin/lemm-vault-server$'
check "server: no client files" lacks server 'usr/bin/lemm-vault$|applications|metainfo|icons'
check "client: /usr/bin/lemm-vault" has client '^\./usr/bin/lemm-vault$'
check "client: no server files" lacks client 'lemm-vault-server|systemd|sysusers|^\./etc/'
check "debug symbols: lemm-vault-server-dbgsym" ls "$out"/lemm-vault-server-dbgsym_*.ddeb
check "debug symbols: lemm-vault-dbgsym" ls "$out"/lemm-vault-dbgsym_*.ddeb
for bin in server/usr/bin/lemm-vault-server client/usr/bin/lemm-vault; do
  check "$bin is stripped" bash -c "file -b '$out/$bin' | grep -q ', stripped'"
done

# The server's system integration.
check "server: unit" has server '^\./lib/systemd/system/lemm-vault-server\.service$'
check "server: sysusers.d" has server '^\./usr/lib/sysusers\.d/lemm-vault\.conf$'
check "server: /etc ini" has server '^\./etc/lemm-vault/lemm-vault\.ini$'
check "server: ini is a conffile" grep -qx /etc/lemm-vault/lemm-vault.ini "$out/server/DEBIAN/conffiles"
check "server: postinst creates the user" grep -q systemd-sysusers "$out/server/DEBIAN/postinst"
depends=$(dpkg-deb -f "$server" Depends)
check "server: depends on the SQLite driver" grep -q libqt6sql6-sqlite <<<"$depends"
check "server: depends on the PostgreSQL driver" grep -q libqt6sql6-psql <<<"$depends"
check "server: no Qt GUI, Widgets, Multimedia" bash -c "! grep -qE 'libqt6(gui|widgets|multimedia)6' <<<'$depends'"
cdepends=$(dpkg-deb -f "$client" Depends)
for plugin in libqt6sql6-sqlite libqt6multimedia6 qt6-qpa-plugins; do
  check "client: depends on $plugin" grep -q "$plugin" <<<"$cdepends"
done

# Documentation in both.
for p in server client; do
  name=$(dpkg-deb -f "${!p}" Package)
  check "$p: copyright (DEP-5)" grep -q '^Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/' \
    "$out/$p/usr/share/doc/$name/copyright"
  check "$p: changelog.Debian.gz" bash -c "zcat '$out/$p/usr/share/doc/$name/changelog.Debian.gz' | head -n1 | grep -q '^lemm-vault ('"
  bin=$name
  check "$p: man page $bin(1)" bash -c "zcat '$out/$p/usr/share/man/man1/$bin.1.gz' | grep -q '^\.TH \"\\?${bin^^}'"
done
check "client: AppStream metainfo valid" appstreamcli validate --no-net "$out"/client/usr/share/metainfo/*.metainfo.xml
check "client: desktop entry" ls "$out"/client/usr/share/applications/org.lemmvault.LemmVault.desktop

# lintian: no errors (warnings are listed with reasons in docs/packaging.md).
lintian --suppress-tags-from-file "$src/packaging/lintian-suppressed" "$server" "$client" \
  >"$out/lintian.log" 2>&1 || true
grep '^[EW]: ' "$out/lintian.log" || true
check "lintian: no errors" bash -c "! grep -q '^E: ' '$out/lintian.log'"

# The unit's hardening score.
score=$(systemd-analyze security --offline=true "$src/packaging/lemm-vault-server.service" 2>/dev/null |
  sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p')
echo "systemd-analyze security: ${score:-none}"
check "unit exposure ${score:-?} <= 3.0" awk -v s="${score:-99}" 'BEGIN {exit !(s <= 3.0)}'

# The built server accepts the shipped ini and starts with writable+executable memory refused.
mkdir -m 0700 "$out/data"
cp "$out/server/etc/lemm-vault/lemm-vault.ini" "$out/data/lemm-vault.ini"
check "server starts on the shipped ini under MemoryDenyWriteExecute" \
  python3 "$src/tests/packaging/start_server.py" "$build/bin/lemm-vault-server" "$out/data"

echo "$failures failure(s)"
[ "$failures" = 0 ]
