/// Whole points that lose least within a CRM's limits: a search, not rounding and clipping.
///
/// A card's points are only ever read through the score they add up to, so the search judges
/// integer points `p` by how well the score `s = Σ p_j x_j` explains the outcomes once the score is
/// given its own intercept and slope (the slope is free, as FasterRisk's multiplier is):
/// ```
/// L(p) = min over a, b of  Σ_deals  −log P(outcome | logit P(won) = a + b·s)
/// ```
/// subject to each rule's bounds (`|p_j| ≤ ruleCap`, signs kept when asked), the highest
/// reachable total (`Σ max(0, p_j)·units_j ≤ maxTotal`), each kind's (fit, behavior) maximum, and
/// the step (points are multiples of it).
///
/// The search (after FasterRisk: Liu, Zhong, Li, Rudin & Seltzer, "FasterRisk: fast and accurate
/// interpretable risk scores", NeurIPS 2022, whose sequential rounding and diverse pool of
/// multipliers it borrows and extends):
/// 1. starts from several scales of the fitted coefficients — the scaler's own points, and
///    `β/m` rounded and made feasible for multipliers m that put the largest point at each whole
///    value up to the rule cap (or a grid of scales when there is none);
/// 2. improves each start by coordinate moves (every allowed value of one rule's points, given the
///    others) and swaps (one step from one rule to another, which a binding total needs), until no
///    move lowers L;
/// 3. keeps the start whose local optimum loses least.
/// L is evaluated on the distinct patterns with their won and lost counts, each evaluation a
/// two-parameter Newton fit warm-started from the last. A history of more than
/// ``exactPatternLimit`` (50,000) patterns (a million deals of 40 signals hardly repeat) is searched on
/// the quadratic approximation of L around the fit instead — the log-likelihood's second-order
/// expansion in the linear predictor's coefficients, with the fit's information matrix, where the
/// card's score with its own (a, b) is a point of the fitted model — at O(rules) a move; the
/// card found is then scored exactly once.
///
/// ```swift
/// let best = IntegerPointsSearch(lower: [-5, -5], upper: [5, 5], kinds: [.fit, .behavior], reach: [1, 1])
///     .search(coefficients: fit.coefficients, start: [4, 5], patterns: table)
/// best.points   // e.g. [3, 5]
/// ```
public struct IntegerPointsSearch: Sendable {
    /// The lowest points each rule may carry.
    public var lower: [Double]
    /// The highest points each rule may carry.
    public var upper: [Double]
    /// Each rule's kind, for the per-kind maxima.
    public var kinds: [RuleKind]
    /// The most units a rule can count for one lead (1 for an indicator, the cap for an `each`
    /// rule): a rule adds at most `max(0, p_j)·reach_j` to the highest reachable score.
    public var reach: [Double]
    /// The highest reachable total, or `nil`.
    public var maxTotal: Double?
    /// The highest reachable score of each kind's rules on their own, or none.
    public var kindMax: [RuleKind: Double]
    /// Points are multiples of this.
    public var step: Double
    /// Rules whose points are not searched (they keep the value they start with): rules left out
    /// of the fit, whose column carries no information.
    public var fixed: Set<Int>
    /// Whether to start from the scales of the coefficients too (step 1 above), or only from the
    /// given points (a local search at their scale).
    public var scaleStarts = true
    /// Judge cards by Firth's penalized likelihood of (a, b) (Jeffreys prior: + ½ log det I)
    /// instead of the plain likelihood. A small or separated history needs it: there a card whose
    /// score separates won from lost has a plain loss near 0 (its slope runs to infinity), so an
    /// unpenalized search would chase the separation the refit's own penalty guarded against
    /// (Firth, Biometrika 1993).
    public var firth = false

    /// Creates a search over the box `lower…upper` with the reach constraints.
    public init(
        lower: [Double], upper: [Double], kinds: [RuleKind], reach: [Double], maxTotal: Double? = nil,
        kindMax: [RuleKind: Double] = [:], step: Double = 1, fixed: Set<Int> = []
    ) {
        precondition(
            lower.count == upper.count && lower.count == kinds.count && lower.count == reach.count,
            "one bound, kind and reach per rule")
        self.lower = lower
        self.upper = upper
        self.kinds = kinds
        self.reach = reach
        self.maxTotal = maxTotal
        self.kindMax = kindMax
        self.step = step
        self.fixed = fixed
    }

