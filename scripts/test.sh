#!/usr/bin/env bash
# The whole test suite, on a fresh machine: installs what it needs, then runs formatting, lints,
# every test (unit, property, simulation, interop with real clients, fuzz-seed replay) and a
# short coverage-guided smoke run of every fuzz target.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

step() { printf '\n=== [%s] %s\n' "$(date +%T)" "$*"; }

step "system packages"
need=()
for pkg in libssl-dev pkg-config; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -q && $sudo_cmd apt-get install -y -q "${need[@]}"
fi

step "python venv with pinned clients"
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/pip install -q -r scripts/requirements.txt
export MTPROTO_TEST_PYTHON="$root/.venv/bin/python"

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy --all-targets -- -D warnings"
cargo clippy --workspace --all-targets -- -D warnings

step "each library builds on its own, as a dependent sees it (no dev-only features)"
for crate in mtproto-crypto mtproto-core updates chat-store; do
  cargo check -q -p "$crate" --lib
done

step "cargo test"
cargo test --workspace

step "fuzz smoke (cargo-fuzz, stable, -s none)"
scripts/fuzz-smoke.sh "${FUZZ_SECONDS:-10}"
