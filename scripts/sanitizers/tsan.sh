#!/usr/bin/env bash
# Runs the multi-core code (the parallel reader and column typing, encoding, Newton
# accumulation by rows and by blocks, the period fits of the diagnostics) under the thread
# sanitizer. Any data race makes the run fail. A few minutes to build on 2 cores and to run.
set -euo pipefail
cd "$(dirname "$0")/../.."
swift build --build-tests --sanitize=thread --scratch-path .build-tsan
TSAN_OPTIONS="halt_on_error=1" swift test --skip-build --sanitize=thread --scratch-path .build-tsan \
  --filter "ParallelPathTests|BlockPassTests|FittingReferenceTests|patternCompressionGivesTheSameFit|BacktestTests|CompactIngestTests|SignalDiagnosticsTests"