    /// The best card found.
    public struct Result: Sendable, Equatable {
        /// Whole points (multiples of the step), one per rule.
        public var points: [Double]
        /// The score's own intercept a.
        public var intercept: Double
        /// The score's own slope b (log-odds per point).
        public var slope: Double
        /// L: the total log loss of the outcomes given the score (natural log, summed over deals).
        public var logLoss: Double
    }

    /// Whether `points` keep to every bound.
    public func isFeasible(_ points: [Double]) -> Bool {
        for j in points.indices where points[j] < lower[j] - 1e-9 || points[j] > upper[j] + 1e-9 { return false }
        return reachFits(points)
    }

    private func reachFits(_ points: [Double]) -> Bool {
        if let maxTotal, reachable(points, kind: nil) > maxTotal + 1e-9 { return false }
        for (kind, cap) in kindMax where reachable(points, kind: kind) > cap + 1e-9 { return false }
        return true
    }

    /// The highest score the points reach (of one kind's rules, or all).
    func reachable(_ points: [Double], kind: RuleKind?) -> Double {
        var total = 0.0
        for j in points.indices where kind == nil || kinds[j] == kind { total += max(0, points[j]) * reach[j] }
        return total
    }

    /// Above this many patterns the search runs on the quadratic approximation of the loss
    /// (when the fit is given): an exact evaluation would cost a pass over every pattern.
    public var exactPatternLimit = 50_000

    /// Searches from `start` (the scaler's points) and from the scales of `coefficients` (the
    /// fitted log-odds per unit, 0 for rules left out).
    ///
    /// - Parameter fit: the fit the coefficients come from; with more than
    ///   ``exactPatternLimit`` patterns its information matrix stands in for the exact loss.
    /// - Complexity: O(starts × sweeps × rules × values × patterns) for the coordinate moves, plus
    ///   O(rules²) swaps a sweep while a total binds; on the quadratic approximation, patterns → rules.
    public func search(coefficients: [Double], start: [Double], patterns: PatternTable, fit: LogisticFit? = nil)
        -> Result
    {
        if patterns.count > exactPatternLimit, let fit,
            let quadratic = QuadraticScoreLoss(fit: fit, columnCount: start.count)
        {
            var found = search(coefficients: coefficients, start: start, objective: quadratic)
            let exact = ScoreLoss.ownLoss(points: found.points, patterns: patterns, firth: firth)
            (found.logLoss, found.intercept, found.slope) = (exact.loss, exact.a, exact.b)
            return found
        }
        return search(coefficients: coefficients, start: start, objective: ScoreLoss(patterns: patterns, firth: firth))
    }

    private func search<O: ScoreObjective>(coefficients: [Double], start: [Double], objective: O) -> Result {
        var starts: [[Double]] = [feasible(start)]
        let largest = coefficients.enumerated().filter { !fixed.contains($0.offset) }.map { abs($0.element) }.max() ?? 0
        if largest > 0, scaleStarts {
            let cap =
                upper.indices.filter { !fixed.contains($0) }.map { max(abs(lower[$0]), abs(upper[$0])) }.min() ?? 0
            // The largest point set to each whole number of steps up to the cap (a grid of 12
            // scales around the start's when no rule cap binds).
            let tops: [Double]
            if cap.isFinite, cap / step <= 40 {
                tops = stride(from: step, through: cap, by: step).map { $0 }
            } else {
                // No rule cap: the start already sits at the largest scale the totals allow;
                // smaller scales give rounding room (FasterRisk's multipliers), larger ones break them.
                let startTop =
                    start.enumerated().filter { !fixed.contains($0.offset) }.map { abs($0.element) }.max() ?? step
                tops = [0.5, 0.75].map { startTop * $0 }
            }
            for top in tops {
                let m = largest / top
                starts.append(
                    feasible(
                        coefficients.indices.map { fixed.contains($0) ? start[$0] : roundToStep(coefficients[$0] / m) })
                )
            }
        }
        var best: Result? = nil
        var seen = Set<[Double]>()
        for s in starts where seen.insert(s).inserted {
            let r = improve(s, objective: objective)
            if best == nil || r.logLoss < best!.logLoss - 1e-9 { best = r }
        }
        return best!
    }

    private func roundToStep(_ x: Double) -> Double { step * (x / step).rounded() }

