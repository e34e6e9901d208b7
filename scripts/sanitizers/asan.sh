#!/usr/bin/env bash
# Runs the memory-unsafe paths (byte-level CSV reading and the quote-free scan, bit-packed rows,
# the radix sort, the pattern hashing, the multi-core Newton accumulation, the file read in pieces
# by pread, the column summary by popcounts, the leads written as bytes) under the address
# sanitizer, with the fuzz test. About 4 minutes to build on 2 cores and 4 to run. `.ci/run` runs
# only the fuzz executable under the sanitizer (the whole test build did not fit its budget); run
# this before landing a change to any of the code above.
# Leak checking is off: the leaks it reports are the runtime's own one-time allocations.
set -euo pipefail
cd "$(dirname "$0")/../.."
swift build --build-tests --sanitize=address --scratch-path .build-asan
SCORECARD_FUZZ_INPUTS=1000 ASAN_OPTIONS=detect_leaks=0 swift test --skip-build --sanitize=address --scratch-path .build-asan \
  --filter "FuzzTests|CSVReaderTests|JSONParserTests|SelectionRuleTests|PatternInputTests|DesignMatrixTests|ParallelPathTests|DealTableTests|CompactIngestTests|FileBlocksTests|ScoredLeadsTests|columnWordsGiveWhatTheRowsGive"
