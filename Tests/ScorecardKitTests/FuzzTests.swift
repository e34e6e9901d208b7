import Foundation
import Testing
@testable import ScorecardKit

/// Seeded mutation fuzzing of the CSV reader, the deal table, the encoder and the scorecard
/// loader: every input must end in a result or a typed error — no crash, no hang, no trap.
/// `scripts/fuzz/long-run.sh` runs the same mutations a million times.
@Suite("Fuzzing")
struct FuzzTests {
    @Test func fiveThousandMutatedInputsEndInAResultOrATypedError() throws {
        var rng = SplitMix64(seed: 20_261_126)
        var outcomes: [String: Int] = [:]
        for k in 0..<3_000 {
            let input = FuzzCorpus.mutatedCSV(&rng)
            let result = FuzzCorpus.runCSV(input)
            outcomes[result, default: 0] += 1
            #expect(!result.hasPrefix("untyped"), "input \(k): \(result)")
        }
        for k in 0..<2_000 {
            let input = FuzzCorpus.mutatedCard(&rng)
            let result = FuzzCorpus.runCard(input)
            outcomes[result, default: 0] += 1
            #expect(!result.hasPrefix("untyped"), "card \(k): \(result)")
        }
        let total = outcomes.values.reduce(0, +)
        #expect(total == 5_000)
        // The mutations reach both sides: some inputs still parse, many are rejected.
        #expect((outcomes["ok"] ?? 0) > 50 && total - (outcomes["ok"] ?? 0) > 1_000)
        print("fuzz: 5000 inputs:", outcomes.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
    }
}
