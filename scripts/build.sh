#!/usr/bin/env bash
# Builds Posvet the way `cargo leptos build --release` does, with the tools scripts/setup.sh
# installs in minutes instead of cargo-leptos' 17: cargo, wasm-bindgen, wasm-opt, esbuild.
#
#   scripts/build.sh site      the browser bundle in target/site/pkg: posvet.wasm (wasm-release
#                              profile, then wasm-opt -Oz), posvet.js (wasm-bindgen's glue,
#                              minified) and posvet.css (style/main.css, minified)
#   scripts/build.sh server    the site, then target/release/posvet with the site inside it
#                              (make run: compiled for a short first run, see below)
#   scripts/build.sh release   the site, then a static musl binary with the site inside it,
#                              target/x86_64-unknown-linux-musl/release/posvet
# Further arguments go to the server's cargo build (e.g. --timings: where the time goes).
#
# The server fingerprints the bundle itself (server/src/bundle.rs), so the names stay plain
# here. Each step prints how long it took.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

# What cargo-leptos passes to both builds (the server reads the output name at compile time).
export LEPTOS_OUTPUT_NAME=posvet LEPTOS_SITE_ROOT=target/site LEPTOS_SITE_PKG_DIR=pkg
# `make run` compiles the server's views with their types erased (`--cfg erase_components`,
# as the tests do): 6.5 instead of 10 minutes from a clean clone on 2 cores, for pages that
# cost about 16 % more instructions to render (docs/benchmarks.md). What ships — the static
# release, which `make bench` measures — keeps the types. The wasm never erases them
# (cargo-leptos does not either).
quick_rustflags="--cfg erase_components"

# Browsers the stylesheet and script are written down for (what browserslist calls "defaults").
TARGETS=chrome109,edge109,firefox115,safari15.4,ios15.4

pkg=target/site/pkg
step() {
  local name=$1
  shift
  local start=$SECONDS
  "$@"
  printf '\033[1m==> %s: %d s\033[0m\n' "$name" $((SECONDS - start))
}

site() {
  step "wasm (cargo, wasm-release)" \
    cargo build --package=frontend --lib --target=wasm32-unknown-unknown \
    --no-default-features --profile=wasm-release
  mkdir -p "$pkg"
  step "wasm-bindgen" wasm-bindgen --target=web --out-name=posvet --out-dir="$pkg" \
    --no-typescript target/wasm32-unknown-unknown/wasm-release/frontend.wasm
  mv "$pkg/posvet_bg.wasm" "$pkg/posvet.wasm"
  step "wasm-opt -Oz" wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
    "$pkg/posvet.wasm" -o "$pkg/posvet.wasm"
  step "JS minified" esbuild "$pkg/posvet.js" --minify --format=esm --target="$TARGETS" \
    --log-level=warning --allow-overwrite --outfile="$pkg/posvet.js"
  step "CSS minified" esbuild style/main.css --minify --target="$TARGETS" \
    --log-level=warning --outfile="$pkg/posvet.css"
}

case "${1:-}" in
  site)
    site
    ;;
  server)
    site
    RUSTFLAGS=$quick_rustflags step "server (cargo, release, types erased)" cargo build --package=server --bin=posvet --release \
      --no-default-features --features=embed-site "${@:2}"
    ;;
  release)
    site
    # Static: musl's libc is linked in, so the binary runs on any x86-64 Linux, alone.
    step "server (cargo, release, static musl)" cargo build --package=server --bin=posvet \
      --release --no-default-features --features=embed-site \
      --target=x86_64-unknown-linux-musl "${@:2}"
    ;;
  *)
    echo "usage: scripts/build.sh site|server|release" >&2
    exit 2
    ;;
esac