    /// `points` clamped into the box (rounded to the step) and, while a reach bound is broken,
    /// the largest positive point lowered one step at a time.
    func feasible(_ points: [Double]) -> [Double] {
        var p = points.indices.map { j in
            fixed.contains(j) ? points[j] : min(max(roundToStep(points[j]), lower[j]), upper[j])
        }
        var guardCount = 0
        while !reachFits(p), guardCount < 100_000 {
            guardCount += 1
            let candidates = p.indices.filter { !fixed.contains($0) && p[$0] > 0 && p[$0] - step >= lower[$0] - 1e-9 }
            guard let j = candidates.max(by: { p[$0] * reach[$0] < p[$1] * reach[$1] }) else { break }
            p[j] -= step
        }
        return p
    }

    /// Coordinate moves and swaps from `start` until none lowers the loss.
    private func improve<O: ScoreObjective>(_ start: [Double], objective: O) -> Result {
        var p = start
        var scores = objective.state(p)
        var (loss, a, b) = objective.loss(scores: scores, a: nil, b: nil)
        let free = p.indices.filter { !fixed.contains($0) }
        for _ in 0..<50 {
            var improved = false
            // Coordinate moves: every allowed value of one rule's points.
            for j in free {
                let lo = lower[j].isFinite ? lower[j] : p[j] - 10 * step
                let hi = upper[j].isFinite ? upper[j] : p[j] + 10 * step
                var values = stride(from: lo, through: hi + 1e-9, by: step).map { roundToStep($0) }
                if values.count > 41 {
                    values = (-10...10).map { p[j] + Double($0) * step }.filter { $0 >= lo - 1e-9 && $0 <= hi + 1e-9 }
                }
                var bestValue = p[j]
                var bestLoss = loss
                var bestA = a
                var bestB = b
                for v in values where v != p[j] {
                    var q = p
                    q[j] = v
                    guard reachFits(q) else { continue }
                    let trial = objective.shifted(scores, column: j, by: v - p[j])
                    let (l, ta, tb) = objective.loss(scores: trial, a: a, b: b)
                    if l < bestLoss - 1e-9 { (bestValue, bestLoss, bestA, bestB) = (v, l, ta, tb) }
                }
                if bestValue != p[j] {
                    scores = objective.shifted(scores, column: j, by: bestValue - p[j])
                    p[j] = bestValue
                    (loss, a, b) = (bestLoss, bestA, bestB)
                    improved = true
                }
            }
            // Swaps: a step from one rule to another (what a binding total needs to move at all).
            if !improved, maxTotal != nil || !kindMax.isEmpty {
                var bestSwap: (Int, Int, Double, Double, Double)? = nil
                for j in free where p[j] - step >= lower[j] - 1e-9 {
                    for k in free where k != j && p[k] + step <= upper[k] + 1e-9 {
                        var q = p
                        q[j] -= step
                        q[k] += step
                        guard reachFits(q) else { continue }
                        let trial = objective.shifted(
                            objective.shifted(scores, column: j, by: -step), column: k, by: step)
                        let (l, ta, tb) = objective.loss(scores: trial, a: a, b: b)
                        if l < (bestSwap?.2 ?? loss) - 1e-9 { bestSwap = (j, k, l, ta, tb) }
                    }
                }
                if let (j, k, l, ta, tb) = bestSwap {
                    scores = objective.shifted(objective.shifted(scores, column: j, by: -step), column: k, by: step)
                    p[j] -= step
                    p[k] += step
                    (loss, a, b) = (l, ta, tb)
                    improved = true
                }
            }
            if !improved { break }
        }
        return Result(points: p, intercept: a, slope: b, logLoss: loss)
    }
}

/// What the search minimizes: a state built from points, moved one rule at a time, and the loss
/// of a state with the score's own (a, b).
protocol ScoreObjective {
    associatedtype State
    func state(_ points: [Double]) -> State
    func shifted(_ state: State, column j: Int, by delta: Double) -> State
    func loss(scores state: State, a: Double?, b: Double?) -> (loss: Double, a: Double, b: Double)
}

