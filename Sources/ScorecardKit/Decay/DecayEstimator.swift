import Foundation

/// Estimates, from closed deals, how fast each dated behavior rule's evidence fades: the
/// half-life h in `x_ij · 0.5^(age_ij / h)` (the encoding of `halfLifeDays`, ``SignalAge``), by
/// profile likelihood.
///
/// For a behavior rule j whose signal has a `<signal>_at` column:
/// ```
/// ℓ_p(h) = max_β ℓ(β; X(h))     X(h): the card's design with column j decayed by half-life h
/// ĥ      = argmax ℓ_p(h)         over a log-spaced grid on [gridMinimum, gridMaximum] days
///                                and h = ∞ (no decay), refined by golden-section search
/// 95% CI = {h : 2(ℓ_p(ĥ) − ℓ_p(h)) ≤ χ²₁,₀.₉₅ = 3.841}   (ends by bisection in log h)
/// ```
/// Every coefficient is refitted at every h (``LogisticRegression``, maximum likelihood; Firth's
/// penalized likelihood for every h when maximum likelihood does not exist because a rule
/// separates won from lost). The other rules keep the card's own `halfLifeDays` (or, with
/// `rounds` = 2, the first round's estimates: one step of coordinate ascent). "No decay" is
/// reported (``DecayEstimate/halfLifeDays`` `nil`) when ℓ_p(∞) is within the cutoff of the
/// maximum, and the interval is then unbounded above. Profile-likelihood intervals for a
/// nonlinear parameter follow Venzon & Moolgavkar (Appl Stat 1988) and Royston (Stata J 2007,
/// "Profile likelihood for estimation and confidence intervals").
///
/// Ages are whole days, so the design compresses to patterns of (rule columns, age of rule j),
/// and each profile point costs one fit on those patterns.
///
/// ```swift
/// let report = try DecayEstimator().estimate(card: card, deals: deals)
/// report["pricing_page"]?.halfLifeDays   // e.g. 14.2, nil = no decay
/// ```
public struct DecayEstimator: Sendable {
    /// Shortest half-life on the grid, in days.
    public var gridMinimum: Double
    /// Longest finite half-life on the grid, in days (beyond it only ∞ and, for the interval's
    /// upper end, doublings up to `gridMaximum · 2¹²`).
    public var gridMaximum: Double
    /// Grid points, log-spaced from `gridMinimum` to `gridMaximum`.
    public var gridPoints: Int
    /// Rounds of estimation: 1 holds the other rules at the card's half-lives; 2 then re-profiles
    /// each rule with the others at their round-1 estimates.
    public var rounds: Int

    /// χ²₁ 0.95 quantile.
    static let chiSquare95 = 3.841458820694124

    /// Creates an estimator (defaults: 1 to 730 days on 31 points, one round).
    public init(gridMinimum: Double = 1, gridMaximum: Double = 730, gridPoints: Int = 31, rounds: Int = 1) {
        precondition(
            gridMinimum > 0 && gridMaximum > gridMinimum && gridPoints >= 3 && rounds >= 1,
            "a grid 0 < min < max with at least 3 points, rounds ≥ 1")
        self.gridMinimum = gridMinimum
        self.gridMaximum = gridMaximum
        self.gridPoints = gridPoints
        self.rounds = rounds
    }

    /// The log-spaced grid of finite half-lives.
    public var grid: [Double] {
        let lo = log(gridMinimum)
        let hi = log(gridMaximum)
        return (0..<gridPoints).map { k in exp(lo + (hi - lo) * Double(k) / Double(gridPoints - 1)) }
    }

