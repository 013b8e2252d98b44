#!/usr/bin/env bash
# Posvet's benchmark suite: a large generated consultation (10 groups, 10,000 ideas,
# 100,000 arguments, 1,000,000 votes, 50,000 users) on SQLite and on PostgreSQL, loaded by
# wrk over loopback against the release server. Prints Markdown tables with req/s, p50/p99,
# errors, the ratio to a trivial response of the same server, PSS and anonymous memory, start-up time and the
# size of the islands bundle (docs/benchmarks.md holds the figures and how to read them).
# CPU instructions per request, steadier than req/s: scripts/bench/instructions.sh.
#
# Usage: scripts/bench.sh [sqlite|postgres|both]     (default: both)
#   SCALE=0.1  a smaller consultation     DURATION=10s  per scenario     CONNS=64
#   REUSE_SQLITE=DIR  keep the generated SQLite database in DIR and reuse it next time
#   SKIP_BUILD=1      use the release build as it is
#   Builds what ships first (scripts/build.sh release: the static binary, bundle inside) and
#   measures it; BIN=path measures another build.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

BACKENDS=${1:-both}
SCALE=${SCALE:-1}
DURATION=${DURATION:-10s}
CONNS=${CONNS:-64}
PORT=${POSVET_BENCH_PORT:-3900}
PG_ADMIN=${POSVET_TEST_PG:-postgres://postgres@127.0.0.1:5432/postgres}
BIN=${BIN:-target/x86_64-unknown-linux-musl/release/posvet}

scripts/setup.sh --release >/dev/null
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  scripts/build.sh release >/dev/null 2>&1 || scripts/build.sh release
fi

work=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

ms_since() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }

started_ms=
start_server() { # $1 = DATABASE_URL; sets $pid and $started_ms (time to the first answer)
  local t0; t0=$(date +%s%N)
  DATABASE_URL="$1" LEPTOS_SITE_ADDR=127.0.0.1:$PORT LEPTOS_SITE_ROOT=target/site \
    POSVET_RATE_LIMIT=0 RUST_LOG=warn "$BIN" >>"$work/server.log" 2>&1 &
  pid=$!
  until curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1; do
    kill -0 "$pid" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
    sleep 0.005
  done
  started_ms=$(ms_since "$t0")
}

stop_server() { kill "$pid"; wait "$pid" 2>/dev/null || true; pid=; }

vote_path() { # the vote server function's path, read from the page's vote form
  curl -s -H "Cookie: posvet_session=$(head -n1 "$work/cookies.txt")" "http://127.0.0.1:$PORT/consultations/1?sort=top" \
    | grep -o 'action="/api/vote_idea[^"]*"' | awk 'NR == 1' | sed 's/action="//; s/"$//'
}

trivial_rps=
# The server's memory as it really is: PSS (shared file pages split among the processes that
# map them) and anonymous memory (the heap), from smaps_rollup. RSS counted SQLite's mapped
# file once per pooled connection: 1,069 MB "RSS" was 175 MB PSS, 45 MB of it anonymous.
memory() { # $1 = pid
  awk '/^Pss:/ {pss=$2} /^Anonymous:/ {anon=$2} END {printf "%.0f / %.0f MB", pss/1024, anon/1024}' "/proc/$1/smaps_rollup"
}

