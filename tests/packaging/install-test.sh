#!/bin/bash
# Install test: the Debian packages on a clean minimal Debian 12 (docs/packaging.md).
#   tests/packaging/install-test.sh [DEB_DIR | --build BUILD_DIR]
# Builds the packages with packaging/build-packages.sh (default build dir: build/release), or
# takes a directory holding lemm-vault-server_*.deb and lemm-vault_*.deb. Then, in a fresh
# `debootstrap --variant=minbase bookworm` chroot (the base tarball is cached under
# ${XDG_CACHE_HOME:-~/.cache}/lemm-vault/):
#   - the server package alone: its dependency closure (size, and no Qt GUI, Widgets, Multimedia
#     or X11), then installed with apt-get; the system user from sysusers.d;
#   - the installed server started as that user under MemoryDenyWriteExecute, its
#     `listening on` line read with a deadline, /health answered, SIGTERM exits 0;
#   - --help, the man pages, the conffile; then the client package and `lemm-vault --version`.
# Needs root, debootstrap and network access to the Debian mirror; skips (exit 0) without them.
set -euo pipefail
cd "$(dirname "$0")/../.."
src=$(pwd)

if [ "$(id -u)" != 0 ]; then echo "install-test: SKIPPED (needs root for the chroot)"; exit 0; fi
if ! command -v debootstrap >/dev/null; then
  echo "install-test: SKIPPED (debootstrap is not installed: packaging/install-deps.sh)"; exit 0
fi

fail() { echo "install-test: FAIL: $*" >&2; exit 1; }
step() { echo "== $*"; }

# --- the packages ------------------------------------------------------------------------------
debs=
case "${1:-}" in
  --build) [ -n "${2:-}" ] || fail "--build needs a build directory"
           packaging/build-packages.sh "$2" >/dev/null || fail "packaging/build-packages.sh $2"
           debs=$2/packages ;;
  "") packaging/build-packages.sh >/dev/null || fail "packaging/build-packages.sh"
      debs=build/release/packages ;;
  *) debs=$1 ;;
esac
debs=$(cd "$debs" && pwd)
server_deb=$(ls "$debs"/lemm-vault-server_*.deb 2>/dev/null | head -n1)
client_deb=$(ls "$debs"/lemm-vault_*.deb 2>/dev/null | head -n1)
[ -n "$server_deb" ] && [ -n "$client_deb" ] || fail "no lemm-vault-server_*.deb / lemm-vault_*.deb in $debs"

# --- a clean Debian 12 --------------------------------------------------------------------------
cache=${XDG_CACHE_HOME:-$HOME/.cache}/lemm-vault
base=$cache/bookworm-minbase.tar
mkdir -p "$cache"
if [ ! -f "$base" ]; then
  step "debootstrap a minimal bookworm (once; cached in $base)"
  mirror=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
  mirror=${mirror:-http://deb.debian.org/debian}
  tmpbase=$(mktemp -d "$cache/base.XXXXXX") && chmod 0755 "$tmpbase"
  debootstrap --variant=minbase bookworm "$tmpbase" "$mirror" >"$cache/debootstrap.log" 2>&1 ||
    { tail -n 20 "$cache/debootstrap.log"; rm -rf "$tmpbase"; fail "debootstrap"; }
  tar -C "$tmpbase" -cf "$base.part" . && mv "$base.part" "$base"
  rm -rf "$tmpbase"
fi

root=$(mktemp -d /tmp/lemm-install-test.XXXXXX)
server_pid=
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  exec 3<&- 2>/dev/null || true
  umount -R "$root/proc" 2>/dev/null || true
  umount -R "$root/dev" 2>/dev/null || true
  umount "$root/var/cache/apt/archives" 2>/dev/null || true
  if ! grep -q " $root/" /proc/mounts; then rm -rf "$root"; fi
}
trap cleanup EXIT
tar -C "$root" -xf "$base"
chmod 0755 "$root" # the chroot's /: the service user must traverse it
cp /etc/resolv.conf "$root/etc/resolv.conf"
printf 'Acquire::Check-Valid-Until "false";\nAcquire::Check-Date "false";\n' \
  >"$root/etc/apt/apt.conf.d/99install-test"
mount -t proc proc "$root/proc"
mount --rbind /dev "$root/dev"
# Downloaded .debs are kept between runs (the repeat run then takes a minute or two).
mkdir -p "$cache/archives/partial"
mount --bind "$cache/archives" "$root/var/cache/apt/archives"
mkdir -p "$root/tmp/debs"
cp "$server_deb" "$client_deb" "$root/tmp/debs/"
sdeb=/tmp/debs/$(basename "$server_deb")
cdeb=/tmp/debs/$(basename "$client_deb")
in_root() {
  chroot "$root" /usr/bin/env -i HOME=/root LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive \
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin "$@"
}
apt_get() { in_root apt-get -y -q -o Dpkg::Use-Pty=0 --no-install-recommends "$@"; }

