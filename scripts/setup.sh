#!/usr/bin/env bash
# Installs what building and testing Posvet needs, skipping whatever is already present.
# Usage: scripts/setup.sh [--browser | --release | --dev]   (--browser adds Chromium, Java and
# the Playwright packages; --release the musl target; --dev cargo-leptos for `cargo leptos watch`)
set -euo pipefail
cd "$(dirname "$0")/.."

CARGO_LEPTOS_VERSION=0.3.10
BINARYEN_VERSION=132
# wasm-bindgen-cli must match the wasm-bindgen library in Cargo.lock exactly.
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/version = |"/, ""); print; exit}' Cargo.lock)

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
export PATH="$HOME/.cargo/bin:$PATH"

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# cargo-leptos only for `cargo leptos watch` while developing: `make run`, `make test` and
# `make release` build the same site with scripts/build.sh (cargo, wasm-bindgen, wasm-opt).
if [ "${1:-}" = "--dev" ] && [ "$(cargo leptos --version 2>/dev/null | awk '{print $2}')" != "$CARGO_LEPTOS_VERSION" ]; then
  say "installing cargo-leptos $CARGO_LEPTOS_VERSION (about 17 minutes, once)"
  cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked
fi

if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WASM_BINDGEN_VERSION" ]; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  # Not --locked: one of its locked dependencies is no longer in the registry.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

if ! command -v wasm-opt >/dev/null 2>&1; then
  say "installing wasm-opt (binaryen@$BINARYEN_VERSION) for release builds"
  npm install -g "binaryen@$BINARYEN_VERSION" --no-audit --no-fund
fi

# Minifies the bundle's JavaScript and CSS (scripts/build.sh); one prebuilt binary from npm.
ESBUILD_VERSION=0.28.2
if [ "$(esbuild --version 2>/dev/null)" != "$ESBUILD_VERSION" ]; then
  say "installing esbuild $ESBUILD_VERSION (minifies the bundle's JS and CSS)"
  npm install -g "esbuild@$ESBUILD_VERSION" --no-audit --no-fund
fi

# A real SMTP server for the mail tests (Python's aiosmtpd, from PyPI), pinned.
AIOSMTPD_VERSION=1.4.6
if ! python3 -c "import aiosmtpd, sys; sys.exit(aiosmtpd.__version__ != '$AIOSMTPD_VERSION')" 2>/dev/null; then
  say "installing aiosmtpd $AIOSMTPD_VERSION (the SMTP server of the mail tests)"
  python3 -m pip install --quiet --disable-pip-version-check "aiosmtpd==$AIOSMTPD_VERSION"
fi

if [ "${1:-}" = "--browser" ]; then
  # The open-data API's schema checked against the running server (schemathesis), and the
  # exported workbooks read back the way a spreadsheet library reads them (openpyxl); pinned.
  SCHEMATHESIS_VERSION=4.32.5
  OPENPYXL_VERSION=3.1.5
  if ! python3 -c "import importlib.metadata as m, sys; sys.exit(m.version('schemathesis') != '$SCHEMATHESIS_VERSION' or m.version('openpyxl') != '$OPENPYXL_VERSION')" 2>/dev/null; then
    say "installing schemathesis $SCHEMATHESIS_VERSION and openpyxl $OPENPYXL_VERSION"
    python3 -m pip install --quiet --disable-pip-version-check \
      "schemathesis==$SCHEMATHESIS_VERSION" "openpyxl==$OPENPYXL_VERSION"
  fi
fi

apt_install() {
  if [ "$(id -u)" -eq 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"
  else
    sudo apt-get update -qq
    sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"
  fi
}

# The monitoring test scrapes /metrics with a real Prometheus and checks it with promtool.
if ! command -v prometheus >/dev/null 2>&1 || ! command -v promtool >/dev/null 2>&1; then
  say "installing Debian's prometheus (the metrics test's scraper and promtool)"
  apt_install prometheus
fi

# The static release binary (make release): Rust's musl target and musl's gcc wrapper, which
# the C parts (SQLite, ring, mimalloc) are compiled with.
if [ "${1:-}" = "--release" ]; then
  if ! rustup target list --installed | grep -qx x86_64-unknown-linux-musl; then
    say "adding the x86_64-unknown-linux-musl target"
    rustup target add x86_64-unknown-linux-musl
  fi
  if ! command -v musl-gcc >/dev/null 2>&1; then
    say "installing Debian's musl-tools"
    apt_install musl-tools
  fi
  # Builds the container image (running one is not needed).
  if ! command -v podman >/dev/null 2>&1; then
    say "installing Debian's podman"
    apt_install podman
  fi
fi

if [ "${1:-}" = "--browser" ]; then
  if ! command -v chromium >/dev/null 2>&1; then
    say "installing Debian's chromium"
    apt_install chromium
  fi
  if ! command -v java >/dev/null 2>&1; then
    say "installing Debian's Java runtime (for the Nu HTML checker)"
    apt_install default-jre-headless
  fi
  if [ ! -d end2end/node_modules/@playwright/test ] || [ ! -d end2end/node_modules/@axe-core/playwright ] \
    || [ ! -f end2end/node_modules/vnu-jar/build/dist/vnu.jar ] || [ ! -d end2end/node_modules/oidc-provider ]; then
    say "installing the Playwright packages, the test OpenID provider and the Nu HTML checker (no browser or Java download)"
    # --ignore-scripts: no package may fetch a browser or a Java runtime of its own.
    (cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --ignore-scripts)
  fi
fi