    /// Estimates the half-life of every behavior rule of `card` whose signal has a `<signal>_at`
    /// column in `deals` (a merged rule reads several signals and is left out, with a note).
    ///
    /// - Parameters:
    ///   - asOf: measure ages to this date instead of each deal's `scored_at`/`closed_at`.
    ///   - only: estimate only these rules (by id); `nil` for every dated behavior rule.
    /// - Throws: encoding errors (``ScorecardError``, ``DealDataError``) and ``FitError`` (one
    ///   outcome only, collinear rules).
    public func estimate(card: Scorecard, deals: DealTable, asOf: CalendarDate? = nil, only: Set<String>? = nil) throws
        -> DecayReport
    {
        var notes: [String] = []
        var eligible: [Int] = []
        for (j, rule) in card.rules.enumerated() where rule.kind == .behavior && (only?.contains(rule.id) ?? true) {
            if rule.isMerged {
                notes.append(
                    "rule \(quoted(rule.id)) is merged from several signals, so no one <signal>_at dates it and it cannot decay"
                )
            } else if SignalAge.ages(signal: rule.signal, deals: deals, asOf: asOf) != nil {
                eligible.append(j)
            } else {
                notes.append(
                    "rule \(quoted(rule.id)): the history has no \(quoted(rule.signal + "_at")) column, so its half-life cannot be estimated"
                )
            }
        }
        var halfLives: [Double?] = card.rules.map(\.halfLifeDays)
        var estimates: [Int: DecayEstimate] = [:]
        for round in 0..<rounds {
            var next = halfLives
            for j in eligible {
                var working = card
                for k in working.rules.indices where k != j { working.rules[k].halfLifeDays = halfLives[k] }
                working.rules[j].halfLifeDays = nil
                if let e = try profile(
                    rule: j, card: working, deals: deals, asOf: asOf, current: card.rules[j].halfLifeDays)
                {
                    estimates[j] = e
                    next[j] = e.halfLifeDays
                } else if round == 0 {
                    notes.append(
                        "rule \(quoted(card.rules[j].id)): it never fires on a dated deal, or it cannot be fitted, so its half-life cannot be estimated"
                    )
                }
            }
            halfLives = next
        }
        let used = (deals.weights ?? []).isEmpty ? Double(deals.count) : deals.weights!.reduce(0, +)
        return DecayReport(rules: eligible.compactMap { estimates[$0] }, notes: notes, deals: used)
    }

