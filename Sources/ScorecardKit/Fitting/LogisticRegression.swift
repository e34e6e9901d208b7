/// Logistic regression of won/lost on the columns of a scorecard's design, by Newton–Raphson
/// (IRLS) on weighted patterns with step-halving.
///
/// ```swift
/// let fit = try LogisticRegression(penalty: .none).fit(design)
/// fit.estimates[0]?.coefficient   // log-odds per unit of the first rule
/// ```
///
/// The objective for each ``Penalty`` is stated there. Each iteration solves the p×p system
/// `H·δ = g` by Cholesky, where g is the (penalized, for Firth the hat-adjusted) score and H the
/// (penalized) Fisher information `XᵀWX`; when the objective does not improve the step is halved
/// (up to 30 times). The fit has converged when the objective changes by less than
/// `tolerance · (|objective| + 0.1)` — the relative change in deviance, as R's `glm` measures it.
///
/// Before fitting, columns that never fire or are constant are left out (and reported), and every
/// column that on its own separates won from lost is found: under ``Penalty/none`` that is an
/// error, since the maximum-likelihood estimate does not exist.
///
/// - Complexity: O(iterations × patterns × p²) plus O(p³) per iteration.
public struct LogisticRegression: Sendable {
    /// The penalty.
    public var penalty: Penalty
    /// Iteration limit (Newton converges in under 10 on well-posed data; 100 leaves room).
    public var maxIterations: Int
    /// Convergence tolerance on the relative change in the objective. The default, 1e-10, puts
    /// coefficients within about 1e-10 of the optimum, since Newton converges quadratically.
    public var tolerance: Double
    /// For Firth fits: replace Wald intervals with profile-likelihood intervals (about 2·p extra
    /// constrained fits; turn off for many small fits, such as per-quarter stability checks).
    public var profileIntervals: Bool

    /// Where Newton's method starts: the intercept, then one coefficient per column (`nil`: the
    /// intercept-only fit, or a subsample's fit for a large history). A start near the answer,
    /// such as the fit of the whole history for one of its quarters, saves passes; the answer is
    /// the same, since the fit still runs to its own convergence test. Ignored by Firth fits and
    /// when its length does not match.
    public var start: [Double]?

    /// Columns fixed at 0: the reference levels of exhaustive groups (``GroupCoverage``), whose
    /// columns with the other levels' add up to the intercept's. They are left out of the fit
    /// like a column that never fires and reported as ``Exclusion/reference``; the other levels'
    /// coefficients are then differences from the reference level.
    public var references: Set<Int> = []

    /// Whether a large fit starts from a fit on a subsample (see
    /// ``warmStart(_:kept:lambda:priorMeans:from:)``); tests turn it off to compare.
    var warmStarts = true

    /// The patterns' column summary when the caller has taken it already (``CardFit`` does, to
    /// choose the penalty): the fit then does not take it again.
    var summary: ColumnSummary? = nil

    /// Creates an estimator; nothing is fitted until ``fit(_:)-(PatternTable)``.
    public init(
        penalty: Penalty = .none, maxIterations: Int = 100, tolerance: Double = 1e-10, profileIntervals: Bool = true
    ) {
        self.penalty = penalty
        self.maxIterations = maxIterations
        self.tolerance = tolerance
        self.profileIntervals = profileIntervals
    }

    /// Fits a design matrix (compressed to patterns first; the answer is the same).
    public func fit(_ design: DesignMatrix) throws -> LogisticFit { try fit(PatternTable(design)) }

