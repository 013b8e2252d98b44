#!/usr/bin/env bash
# An export under load: the whole community's export downloaded through the server by its
# administrator while wrk reads the group page (page cache off, so every request renders).
# Prints, per format, the export's time and size, the server's peak memory, and the group
# page's p50/p99 alone and during the export.
# Usage: scripts/bench/export.sh DATABASE_URL SESSIONS_FILE
#   (a database made by `posvet generate --sessions N --sessions-file SESSIONS_FILE`;
#   user 1, whose session is the file's first line, is made a site administrator)
set -euo pipefail
cd "$(dirname "$0")/../.."
url=$1 sessions=$2
port=${PORT:-3960} BIN=${BIN:-target/release/posvet} CONNS=${CONNS:-8}
slug=obsezna-obravnava
cookie="posvet_session=$(head -n1 "$sessions")"
DATABASE_URL="$url" RUST_LOG=error "$BIN" site-admin --email u1@bench.posvet.example >/dev/null

start() {
  DATABASE_URL="$url" LEPTOS_SITE_ADDR=127.0.0.1:$port LEPTOS_SITE_ROOT=target/site \
    POSVET_RATE_LIMIT=0 POSVET_PAGE_CACHE_MS=0 POSVET_DEMO=0 RUST_LOG=warn "$BIN" >/tmp/export-bench.log 2>&1 &
  pid=$!
  until curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; do sleep 0.05; done
}
stop() { kill "$pid"; wait "$pid" 2>/dev/null || true; }
group_load() { # $1 = seconds
  BENCH_MODE=group_top BENCH_GROUPS=10 wrk -t1 -c"$CONNS" -d"$1"s --latency -s scripts/bench/load.lua \
    "http://127.0.0.1:$port"
}
figures() { awk '$1=="50%" {p50=$2} $1=="99%" {p99=$2} /Requests\/sec/ {rps=int($2)} END {print p50 " / " p99 " / " rps}'; }

export_once() { # $1 = format, $2 = file
  curl -fs -o "$2" -H "Cookie: $cookie" -H "Origin: http://127.0.0.1:$port" \
    --data "consultation=&format=$1" "http://127.0.0.1:$port/communities/$slug/export"
}

echo "| format | file | export time | server peak RSS (at start) | group page alone p50 / p99 / req/s | during the export p50 / p99 / req/s |"
echo "|---|---:|---:|---:|---|---|"
for format in ${FORMATS:-xlsx json csv-ideas}; do
  start
  curl -fs "http://127.0.0.1:$port/consultations/1?sort=top" >/dev/null
  alone=$(group_load 10 | figures)
  before=$(awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$pid/status")
  out=$(mktemp)
  # First alone (its time, and the memory it takes), then again under the page load, which
  # runs as long as the export took alone (wrk cannot be stopped early from a script: a
  # background job ignores SIGINT): the export is under way the whole time.
  t0=$(date +%s%N)
  export_once "$format" "$out"
  ms=$(( ($(date +%s%N) - t0) / 1000000 ))
  peak=$(awk '/VmHWM/ {printf "%.0f", $2/1024}' "/proc/$pid/status")
  export_once "$format" "$out.2" &
  download=$!
  t1=$(date +%s%N)
  during=$(group_load $(( ms / 1000 > 1 ? ms / 1000 : 1 )) | figures)
  wait "$download"
  loaded_ms=$(( ($(date +%s%N) - t1) / 1000000 ))
  size=$(du -m "$out" | cut -f1)
  printf '| %s | %s MB | %s ms (%s ms under load) | %s MB (%s MB) | %s | %s |\n' "$format" "$size" "$ms" \
    "$loaded_ms" "$peak" "$before" "$alone" "$during"
  rm -f "$out" "$out.2"
  stop
done
