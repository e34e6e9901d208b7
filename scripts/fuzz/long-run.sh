#!/usr/bin/env bash
# The long fuzz run: a million seeded mutated inputs (deal histories and scorecards) through the
# reader, encoder, scoring, sweep and fit, in a release build. Prints one JSON line with the count
# of each outcome and the duration; exits non-zero on any untyped error, crash or trap.
#   bash scripts/fuzz/long-run.sh [INPUTS] [SEED]
set -euo pipefail
cd "$(dirname "$0")/../.."
swift build -c release --product ScorecardFuzz >/dev/null
"$(swift build -c release --show-bin-path)/ScorecardFuzz" --inputs "${1:-1000000}" --seed "${2:-1}"
