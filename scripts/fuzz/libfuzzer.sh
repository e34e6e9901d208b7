#!/usr/bin/env bash
# Coverage-guided fuzzing with libFuzzer and the address sanitizer: compiles the ScorecardKit
# sources with scripts/fuzz/FuzzTarget.swift (swiftc -sanitize=fuzzer,address) and runs it on a
# seed corpus of the bundled histories and cards.
#   bash scripts/fuzz/libfuzzer.sh [SECONDS]       # default 60
set -euo pipefail
cd "$(dirname "$0")/../.."
out=.build-fuzz
mkdir -p "$out/corpus"
cp datasets/founder/deals.csv "$out/corpus/founder-deals.csv"
cp datasets/founder/current-scorecard.json "$out/corpus/founder-card.json"
cp datasets/b2b-saas/current-scorecard.json "$out/corpus/b2b-card.json"
head -200 datasets/b2b-saas/deals.csv > "$out/corpus/b2b-head.csv"
swiftc -sanitize=fuzzer,address -parse-as-library -O -module-name ScorecardKit \
  $(find Sources/ScorecardKit -name '*.swift') Sources/ScorecardTestSupport/FuzzCorpus.swift scripts/fuzz/FuzzTarget.swift -o "$out/scorecard-fuzzer"
"$out/scorecard-fuzzer" -max_total_time="${1:-60}" -max_len=65536 -rss_limit_mb=4096 "$out/corpus"
