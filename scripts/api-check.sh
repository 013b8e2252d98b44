#!/usr/bin/env bash
# Checks the open-data API against its own OpenAPI document with a third-party tool:
# schemathesis (PyPI) generates requests from the schema, valid and invalid, and checks every
# answer (status documented, JSON matching its schema, no server errors, 405 for other
# methods). Runs the release binary on a fresh SQLite file with the demo consultation.
set -euo pipefail
cd "$(dirname "$0")/.."
port=${POSVET_API_CHECK_PORT:-3190}
dir=target/api-check
rm -rf "$dir" && mkdir -p "$dir"
DATABASE_URL="sqlite://$dir/posvet.db" LEPTOS_SITE_ADDR="127.0.0.1:$port" LEPTOS_SITE_ROOT=target/site \
  POSVET_DEMO=1 POSVET_RATE_LIMIT=0 RUST_LOG=warn "${POSVET_BIN:-target/release/posvet}" > "$dir/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  curl -fs "http://127.0.0.1:$port/healthz" > /dev/null 2>&1 && break
  sleep 0.2
done
# The same examples every run (a seed), so a failure can be repeated.
python3 -m schemathesis.cli run "http://127.0.0.1:$port/api/v1/openapi.json" \
  --url "http://127.0.0.1:$port" --checks all --max-examples 100 --seed 2026 \
  --phases examples,coverage,fuzzing --no-color
