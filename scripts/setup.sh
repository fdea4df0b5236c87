#!/usr/bin/env bash
# Idempotent set-up shared by scripts/run and scripts/test: installs only what is missing.
# Verified versions: trunk 0.21.14, wasm-bindgen-cli 0.2.106 (= the crate pin),
# wasm-opt from npm binaryen 132, playwright-core with Debian's chromium.
set -euo pipefail

need() { command -v "$1" >/dev/null 2>&1; }

if ! need cargo; then
  echo "setup: cargo is missing; install Rust with rustup first" >&2
  exit 1
fi
if need rustup; then
  installed_targets=$(rustup target list --installed)
  grep -qx wasm32-unknown-unknown <<<"$installed_targets" || rustup target add wasm32-unknown-unknown
  installed_components=$(rustup component list --installed)
  grep -q '^clippy' <<<"$installed_components" || rustup component add clippy
  grep -q '^rustfmt' <<<"$installed_components" || rustup component add rustfmt
fi

if ! need chromium || ! need chromedriver; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends chromium chromium-driver
fi

# `cargo install X@V --locked` skips work when that version is installed; check first to keep it quiet.
if ! trunk --version 2>/dev/null | grep -q "0.21.14"; then
  cargo install trunk@0.21.14 --locked
fi
if ! wasm-bindgen --version 2>/dev/null | grep -q "0.2.106"; then
  cargo install wasm-bindgen-cli@0.2.106 --locked
fi

# Every npm package the build and the tests use (package.json pins them).
if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -d node_modules/playwright-core ] || [ ! -d node_modules/axe-core ]; then
  npm ci --no-audit --no-fund
fi
cargo fetch --locked --quiet
