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

    /// Creates an estimator; nothing is fitted until ``fit(_:)-(PatternTable)``.
    public init(penalty: Penalty = .none, maxIterations: Int = 100, tolerance: Double = 1e-10) {
        self.penalty = penalty
        self.maxIterations = maxIterations
        self.tolerance = tolerance
    }

    /// Fits a design matrix (compressed to patterns first; the answer is the same).
    public func fit(_ design: DesignMatrix) throws -> LogisticFit { try fit(PatternTable(design)) }

    /// Fits a pattern table.
    ///
    /// - Throws: ``FitError`` for one outcome only, separation under ``Penalty/none``, collinear
    ///   rules, or a bad penalty parameter.
    public func fit(_ patterns: PatternTable) throws -> LogisticFit {
        let W1 = patterns.totalWon, W0 = patterns.totalLost
        guard W1 > 0, W0 > 0 else { throw FitError.oneOutcomeOnly(won: W1, lost: W0) }
        switch penalty {
        case let .ridge(l) where !(l >= 0 && l.isFinite), let .prior(_, l) where !(l >= 0 && l.isFinite):
            throw FitError.invalidPenalty("lambda must be a finite number ≥ 0; got \(JSONValue.format(l))")
        case let .prior(means, _) where means.count != patterns.columnCount:
            throw FitError.invalidPenalty("prior needs one mean per rule (\(patterns.columnCount)); got \(means.count)")
        default: break
        }

        let p = patterns.columnCount
        let (kept, exclusions) = Self.screen(patterns)
        let separated = Self.findSeparation(patterns, columns: kept)
        if penalty == .none, !separated.isEmpty { throw FitError.separation(separated) }

        let data = patterns.keepingColumns(kept)
        var priorMeans = [Double](repeating: 0, count: kept.count)
        var lambda = 0.0
        switch penalty {
        case let .ridge(l): lambda = l
        case let .prior(means, l): lambda = l; priorMeans = kept.map { means[$0] }
        default: break
        }
        var solver = NewtonSolver(data: data, penalty: penalty, lambda: lambda, priorMeans: priorMeans)
        let q = kept.count + 1
        var beta = [Double](repeating: 0, count: q)
        beta[0] = _log(W1 / W0)
        let nullLL = W1 * _log(W1 / (W1 + W0)) + W0 * _log(W0 / (W1 + W0))

        var state = try solver.evaluate(beta, ruleIDs: patterns.ruleIDs, kept: kept)
        var iterations = 0
        var converged = false
        var warnings: [String] = []
        while iterations < maxIterations {
            iterations += 1
            let step = state.hessian.solve(state.gradient)
            var t = 1.0
            var trial = zip(beta, step).map { $0 + $1 }
            var next = try? solver.evaluate(trial, ruleIDs: patterns.ruleIDs, kept: kept)
            var halvings = 0
            while (next == nil || next!.objective < state.objective - 1e-13 * abs(state.objective)) && halvings < 30 {
                t /= 2
                halvings += 1
                trial = zip(beta, step).map { $0 + t * $1 }
                next = try? solver.evaluate(trial, ruleIDs: patterns.ruleIDs, kept: kept)
            }
            guard let accepted = next else { break }
            let change = abs(accepted.objective - state.objective)
            beta = trial
            state = accepted
            if change <= tolerance * (abs(state.objective) + 0.1) { converged = true; break }
        }
        if !converged {
            warnings.append("the fit did not converge in \(iterations) iterations; estimates may be unreliable")
        }
        let large = kept.indices.filter { abs(beta[$0 + 1]) > 15 }
        if !large.isEmpty, penalty == .none {
            warnings.append("coefficients of " + large.map { quoted(patterns.ruleIDs[kept[$0]]) }.joined(separator: ", ")
                + " exceed 15 in log-odds: the data are close to separated; consider --penalty firth")
        }
        if !separated.isEmpty {
            warnings.append(separated.map(\.explanation).joined(separator: "; ") + "; the \(penalty.name) penalty keeps the estimate finite")
        }

        let covariance = state.hessian.inverse()
        let se = (0..<q).map { covariance[$0 * q + $0].squareRoot() }
        var estimates = [Estimate?](repeating: nil, count: p)
        for (k, j) in kept.enumerated() { estimates[j] = Estimate(coefficient: beta[k + 1], stdError: se[k + 1]) }
        return LogisticFit(
            ruleIDs: patterns.ruleIDs, intercept: Estimate(coefficient: beta[0], stdError: se[0]), estimates: estimates,
            exclusions: exclusions, logLikelihood: state.logLikelihood, nullLogLikelihood: nullLL,
            penalizedLogLikelihood: state.objective, iterations: iterations, converged: converged, penalty: penalty,
            patternCount: patterns.count, won: W1, lost: W0, covariance: covariance, keptColumns: kept,
            separation: separated, warnings: warnings)
    }

    /// Splits the columns into those to fit and those that carry no information: a column that is
    /// 0 for every deal never fires; one that has the same non-zero value for every deal cannot be
    /// told apart from the intercept.
    public static func screen(_ patterns: PatternTable) -> (kept: [Int], exclusions: [String: Exclusion]) {
        let p = patterns.columnCount
        var exclusions: [String: Exclusion] = [:]
        var kept: [Int] = []
        for j in 0..<p {
            var lo = Double.infinity, hi = -Double.infinity
            for i in 0..<patterns.count where patterns.wonWeights[i] + patterns.lostWeights[i] > 0 {
                let x = patterns.values[i * p + j]
                lo = min(lo, x); hi = max(hi, x)
            }
            if lo == hi {
                exclusions[patterns.ruleIDs[j]] = lo == 0 ? .neverFires : .constant
            } else {
                kept.append(j)
            }
        }
        return (kept, exclusions)
    }

    /// Columns that on their own split won from lost: every deal where the column is above its
    /// smallest value is won (or every one lost), or the won and lost ranges do not overlap.
    public static func findSeparation(_ patterns: PatternTable, columns: [Int]) -> [SeparatedRule] {
        let p = patterns.columnCount
        var out: [SeparatedRule] = []
        for j in columns {
            var wonLo = Double.infinity, wonHi = -Double.infinity, lostLo = Double.infinity, lostHi = -Double.infinity
            for i in 0..<patterns.count {
                let x = patterns.values[i * p + j]
                if patterns.wonWeights[i] > 0 { wonLo = min(wonLo, x); wonHi = max(wonHi, x) }
                if patterns.lostWeights[i] > 0 { lostLo = min(lostLo, x); lostHi = max(lostHi, x) }
            }
            let lo = min(wonLo, lostLo)
            var firedWon = 0.0, firedLost = 0.0
            for i in 0..<patterns.count where patterns.values[i * p + j] > lo {
                firedWon += patterns.wonWeights[i]
                firedLost += patterns.lostWeights[i]
            }
            // Quasi-complete: above the baseline value only one outcome occurs (the usual case of an
            // indicator that fires only for won deals); complete: the ranges do not overlap.
            if firedLost == 0 || wonLo > lostHi {
                out.append(SeparatedRule(ruleID: patterns.ruleIDs[j], fired: firedWon + firedLost, onlyWon: true))
            } else if firedWon == 0 || wonHi < lostLo {
                out.append(SeparatedRule(ruleID: patterns.ruleIDs[j], fired: firedWon + firedLost, onlyWon: false))
            }
        }
        return out
    }
}