/// The quadratic approximation of the loss around a fit θ̂ = (β₀, β) with information I:
/// ```
/// L(p) ≈ L̂ + ½ min over a, b of (v − θ̂)ᵀ I (v − θ̂),   v = (a, b·p)
/// ```
/// a weighted least-squares problem in (a, b) with a closed form. The state is (q, I q) with
/// q = (0, p on the fitted columns), so a move costs O(rules).
struct QuadraticScoreLoss: ScoreObjective {
    let information: [Double]
    let theta: [Double]
    let iTheta: [Double]
    let thetaITheta: Double
    /// Position of each card rule in θ (nil: not fitted).
    let position: [Int?]
    let minimum: Double
    let k: Int

    init?(fit: LogisticFit, columnCount: Int) {
        k = fit.keptColumns.count + 1
        guard fit.covariance.count == k * k, let factor = try? Cholesky(fit.covariance, dimension: k) else {
            return nil
        }
        information = factor.inverse()
        theta = [fit.intercept.coefficient] + fit.keptColumns.map { fit.coefficients[$0] }
        var position = [Int?](repeating: nil, count: columnCount)
        for (m, j) in fit.keptColumns.enumerated() where j < columnCount { position[j] = m + 1 }
        self.position = position
        var it = [Double](repeating: 0, count: k)
        for r in 0..<k { for c in 0..<k { it[r] += information[r * k + c] * theta[c] } }
        iTheta = it
        thetaITheta = zip(theta, it).reduce(0) { $0 + $1.0 * $1.1 }
        minimum = -fit.logLikelihood
    }

    func state(_ points: [Double]) -> (q: [Double], iq: [Double]) {
        var st = (q: [Double](repeating: 0, count: k), iq: [Double](repeating: 0, count: k))
        for j in points.indices { st = shifted(st, column: j, by: points[j]) }
        return st
    }

    func shifted(_ state: (q: [Double], iq: [Double]), column j: Int, by delta: Double) -> (q: [Double], iq: [Double]) {
        guard let m = position[j], delta != 0 else { return state }
        var st = state
        st.q[m] += delta
        for r in 0..<k { st.iq[r] += delta * information[r * k + m] }
        return st
    }

    func loss(scores st: (q: [Double], iq: [Double]), a _: Double?, b _: Double?) -> (
        loss: Double, a: Double, b: Double
    ) {
        let aa = information[0]
        let ab = st.iq[0]
        let bb = zip(st.q, st.iq).reduce(0) { $0 + $1.0 * $1.1 }
        let d0 = iTheta[0]
        let d1 = zip(st.q, iTheta).reduce(0) { $0 + $1.0 * $1.1 }
        let det = aa * bb - ab * ab
        let (a, b) =
            det > 1e-300 * max(1, aa * bb) ? ((bb * d0 - ab * d1) / det, (aa * d1 - ab * d0) / det) : (d0 / aa, 0)
        return (minimum + 0.5 * (thetaITheta - (a * d0 + b * d1)), a, b)
    }
}

/// The log loss of outcomes given a score with its own intercept and slope, on a pattern table.
struct ScoreLoss: ScoreObjective {
    /// Column j of every pattern.
    let columns: [[Double]]
    let won: [Double]
    let lost: [Double]
    /// Firth's penalty on (a, b): the loss is −(ℓ + ½ log det I).
    let firth: Bool

    /// One column: the scores themselves (the loss of points [1]).
    init(scores: [Double], won: [Double], lost: [Double], firth: Bool) {
        columns = [scores]
        self.won = won
        self.lost = lost
        self.firth = firth
    }

    /// The loss of `points` on `patterns`, the scores summed by the encoded rows (no copy of the
    /// columns, so a million patterns cost one pass).
    static func ownLoss(points: [Double], patterns: PatternTable, firth: Bool) -> (loss: Double, a: Double, b: Double) {
        let single = ScoreLoss(
            scores: patterns.rows.scores(points: points), won: patterns.wonWeights, lost: patterns.lostWeights,
            firth: firth)
        return single.loss(scores: single.columns[0], a: nil, b: nil)
    }

    func state(_ points: [Double]) -> [Double] { scores(points) }

    init(patterns: PatternTable, firth: Bool = false) {
        self.firth = firth
        let p = patterns.columnCount
        var columns = [[Double]](repeating: [Double](repeating: 0, count: patterns.count), count: p)
        let values = patterns.values
        for i in 0..<patterns.count {
            for j in 0..<p { columns[j][i] = values[i * p + j] }
        }
        self.columns = columns
        won = patterns.wonWeights
        lost = patterns.lostWeights
    }