    /// Fits a pattern table.
    ///
    /// - Throws: ``FitError`` for one outcome only, separation under ``Penalty/none``, collinear
    ///   rules, or a bad penalty parameter.
    public func fit(_ patterns: PatternTable) throws -> LogisticFit {
        let wonTotal = patterns.totalWon
        let lostTotal = patterns.totalLost
        guard wonTotal > 0, lostTotal > 0 else { throw FitError.oneOutcomeOnly(won: wonTotal, lost: lostTotal) }
        switch penalty {
        case .ridge(let l) where !(l >= 0 && l.isFinite), .prior(_, let l) where !(l >= 0 && l.isFinite):
            throw FitError.invalidPenalty("lambda must be a finite number ≥ 0; got \(JSONValue.format(l))")
        case .prior(let means, _) where means.count != patterns.columnCount:
            throw FitError.invalidPenalty("prior needs one mean per rule (\(patterns.columnCount)); got \(means.count)")
        default: break
        }

        let p = patterns.columnCount
        let summary = self.summary ?? ColumnSummary(patterns)
        var (kept, exclusions) = Self.screen(summary, ruleIDs: patterns.ruleIDs)
        for j in kept where references.contains(j) { exclusions[patterns.ruleIDs[j]] = .reference }
        kept.removeAll { references.contains($0) }
        // Two rules with the same column cannot be told apart under any penalty: name them.
        if let (first, second) = Self.duplicateColumns(patterns, summary: summary, columns: kept) {
            throw FitError.collinear(ruleIDs: [patterns.ruleIDs[second]], dependsOn: [patterns.ruleIDs[first]])
        }
        let separated = Self.findSeparation(patterns, summary: summary, columns: kept)
        if penalty == .none, !separated.isEmpty { throw FitError.separation(separated) }

        var priorMeans = [Double](repeating: 0, count: kept.count)
        var lambda = 0.0
        switch penalty {
        case .ridge(let l): lambda = l
        case .prior(let means, let l):
            lambda = l
            priorMeans = kept.map { means[$0] }
        default: break
        }
        let rows = FitRows(patterns, kept: kept)
        let solver = NewtonSolver(
            rows: rows, penalty: penalty, lambda: lambda, priorMeans: priorMeans, ruleIDs: patterns.ruleIDs, kept: kept)
        let q = kept.count + 1
        var start = [Double](repeating: 0, count: q)
        start[0] = _log(wonTotal / lostTotal)
        let nullLL =
            wonTotal * _log(wonTotal / (wonTotal + lostTotal)) + lostTotal * _log(lostTotal / (wonTotal + lostTotal))

        var startHessian: [Double]? = nil
        if let given = self.start, given.count == p + 1, penalty != .firth, given.allSatisfy(\.isFinite) {
            start = [given[0]] + kept.map { given[$0 + 1] }
        } else if warmStarts, penalty != .firth, patterns.count >= Self.warmStartPatterns {
            (start, startHessian) = warmStart(patterns, kept: kept, lambda: lambda, priorMeans: priorMeans, from: start)
        }
        let run = try solver.optimize(
            from: start, free: [Bool](repeating: true, count: q), maxIterations: maxIterations, tolerance: tolerance,
            startHessian: startHessian)
        let beta = run.beta
        let state = run.state
        var warnings: [String] = []
        if !run.converged {
            warnings.append("the fit did not converge in \(run.iterations) iterations; estimates may be unreliable")
        }
        let large = kept.indices.filter { abs(beta[$0 + 1]) > 15 }
        if !large.isEmpty, penalty == .none {
            warnings.append(
                "coefficients of " + large.map { quoted(patterns.ruleIDs[kept[$0]]) }.joined(separator: ", ")
                    + " exceed 15 in log-odds: the data are close to separated; consider --penalty firth")
        }
        if !separated.isEmpty {
            warnings.append(
                separated.map(\.explanation).joined(separator: "; ")
                    + "; the \(penalty.name) penalty keeps the estimate finite")
        }

        // Standard errors: the inverse information at the estimate. For Firth, the information of
        // the penalized likelihood, Xᵀ diag(w(1+h)) X, as logistf reports (the plain XᵀWX
        // understates the curvature the penalty adds).
        let information = state.firthInformation ?? state.hessian
        let covariance: [Double]
        do { covariance = try Cholesky(information, dimension: q).inverse() } catch let e as Cholesky.Singular {
            throw solver.collinearity(information, column: e.index)
        }
        let se = (0..<q).map { covariance[$0 * q + $0].squareRoot() }
        var estimates = [Estimate?](repeating: nil, count: p)
        var intercept = Estimate(coefficient: beta[0], stdError: se[0])
        for (k, j) in kept.enumerated() { estimates[j] = Estimate(coefficient: beta[k + 1], stdError: se[k + 1]) }

        var flic: Double? = nil
        if penalty == .firth {
            // Profile-likelihood intervals (Wald intervals are misleading under the Firth penalty),
            // and FLIC: the intercept refitted by maximum likelihood with the slopes held fixed, so
            // the average predicted probability equals the observed win rate (Puhr et al. 2017).
            let target = state.objective - Self.chiSquare95 / 2
            for a in 0..<q where profileIntervals {
                let interval = solver.profileInterval(
                    coordinate: a, estimate: beta, standardError: se[a], target: target, tolerance: tolerance)
                if a == 0 { intercept.setProfile(interval) } else { estimates[kept[a - 1]]?.setProfile(interval) }
            }
            let ml = NewtonSolver(
                rows: rows, penalty: .none, lambda: 0, priorMeans: priorMeans, ruleIDs: patterns.ruleIDs, kept: kept)
            var free = [Bool](repeating: false, count: q)
            free[0] = true
            flic = try? ml.optimize(from: beta, free: free, maxIterations: maxIterations, tolerance: tolerance).beta[0]
        }
        var fit = LogisticFit(
            ruleIDs: patterns.ruleIDs, intercept: intercept, estimates: estimates,
            exclusions: exclusions, logLikelihood: state.logLikelihood, nullLogLikelihood: nullLL,
            penalizedLogLikelihood: state.objective, iterations: run.iterations, converged: run.converged,
            penalty: penalty,
            patternCount: patterns.count, won: wonTotal, lost: lostTotal, covariance: covariance, keptColumns: kept,
            separation: separated, warnings: warnings, flicIntercept: flic,
            firedWon: summary.aboveZeroWon, firedLost: summary.aboveZeroLost)
        fit.patternsAreDistinct = patterns.isCompressed
        return fit
    }