scenario() { # $1 = label, $2 = wrk mode or a path
  local label=$1 target=$2 out
  if [[ $target == /* ]]; then
    out=$(wrk -t2 -c"$CONNS" -d"$DURATION" --latency "http://127.0.0.1:$PORT$target")
  else
    out=$(BENCH_MODE=$target wrk -t2 -c"$CONNS" -d"$DURATION" --latency -s scripts/bench/load.lua "http://127.0.0.1:$PORT")
  fi
  local rps p50 p99 errors requests
  rps=$(awk '/Requests\/sec/ {printf "%d", $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  requests=$(awk '/requests in/ {print $1}' <<<"$out")
  errors=$(awk '/Non-2xx or 3xx/ {print $NF}' <<<"$out")
  local socket; socket=$(awk '/Socket errors/ {gsub(",",""); s=0; for(i=1;i<=NF;i++) if ($i ~ /^[0-9]+$/) s+=$i; print s}' <<<"$out")
  errors=$(( ${errors:-0} + ${socket:-0} ))
  [ -z "$trivial_rps" ] && trivial_rps=$rps
  local ratio; ratio=$(awk -v a="$rps" -v b="$trivial_rps" 'BEGIN {printf "%.1f %%", 100*a/b}')
  printf '| %-40s | %8s | %9s | %9s | %7s | %9s | %15s |\n' "$label" "$rps" "$p50" "$p99" "$errors/$requests" "$ratio" "$(memory "$pid")"
}

first_request() { # $1 = label, $2 = path, $3 = signed_in to send the first session's cookie
  local cookie=()
  [ "${3:-}" = signed_in ] && cookie=(-H "Cookie: posvet_session=$(head -n1 "$work/cookies.txt")")
  local code_and_time
  code_and_time=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' "${cookie[@]}" "http://127.0.0.1:$PORT$2")
  awk -v label="$1" '{ if ($1 != 200) { print "    " label ": HTTP " $1; exit 1 }
                       printf "    %s: %.0f ms\n", label, $2 * 1000 }' <<<"$code_and_time"
}

run_backend() { # $1 = sqlite | postgres
  local backend=$1 url
  if [ "$backend" = sqlite ]; then
    url="sqlite://$work/bench.db"
  else
    scripts/postgres.sh >/dev/null
    psql -q "$PG_ADMIN" -c "DROP DATABASE IF EXISTS posvet_bench" -c "CREATE DATABASE posvet_bench" >/dev/null
    url="${PG_ADMIN%/*}/posvet_bench"
  fi
  echo
  echo "## $backend"
  echo
  local keep=${REUSE_SQLITE:-}
  [ "$backend" = sqlite ] || keep=
  if [ -n "$keep" ] && [ -f "$keep/bench.db" ]; then
    cp "$keep"/bench.db* "$keep/cookies.txt" "$work/"
    echo "    (reusing the generated database in $keep)"
  else
    local t0; t0=$(date +%s%N)
    DATABASE_URL="$url" POSVET_DEMO=0 RUST_LOG=warn "$BIN" generate --scale "$SCALE" \
      --sessions 2000 --sessions-file "$work/cookies.txt" | sed 's/^/    /'
    echo "    (generator total $(ms_since "$t0") ms; $(database_size "$backend" "$url"))"
    if [ -n "$keep" ]; then mkdir -p "$keep" && cp "$work"/bench.db* "$work/cookies.txt" "$keep/"; fi
  fi
  # The dashboard is its administrators': the first generated user (line 1 of the cookies)
  # moderates the community; make them its administrator too.
  DATABASE_URL="$url" RUST_LOG=error "$BIN" set-role --email u1@bench.posvet.example \
    --community obsezna-obravnava --role admin >/dev/null
  start_server "$url"
  echo "    cold start to first response: $started_ms ms"
  # Pages whose figures are computed once and then kept a minute: their first request after
  # the start, before anything else asked for them, then the same page again after a vote.
  first_request "results page, group 1, first request" /consultations/1/results
  first_request "dashboard, 90 days, first request" "/communities/obsezna-obravnava/dashboard?days=90" signed_in
  first_request "dashboard, 30 days, first request" "/communities/obsezna-obravnava/dashboard?days=30" signed_in
  export BENCH_GROUPS BENCH_IDEAS BENCH_COOKIES="$work/cookies.txt" BENCH_VOTE_PATH
  BENCH_GROUPS=$(awk -v s="$SCALE" 'BEGIN {g=int(10*s+0.5); if (g<1) g=1; if (g>10) g=10; print g}')
  BENCH_IDEAS=$(awk -v s="$SCALE" 'BEGIN {i=int(10000*s+0.5); if (i<1) i=1; print i}')
  # `posvet generate` makes the first ten ideas of each group measures (ids 1..10 × groups).
  export BENCH_MEASURES=$((BENCH_GROUPS * 10))
  export BENCH_REPORTS BENCH_QUEUE_PAGES
  BENCH_REPORTS=$(awk -v s="$SCALE" 'BEGIN {print int(10000*s+0.5)}')
  BENCH_QUEUE_PAGES=$(awk -v r="$BENCH_REPORTS" 'BEGIN {p=int((r+49)/50); if (p<1) p=1; print p}')
  BENCH_VOTE_PATH=$(vote_path)
  [ -n "$BENCH_VOTE_PATH" ] || { echo "could not find the vote form's action" >&2; exit 1; }
  echo
  echo "wrk -t2 -c$CONNS -d$DURATION, $(nproc) cores shared by server and wrk"
  echo
  echo "| scenario                                 |    req/s |       p50 |       p99 | errors  | vs trivial | PSS / anonymous |"
  echo "|------------------------------------------|---------:|----------:|----------:|--------:|----------:|----------------:|"
  trivial_rps=
  scenario "trivial: GET /robots.txt" /robots.txt
  scenario "group page, top, $BENCH_GROUPS groups (anonymous)" group_top
  scenario "group page, random, new seed each" group_random
  scenario "group page, top, signed in" group_signed_in
  scenario "idea page, $BENCH_IDEAS ideas (anonymous)" idea
  scenario "idea page, signed in" idea_signed_in
  scenario "vote writes (2,000 users, random)" vote
  scenario "mixed: 95 % pages, 5 % votes" mixed
  scenario "moderation queue, $BENCH_REPORTS reported, page 1" queue
  scenario "moderation queue, last page" queue_last
  local peak; peak=$(awk '/VmHWM/ {printf "%.1f MB", $2/1024}' "/proc/$pid/status"); peak="$peak RSS (high-water mark), now $(memory "$pid") PSS / anonymous"
  stop_server
  # The same page rendered for every request: what the page cache saves.
  POSVET_PAGE_CACHE_MS=0 start_server "$url"
  scenario "group page, top, page cache off" group_top
  scenario "idea page, page cache off" idea
  scenario "search, site-wide, page cache off" search
  scenario "search in one group, page cache off" search_group
  scenario "results page, page cache off" results
  scenario "open-data API, 50 ideas a page" api_ideas
  scenario "implementation page, $BENCH_MEASURES measures, page cache off" implementation
  scenario "measure page (charts of 24 readings), page cache off" measure
  scenario "open-data API, all $BENCH_MEASURES measures" api_measures
  stop_server
  echo
  echo "    server RSS peak: $peak"
  local ok; ok=$(DATABASE_URL="$url" RUST_LOG=error "$BIN" check-counters 2>&1 || true)
  echo "    after the load: $ok"
}

database_size() {
  if [ "$1" = sqlite ]; then
    echo "SQLite file $(du -m "$work/bench.db" | cut -f1) MB"
  else
    echo "PostgreSQL database $(psql -tA "$2" -c "SELECT pg_size_pretty(pg_database_size(current_database()))")"
  fi
}

echo "# Posvet benchmark, $(date -u +%Y-%m-%d), $(nproc) cores, scale $SCALE"
case $BACKENDS in
  sqlite | postgres) run_backend "$BACKENDS" ;;
  both) run_backend sqlite; run_backend postgres ;;
  *) echo "usage: scripts/bench.sh [sqlite|postgres|both]" >&2; exit 2 ;;
esac

echo
echo "## start-up and bundle"
echo
rm -f "$work/empty.db"
POSVET_DEMO=1 start_server "sqlite://$work/empty.db"
echo "    cold start on an empty SQLite file (migrations + demo seed): $started_ms ms"
stop_server
t0=$(date +%s%N)
DATABASE_URL="sqlite://$work/empty.db" RUST_LOG=error "$BIN" import-polis \
  app/data/polis/scoop-hivemind.biodiversity --community digitalna-ljubljana >/dev/null
echo "    posvet import-polis of a real conversation (316 statements, 536 participants, 29,719 votes) into that database: $(( ($(date +%s%N) - t0) / 1000000 )) ms"
wasm=$(ls target/site/pkg/*.wasm | head -n 1)
js=$(ls target/site/pkg/*.js | head -n 1)
wasm_gz=$(gzip -9 -c "$wasm" | wc -c)
js_gz=$(gzip -9 -c "$js" | wc -c)
echo "    islands wasm: $(stat -c %s "$wasm") bytes raw, $wasm_gz bytes gzipped"
echo "    JS glue: $(stat -c %s "$js") bytes raw, $js_gz bytes gzipped"
echo "    what a page with islands loads: $((wasm_gz + js_gz)) bytes gzipped (budget 150,000); a page without islands loads none"

echo
echo "## opinion groups (the background computation, made-up votes in three camps)"
echo
for size in 5000x200 50000x1000; do
  echo "    $("$BIN" opinion-groups --synthetic "$size" --votes-each 60)"
done

echo
echo "## a survey of 30 questions, 100,000 responses (results page and export)"
echo
BIN="$BIN" scripts/bench/survey.sh "$BACKENDS"

echo
echo "## pictures on every card, maps of areas (the demo's districts)"
echo
BIN="$BIN" scripts/bench/places.sh "$BACKENDS"