    /// Σ points_j · column_j per pattern.
    func scores(_ points: [Double]) -> [Double] {
        var s = [Double](repeating: 0, count: won.count)
        for j in points.indices where points[j] != 0 {
            let c = columns[j]
            let x = points[j]
            for i in s.indices { s[i] += x * c[i] }
        }
        return s
    }

    /// `scores` with `delta` more points on rule j.
    func shifted(_ scores: [Double], column j: Int, by delta: Double) -> [Double] {
        var s = scores
        let c = columns[j]
        for i in s.indices where c[i] != 0 { s[i] += delta * c[i] }
        return s
    }

    /// min over a, b of the total log loss, by Newton's method on (a, b) with step-halving,
    /// warm-started at (a, b) when given; a constant score gets slope 0.
    func loss(scores s: [Double], a a0: Double?, b b0: Double?) -> (loss: Double, a: Double, b: Double) {
        let totalWon = won.reduce(0, +)
        let total = totalWon + lost.reduce(0, +)
        let lo = s.min() ?? 0
        let hi = s.max() ?? 0
        let rate = min(max(totalWon / max(total, 1e-300), 1e-12), 1 - 1e-12)
        if hi - lo < 1e-12 {
            // No slope to fit; the penalty of a one-parameter model: ½ log I(a).
            let a = _log(rate / (1 - rate))
            var l = 0.0
            for i in s.indices { l += won[i] * _log1p(_exp(-a)) + lost[i] * _log1p(_exp(a)) }
            if firth { l -= 0.5 * _log(max(total * rate * (1 - rate), 1e-300)) }
            return (l, a, 0)
        }
        // One pass: the loss, its gradient and the information at (a, b); with Firth's penalty
        // a second pass adds ½ log det I to the loss and each pattern's leverage term
        // h (p − ½) (h = n p (1 − p) xᵀ I⁻¹ x, Firth's modified score) to the gradient.
        func evaluate(_ a: Double, _ b: Double) -> (
            value: Double, ga: Double, gb: Double, haa: Double, hab: Double, hbb: Double
        ) {
            var l = 0.0
            var ga = 0.0
            var gb = 0.0
            var haa = 0.0
            var hab = 0.0
            var hbb = 0.0
            for i in s.indices {
                let n = won[i] + lost[i]
                guard n > 0 else { continue }
                let x = s[i]
                let eta = a + b * x
                let (pr, softplus) = logisticAndLog1pExp(eta)
                l += won[i] * (softplus - eta) + lost[i] * softplus
                let r = n * pr - won[i]
                let w = n * pr * (1 - pr)
                ga += r
                gb += r * x
                haa += w
                hab += w * x
                hbb += w * x * x
            }
            if firth {
                let det = max(haa * hbb - hab * hab, 1e-300)
                l -= 0.5 * _log(det)
                for i in s.indices {
                    let n = won[i] + lost[i]
                    guard n > 0 else { continue }
                    let x = s[i]
                    let pr = logistic(a + b * x)
                    let w = n * pr * (1 - pr)
                    let h = w * (hbb - 2 * hab * x + haa * x * x) / det
                    ga += h * (pr - 0.5)
                    gb += h * (pr - 0.5) * x
                }
            }
            return (l, ga, gb, haa, hab, hbb)
        }
        var a = a0 ?? _log(rate / (1 - rate))
        var b = b0 ?? 0
        var here = evaluate(a, b)
        for _ in 0..<50 {
            let det = here.haa * here.hbb - here.hab * here.hab
            guard det > 1e-300 else { break }
            let da = (here.hbb * here.ga - here.hab * here.gb) / det
            let db = (here.haa * here.gb - here.hab * here.ga) / det
            var t = 1.0
            var next = here
            var na = a
            var nb = b
            for _ in 0..<30 {
                na = a - t * da
                nb = b - t * db
                next = evaluate(na, nb)
                if next.value <= here.value + 1e-12 * max(1, abs(here.value)) { break }
                t /= 2
            }
            let gain = here.value - next.value
            if next.value <= here.value { (a, b, here) = (na, nb, next) }
            if abs(t * da) + abs(t * db) < 1e-10 || gain < 1e-12 * max(1, abs(here.value)) { break }
        }
        let current = here.value
        return (current, a, b)
    }
}