    /// Pattern count from which a fit first runs on a systematic subsample (see
    /// ``warmStart(_:kept:lambda:priorMeans:from:)``).
    static let warmStartPatterns = 200_000

    /// A starting point for a large fit: the same fit on every k-th pattern (about 50,000 of
    /// them) with its weights multiplied by k, so its objective and penalty are on the scale of
    /// the full one, and its information there, which stands in for the full one at the first
    /// step (off by a few percent, which a step from a start this far off hardly feels: its error
    /// is mostly the start's, squared). Newton's method converges quadratically, so from an
    /// estimate this close the full data needs about two fewer passes, and the first of them sums
    /// no XᵀWX; the answer is the same, since the full fit still runs to its own convergence
    /// test. Falls back to `start` (and no information) if the subsample cannot be fitted (a rare
    /// rule missing from it).
    func warmStart(_ patterns: PatternTable, kept: [Int], lambda: Double, priorMeans: [Double], from start: [Double])
        -> (beta: [Double], hessian: [Double]?)
    {
        let k = max(1, patterns.count / 50_000)
        let picked = Array(Swift.stride(from: 0, to: patterns.count, by: k))
        let sample = PatternTable(
            ruleIDs: patterns.ruleIDs, rows: patterns.rows.selecting(picked),
            wonWeights: picked.map { patterns.wonWeights[$0] * Double(k) },
            lostWeights: picked.map { patterns.lostWeights[$0] * Double(k) })
        let solver = NewtonSolver(
            rows: FitRows(sample, kept: kept), penalty: penalty, lambda: lambda, priorMeans: priorMeans,
            ruleIDs: patterns.ruleIDs, kept: kept)
        guard
            let run = try? solver.optimize(
                from: start, free: [Bool](repeating: true, count: start.count), maxIterations: 25, tolerance: 1e-6),
            run.beta.allSatisfy(\.isFinite)
        else { return (start, nil) }
        return (run.beta, run.state.hessian)
    }

