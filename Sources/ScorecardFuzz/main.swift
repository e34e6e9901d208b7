// ScorecardFuzz: the long fuzz run. Feeds seeded mutations of a deal history and a scorecard
// (FuzzCorpus) through reading, encoding, scoring, sweeping and fitting, and counts the outcomes.
// Every input must end in a result or a typed error; an untyped error fails the run, and a crash
// or trap ends it (the exit status says so).
//
//   swift run -c release ScorecardFuzz [--inputs 1000000] [--seed 1]
import Foundation
import ScorecardKit
import ScorecardTestSupport

let arguments = Array(CommandLine.arguments.dropFirst())
func option(_ name: String, _ fallback: Int) -> Int {
    guard let k = arguments.firstIndex(of: "--" + name), k + 1 < arguments.count, let v = Int(arguments[k + 1]) else {
        return fallback
    }
    return v
}
let inputs = option("inputs", 1_000_000)
var rng = SplitMix64(seed: UInt64(option("seed", 1)))
var outcomes: [String: Int] = [:]
let start = ContinuousClock.now
for k in 0..<inputs {
    let result =
        k % 5 < 3 ? FuzzCorpus.runCSV(FuzzCorpus.mutatedCSV(&rng)) : FuzzCorpus.runCard(FuzzCorpus.mutatedCard(&rng))
    let key = result.hasPrefix("untyped") ? "untyped" : result
    outcomes[key, default: 0] += 1
    if result.hasPrefix("untyped") { FileHandle.standardError.write("input \(k): \(result)\n".data(using: .utf8)!) }
    if (k + 1) % 100_000 == 0 { FileHandle.standardError.write("\(k + 1) inputs…\n".data(using: .utf8)!) }
}
let elapsed = ContinuousClock.now - start
let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
let json = JSONValue.object([
    ("inputs", .number(Double(inputs))), ("seconds", .number((seconds * 10).rounded() / 10)),
    ("outcomes", .object(outcomes.sorted { $0.key < $1.key }.map { ($0.key, .number(Double($0.value))) })),
])
print(json.rendered(pretty: false))
exit(outcomes["untyped", default: 0] == 0 ? 0 : 1)
