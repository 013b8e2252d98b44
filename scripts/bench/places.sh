#!/usr/bin/env bash
# Pictures and places (issue 33) on the demo community (its 17 districts drawn as areas): 24
# ideas posted in consultation 1, each in a district, and a photo (1200 × 800) added to every
# idea there. Then, anonymous and without the page cache: the consultation page with a picture
# on every card (the HTML as served, gzipped, and the thumbnails it loads; req/s), the same
# filtered by a district with its map of areas as links, the results page with its two maps
# of ideas and votes per area, and one thumbnail. Prints a Markdown table (docs/benchmarks.md).
# Usage: scripts/bench/places.sh [sqlite|postgres|both]
#   BIN=target/x86_64-unknown-linux-musl/release/posvet DURATION=5s CONNS=16
set -euo pipefail
cd "$(dirname "$0")/../.."
BACKENDS=${1:-both}
BIN=${BIN:-target/x86_64-unknown-linux-musl/release/posvet}
PORT=${POSVET_BENCH_PORT:-3971}
DURATION=${DURATION:-5s}
CONNS=${CONNS:-16}
PG_ADMIN=${POSVET_TEST_PG:-postgres://postgres@127.0.0.1:5432/postgres}
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
work=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
base="http://127.0.0.1:$PORT"

database() { # $1 = backend: a fresh empty database's URL
  case $1 in
    sqlite) echo "sqlite://$work/places.db" ;;
    postgres)
      psql "$PG_ADMIN" -qc "DROP DATABASE IF EXISTS posvet_places_bench" -c "CREATE DATABASE posvet_places_bench" >/dev/null
      echo "${PG_ADMIN%/*}/posvet_places_bench" ;;
  esac
}

# A photo-like PNG (smooth colours and noise: it does not shrink to nothing as a JPEG).
python3 - "$work/photo.png" <<'PY'
import math, random, struct, sys, zlib
w, h = 1200, 800
random.seed(7)
rows = bytearray()
for y in range(h):
    rows.append(0)
    for x in range(w):
        n = random.randint(-14, 14)
        rows += bytes(max(0, min(255, int(v + n))) for v in (
            120 + 80 * math.sin(x / 90), 140 + 60 * math.cos(y / 70), 90 + 50 * math.sin((x + y) / 120)))
chunk = lambda t, d: struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d))
open(sys.argv[1], 'wb').write(b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, 8, 2, 0, 0, 0))
    + chunk(b'IDAT', zlib.compress(bytes(rows), 6)) + chunk(b'IEND', b''))
PY

action() { # $1 = page, $2 = cookie jar, $3 = server function: its form's address on the page
  curl -fs -b "$2" "$base$1" | grep -o "action=\"/api/$3[0-9]*\"" | head -n1 | cut -d'"' -f2
}
post() { # $1 = address, $2 = jar, then fields
  local to=$1 jar=$2; shift 2
  local args=()
  for f in "$@"; do args+=(--data-urlencode "$f"); done
  curl -fs -o /dev/null -b "$jar" -c "$jar" -H "Origin: $base" -H "Accept: text/html" "${args[@]}" "$base$to"
}

measure() { # $1 = path: "req/s, p99"
  local out
  out=$(wrk -t2 -c"$CONNS" -d"$DURATION" --latency "$base$1")
  printf '%s req/s, p99 %s' "$(awk '/Requests\/sec/ {printf "%d", $2}' <<<"$out")" "$(awk '$1=="99%" {print $2}' <<<"$out")"
}
gz_bytes() { # $1 = path: "gzipped as served (uncompressed)" bytes of the response
  local gz plain
  gz=$(curl -fs -H 'Accept-Encoding: gzip' -o /dev/null -w '%{size_download}' "$base$1")
  plain=$(curl -fs -o /dev/null -w '%{size_download}' "$base$1")
  printf '%s B (%s B)' "$gz" "$plain"
}

echo "| back-end | page | HTML as served, gzip (plain) | pictures it loads | req/s, p99 |"
echo "|---|---|---:|---:|---|"
for backend in sqlite postgres; do
  [ "$BACKENDS" = both ] || [ "$BACKENDS" = "$backend" ] || continue
  url=$(database "$backend")
  DATABASE_URL="$url" LEPTOS_SITE_ADDR=127.0.0.1:$PORT LEPTOS_SITE_ROOT=target/site POSVET_DEMO=1 \
    POSVET_RATE_LIMIT=0 POSVET_PAGE_CACHE_MS=0 RUST_LOG=warn "$BIN" >"$work/server.log" 2>&1 &
  pid=$!
  until curl -fs "$base/healthz" >/dev/null 2>&1; do sleep 0.1; done
  jar="$work/jar"
  rm -f "$jar"
  post "$(action /login "$jar" login)" "$jar" email=admin@posvet.example password=posvet-demo-2023 next=
  create=$(action /consultations/1/new "$jar" create_idea)
  for n in $(seq 1 24); do
    post "$create" "$jar" consultation_id=1 "title=Predlog za četrt $n" \
      "body=Opis predloga številka $n, z nekaj besedami več." category= "area=$(( n % 17 + 1 ))"
  done
  for idea in $(curl -fs -b "$jar" "$base/consultations/1?sort=new" | grep -o 'href="/ideas/[0-9]*"' | sort -u | grep -o '[0-9]*'); do
    curl -fs -o /dev/null -b "$jar" -H "Origin: $base" -F "alt=Ulica v četrti, fotografija $idea" \
      -F "picture=@$work/photo.png;type=image/png" "$base/ideas/$idea/pictures"
  done
  page=/consultations/1?sort=new
  html=$(gz_bytes "$page")
  thumbs=$(curl -fs "$base$page" | grep -o '/pictures/[0-9]*-thumb.jpg' | sort -u)
  count=$(wc -l <<<"$thumbs")
  bytes=0
  for t in $thumbs; do bytes=$(( bytes + $(curl -fs -o /dev/null -w '%{size_download}' "$base$t") )); done
  first=$(head -n1 <<<"$thumbs")
  printf '| %s | consultation page, a picture on every card | %s | %d thumbnails, %s B | %s |\n' \
    "$backend" "$html" "$count" "$bytes" "$(measure "$page")"
  printf '| %s | the same filtered by a district (map of 17 areas as links) | %s | — | %s |\n' \
    "$backend" "$(gz_bytes /consultations/1?area=14)" "$(measure /consultations/1?area=14)"
  printf '| %s | results page (two maps of ideas and votes per area, and tables) | %s | — | %s |\n' \
    "$backend" "$(gz_bytes /consultations/1/results)" "$(measure /consultations/1/results)"
  printf '| %s | one thumbnail (%s) | %s B | — | %s |\n' \
    "$backend" "$first" "$(curl -fs -o /dev/null -w '%{size_download}' "$base$first")" "$(measure "$first")"
  kill "$pid"; wait "$pid" 2>/dev/null || true; pid=
done
