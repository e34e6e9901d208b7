// The libFuzzer entry point: coverage-guided fuzzing of the deal-history reader, the encoder, the
// sweep and the fit, compiled together with the ScorecardKit sources by scripts/fuzz/libfuzzer.sh.
// An input that ends in an error that is not one of the library's own aborts (a finding), as
// does any crash, trap or sanitizer report.
#if canImport(Glibc)
import Glibc
#endif

@_cdecl("LLVMFuzzerTestOneInput")
public func scorecardFuzzTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    // Even inputs go to the deal-history path, odd ones to the scorecard loader.
    let outcome = size % 2 == 0 ? FuzzCorpus.runCSV(bytes) : FuzzCorpus.runCard(bytes)
    if outcome.hasPrefix("untyped") { abort() }
    return 0
}
