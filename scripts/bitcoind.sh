#!/usr/bin/env bash
# Fetches a real bitcoind for tests without touching the system.
#
# Debian bookworm ships no bitcoind; Debian trixie-backports ships Bitcoin Knots (a Bitcoin
# Core derivative with the same RPC). This script points apt at a private sources list and
# state folder, downloads bitcoin-knots plus the shared libraries it links against,
# unpacks them with dpkg-deb into .cache/bitcoind/root, and writes wrappers that start the
# binaries through that folder's own dynamic loader, so trixie's glibc and libstdc++ never
# meet the host's.
#
# Idempotent: when the wrapper already runs, it prints its path and does nothing else.
# Output: the last line on stdout is the absolute path of the bitcoind wrapper.
# Environment: TBG_BITCOIND_CACHE overrides the cache folder;
#              TBG_DEBIAN_MIRROR overrides the Debian mirror URL.
set -euo pipefail

die() { echo "bitcoind.sh: error: $*" >&2; exit 1; }
say() { echo "bitcoind.sh: $*" >&2; }

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cache="${TBG_BITCOIND_CACHE:-$repo_root/.cache/bitcoind}"
mirror="${TBG_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
wrapper="$cache/bin/bitcoind"

works() { [[ -x "$wrapper" ]] && "$wrapper" -version >/dev/null 2>&1; }

if works; then echo "$wrapper"; exit 0; fi

for tool in apt-get apt-cache dpkg-deb dpkg flock; do
  command -v "$tool" >/dev/null || die "'$tool' not found: this script needs a Debian-based system"
done
[[ -r "$keyring" ]] || die "$keyring missing: install the debian-archive-keyring package (it must hold the trixie keys)"

case "$(dpkg --print-architecture)" in
  amd64) triplet=x86_64-linux-gnu; loader=ld-linux-x86-64.so.2 ;;
  arm64) triplet=aarch64-linux-gnu; loader=ld-linux-aarch64.so.1 ;;
  *) die "unsupported architecture $(dpkg --print-architecture) (amd64 and arm64 are handled)" ;;
esac

mkdir -p "$cache"
# Several test files may start a node at once; only one of them downloads.
exec 9>"$cache/.lock"
flock 9
if works; then echo "$wrapper"; exit 0; fi

apt_dir="$cache/apt"
mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial" "$apt_dir/debs"
: >"$apt_dir/status"
cat >"$apt_dir/sources.list" <<EOF
deb [signed-by=$keyring] $mirror trixie main
deb [signed-by=$keyring] $mirror trixie-backports main
EOF
# An empty dpkg status makes apt resolve every dependency as if nothing were installed:
# the host's bookworm libraries are too old for trixie's build and must not count.
apt_opts=(
  -o "Dir::Etc::SourceList=$apt_dir/sources.list"
  -o "Dir::Etc::SourceParts=/dev/null"
  -o "Dir::Etc::Preferences=/dev/null"
  -o "Dir::Etc::PreferencesParts=/dev/null"
  -o "Dir::State=$apt_dir"
  -o "Dir::State::Lists=$apt_dir/lists"
  -o "Dir::State::status=$apt_dir/status"
  -o "Dir::Cache=$apt_dir/cache"
  -o "APT::Sandbox::User=root"
  -o "Acquire::Retries=3"
)

say "updating private package lists for trixie + trixie-backports from $mirror"
if ! apt-get "${apt_opts[@]}" -q update >"$apt_dir/update.log" 2>&1; then
  cat "$apt_dir/update.log" >&2
  die "apt-get update failed (network to the Debian mirror, or a stale keyring?)"
fi
# apt-get update exits 0 even when a suite could not be fetched; the package must resolve.
package="bitcoin-knots"
apt-cache "${apt_opts[@]}" show "$package" >/dev/null 2>&1 ||
  die "package '$package' not found in trixie-backports; see $apt_dir/update.log"

# The runtime closure: the package's library dependencies (lib*, which excludes debconf and
# systemd, only needed by the maintainer scripts we never run), followed recursively.
direct="$(apt-cache "${apt_opts[@]}" depends --no-recommends --no-suggests --no-conflicts \
  --no-breaks --no-replaces --no-enhances "$package" |
  awk '/^ *(\|)?Depends:/ { print $2 }' | grep -E '^lib' | sort -u)"
[[ -n "$direct" ]] || die "could not read the dependencies of $package"
# shellcheck disable=SC2086
closure="$(apt-cache "${apt_opts[@]}" depends --recurse --no-recommends --no-suggests \
  --no-conflicts --no-breaks --no-replaces --no-enhances --no-pre-depends $direct |
  grep -E '^[a-z0-9]' | sort -u)"
packages=("$package" $closure)
say "downloading ${#packages[@]} packages: ${packages[*]}"

debs="$apt_dir/debs"
rm -f "$debs"/*.deb
if ! (cd "$debs" && apt-get "${apt_opts[@]}" -q download "${packages[@]}") >"$apt_dir/download.log" 2>&1; then
  cat "$apt_dir/download.log" >&2
  die "apt-get download failed"
fi

# Unpack into a fresh folder and swap it in whole, so a half-finished run never looks done.
stage="$(mktemp -d "$cache/root.XXXXXX")"
trap 'rm -rf "$stage"' EXIT
for deb in "$debs"/*.deb; do
  dpkg-deb -x "$deb" "$stage" || die "could not unpack $deb"
done
libdirs="/usr/lib/$triplet:/lib/$triplet:/usr/lib:/lib"
[[ -f "$stage/usr/lib/$triplet/$loader" || -f "$stage/lib/$triplet/$loader" ]] ||
  die "the unpacked libc6 has no $loader"
[[ -x "$stage/usr/bin/bitcoind" ]] || die "the unpacked $package has no usr/bin/bitcoind"
rm -rf "$cache/root"
mv "$stage" "$cache/root"
trap - EXIT
# The unpacked tree is all that runs; the archives and apt's binary caches only cost disk.
rm -rf "$debs" "$apt_dir/cache"

mkdir -p "$cache/bin"
for tool in bitcoind bitcoin-cli; do
  [[ -x "$cache/root/usr/bin/$tool" ]] || continue
  cat >"$cache/bin/$tool.tmp" <<EOF
#!/bin/sh
# Runs trixie's $tool with its own loader and libraries (written by scripts/bitcoind.sh).
root="\$(cd "\$(dirname "\$0")/../root" && pwd)"
loader="\$root/usr/lib/$triplet/$loader"
[ -f "\$loader" ] || loader="\$root/lib/$triplet/$loader"
paths=""
for d in $(echo "$libdirs" | tr ':' ' '); do paths="\$paths\${paths:+:}\$root\$d"; done
exec "\$loader" --inhibit-cache --library-path "\$paths" "\$root/usr/bin/$tool" "\$@"
EOF
  chmod +x "$cache/bin/$tool.tmp"
  mv "$cache/bin/$tool.tmp" "$cache/bin/$tool"
done

if ! version="$("$wrapper" -version 2>&1 | head -1)"; then
  echo "$version" >&2
  die "the unpacked bitcoind does not start"
fi
say "ready: $version"
echo "$wrapper"
