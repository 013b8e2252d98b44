#!/usr/bin/env bash
# CPU instructions per request of the release server, counted by valgrind's callgrind: steady
# on a shared machine where req/s drift by a quarter within an hour. The server runs under
# callgrind on a generated SQLite consultation (SCALE, default 0.1); each scenario is warmed
# up, the counters zeroed, N requests made one after another with curl (not counted), and the
# total divided by N. The page cache is off, so every page is rendered.
#
# Usage: scripts/bench/instructions.sh [N]      (make bench-cpu; N defaults to 200)
#   BIN=path  another build of the server (to compare releases on the same inputs)
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${1:-200}
SCALE=${SCALE:-0.1}
PORT=${POSVET_BENCH_PORT:-3901}
BIN=${BIN:-target/release/posvet}
command -v valgrind >/dev/null || { apt-get update -qq && apt-get install -y -qq valgrind; }
[ -x "$BIN" ] || { echo "no $BIN: run cargo leptos build --release first" >&2; exit 1; }

work=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
url="sqlite://$work/bench.db"
DATABASE_URL="$url" POSVET_DEMO=0 RUST_LOG=warn "$BIN" generate --scale "$SCALE" \
  --sessions 20 --sessions-file "$work/cookies.txt" >/dev/null
cookie="posvet_session=$(head -n1 "$work/cookies.txt")"

DATABASE_URL="$url" LEPTOS_SITE_ADDR=127.0.0.1:$PORT LEPTOS_SITE_ROOT=target/site \
  POSVET_RATE_LIMIT=0 POSVET_PAGE_CACHE_MS=0 RUST_LOG=warn \
  valgrind --tool=callgrind --callgrind-out-file="$work/cg.out" "$BIN" >"$work/server.log" 2>&1 &
pid=$!
until curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1; do
  kill -0 "$pid" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
  sleep 0.2
done

get() { curl -fs -o /dev/null -H 'Accept: text/html' "${@:2}" "http://127.0.0.1:$PORT$1"; }
dumps=0
measure() { # $1 = label, $2 = path, rest = curl options
  local label=$1 path=$2 i
  shift 2
  for i in $(seq 20); do get "$path" "$@"; done
  callgrind_control -z "$pid" >/dev/null
  for i in $(seq "$N"); do get "$path" "$@"; done
  callgrind_control -d "$pid" >/dev/null
  dumps=$((dumps + 1))
  local total
  total=$(awk '/^(summary|totals):/ {print $2; exit}' "$work/cg.out.$dumps")
  printf '| %-36s | %12s |\n' "$label" "$(awk -v t="$total" -v n="$N" 'BEGIN {printf "%\047d", t / n}')"
}

echo "instructions per request (callgrind, $N requests each, SQLite, scale $SCALE, page cache off)"
echo
echo "| request                              | instructions |"
echo "|--------------------------------------|-------------:|"
measure "trivial: GET /robots.txt" /robots.txt
measure "group page, top (anonymous)" "/consultations/1?sort=top"
measure "group page, top, signed in" "/consultations/1?sort=top" -H "Cookie: $cookie"
measure "idea page (anonymous)" /ideas/1
measure "idea page, signed in" /ideas/1 -H "Cookie: $cookie"
