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
        let solver = NewtonSolver(data: data, penalty: penalty, lambda: lambda, priorMeans: priorMeans, ruleIDs: patterns.ruleIDs, kept: kept)
        let q = kept.count + 1
        var start = [Double](repeating: 0, count: q)
        start[0] = _log(W1 / W0)
        let nullLL = W1 * _log(W1 / (W1 + W0)) + W0 * _log(W0 / (W1 + W0))

        let run = try solver.optimize(from: start, free: [Bool](repeating: true, count: q), maxIterations: maxIterations, tolerance: tolerance)
        let beta = run.beta, state = run.state
        var warnings: [String] = []
        if !run.converged {
            warnings.append("the fit did not converge in \(run.iterations) iterations; estimates may be unreliable")
        }
        let large = kept.indices.filter { abs(beta[$0 + 1]) > 15 }
        if !large.isEmpty, penalty == .none {
            warnings.append("coefficients of " + large.map { quoted(patterns.ruleIDs[kept[$0]]) }.joined(separator: ", ")
                + " exceed 15 in log-odds: the data are close to separated; consider --penalty firth")
        }
        if !separated.isEmpty {
            warnings.append(separated.map(\.explanation).joined(separator: "; ") + "; the \(penalty.name) penalty keeps the estimate finite")
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
            for a in 0..<q {
                let interval = solver.profileInterval(coordinate: a, estimate: beta, standardError: se[a], target: target, tolerance: tolerance)
                if a == 0 { intercept.setProfile(interval) } else { estimates[kept[a - 1]]?.setProfile(interval) }
            }
            let ml = NewtonSolver(data: data, penalty: .none, lambda: 0, priorMeans: priorMeans, ruleIDs: patterns.ruleIDs, kept: kept)
            var free = [Bool](repeating: false, count: q)
            free[0] = true
            flic = try? ml.optimize(from: beta, free: free, maxIterations: maxIterations, tolerance: tolerance).beta[0]
        }
        return LogisticFit(
            ruleIDs: patterns.ruleIDs, intercept: intercept, estimates: estimates,
            exclusions: exclusions, logLikelihood: state.logLikelihood, nullLogLikelihood: nullLL,
            penalizedLogLikelihood: state.objective, iterations: run.iterations, converged: run.converged, penalty: penalty,
            patternCount: patterns.count, won: W1, lost: W0, covariance: covariance, keptColumns: kept,
            separation: separated, warnings: warnings, flicIntercept: flic)
    }

    /// The 0.95 quantile of χ² with one degree of freedom (1.959963984540054²).
    static let chiSquare95 = 3.841458820694124

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
    /// The (penalized) Fisher information XᵀWX (+ λ on the rule diagonal), row-major q×q.
    var hessian: [Double]
    /// For Firth: Xᵀ diag(w(1+h)) X, the information of the penalized likelihood.
    var firthInformation: [Double]?
}

/// Evaluates the objective, gradient and information on a pattern table with an intercept column,
/// and maximizes the objective over a chosen subset of coordinates (the rest held fixed, as
/// profile likelihoods and FLIC need).
struct NewtonSolver {
    let data: PatternTable
    let penalty: Penalty
    let lambda: Double
    let priorMeans: [Double]
    let ruleIDs: [String]
    let kept: [Int]

    var dimension: Int { data.columnCount + 1 }

    /// Newton–Raphson with step-halving over the coordinates marked `free`.
    func optimize(from start: [Double], free: [Bool], maxIterations: Int, tolerance: Double) throws
        -> (beta: [Double], state: NewtonState, iterations: Int, converged: Bool)
    {
        let q = dimension
        let idx = (0..<q).filter { free[$0] }
        var beta = start
        var state = try evaluate(beta)
        var iterations = 0
        var converged = false
        while iterations < maxIterations {
            iterations += 1
            let sub = idx.flatMap { a in idx.map { b in state.hessian[a * q + b] } }
            let chol: Cholesky
            do { chol = try Cholesky(sub, dimension: idx.count) } catch let e as Cholesky.Singular {
                throw collinearity(state.hessian, column: idx[e.index])
            }
            let stepFree = chol.solve(idx.map { state.gradient[$0] })
            var step = [Double](repeating: 0, count: q)
            for (k, a) in idx.enumerated() { step[a] = stepFree[k] }
            var t = 1.0
            var trial = zip(beta, step).map { $0 + $1 }
            var next = try? evaluate(trial)
            var halvings = 0
            while (next == nil || next!.objective < state.objective - 1e-13 * abs(state.objective)) && halvings < 30 {
                t /= 2
                halvings += 1
                trial = zip(beta, step).map { $0 + t * $1 }
                next = try? evaluate(trial)
            }
            guard let accepted = next else { break }
            let change = abs(accepted.objective - state.objective)
            beta = trial
            state = accepted
            if change <= tolerance * (abs(state.objective) + 0.1) { converged = true; break }
        }
        return (beta, state, iterations, converged)
    }

