import ScorecardTestSupport
import Testing

@testable import ScorecardKit

/// The back-test's paired bootstrap against the implementation it replaced, kept here as the
/// reference: each resample redraws the count of every (current score, revised score, outcome)
/// cell — a multinomial draw of the deals up to 20,000 deals, else a Poisson(count) per cell by
/// SplitMix64's own one-draw-at-a-time Knuth method — and ranks and sweeps the cells themselves.
/// The tool adds the cells' counts up per score level of each card instead, and draws its
/// uniforms a block ahead; from the same seed both must give the same intervals, number for number.
@Suite("Paired bootstrap of the back-test")
struct PairedBootstrapTests {
    /// The replaced implementation: cells, their counts redrawn, AUC and the rule's precision
    /// computed over the cells.
    static func reference(
        current: [Double], revised: [Double], won: [Bool], resamples: Int, rule: ThresholdRule,
        seed: UInt64
    ) -> (auc: Difference?, precision: Difference?) {
        var rng = SplitMix64(seed: seed)
        var index: [[Double]: Int] = [:]
        var cellC: [Double] = []
        var cellR: [Double] = []
        var cellW: [Bool] = []
        var counts: [Double] = []
        for i in won.indices {
            let key = [current[i] + 0, revised[i] + 0, won[i] ? 1 : 0]
            if let k = index[key] {
                counts[k] += 1
                continue
            }
            index[key] = counts.count
            cellC.append(current[i])
            cellR.append(revised[i])
            cellW.append(won[i])
            counts.append(1)
        }
        let total = counts.reduce(0, +)
        var cumulative = counts
        for k in 1..<cumulative.count { cumulative[k] += cumulative[k - 1] }
        var auc: [Double] = []
        var precision: [Double] = []
        for _ in 0..<resamples {
            var draw = [Double](repeating: 0, count: counts.count)
            if total <= 20_000 {
                for _ in 0..<Int(total) {
                    // The first cell whose cumulative count exceeds u.
                    let u = rng.nextUnit() * total
                    var lo = 0
                    var hi = cumulative.count - 1
                    while lo < hi {
                        let mid = (lo + hi) / 2
                        if cumulative[mid] > u { hi = mid } else { lo = mid + 1 }
                    }
                    draw[lo] += 1
                }
            } else {
                for k in counts.indices {
                    let mean = counts[k]
                    draw[k] =
                        mean < 30
                        ? Double(rng.nextPoisson(mean: mean))
                        : Double(max(0, Int((mean + mean.squareRoot() * rng.nextNormal()).rounded())))
                }
            }
            let a =
                RankingMetrics(scores: cellR, won: cellW, weights: draw).auc
                - RankingMetrics(scores: cellC, won: cellW, weights: draw).auc
            if a.isFinite { auc.append(a) }
            if let pr = ThresholdSweep(scores: cellR, won: cellW, weights: draw).select(rule)?.precision,
                let pc = ThresholdSweep(scores: cellC, won: cellW, weights: draw).select(rule)?.precision
            {
                precision.append(pr - pc)
            }
        }
        func summary(_ v: [Double], point: Double?) -> Difference? {
            guard let point, !v.isEmpty else { return nil }
            let s = v.sorted()
            return Difference(
                value: point, low: s[Int((0.025 * Double(s.count - 1)).rounded(.down))],
                high: s[Int((0.975 * Double(s.count - 1)).rounded(.up))])
        }
        let aucPoint = RankingMetrics(scores: revised, won: won).auc - RankingMetrics(scores: current, won: won).auc
        let precisionPoint = ThresholdSweep(scores: revised, won: won).select(rule).flatMap { r in
            ThresholdSweep(scores: current, won: won).select(rule).map { r.precision - $0.precision }
        }
        return (summary(auc, point: aucPoint.isFinite ? aucPoint : nil), summary(precision, point: precisionPoint))
    }

    /// A test period's scores: a current card of a few whole-point rules and a revised card with
    /// many distinct scores (so most cells hold one or two deals, as on the 1M benchmark).
    static func period(deals n: Int, seed: UInt64) -> (current: [Double], revised: [Double], won: [Bool]) {
        var rng = SplitMix64(seed: seed)
        var current: [Double] = []
        var revised: [Double] = []
        var won: [Bool] = []
        for _ in 0..<n {
            let fires = (0..<12).map { _ in rng.nextBool(probability: 0.3) }
            let c = zip(fires.prefix(5), [10.0, 15, 20, -5, 5]).reduce(0) { $0 + ($1.0 ? $1.1 : 0) }
            let r = zip(fires, [-39.0, 11, 216, -26, 66, -49, -23, 73, -106, 141, 27, 440]).reduce(0) {
                $0 + ($1.0 ? $1.1 : 0)
            }
            current.append(c)
            revised.append(r)
            won.append(rng.nextBool(probability: 1 / (1 + _exp(-(r - 100) / 150))))
        }
        return (current, revised, won)
    }

    /// Above 20,000 deals (the Poisson draws, across several blocks of uniforms) and below (the
    /// multinomial draws), for the 80% rule and a precision rule.
    @Test(arguments: [(25_000, UInt64(3)), (2_500, UInt64(4))]) func equalsTheCellByCellBootstrap(
        deals: Int, seed: UInt64
    ) {
        let p = Self.period(deals: deals, seed: seed)
        for rule in [ThresholdRule.recall(0.8), .precision(0.5)] {
            let backtest = Backtest(options: .init(refit: CardRefit(rule: rule), resamples: 60))
            let got = backtest.pairedBootstrap(
                current: p.current, revised: p.revised, won: p.won, weights: nil, seed: seed &+ 9)
            let want = Self.reference(
                current: p.current, revised: p.revised, won: p.won, resamples: 60, rule: rule, seed: seed &+ 9)
            #expect(got.0 == want.auc, "\(rule)")
            #expect(got.1 == want.precision, "\(rule)")
        }
    }
}
