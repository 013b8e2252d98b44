#!/usr/bin/env bash
# Packs the static binary `scripts/build.sh release` made into
# dist/posvet-<version>-x86_64-linux-musl.tar.gz (binary, README, licence, third-party licences,
# example service and container files) with its SHA-256 beside it, builds the container image
# if podman is here, then checks what ships: the binary alone, in an empty root with nothing
# else in it, serves the demo — pages, the bundle, a cover.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/wait-healthy.sh

version=$(awk -F'"' '/^version = / { print $2; exit }' server/Cargo.toml)
name="posvet-$version-x86_64-linux-musl"
bin=target/x86_64-unknown-linux-musl/release/posvet
say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

[ -x "$bin" ] || { echo "no $bin: run scripts/build.sh release first" >&2; exit 1; }
# A dynamically linked binary names its loader (PT_INTERP); a static one has none.
if readelf --program-headers "$bin" | grep -q 'program interpreter'; then
  echo "$bin is linked dynamically; a release must be static" >&2
  exit 1
fi

say "packing dist/$name.tar.gz"
rm -rf "dist/$name" && mkdir -p "dist/$name"
cp "$bin" README.md LICENSE docs/operating.md docs/posvet.service Containerfile compose.yaml \
  "dist/$name/"
scripts/third-party-licenses.py > "dist/$name/THIRD-PARTY-LICENSES.txt"
# The same bytes from the same inputs: fixed owner, order and times.
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@${SOURCE_DATE_EPOCH:-0}" \
  -C dist -czf "dist/$name.tar.gz" "$name"
(cd dist && sha256sum "$name.tar.gz" > "$name.tar.gz.sha256")
ls -l "dist/$name.tar.gz" "dist/$name/posvet"

# The binary alone in an empty root (chroot as root; otherwise an empty directory): no
# site folder, no migrations, no translations, no libc beside it.
say "serving the demo from the binary alone"
root=$(mktemp -d)
port=${POSVET_RELEASE_PORT:-3170}
tar -xzf "dist/$name.tar.gz" -C "$root" "$name/posvet" --strip-components=1
server=
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$root" "$root.log"' EXIT
# `exec`, so that the background job's pid is the server's and the trap stops it.
run_alone() {
  if [ "$(id -u)" -eq 0 ]; then
    exec env -i LEPTOS_SITE_ADDR="127.0.0.1:$port" DATABASE_URL=sqlite:///posvet.db \
      "$(command -v chroot)" "$root" /posvet
  else
    cd "$root" && exec env -i LEPTOS_SITE_ADDR="127.0.0.1:$port" DATABASE_URL=sqlite://posvet.db ./posvet
  fi
}
start=$(date +%s%N)
run_alone > "$root.log" 2>&1 &
server=$!
wait_healthy "$port" "$server" "$root.log"
echo "answering after $(( ($(date +%s%N) - start) / 1000000 )) ms (demo seeded on first start)"
base="http://127.0.0.1:$port"
check() { # check URL WHAT: fails unless the URL answers 200 with a body
  local bytes
  bytes=$(curl -fsS --compressed -o /dev/null -w '%{size_download}' "$1") \
    || { echo "FAILED: $2 ($1)"; cat "$root.log"; exit 1; }
  [ "$bytes" -gt 0 ] || { echo "FAILED: $2 is empty ($1)"; exit 1; }
  echo "ok: $2 ($bytes bytes sent)"
}
home=$(curl -fsS "$base/")
check "$base/" "home page"
consultation=$(grep -o 'href="/consultations/[0-9]*"' <<< "$home" | head -1 | cut -d'"' -f2)
check "$base$consultation" "a consultation"
page=$(curl -fsS "$base$consultation")
for ext in css js wasm; do
  file=$(grep -o "/pkg/posvet\.[0-9a-f]\{16\}\.$ext" <<< "$page" | head -1) || true
  [ -n "$file" ] || file=$(grep -o "/pkg/posvet\.[0-9a-f]\{16\}\." <<< "$page" | head -1)$ext
  check "$base$file" "the bundle's $ext"
done
cover=$(grep -o '/covers/[^"]*' <<< "$home$page" | head -1)
[ -n "$cover" ] || { echo "FAILED: no cover on the pages"; exit 1; }
check "$base$cover" "a cover picture"
check "$base/communities/digitalna-ljubljana/updates.atom" "the feed"
kill "$server" && wait "$server" 2>/dev/null || true
server=

if command -v podman >/dev/null 2>&1; then
  scripts/container.sh "dist/$name/posvet" "$version"
fi
say "dist/$name.tar.gz: $(stat -c %s "dist/$name.tar.gz") bytes, sha256 $(cut -d' ' -f1 "dist/$name.tar.gz.sha256")"
