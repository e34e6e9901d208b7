// ScorecardBench: times the stages of a refit on a generated deal history and prints one JSON line
// per measurement. Build it optimized: `swift run -c release ScorecardBench [--deals N] [--rules P]`.
//
// The history has the shape of ../shared/bench/peer_bench.py (N deals × P binary signals,
// prevalences U(0.05, 0.5), coefficients N(0, 0.5²), intercept −1), drawn with SplitMix64, so
// pandas / scikit-learn / statsmodels can be timed on the same kind of data; `--csv FILE --card
// CARD` times the very file the peer script wrote instead.
import Foundation
import ScorecardKit

@inline(never) func blackHole<T>(_ x: T) { withExtendedLifetime(x) {} }

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let clock = ContinuousClock()
    let start = clock.now
    try body()
    let d = clock.now - start
    return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
}

func peakMemoryMB() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024  // kilobytes on Linux
}

func emit(_ name: String, _ fields: [(String, JSONValue)]) {
    print(JSONValue.object([("measure", .string(name))] + fields).rendered(pretty: false))
}

#if DEBUG
    FileHandle.standardError.write(
        "warning: ScorecardBench was built without optimization; run it with `swift run -c release ScorecardBench`\n"
            .data(using: .utf8)!)
#endif

let arguments = Array(CommandLine.arguments.dropFirst())
@MainActor func option(_ name: String) -> String? {
    guard let k = arguments.firstIndex(of: "--" + name), k + 1 < arguments.count else { return nil }
    return arguments[k + 1]
}
let deals = Int(option("deals") ?? "") ?? 1_000_000
let rules = Int(option("rules") ?? "") ?? 40
let seed = UInt64(option("seed") ?? "") ?? 20_240_601
let csvPath = option("csv") ?? NSTemporaryDirectory() + "scorecard_bench_\(deals)x\(rules).csv"
let cardPath = option("card")

// MARK: - Generate (unless a CSV is given)
var card: Scorecard
if let cardPath {
    card = try Scorecard(json: String(contentsOfFile: cardPath, encoding: .utf8), file: cardPath)
} else {
    var rng = SplitMix64(seed: seed)
    let prevalence = (0..<rules).map { _ in 0.05 + 0.45 * rng.nextUnit() }
    let beta = (0..<rules).map { _ in 0.5 * rng.nextNormal() }
    let names = (1...rules).map { "s" + ($0 < 10 ? "0" : "") + String($0) }
    card = Scorecard(
        name: "bench", threshold: 0,
        rules: names.map {
            Rule(id: $0, kind: .behavior, signal: $0, measure: .when(.equals(.number(1))), points: 0)
        })
    if option("csv") == nil || !FileManager.default.fileExists(atPath: csvPath) {
        let t = seconds {
            var text = "deal_id,closed_at,outcome," + names.joined(separator: ",") + "\n"
            text.reserveCapacity(deals * (rules * 2 + 32))
            let start = CalendarDate(year: 2020, month: 1, day: 1)!
            for i in 0..<deals {
                var eta = -1.0
                var row = ""
                for j in 0..<rules {
                    let x = rng.nextUnit() < prevalence[j]
                    if x { eta += beta[j] }
                    row += x ? ",1" : ",0"
                }
                let won = rng.nextUnit() < 1 / (1 + exp(-eta))
                text += "D\(i + 1),\(start.adding(days: rng.nextInt(below: 1825))),\(won ? "won" : "lost")" + row + "\n"
            }
            _ = FileManager.default.createFile(atPath: csvPath, contents: Data(text.utf8))
        }
        emit(
            "generate", [("deals", .number(Double(deals))), ("rules", .number(Double(rules))), ("seconds", .number(t))])
    }
}

// MARK: - Ingest, encode, compress, fit
// Ingest reads the file as the commands do (streamed a block at a time), so its time counts
// reading the file, as pandas.read_csv's does.
var table: DealTable!
let ingest = try seconds { table = try DealTable(contentsOfFile: csvPath) }
let mb = Double((try? FileManager.default.attributesOfItem(atPath: csvPath)[.size] as? Int) ?? 0) / 1e6
emit(
    "ingest",
    [
        ("deals", .number(Double(table.count))), ("megabytes", .number(mb)), ("seconds", .number(ingest)),
        ("megabytesPerSecond", .number(mb / ingest)),
    ])