    /// The 0.95 quantile of χ² with one degree of freedom (1.959963984540054²).
    static let chiSquare95 = 3.841458820694124

    /// Splits the columns into those to fit and those that carry no information: a column that is
    /// 0 for every deal never fires; one that has the same non-zero value for every deal cannot be
    /// told apart from the intercept.
    public static func screen(_ patterns: PatternTable) -> (kept: [Int], exclusions: [String: Exclusion]) {
        screen(ColumnSummary(patterns), ruleIDs: patterns.ruleIDs)
    }

    static func screen(_ summary: ColumnSummary, ruleIDs: [String]) -> (kept: [Int], exclusions: [String: Exclusion]) {
        var exclusions: [String: Exclusion] = [:]
        var kept: [Int] = []
        for j in ruleIDs.indices {
            let lo = summary.lo(j)
            let hi = summary.hi(j)
            if lo == hi || !(lo <= hi) {
                exclusions[ruleIDs[j]] = lo == 0 || !(lo <= hi) ? .neverFires : .constant
            } else {
                kept.append(j)
            }
        }
        return (kept, exclusions)
    }

    /// The first pair of columns (in order) whose values are equal on every pattern: candidates
    /// share a fingerprint and are then compared value by value.
    static func duplicateColumns(_ patterns: PatternTable, summary: ColumnSummary, columns: [Int]) -> (Int, Int)? {
        var seen: [UInt64: [Int]] = [:]  // fingerprint → columns
        for j in columns {
            let key = summary.fingerprint[j]
            for k in seen[key, default: []]
            where (0..<patterns.count).allSatisfy({ patterns.rows[$0, k] == patterns.rows[$0, j] }) {
                return (k, j)
            }
            seen[key, default: []].append(j)
        }
        return nil
    }

    /// Columns that on their own split won from lost: every deal where the column is above its
    /// smallest value is won (or every one lost), or the won and lost ranges do not overlap.
    public static func findSeparation(_ patterns: PatternTable, columns: [Int]) -> [SeparatedRule] {
        findSeparation(patterns, summary: ColumnSummary(patterns), columns: columns)
    }

    static func findSeparation(_ patterns: PatternTable, summary: ColumnSummary, columns: [Int]) -> [SeparatedRule] {
        // Deals above each column's smallest value (where it "fires"): the summary has them for
        // columns whose smallest value is 0 (every indicator and count); others take one more pass.
        var firedWon = columns.map { summary.aboveZeroWon[$0] }
        var firedLost = columns.map { summary.aboveZeroLost[$0] }
        let needsPass = columns.indices.filter { summary.lo(columns[$0]) != 0 }
        if !needsPass.isEmpty {
            for k in needsPass {
                firedWon[k] = 0
                firedLost[k] = 0
            }
            for i in 0..<patterns.count {
                for k in needsPass where patterns.rows[i, columns[k]] > summary.lo(columns[k]) {
                    firedWon[k] += patterns.wonWeights[i]
                    firedLost[k] += patterns.lostWeights[i]
                }
            }
        }
        var out: [SeparatedRule] = []
        for (k, j) in columns.enumerated() {
            // Quasi-complete: above the baseline value only one outcome occurs (the usual case of an
            // indicator that fires only for won deals); complete: the ranges do not overlap.
            if firedLost[k] == 0 || summary.wonLo[j] > summary.lostHi[j] {
                out.append(SeparatedRule(ruleID: patterns.ruleIDs[j], fired: firedWon[k] + firedLost[k], onlyWon: true))
            } else if firedWon[k] == 0 || summary.wonHi[j] < summary.lostLo[j] {
                out.append(
                    SeparatedRule(ruleID: patterns.ruleIDs[j], fired: firedWon[k] + firedLost[k], onlyWon: false))
            }
        }
        return out
    }
}
