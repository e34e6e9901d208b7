#!/usr/bin/env bash
# Runs the multi-core code (the parallel reader and column typing, encoding and Newton
# accumulation) under the thread sanitizer. Any data race makes the run fail. About a minute to
# build on 2 cores and three to run.
set -euo pipefail
cd "$(dirname "$0")/../.."
swift build --build-tests --sanitize=thread --scratch-path .build-tsan
TSAN_OPTIONS="halt_on_error=1" swift test --skip-build --sanitize=thread --scratch-path .build-tsan \
  --filter "ParallelPathTests|FittingReferenceTests|patternCompressionGivesTheSameFit|BacktestTests|CompactIngestTests"