var design: DesignMatrix!
let encode = try seconds { design = try DesignMatrix(card: card, deals: table) }
var patterns: PatternTable!
let compress = seconds { patterns = PatternTable(design) }
emit(
    "encode+compress",
    [
        ("encodeSeconds", .number(encode)), ("compressSeconds", .number(compress)),
        ("patterns", .number(Double(patterns.count))),
    ])

var fit: LogisticFit!
let fitSeconds = try seconds { fit = try LogisticRegression().fit(patterns) }
emit(
    "fit",
    [
        ("seconds", .number(fitSeconds)), ("iterations", .number(Double(fit.iterations))),
        ("patterns", .number(Double(patterns.count))),
        ("endToEndSeconds", .number(ingest + encode + compress + fitSeconds)),
        ("peakMemoryMB", .number(peakMemoryMB())),
    ])

if let path = option("coefficients-out") {
    let json = JSONValue.object([
        ("intercept", .number(fit.intercept.coefficient)),
        ("coefficients", .array(fit.coefficients.map(JSONValue.number))),
    ])
    _ = FileManager.default.createFile(atPath: path, contents: Data(json.rendered().utf8))
}

// Baseline in the same run: the same fit on one row per deal (no pattern compression).
if option("skip-baseline") == nil {
    let perDeal = PatternTable(
        ruleIDs: design.ruleIDs, rows: design.rows, wonWeights: design.won.map { $0 ? 1 : 0 },
        lostWeights: design.won.map { $0 ? 0 : 1 })
    var base: LogisticFit!
    let baseSeconds = try seconds { base = try LogisticRegression().fit(perDeal) }
    let diff = zip(base.coefficients, fit.coefficients).map { abs($0 - $1) }.max() ?? 0
    emit(
        "fit-per-deal-baseline",
        [
            ("seconds", .number(baseSeconds)), ("speedupOfCompression", .number(baseSeconds / fitSeconds)),
            ("maxAbsCoefficientDiff", .number(diff)),
        ])
}

// MARK: - The whole review on the same history (fit, scaling, threshold, bootstrap, flags, hold-out)
if option("skip-review") == nil {  // --skip-review 1 leaves it out
    var review: ReviewResult!
    let t = try seconds { review = try QuarterlyReview().run(deals: table, card: card) }
    emit(
        "review",
        [
            ("deals", .number(Double(table.count))), ("seconds", .number(t)), ("penalty", .string(review.penalty.name)),
            ("holdout", .bool(review.holdout != nil)), ("peakMemoryMB", .number(peakMemoryMB())),
        ])
    var boot: ThresholdInterval?
    let scores = review.revisedCard.scores(design)
    let b = seconds {
        boot = ThresholdBootstrap(resamples: 1_000).interval(scores: scores, won: design.won, rule: .recall(0.8))
    }
    emit(
        "bootstrap",
        [
            ("resamples", .number(1_000)), ("seconds", .number(b)),
            ("thresholdLow", .optional(boot?.threshold.lowerBound)),
        ])
}

// MARK: - Sweep: 10 million scores
if option("skip-sweep") == nil {
    var rng = SplitMix64(seed: seed &+ 1)
    let n = 10_000_000
    let scores = (0..<n).map { _ in Double(rng.nextInt(below: 200)) }
    let won = (0..<n).map { _ in rng.nextUnit() < 0.3 }
    var sweep: ThresholdSweep!
    let t = seconds { sweep = ThresholdSweep(scores: scores, won: won) }
    blackHole(sweep.select(.recall(0.8)))
    // Baseline in the same run: the standard library's sort of the bare scores (less work than
    // a sweep, which also carries the outcomes and counts them).
    var sorted = scores
    let base = seconds { sorted.sort() }
    blackHole(sorted)
    emit(
        "sweep",
        [
            ("scores", .number(Double(n))), ("seconds", .number(t)), ("thresholds", .number(Double(sweep.rows.count))),
            ("stdlibSortBaselineSeconds", .number(base)), ("sweepOverSortRatio", .number(t / base)),
        ])
}