/// The objective, score and information of the penalized logistic likelihood at one β.
struct NewtonState {
    var objective: Double
    var logLikelihood: Double
    var gradient: [Double]
    var hessian: Cholesky
}

/// Evaluates the objective, gradient and Hessian on a pattern table with an intercept column.
struct NewtonSolver {
    let data: PatternTable
    let penalty: Penalty
    let lambda: Double
    let priorMeans: [Double]

    /// - Throws: ``FitError/collinear(ruleIDs:dependsOn:)`` when the information matrix is singular.
    mutating func evaluate(_ beta: [Double], ruleIDs: [String], kept: [Int]) throws -> NewtonState {
        let p = data.columnCount, q = p + 1, n = data.count
        var info = [Double](repeating: 0, count: q * q)
        var score = [Double](repeating: 0, count: q)
        var ll = 0.0
        var probs = [Double](repeating: 0, count: n)
        var row = [Double](repeating: 1, count: q)
        for i in 0..<n {
            for j in 0..<p { row[j + 1] = data.values[i * p + j] }
            var eta = beta[0]
            for j in 0..<p { eta += beta[j + 1] * row[j + 1] }
            let w1 = data.wonWeights[i], m = w1 + data.lostWeights[i]
            if m == 0 { continue }
            let prob = logistic(eta)
            probs[i] = prob
            ll += w1 * eta - m * log1pExp(eta)
            let w = m * prob * (1 - prob)
            let r = w1 - m * prob
            for a in 0..<q {
                score[a] += r * row[a]
                let wa = w * row[a]
                for b in 0...a { info[a * q + b] += wa * row[b] }
            }
        }
        for a in 0..<q { for b in 0..<a { info[b * q + a] = info[a * q + b] } }
        var objective = ll
        var hessian = info
        switch penalty {
        case .ridge, .prior:
            for j in 1..<max(q, 1) {
                let d = beta[j] - priorMeans[j - 1]
                objective -= lambda / 2 * d * d
                score[j] -= lambda * d
                hessian[j * q + j] += lambda
            }
        default: break
        }
        let chol: Cholesky
        do {
            chol = try Cholesky(hessian, dimension: q)
        } catch let singular as Cholesky.Singular {
            throw Self.collinearity(info: hessian, q: q, column: singular.index, ruleIDs: ruleIDs, kept: kept)
        }
        if penalty == .firth {
            // Firth: objective + ½ log det I; score + Xᵀ(h ∘ (½ − π)), h the hat diagonal.
            objective += 0.5 * chol.logDeterminant
            let inv = chol.inverse()
            for i in 0..<n {
                let m = data.wonWeights[i] + data.lostWeights[i]
                if m == 0 { continue }
                for j in 0..<p { row[j + 1] = data.values[i * p + j] }
                var quad = 0.0
                for a in 0..<q {
                    var s = 0.0
                    for b in 0..<q { s += inv[a * q + b] * row[b] }
                    quad += row[a] * s
                }
                let h = m * probs[i] * (1 - probs[i]) * quad
                let adj = h * (0.5 - probs[i])
                for a in 0..<q { score[a] += adj * row[a] }
            }
        }
        guard objective.isFinite else { throw FitError.invalidPenalty("the objective is not finite at this step") }
        return NewtonState(objective: objective, logLikelihood: ll, gradient: score, hessian: chol)
    }

    /// Names the column that depends on earlier ones, and which ones (by a least-squares solve of
    /// that column on the earlier ones in the information metric).
    static func collinearity(info: [Double], q: Int, column: Int, ruleIDs: [String], kept: [Int]) -> FitError {
        func name(_ a: Int) -> String { a == 0 ? "the intercept" : ruleIDs[kept[a - 1]] }
        guard column > 0 else { return .collinear(ruleIDs: [name(0)], dependsOn: []) }
        let sub = (0..<column).flatMap { a in (0..<column).map { b in info[a * q + b] } }
        let rhs = (0..<column).map { info[$0 * q + column] }
        var deps: [String] = []
        if let chol = try? Cholesky(sub, dimension: column) {
            let c = chol.solve(rhs)
            for (a, v) in c.enumerated() where abs(v) > 1e-6 { deps.append(name(a)) }
        }
        let ruleDeps = deps.filter { $0 != "the intercept" }
        return .collinear(ruleIDs: [name(column)], dependsOn: ruleDeps)
    }
}
