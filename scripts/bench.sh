#!/usr/bin/env bash
# First performance figures: release server on a fresh SQLite demo database, loaded with wrk
# over loopback. Prints req/s and latency for the group page (top and random order), the
# idea page and a trivial endpoint (/healthz) of the same server, plus RSS, start-up time
# and the size of the wasm bundle.
# Usage: scripts/bench.sh            (expects `cargo leptos build --release` to have run)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }

PORT=${POSVET_BENCH_PORT:-3900}
DURATION=${DURATION:-10s}
CONNS=${CONNS:-64}
BIN=target/release/posvet
[ -x "$BIN" ] || { echo "build first: cargo leptos build --release" >&2; exit 1; }

dir=$(mktemp -d)
trap 'kill $pid 2>/dev/null || true; rm -rf "$dir"' EXIT
start=$(date +%s%N)
DATABASE_URL="sqlite://$dir/bench.db" LEPTOS_SITE_ADDR=127.0.0.1:$PORT LEPTOS_SITE_ROOT=target/site \
  POSVET_RATE_LIMIT=0 RUST_LOG=warn "$BIN" &
pid=$!
until curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null; do sleep 0.01; done
echo "cold start to first response (incl. migrations + demo seed): $(( ($(date +%s%N) - start) / 1000000 )) ms"

run() {
  local name=$1 path=$2
  local out
  out=$(wrk -t2 -c"$CONNS" -d"$DURATION" --latency "http://127.0.0.1:$PORT$path")
  local rps p50 p99
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  printf '%-28s %10s req/s   p50 %8s   p99 %8s\n' "$name" "$rps" "$p50" "$p99"
}

echo "wrk -t2 -c$CONNS -d$DURATION on $(nproc) cores (server and load share them)"
run "trivial (/healthz)" /healthz
run "group page, top" "/groups/1?sort=top"
run "group page, random (seeded)" "/groups/1?sort=random&seed=42"
run "idea page" /ideas/1
echo "server RSS after load: $(awk '/VmRSS/ {print $2, $3}' /proc/$pid/status) (peak $(awk '/VmHWM/ {print $2, $3}' /proc/$pid/status))"
wasm=$(ls target/site/pkg/*.wasm | head -n 1)
echo "wasm bundle: $(stat -c %s "$wasm") bytes raw, $(gzip -9 -c "$wasm" | wc -c) bytes gzipped"