step "apt-get update"
apt_get update >"$root/tmp/apt-update.log" 2>&1 || { tail "$root/tmp/apt-update.log"; fail "apt-get update"; }

# --- the server's dependency closure ---------------------------------------------------------
# Measured on the bare minbase system, before anything else is installed.
step "server package: what it pulls in"
plan=$(apt_get install -s "$sdeb")
grep -E '^Inst ' <<<"$plan" | awk '{print $2}' >"$root/tmp/server-closure"
n_server=$(wc -l <"$root/tmp/server-closure")
# libx11-6 and libxcb1 do come in, through Debian's FFmpeg (libavutil57 -> VA-API/VDPAU); no
# toolkit, GL or display server may.
for forbidden in libqt6gui6 libqt6widgets6 libqt6multimedia6 libqt6opengl6 libgl1 libegl1 \
    libgtk-3-0 libwayland-client0 libxkbcommon0 qt6-qpa-plugins; do
  if grep -qx "$forbidden" "$root/tmp/server-closure"; then
    fail "the server package pulls in $forbidden"
  fi
done
dep_line=$(dpkg-deb -f "$server_deb" Depends)
for plugin in libqt6sql6-sqlite libqt6sql6-psql; do
  grep -q "$plugin" <<<"$dep_line" || fail "the server package does not depend on $plugin"
done
closure_kb() { # the Installed-Size of the packages listed in FILE (from the archive's index)
  local pkgs
  pkgs=$(grep -v '^lemm-vault' "$root$1" || true)
  [ -n "$pkgs" ] || { echo 0; return; }
  # shellcheck disable=SC2086 # one package name per word
  in_root apt-cache show --no-all-versions $pkgs 2>/dev/null |
    awk '/^Installed-Size:/ {s += $2} END {print s + 0}'
}
kb_server=$(( $(closure_kb /tmp/server-closure) + $(dpkg-deb -f "$server_deb" Installed-Size) ))
echo "server closure on minbase: $n_server packages from the archive, $((kb_server / 1024)) MB installed"

step "install systemd (as on any Debian 12 machine), then the server package"
apt_get install systemd >"$root/tmp/apt-systemd.log" 2>&1 || { tail "$root/tmp/apt-systemd.log"; fail "apt-get install systemd"; }
used_before=$(in_root dpkg-query -W -f='${Installed-Size}\n' | awk '{s+=$1} END {print s}')
apt_get install "$sdeb" >"$root/tmp/apt-server.log" 2>&1 || { tail -n 30 "$root/tmp/apt-server.log"; fail "apt-get install $sdeb"; }
used_after=$(in_root dpkg-query -W -f='${Installed-Size}\n' | awk '{s+=$1} END {print s}')
echo "server package with its dependencies: $(( (used_after - used_before) / 1024 )) MB installed"

step "the system user and group (sysusers.d)"
[ -f "$root/usr/lib/sysusers.d/lemm-vault.conf" ] || fail "no /usr/lib/sysusers.d/lemm-vault.conf"
in_root systemd-sysusers lemm-vault.conf || fail "systemd-sysusers lemm-vault.conf"
in_root getent passwd lemm-vault >/dev/null || fail "the lemm-vault user was not created"
in_root getent group lemm-vault >/dev/null || fail "the lemm-vault group was not created"
home=$(in_root getent passwd lemm-vault | cut -d: -f6)
[ "$home" = /var/lib/lemm-vault ] || fail "lemm-vault's home is $home"
in_root getent passwd lemm-vault | grep -q ':/usr/sbin/nologin$' || fail "lemm-vault can log in"

step "installed files: binary, --help, man page, conffile, unit"
in_root dpkg -s lemm-vault-server | grep -q '^Status: install ok installed' || fail "not installed"
if in_root dpkg -s lemm-vault-server | grep -E '^(Pre-)?Depends:' | grep -qE 'libqt6(gui|widgets|multimedia)6'; then
  fail "dpkg -s lemm-vault-server lists a Qt GUI library"
fi
if in_root ldd /usr/bin/lemm-vault-server | grep -E 'Qt6(Gui|Widgets|Multimedia|OpenGL)|libGL|not found'; then
  fail "ldd lemm-vault-server: GUI library or a missing one"
