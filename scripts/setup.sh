#!/usr/bin/env bash
# Idempotent set-up shared by scripts/run and scripts/test: installs only what is missing.
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
cargo fetch --locked --quiet
