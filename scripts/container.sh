#!/usr/bin/env bash
# Builds the container image (Containerfile) from the static binary, saves it to
# dist/posvet-<version>-image.tar (OCI archive, for `podman load`), and checks it the way these
# machines allow (running containers needs cgroups they lack): the image's filesystem is
# exported and its entry point started from it as the image's user with the image's settings.
# Usage: scripts/container.sh BINARY VERSION
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/wait-healthy.sh
bin=$1 version=$2
image="posvet:$version"
ctx=target/container
rm -rf "$ctx" && mkdir -p "$ctx/data" "$ctx/tmp"
cp "$bin" "$ctx/posvet"
podman build --quiet -f Containerfile -t "$image" "$ctx" > /dev/null
podman save --quiet --format oci-archive -o "dist/posvet-$version-image.tar" "$image"
echo "image $image: dist/posvet-$version-image.tar ($(stat -c %s "dist/posvet-$version-image.tar") bytes)"

root=$(mktemp -d)
chmod 0755 "$root" # the image's / is world-readable; mktemp made it private
server=
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$root" "$root.log"' EXIT
container=$(podman create "$image")
podman export "$container" | tar -x -C "$root"
podman rm --force "$container" > /dev/null
echo "the image holds: $(cd "$root" && find . -mindepth 1 -maxdepth 1 | sort | tr '\n' ' ')"
user=$(podman image inspect --format '{{.Config.User}}' "$image")
mapfile -t envs < <(podman image inspect --format '{{range .Config.Env}}{{println .}}{{end}}' "$image" | grep .)
port=${POSVET_CONTAINER_PORT:-3171}
env -i "${envs[@]}" LEPTOS_SITE_ADDR="127.0.0.1:$port" POSVET_DEMO=1 \
  "$(command -v chroot)" --userspec="$user" "$root" /posvet > "$root.log" 2>&1 &
server=$!
wait_healthy "$port" "$server" "$root.log"
curl -fsS -o /dev/null "http://127.0.0.1:$port/" || { echo "FAILED: the image's binary"; cat "$root.log"; exit 1; }
[ -f "$root/data/posvet.db" ] || { echo "FAILED: no database on the volume"; exit 1; }
echo "ok: the image's /posvet serves as $user, its database in /data"
