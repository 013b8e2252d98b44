# Posvet: `make run` starts it, `make test` runs every test. Both install what is missing.
.PHONY: run test test-rust test-e2e lint bench bench-cpu

export PATH := $(HOME)/.cargo/bin:$(PATH)

# `cargo leptos build` compiles the server with these; giving `cargo test` the same lets both
# share one set of compiled dependencies instead of building everything twice.
SHARED_BUILD_ENV := RUSTFLAGS="--cfg erase_components" LEPTOS_OUTPUT_NAME=posvet

# Runs Posvet on http://127.0.0.1:3000 with a SQLite file in data/ and the demo consultation.
run:
	scripts/setup.sh
	cargo leptos serve --release

# Unit and integration tests on SQLite and PostgreSQL, then Playwright in Chromium.
test: test-rust test-e2e

test-rust:
	scripts/setup.sh
	scripts/postgres.sh
	cargo fmt --all --check
	$(SHARED_BUILD_ENV) cargo test -p app --features test-support --lib --tests
	$(SHARED_BUILD_ENV) cargo test -p server

# The release build: the open-data API against its schema (schemathesis), then the browser
# tests, which check what ships, bundle size included.
test-e2e:
	scripts/setup.sh --browser
	cargo leptos build --release
	scripts/api-check.sh
	cd end2end && npx playwright test

# The benchmark suite: a generated consultation of 10,000 ideas and 1,000,000 votes on SQLite
# and PostgreSQL under wrk; prints the figures that docs/benchmarks.md records.
bench:
	scripts/bench.sh

# CPU instructions per request (valgrind's callgrind), steadier than req/s on a shared machine.
bench-cpu:
	cargo leptos build --release
	scripts/bench/instructions.sh

lint:
	cargo fmt --all --check
	cargo clippy -p app --features test-support --all-targets -- -D warnings
	cargo clippy -p server --all-targets -- -D warnings
	cargo clippy -p frontend --target wasm32-unknown-unknown -- -D warnings
