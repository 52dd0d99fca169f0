#!/usr/bin/env bash
# Builds every cargo-fuzz target and runs each for a few seconds over its seeds.
# Usage: scripts/fuzz-smoke.sh [seconds-per-target] [target...]
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-10}"; shift || true
command -v cargo-fuzz >/dev/null 2>&1 || cargo install --locked cargo-fuzz@0.13.2
targets=("$@")
[ ${#targets[@]} -eq 0 ] && mapfile -t targets < <(cargo fuzz list)
if [ ${#targets[@]} -eq 0 ]; then echo "no fuzz targets"; exit 0; fi
cargo fuzz build -s none
for t in "${targets[@]}"; do
  mkdir -p "fuzz/corpus/$t" "fuzz/seeds/$t"
  dict=(); [ -f "fuzz/dicts/$t.dict" ] && dict=("-dict=fuzz/dicts/$t.dict")
  echo "== $t (${secs}s)"
  cargo fuzz run -s none "$t" "fuzz/corpus/$t" "fuzz/seeds/$t" -- \
    -max_total_time="$secs" -max_len=65536 -rss_limit_mb=1024 "${dict[@]}" -print_final_stats=0
done
