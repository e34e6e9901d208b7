#!/usr/bin/env bash
# Runs the multi-core code (the parallel reader, its text dictionaries, column typing and packed flags, encoding, Newton
# accumulation by rows and by blocks, scores and the 80% rule's passes split over the cores, the period fits of the diagnostics and its count of lifted SQLs, the review's back-test and
# rounding cost on their own threads) under the thread
# sanitizer. Any data race makes the run fail. About 2 minutes to build on 2 cores and 8 to run.
# The tests run one at a time: run side by side, the sanitizer reported a read by a Newton pass's
# worker in one test against a new array of another test at the same (freed and reused) address,
# which it does not report with the tests one at a time (see issue 17's closing note).
set -euo pipefail
cd "$(dirname "$0")/../.."
swift build --build-tests --sanitize=thread --scratch-path .build-tsan
TSAN_OPTIONS="halt_on_error=1" swift test --skip-build --sanitize=thread --scratch-path .build-tsan --no-parallel \
  --filter "ParallelPathTests|BlockPassTests|recallThresholdWithoutTheSweepEqualsTheSweep|scoresAreTheColumnOrderSum|FittingReferenceTests|patternCompressionGivesTheSameFit|BacktestTests|CompactIngestTests|FieldCodesTests|PackedColumnTests|TextDictionaryTests|StopBytesTests|SignalDiagnosticsTests|sqlInflationOnALargeHistoryEqualsACountByHand|QuarterlyReviewTests"