    /// The profile of rule `j` of `card` (whose own column is undecayed in `card`).
    func profile(rule j: Int, card: Scorecard, deals: DealTable, asOf: CalendarDate?, current: Double?) throws
        -> DecayEstimate?
    {
        let rule = card.rules[j]
        guard let ages = SignalAge.ages(signal: rule.signal, deals: deals, asOf: asOf) else { return nil }
        let design = try DesignMatrix(card: card, deals: deals, asOf: asOf)
        let p = design.columnCount
        // Patterns of (columns, age of rule j where it fires and is dated, else −1).
        var values = [Double](repeating: 0, count: design.rowCount * (p + 1))
        var informative = 0.0
        design.rows.forEachRow { i, x in
            let base = i * (p + 1)
            for c in 0..<p { values[base + c] = x[c] }
            if x[j] != 0, let a = ages[i] {
                values[base + p] = Double(a)
                informative += design.weight(i)
            } else {
                values[base + p] = -1
            }
        }
        guard informative > 0 else { return nil }
        var augmented = design
        augmented.ruleIDs = design.ruleIDs + ["\u{0}age"]
        augmented.rows = EncodedRows(rowMajor: values, columnCount: p + 1)
        let patterns = PatternTable(augmented)
        let m = patterns.count
        var baseValues = [Double](repeating: 0, count: m * p)
        var decayed: [(k: Int, x: Double, age: Double)] = []
        patterns.rows.forEachRow { k, x in
            for c in 0..<p { baseValues[k * p + c] = x[c] }
            if x[p] >= 0 { decayed.append((k, x[j], x[p])) }
        }
        let ruleIDs = design.ruleIDs
        func table(_ h: Double) -> PatternTable {
            var v = baseValues
            for d in decayed { v[d.k * p + j] = d.x * SignalAge.remaining(age: d.age, halfLife: h) }
            return PatternTable(
                ruleIDs: ruleIDs, values: v, wonWeights: patterns.wonWeights, lostWeights: patterns.lostWeights)
        }

        // Maximum likelihood when it exists at no decay; else Firth throughout. An exhaustive
        // group's levels are fitted against its reference level, as CardFit fits them.
        let references = GroupCoverage.references(GroupCoverage.of(card, design: design))
        func regression(_ penalty: Penalty) -> LogisticRegression {
            var r = LogisticRegression(penalty: penalty, profileIntervals: false)
            r.references = references
            return r
        }
        var penalty = Penalty.none
        let noDecayFit: LogisticFit
        do { noDecayFit = try regression(.none).fit(table(.infinity)) } catch FitError.separation {
            penalty = .firth
            noDecayFit = try regression(.firth).fit(table(.infinity))
        }
        guard noDecayFit.estimates[j] != nil else { return nil }
        let regression = regression(penalty)
        var cache: [Double: Double] = [.infinity: noDecayFit.penalizedLogLikelihood]
        func ell(_ h: Double) -> Double {
            if let v = cache[h] { return v }
            let v = (try? regression.fit(table(h)))?.penalizedLogLikelihood ?? -.infinity
            cache[h] = v
            return v
        }

        let grid = self.grid
        let values0 = grid.map(ell)
        let atInfinity = ell(.infinity)
        let kBest = values0.indices.max { values0[$0] < values0[$1] }!
        var bestH = Double.infinity
        var bestL = atInfinity
        if values0[kBest] > atInfinity {
            // Golden-section search on log h between the neighbours of the best grid point.
            var a = log(grid[max(0, kBest - 1)])
            var b = log(grid[min(grid.count - 1, kBest + 1)])
            let g = (sqrt(5.0) - 1) / 2
            var c = b - g * (b - a)
            var d = a + g * (b - a)
            var fc = ell(exp(c))
            var fd = ell(exp(d))
            while b - a > 1e-4 {
                if fc > fd {
                    b = d
                    d = c
                    fd = fc
                    c = b - g * (b - a)
                    fc = ell(exp(c))
                } else {
                    a = c
                    c = d
                    fc = fd
                    d = a + g * (b - a)
                    fd = ell(exp(d))
                }
            }
            let refined = exp((a + b) / 2)
            (bestH, bestL) = ell(refined) >= values0[kBest] ? (refined, ell(refined)) : (grid[kBest], values0[kBest])
        }
        let cutoff = bestL - Self.chiSquare95 / 2
        // Crossing of ℓ = cutoff between an inside h and an outside h, by bisection in log h.
        func crossing(inside: Double, outside: Double) -> Double {
            var lo = log(inside)
            var hi = log(outside)
            for _ in 0..<40 {
                let mid = (lo + hi) / 2
                if ell(exp(mid)) >= cutoff { lo = mid } else { hi = mid }
                if abs(hi - lo) < 1e-4 { break }
            }
            return exp((lo + hi) / 2)
        }
        // Lower end: walk down from the maximum.
        let startIndex = bestH.isInfinite ? grid.count - 1 : (grid.lastIndex { $0 <= bestH } ?? 0)
        var ciLow = gridMinimum
        if !(bestH.isInfinite && values0[grid.count - 1] < cutoff) {
            var k = startIndex
            while k > 0, values0[k - 1] >= cutoff { k -= 1 }
            if k > 0 { ciLow = crossing(inside: grid[k], outside: grid[k - 1]) }
        } else {
            // The maximum is at ∞ and even the longest grid half-life is outside: search beyond.
            var inside = Double.infinity
            var outside = grid[grid.count - 1]
            for m in 1...12 {
                let h = gridMaximum * pow(2, Double(m))
                if ell(h) >= cutoff {
                    inside = h
                    break
                }
                outside = h
            }
            ciLow = inside.isInfinite ? outside : crossing(inside: inside, outside: outside)
        }
        // Upper end: unbounded when no decay is inside the interval.
        var ciHigh: Double? = nil
        if atInfinity < cutoff {
            var k = grid.firstIndex { $0 >= bestH } ?? grid.count - 1
            while k < grid.count - 1, values0[k + 1] >= cutoff { k += 1 }
            if k < grid.count - 1 {
                ciHigh = crossing(inside: max(grid[k], bestH), outside: grid[k + 1])
            } else {
                var inside = grid[k]
                for m in 1...12 {
                    let h = gridMaximum * pow(2, Double(m))
                    if ell(h) < cutoff {
                        ciHigh = crossing(inside: inside, outside: h)
                        break
                    }
                    inside = h
                }
            }
        }
        let noDecay = 2 * (bestL - atInfinity) <= Self.chiSquare95
        let profile = (grid + [.infinity]).map { DecayEstimate.ProfilePoint(halfLifeDays: $0, logLikelihood: ell($0)) }
        return DecayEstimate(
            ruleID: rule.id, halfLifeDays: noDecay ? nil : bestH, mostLikelyDays: bestH.isInfinite ? nil : bestH,
            ciLow: ciLow, ciHigh: ciHigh, currentHalfLifeDays: current, deals: informative,
            noDecayLogLikelihoodGap: atInfinity - bestL, penalty: penalty.name, profile: profile)
    }
}
