# Posvet: `make run` starts it, `make test` runs every test. Both install what is missing.
.PHONY: run test test-rust test-e2e build lint bench-quick

export PATH := $(HOME)/.cargo/bin:$(PATH)

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
	cargo test -p app --features ssr --lib --tests

test-e2e:
	scripts/setup.sh --browser
	cargo leptos build
	cd end2end && npx playwright test

lint:
	cargo fmt --all --check
	cargo clippy -p app --features ssr --all-targets -- -D warnings
	cargo clippy -p server -- -D warnings
	cargo clippy -p frontend --target wasm32-unknown-unknown -- -D warnings