    /// The profile-likelihood interval of coordinate `a`: the values b where the objective
    /// maximized over the other coordinates, with coordinate `a` held at b, falls to `target`
    /// (the maximum minus χ²₁(0.95)/2). Found by bracketing outward in steps of the standard
    /// error, then bisection to 1e-9 in the objective.
    func profileInterval(coordinate a: Int, estimate: [Double], standardError se: Double, target: Double, tolerance: Double) -> ClosedRange<Double>? {
        let q = dimension
        var free = [Bool](repeating: true, count: q)
        free[a] = false
        func profile(_ b: Double, from start: [Double]) -> (value: Double, beta: [Double])? {
            var x = start
            x[a] = b
            guard let r = try? optimize(from: x, free: free, maxIterations: 100, tolerance: min(tolerance, 1e-12)) else { return nil }
            return (r.state.objective - target, r.beta)
        }
        func bound(_ direction: Double) -> Double? {
            let step = max(se, 1e-3)
            var inside = estimate[a], insideBeta = estimate
            var k = 1
            while k <= 60 {
                let b = estimate[a] + direction * step * Double(k)
                guard let v = profile(b, from: insideBeta) else { return nil }
                if v.value < 0 {
                    // Root between inside and b: bisection, warm-started from the inside point.
                    var lo = inside, hi = b, loBeta = insideBeta
                    for _ in 0..<100 {
                        let mid = (lo + hi) / 2
                        guard let m = profile(mid, from: loBeta) else { return nil }
                        if m.value >= 0 { lo = mid; loBeta = m.beta } else { hi = mid }
                        if abs(hi - lo) < 1e-10 * max(1, abs(mid)) { break }
                    }
                    return (lo + hi) / 2
                }
                inside = b
                insideBeta = v.beta
                k += k < 8 ? 1 : k
            }
            return nil
        }
        guard let lo = bound(-1), let hi = bound(1) else { return nil }
        return lo...hi
    }

    /// Evaluates the state at β.
    ///
    /// - Throws: ``FitError/collinear(ruleIDs:dependsOn:)`` when the information matrix is singular.
    func evaluate(_ beta: [Double]) throws -> NewtonState {
        let p = data.columnCount, q = p + 1, n = data.count
        var info = [Double](repeating: 0, count: q * q)
        var score = [Double](repeating: 0, count: q)
        var ll = 0.0
        var probs = [Double](repeating: 0, count: n)
        var row = [Double](repeating: 1, count: q)
        for i in 0..<n {
            let w1 = data.wonWeights[i], m = w1 + data.lostWeights[i]
            if m == 0 { continue }
            for j in 0..<p { row[j + 1] = data.values[i * p + j] }
            var eta = beta[0]
            for j in 0..<p { eta += beta[j + 1] * row[j + 1] }
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
        var firthInformation: [Double]? = nil
        switch penalty {
        case .ridge, .prior:
            for j in 1..<max(q, 1) {
                let d = beta[j] - priorMeans[j - 1]
                objective -= lambda / 2 * d * d
                score[j] -= lambda * d
                hessian[j * q + j] += lambda
            }
        case .firth:
            // Firth: objective + ½ log det I; score + Xᵀ(h ∘ (½ − π)), h the hat diagonal.
            let chol: Cholesky
            do { chol = try Cholesky(info, dimension: q) } catch let e as Cholesky.Singular { throw collinearity(info, column: e.index) }
            objective += 0.5 * chol.logDeterminant
            let inv = chol.inverse()
            var adjusted = info
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
                let w = m * probs[i] * (1 - probs[i])
                let h = w * quad
                let adj = h * (0.5 - probs[i])
                for a in 0..<q {
                    score[a] += adj * row[a]
                    // Per deal w_d(1 + h_d); a pattern of m deals has w = m·w_d and h = m·h_d.
                    for b in 0..<q { adjusted[a * q + b] += w * (h / m) * row[a] * row[b] }
                }
            }
            firthInformation = adjusted
        case .none: break
        }
        guard objective.isFinite else { throw FitError.invalidPenalty("the objective is not finite at this step") }
        if penalty != .firth {
            // Check now that the system is solvable, so a collinear design fails with its name.
            do { _ = try Cholesky(hessian, dimension: q) } catch let e as Cholesky.Singular { throw collinearity(hessian, column: e.index) }
        }
        return NewtonState(objective: objective, logLikelihood: ll, gradient: score, hessian: hessian, firthInformation: firthInformation)
    }

    /// Names the column that depends on earlier ones, and which ones (by a least-squares solve of
    /// that column on the earlier ones in the information metric).
    func collinearity(_ info: [Double], column: Int) -> FitError {
        let q = dimension
        func name(_ a: Int) -> String { a == 0 ? "the intercept" : ruleIDs[kept[a - 1]] }
        guard column > 0 else { return .collinear(ruleIDs: [name(0)], dependsOn: []) }
        let sub = (0..<column).flatMap { a in (0..<column).map { b in info[a * q + b] } }
        let rhs = (0..<column).map { info[$0 * q + column] }
        var deps: [String] = []
        if let chol = try? Cholesky(sub, dimension: column) {
            let c = chol.solve(rhs)
            for (a, v) in c.enumerated() where abs(v) > 1e-6 && a > 0 { deps.append(name(a)) }
        }
        return .collinear(ruleIDs: [name(column)], dependsOn: deps)
    }
}