fi
in_root /usr/bin/lemm-vault-server --help | grep -q 'serve' || fail "lemm-vault-server --help"
[ -f "$root/usr/share/man/man1/lemm-vault-server.1.gz" ] || fail "no man page lemm-vault-server(1)"
zcat "$root/usr/share/man/man1/lemm-vault-server.1.gz" | grep -q '^\.TH' || fail "man page is not roff"
grep -qx /etc/lemm-vault/lemm-vault.ini "$root/var/lib/dpkg/info/lemm-vault-server.conffiles" ||
  fail "/etc/lemm-vault/lemm-vault.ini is not a conffile"
[ -f "$root/lib/systemd/system/lemm-vault-server.service" ] || fail "no unit"
[ -f "$root/usr/share/doc/lemm-vault-server/changelog.Debian.gz" ] || fail "no changelog.Debian.gz"
[ -f "$root/usr/share/doc/lemm-vault-server/copyright" ] || fail "no copyright"

step "start the installed server as lemm-vault (what the unit does; MemoryDenyWriteExecute on)"
# StateDirectory= makes the data directory for the unit; here we make it the same way.
in_root install -d -m 0700 -o lemm-vault -g lemm-vault /var/lib/lemm-vault
in_root /usr/bin/lemm-vault-server serve --help | grep -q -- '--create' ||
  fail "serve --help does not offer --create (the unit's ExecStart uses it)"
mkfifo "$root/tmp/server.out"
# perl (in every Debian) sets PR_SET_MDWE (prctl 65, x86-64 syscall 157) and execs: the kernel
# then refuses writable+executable memory, as the unit's MemoryDenyWriteExecute=yes does.
# Run directly (not through the in_root function) so that $! is the server itself: chroot, env,
# setpriv and perl each exec the next.
chroot "$root" /usr/bin/env -i HOME=/var/lib/lemm-vault LANG=C.UTF-8 PATH=/usr/bin:/bin \
  setpriv --reuid=lemm-vault --regid=lemm-vault --init-groups --no-new-privs \
  perl -e 'syscall(157, 65, 1, 0, 0, 0) == 0 or die "PR_SET_MDWE: $!\n"; exec @ARGV or die' \
  /usr/bin/lemm-vault-server serve --data-dir /var/lib/lemm-vault --create --port 0 \
  >"$root/tmp/server.out" 2>&1 &
server_pid=$!
exec 3<"$root/tmp/server.out"
url=
deadline=$((SECONDS + 60))
while [ $SECONDS -lt $deadline ] && IFS= read -r -t $((deadline - SECONDS)) line <&3; do
  echo "  server: $line"
  case $line in "listening on "*) url=${line#listening on }; break ;; esac
done
[ -n "$url" ] || fail "no 'listening on' line within 60 s"
cat <&3 >"$root/tmp/server.rest" &
body=$(curl -fsS --max-time 10 "$url/health") || fail "GET $url/health"
echo "  /health: $body"
python3 -c 'import json,sys; h=json.loads(sys.argv[1]); assert h["status"]=="ok", h; assert isinstance(h["schema_version"], int), h' "$body" ||
  fail "/health answered $body"
in_root stat -c '%U %a' /var/lib/lemm-vault | grep -qx 'lemm-vault 700' || fail "data directory owner/mode"
kill -TERM "$server_pid"
rc=0; wait "$server_pid" || rc=$?
server_pid=
[ $rc = 0 ] || fail "the server exited with $rc on SIGTERM"

step "client package: install, lemm-vault --version (no display)"
apt_get install -s "$cdeb" | awk '/^Inst / {print $2}' >"$root/tmp/client-closure"
kb_client=$(( $(closure_kb /tmp/client-closure) + $(dpkg-deb -f "$client_deb" Installed-Size) ))
echo "client on top of the server: $(wc -l <"$root/tmp/client-closure") more packages, $((kb_client / 1024)) MB"
apt_get install "$cdeb" >"$root/tmp/apt-client.log" 2>&1 || { tail -n 30 "$root/tmp/apt-client.log"; fail "apt-get install $cdeb"; }
version=$(in_root lemm-vault --version) || fail "lemm-vault --version"
grep -q '^lemm-vault [0-9]' <<<"$version" || fail "lemm-vault --version printed: $version"
[ -f "$root/usr/share/man/man1/lemm-vault.1.gz" ] || fail "no man page lemm-vault(1)"
ls "$root"/usr/share/metainfo/*.metainfo.xml >/dev/null || fail "no AppStream metainfo"
echo "install-test: OK ($version; server closure $n_server packages)"
