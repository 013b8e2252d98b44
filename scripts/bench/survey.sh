#!/usr/bin/env bash
# A survey of 30 questions answered 100,000 times (posvet generate-survey): its results page
# counted once from every response (the first request) and then served from the figures kept
# for a minute (wrk), and its export written by `posvet export-survey` at 10,000 and at
# 100,000 responses, with the process's peak memory: the same at both sizes when the export
# runs in constant memory. Prints Markdown tables (docs/benchmarks.md).
# Usage: scripts/bench/survey.sh [sqlite|postgres|both]
#   RESPONSES=100000 QUESTIONS=30 BIN=target/x86_64-unknown-linux-musl/release/posvet
set -euo pipefail
cd "$(dirname "$0")/../.."
BACKENDS=${1:-both}
RESPONSES=${RESPONSES:-100000}
QUESTIONS=${QUESTIONS:-30}
BIN=${BIN:-target/x86_64-unknown-linux-musl/release/posvet}
PORT=${POSVET_BENCH_PORT:-3970}
PG_ADMIN=${POSVET_TEST_PG:-postgres://postgres@127.0.0.1:5432/postgres}
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
work=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

database() { # $1 = backend, $2 = name: a fresh empty database's URL
  case $1 in
    sqlite) echo "sqlite://$work/$2.db" ;;
    postgres)
      psql "$PG_ADMIN" -qc "DROP DATABASE IF EXISTS $2" -c "CREATE DATABASE $2" >/dev/null
      echo "${PG_ADMIN%/*}/$2" ;;
  esac
}

# An empty database gets its schema from a first start (without the demo), then the survey.
prepare() { # $1 = URL, $2 = responses; prints the survey's id
  DATABASE_URL="$1" LEPTOS_SITE_ADDR=127.0.0.1:$PORT POSVET_DEMO=0 RUST_LOG=error "$BIN" >"$work/server.log" 2>&1 &
  pid=$!
  until curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1; do sleep 0.05; done
  kill "$pid"; wait "$pid" 2>/dev/null || true; pid=
  DATABASE_URL="$1" RUST_LOG=error "$BIN" generate-survey --responses "$2" --questions "$QUESTIONS" \
    | awk '{print $2}' | tr -d ':'
}

echo "| back-end | responses | first results page (counts every response) | then (kept figures) req/s, p99 | export CSV: time, size, peak RSS | export XLSX: time, size, peak RSS |"
echo "|---|---:|---:|---|---|---|"
for backend in sqlite postgres; do
  [ "$BACKENDS" = both ] || [ "$BACKENDS" = "$backend" ] || continue
  for n in 10000 "$RESPONSES"; do
    url=$(database "$backend" "posvet_survey_bench_$n")
    survey=$(prepare "$url" "$n")
    DATABASE_URL="$url" LEPTOS_SITE_ADDR=127.0.0.1:$PORT LEPTOS_SITE_ROOT=target/site POSVET_DEMO=0 \
      POSVET_RATE_LIMIT=0 POSVET_PAGE_CACHE_MS=0 RUST_LOG=warn "$BIN" >"$work/server.log" 2>&1 &
    pid=$!
    until curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1; do sleep 0.05; done
    first=$(curl -fs -o /dev/null -w '%{time_total}' "http://127.0.0.1:$PORT/surveys/$survey/results")
    out=$(wrk -t2 -c16 -d5s --latency "http://127.0.0.1:$PORT/surveys/$survey/results")
    rps=$(awk '/Requests\/sec/ {printf "%d", $2}' <<<"$out")
    p99=$(awk '$1=="99%" {print $2}' <<<"$out")
    kill "$pid"; wait "$pid" 2>/dev/null || true; pid=
    exports=()
    for format in csv xlsx; do
      t0=$(date +%s%N)
      peak=$( { DATABASE_URL="$url" RUST_LOG=error /usr/bin/time -f '%M' "$BIN" export-survey \
        --survey "$survey" --format "$format" --output "$work/out.$format" >/dev/null; } 2>&1 | tail -n1)
      ms=$(( ($(date +%s%N) - t0) / 1000000 ))
      size=$(stat -c %s "$work/out.$format")
      exports+=("$ms ms, $(( size / 1024 )) KB, $(( peak / 1024 )) MB")
    done
    printf '| %s | %s | %.0f ms | %s req/s, p99 %s | %s | %s |\n' "$backend" "$n" \
      "$(awk "BEGIN {print $first * 1000}")" "$rps" "$p99" "${exports[0]}" "${exports[1]}"
  done
done
