# Posvet: `make run` starts it, `make test` runs every test. Both install what is missing.
.PHONY: run test test-rust test-e2e release lint bench bench-cpu

export PATH := $(HOME)/.cargo/bin:$(PATH)

# What the tests compile with (scripts/build.sh gives its server builds the same flags).
SHARED_BUILD_ENV := RUSTFLAGS="--cfg erase_components" LEPTOS_OUTPUT_NAME=posvet

# Runs Posvet on http://127.0.0.1:3000 with a SQLite file in data/ and the demo consultation.
run:
	scripts/setup.sh
	scripts/build.sh server
	target/release/posvet

# Unit and integration tests on SQLite and PostgreSQL, then Playwright in Chromium.
test: test-rust test-e2e

test-rust:
	scripts/setup.sh
	scripts/postgres.sh
	cargo fmt --all --check
	$(SHARED_BUILD_ENV) cargo test -p app --features test-support --lib --tests
	$(SHARED_BUILD_ENV) cargo test -p server

# The browser bundle as it ships (scripts/build.sh site), served by the server binary the Rust
# tests built (same code, compiled without optimisation, so no second 20-minute server build):
# the open-data API against its schema (schemathesis), then the browser tests, bundle size
# included. The shipped binary itself is checked by `make release`.
test-e2e:
	scripts/setup.sh --browser
	$(SHARED_BUILD_ENV) cargo test -p server --no-run
	scripts/build.sh site
	POSVET_BIN=target/debug/posvet scripts/api-check.sh
	cd end2end && POSVET_E2E_BIN=target/debug/posvet npx playwright test

# dist/posvet-<version>-x86_64-linux-musl.tar.gz: one static binary with the site inside, the
# README, the licences and a checksum; then serves the demo from the binary alone.
release:
	scripts/setup.sh --release
	scripts/build.sh release
	scripts/release.sh

# The benchmark suite: a generated consultation of 10,000 ideas and 1,000,000 votes on SQLite
# and PostgreSQL under wrk; prints the figures that docs/benchmarks.md records.
bench:
	scripts/bench.sh

# CPU instructions per request (valgrind's callgrind), steadier than req/s on a shared machine.
bench-cpu:
	scripts/setup.sh --release
	scripts/build.sh release
	scripts/bench/instructions.sh

lint:
	cargo fmt --all --check
	cargo clippy -p app --features test-support --all-targets -- -D warnings
	cargo clippy -p server --all-targets -- -D warnings
	cargo clippy -p frontend --target wasm32-unknown-unknown -- -D warnings
