import ScorecardTestSupport
import Testing

@testable import ScorecardKit

/// The threshold bootstrap on a fixed seed against a second implementation written here, deal by
/// deal, from the documented procedure: draw n deals with replacement, pick the 80% rule's
/// threshold on the resample by sorting its won scores, and take the percentiles
/// s[⌊0.025(m−1)⌋] and s[⌈0.975(m−1)⌉] of the m results.
@Suite("Threshold bootstrap against a second implementation")
struct ThresholdBootstrapReferenceTests {
    /// With the deals sorted by score (ascending), won before lost at a tie, a uniform u in
    /// [0, n) drawn from the same SplitMix64 stream picks deal ⌊u⌋, which lies in the very cell
    /// (score × outcome) the cell-count draw picks, so both give the same resamples and the
    /// intervals must be equal, number for number.
    @Test(arguments: [(UInt64(7), 60), (UInt64(8), 250)]) func intervalsEqualADealByDealBootstrap(
        seed: UInt64, deals n: Int
    ) throws {
        var data = SplitMix64(seed: seed)
        var deals: [(score: Double, won: Bool)] = (0..<n).map { _ in
            let s = Double(data.nextInt(below: 21) * 5)
            return (s, data.nextBool(probability: 0.15 + s / 150))
        }
        let resamples = 300
        let bootstrapSeed = seed &+ 100
        let interval = try #require(
            ThresholdBootstrap(resamples: resamples, seed: bootstrapSeed)
                .interval(scores: deals.map(\.score), won: deals.map(\.won), rule: .recall(0.8)))

        deals.sort { $0.score != $1.score ? $0.score < $1.score : ($0.won && !$1.won) }
        var rng = SplitMix64(seed: bootstrapSeed)
        var thresholds: [Double] = []
        var recalls: [Double] = []
        var precisions: [Double] = []
        var failed = 0
        for _ in 0..<resamples {
            let drawn = (0..<n).map { _ in deals[Int(rng.nextUnit() * Double(n))] }
            let wonScores = drawn.filter(\.won).map(\.score).sorted(by: >)
            guard !wonScores.isEmpty else {
                failed += 1
                continue
            }
            // The 80% rule: the highest threshold with at least ⌈0.8·W⌉ won deals at or above it.
            let needed = Int((0.8 * Double(wonScores.count) - 1e-9 * Double(max(1, wonScores.count))).rounded(.up))
            let t = wonScores[needed - 1]
            let above = drawn.filter { $0.score >= t }
            let wonAbove = above.filter(\.won).count
            thresholds.append(t)
            recalls.append(Double(wonAbove) / Double(wonScores.count))
            precisions.append(Double(wonAbove) / Double(above.count))
        }
        func percentile(_ v: [Double]) -> [Double] {
            let s = v.sorted()
            return [
                s[Int((0.025 * Double(s.count - 1)).rounded(.down))],
                s[Int((0.975 * Double(s.count - 1)).rounded(.up))],
            ]
        }
        #expect(interval.failed == failed && interval.resamples == resamples)
        #expect([interval.threshold.lowerBound, interval.threshold.upperBound] == percentile(thresholds))
        #expect(
            worstRelativeError([interval.recall.lowerBound, interval.recall.upperBound], percentile(recalls)) < 1e-12)
        #expect(
            worstRelativeError([interval.precision.lowerBound, interval.precision.upperBound], percentile(precisions))
                < 1e-12)
    }

    /// A closed form: when every won deal has the same score, every resample with a won deal
    /// selects that score and keeps all its won deals, so the interval is that single point and
    /// recall is exactly 1.
    @Test func oneWonScoreGivesAPointInterval() throws {
        let scores: [Double] = [10, 20, 30, 40, 50, 60, 70, 40, 40, 40, 40, 40]
        let won = scores.indices.map { $0 >= 7 }
        let interval = try #require(
            ThresholdBootstrap(resamples: 200, seed: 3).interval(scores: scores, won: won, rule: .recall(0.8)))
        #expect(interval.threshold == 40...40 && interval.recall == 1...1)
    }
}
