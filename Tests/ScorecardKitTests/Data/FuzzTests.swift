import Foundation
import ScorecardTestSupport
import Testing

@testable import ScorecardKit

/// Seeded mutation fuzzing of the CSV reader, the deal table, the encoder and the scorecard
/// loader: every input must end in a result or a typed error — no crash, no hang, no trap.
/// `scripts/fuzz/long-run.sh` runs the same mutations a million times.
///
/// `SCORECARD_FUZZ_INPUTS` sets how many inputs run (3,000 by default, three in five of them CSV, each read both as a history and as leads to score);
/// `.ci/run` runs 1,000 more through `ScorecardFuzz` built with the address sanitizer.
@Suite("Fuzzing")
struct FuzzTests {
    /// How many mutated inputs to run.
    static let inputs =
        ProcessInfo.processInfo.environment["SCORECARD_FUZZ_INPUTS"].flatMap(Int.init).map { max($0, 500) } ?? 3_000

    @Test func mutatedInputsEndInAResultOrATypedError() throws {
        var rng = SplitMix64(seed: 20_261_126)
        var outcomes: [String: Int] = [:]
        let csvInputs = Self.inputs * 3 / 5
        for k in 0..<csvInputs {
            let input = FuzzCorpus.mutatedCSV(&rng)
            let result = FuzzCorpus.runCSV(input)
            outcomes[result, default: 0] += 1
            #expect(!result.hasPrefix("untyped"), "input \(k): \(result)")
        }
        for k in 0..<(Self.inputs - csvInputs) {
            let input = FuzzCorpus.mutatedCard(&rng)
            let result = FuzzCorpus.runCard(input)
            outcomes[result, default: 0] += 1
            #expect(!result.hasPrefix("untyped"), "card \(k): \(result)")
        }
        // Every outcome is a result or one of the library's own error types (an untyped error is a
        // defect), and the mutations reach every reader: each error type occurs, and some inputs
        // still parse.
        let typed: Set<String> = [
            "ok", "not UTF-8", "CSVError", "DealDataError", "ScorecardError", "JSONError", "FitError",
        ]
        #expect(
            Set(outcomes.keys).isSubset(of: typed),
            "outcomes outside the typed set: \(outcomes.keys.filter { !typed.contains($0) })")
        for kind in ["CSVError", "DealDataError", "ScorecardError", "JSONError"] {
            #expect((outcomes[kind] ?? 0) > 0, "no mutation reached \(kind)")
        }
        // One input in a hundred still parses (18 of 1,500, 50 of 5,000 when this was written).
        #expect(
            (outcomes["ok"] ?? 0) >= Self.inputs / 100,
            "fewer than 1% of the mutated inputs still parse: the mutations no longer exercise the full path")
        print(
            "fuzz: \(Self.inputs) inputs:",
            outcomes.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
    }
}
