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

/// Evaluates the objective, gradient and information on pattern rows with an intercept column, and maximizes the objective over a chosen subset of coordinates (the rest held fixed, as
/// profile likelihoods and FLIC need).
///
/// The accumulation over rows runs on every core for large inputs: each chunk of rows fills its
/// own buffers, which are added in chunk order.
struct NewtonSolver: Sendable {
    let rows: FitRows
    let penalty: Penalty
    let lambda: Double
    let priorMeans: [Double]
    let ruleIDs: [String]
    let kept: [Int]

    var dimension: Int { rows.dimension }

    /// Largest absolute component of the penalized (modified) score at which a Firth fit has
    /// converged: U*(β)_a = Σ_i x_ia (y_i − π_i + h_i(½ − π_i)) (Firth 1993, eq. 4.2), in deals.
    /// At this size the coefficients are within about 1e-10 of the root on typical histories
    /// (the error is I⁻¹U*).
    static let firthScoreTolerance = 1e-10

    /// Rows per chunk below which one thread is faster than several.
    static let minimumRowsPerChunk = 20_000

    /// Newton–Raphson with step-halving over the coordinates marked `free`.
    ///
    /// - Parameter startHessian: the (penalized) information at `start` as a subsample's fit
    ///   found it (scaled to the whole): the first step then uses it, and the first pass sums
    ///   only the objective and the score. Every later step, and the state returned, use the
    ///   information of all the rows.
    func optimize(
        from start: [Double], free: [Bool], maxIterations: Int, tolerance: Double, startHessian: [Double]? = nil
    ) throws
        -> (beta: [Double], state: NewtonState, iterations: Int, converged: Bool)
    {
        let q = dimension
        let idx = (0..<q).filter { free[$0] }
        var beta = start
        // The subsample's information, where it can stand in (not for Firth, whose step needs the
        // hat matrix of these rows).
        let subsampleHessian = startHessian.flatMap { $0.count == q * q && penalty != .firth ? $0 : nil }
        var state = try evaluate(beta, information: subsampleHessian == nil)
        if let subsampleHessian { state.hessian = subsampleHessian }
        var stateIsExact = subsampleHessian == nil
        var iterations = 0
        var converged = false
        while iterations < maxIterations {
            iterations += 1
            let step = try newtonStep(state, free: idx)
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
            let largestStep = idx.map { abs(t * step[$0]) }.max() ?? 0
            beta = trial
            state = accepted
            stateIsExact = true
            if penalty == .firth {
                // Firth's step solves with XᵀWX, not the penalized objective's Hessian, so it
                // converges linearly and the objective settles (to rounding) long before β does.
                // Converge on the penalized score instead, as logistf's gconv does, but to
                // `Self.firthScoreTolerance`; or when steps reach rounding level in β.
                let largestScore = idx.map { abs(state.gradient[$0]) }.max() ?? 0
                let largestBeta = idx.map { abs(beta[$0]) }.max() ?? 0
                if largestScore <= Self.firthScoreTolerance || largestStep <= 1e-13 * max(1, largestBeta) {
                    converged = true
                    break
                }
                continue
            }
            if change <= tolerance * (abs(state.objective) + 0.1) {
                converged = true
                break
            }
        }
        if !stateIsExact { state = try evaluate(beta) }
        if subsampleHessian != nil, converged, let step = try? newtonStep(state, free: idx) {
            // The first step's information was a subsample's, so the last step started a little
            // further out than from an exact first step (about 1e-11 rather than 1e-13): one more
            // Newton step from the state just summed takes β to rounding level, and the state
            // (objective, information) moves by the square of that, below its own rounding.
            for a in idx { beta[a] += step[a] }
        }
        return (beta, state, iterations, converged)
    }

    /// The Newton step from `state` over the coordinates `free` (0 on the others): the
    /// information restricted to them, solved against the gradient.
    ///
    /// - Throws: ``FitError/collinear(ruleIDs:dependsOn:)`` when that information is singular.
    private func newtonStep(_ state: NewtonState, free idx: [Int]) throws -> [Double] {
        let q = dimension
        let sub = idx.flatMap { a in idx.map { b in state.hessian[a * q + b] } }
        let chol: Cholesky
        do { chol = try Cholesky(sub, dimension: idx.count) } catch let e as Cholesky.Singular {
            throw collinearity(state.hessian, column: idx[e.index])
        }
        var step = [Double](repeating: 0, count: q)
        for (k, d) in chol.solve(idx.map { state.gradient[$0] }).enumerated() { step[idx[k]] = d }
        return step
    }

    /// The profile-likelihood interval of coordinate `a`: the values b where the objective
    /// maximized over the other coordinates, with coordinate `a` held at b, falls to `target`
    /// (the maximum minus χ²₁(0.95)/2). Found by bracketing outward in steps of the standard
    /// error, then bisection.
    func profileInterval(
        coordinate a: Int, estimate: [Double], standardError se: Double, target: Double, tolerance: Double
    ) -> ClosedRange<Double>? {
        let q = dimension
        var free = [Bool](repeating: true, count: q)
        free[a] = false
        func profile(_ b: Double, from start: [Double]) -> (value: Double, beta: [Double])? {
            var x = start
            x[a] = b
            guard let r = try? optimize(from: x, free: free, maxIterations: 100, tolerance: min(tolerance, 1e-12))
            else { return nil }
            return (r.state.objective - target, r.beta)
        }
        func bound(_ direction: Double) -> Double? {
            let step = max(se, 1e-3)
            var inside = estimate[a]
            var insideBeta = estimate
            var k = 1
            while k <= 60 {
                let b = estimate[a] + direction * step * Double(k)
                guard let v = profile(b, from: insideBeta) else { return nil }
                if v.value < 0 {
                    var lo = inside
                    var hi = b
                    var loBeta = insideBeta
                    for _ in 0..<100 {
                        let mid = (lo + hi) / 2
                        guard let m = profile(mid, from: loBeta) else { return nil }
                        if m.value >= 0 {
                            lo = mid
                            loBeta = m.beta
                        } else {
                            hi = mid
                        }
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

    /// One pass over the rows: log-likelihood, score, XᵀWX (symmetric, row-major) and, for
    /// Firth, the fitted probabilities.
    /// - Parameter information: whether to sum XᵀWX; without it the pass by blocks skips it (and
    ///   `info` is zeros), the row pass sums it anyway.
    func accumulate(_ beta: [Double], information: Bool = true) -> (
        ll: Double, score: [Double], info: [Double], probs: [Double]
    ) {
        rows.blockBits.isEmpty || !useBlocks
            ? accumulateByRows(beta) : accumulateByBlocks(beta, information: information)
    }

    /// Whether passes over indicator-only rows sum by blocks of 64 rows (tests turn it off to
    /// compare with the row-by-row pass).
    var useBlocks = true

    /// The pass over indicator rows by blocks of 64 rows. For each block it computes every row's
    /// weight w = m·π(1 − π) and residual r = y − m·π, then tabulates, for each 8 rows of the
    /// block, the sum of w (and of r) over each of the 256 subsets of those rows. A cell of XᵀWX,
    /// Σ w over the rows where columns a and b are both 1, is then 8 lookups at the bytes of the
    /// block's `bits(a) & bits(b)`; a component of the score, 8 lookups at `bits(a)`. A block costs
    /// about q²/2 · 8 lookups instead of Σ nnz²/2 scattered additions, and the rows' additions
    /// never wait on each other. A row's linear predictor is one lookup per byte of its bits.
    private func accumulateByBlocks(_ beta: [Double], information: Bool) -> (
        ll: Double, score: [Double], info: [Double], probs: [Double]
    ) {
        let q = dimension
        let n = rows.count
        let blocks = rows.blockCount
        let pairs = q * (q + 1) / 2
        let stride = 1 + q + pairs
        let minimumBlocks = Self.minimumRowsPerChunk / 64
        let chunks = max(1, min(ParallelSettings.cores, blocks / max(1, minimumBlocks)))
        let partial = UnsafeMutableBufferPointer<Double>.allocate(capacity: chunks * stride)
        partial.initialize(repeating: 0)
        defer { partial.deallocate() }
        let keepProbs = penalty == .firth
        var probs = [Double](repeating: 0, count: keepProbs ? n : 0)
        let rows = self.rows
        // A row's linear predictor by bytes of its bits: table j holds, for each value of the
        // row's byte j, the sum of β over the kept columns whose bits are set in it.
        let etaTable = EncodedRows.byteSums(rows.bitCoordinate.dropLast().map { $0 >= 0 ? beta[Int($0)] : 0 })
        let rowBytes = etaTable.count / 256
        let beta0 = beta[0]
        probs.withUnsafeMutableBufferPointer { probsBuffer in
            nonisolated(unsafe) let out = partial
            nonisolated(unsafe) let pr = probsBuffer
            forEachChunk(count: blocks, minimumPerChunk: minimumBlocks) { range, k in
                let o = out.baseAddress! + k * stride
                let scoreOut = o + 1
                let infoOut = o + 1 + q
                // w and r of the block's 64 rows, then 8 tables of 256 subset sums for each.
                let w64 = UnsafeMutablePointer<Double>.allocate(capacity: 128)
                let r64 = w64 + 64
                let tables = UnsafeMutablePointer<Double>.allocate(capacity: 2 * 8 * 256)
                defer {
                    w64.deallocate()
                    tables.deallocate()
                }
                let wTable = tables
                let rTable = tables + 8 * 256
                var ll = 0.0
                rows.won.withUnsafeBufferPointer { wonW in
                    rows.lost.withUnsafeBufferPointer { lostW in
                        etaTable.withUnsafeBufferPointer { etaTable in
                            rows.rows.withReader { reader in
                                rows.blockBits.withUnsafeBufferPointer { blockBits in
                                    for block in range {
                                        let lo = block * 64
                                        let hi = min(n, lo + 64)
                                        for t in 0..<64 {
                                            w64[t] = 0
                                            r64[t] = 0
                                        }
                                        for i in lo..<hi {
                                            let w1 = wonW[i]
                                            let m = w1 + lostW[i]
                                            if m == 0 { continue }
                                            var eta = beta0
                                            for j in 0..<rowBytes { eta += etaTable[j << 8 | reader.byte(i, j)] }
                                            let (prob, softplus) = logisticAndLog1pExp(eta)
                                            if keepProbs { pr[i] = prob }
                                            ll += w1 * eta - m * softplus
                                            w64[i - lo] = m * prob * (1 - prob)
                                            r64[i - lo] = w1 - m * prob
                                        }
                                        Self.tabulateSubsetSums(r64, into: rTable)
                                        let bits = blockBits.baseAddress! + block * q
                                        for a in 0..<q { scoreOut[a] += Self.subsetSum(rTable, bits[a]) }
                                        guard information else { continue }
                                        Self.tabulateSubsetSums(w64, into: wTable)
                                        // Row a of the lower triangle, two cells at a time (their
                                        // lookups overlap); each cell adds the same number as alone.
                                        var cell = 0
                                        for a in 0..<q {
                                            let bitsA = bits[a]
                                            let rowOut = infoOut + cell
                                            var c = 0
                                            while c < a {
                                                let first = Self.subsetSum(wTable, bitsA & bits[c])
                                                let second = Self.subsetSum(wTable, bitsA & bits[c &+ 1])
                                                rowOut[c] += first
                                                rowOut[c &+ 1] += second
                                                c &+= 2
                                            }
                                            if c == a { rowOut[c] += Self.subsetSum(wTable, bitsA & bits[c]) }
                                            cell &+= a &+ 1
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                o[0] = ll
            }
        }
        var ll = 0.0
        var score = [Double](repeating: 0, count: q)
        var packed = [Double](repeating: 0, count: pairs)
        for k in 0..<chunks {
            let base = k * stride
            ll += partial[base]
            for a in 0..<q { score[a] += partial[base + 1 + a] }
            for a in 0..<pairs { packed[a] += partial[base + 1 + q + a] }
        }
        var info = [Double](repeating: 0, count: q * q)
        var cell = 0
        for a in 0..<q {
            for c in 0...a {
                info[a * q + c] = packed[cell]
                info[c * q + a] = packed[cell]
                cell += 1
            }
        }
        return (ll, score, info, probs)
    }

    /// For each of the 8 groups of 8 values in `values` (64 in all), the sums over every subset of
    /// the group: `table[g * 256 + s]` = Σ of values[8g + t] for the bits t set in s.
    @inline(__always) private static func tabulateSubsetSums(
        _ values: UnsafeMutablePointer<Double>, into table: UnsafeMutablePointer<Double>
    ) {
        for g in 0..<8 {
            let t = table + g * 256
            let v = values + 8 * g
            t[0] = 0
            var size = 1
            for bit in 0..<8 {
                let x = v[bit]
                for s in 0..<size { t[size + s] = t[s] + x }
                size <<= 1
            }
        }
    }

    /// Σ of the block's values at the set bits of `mask`, from ``tabulateSubsetSums(_:into:)``'s
    /// tables, one lookup per byte.
    @inline(__always) private static func subsetSum(_ table: UnsafeMutablePointer<Double>, _ mask: UInt64) -> Double {
        let a = table[Int(mask & 0xFF)] + table[256 + Int(mask >> 8 & 0xFF)]
        let b = table[512 + Int(mask >> 16 & 0xFF)] + table[768 + Int(mask >> 24 & 0xFF)]
        let c = table[1024 + Int(mask >> 32 & 0xFF)] + table[1280 + Int(mask >> 40 & 0xFF)]
        let d = table[1536 + Int(mask >> 48 & 0xFF)] + table[1792 + Int(mask >> 56)]
        return (a + b) + (c + d)
    }

    /// The pass row by row: gathers each row's non-zero entries and adds to XᵀWX once per pair.
    private func accumulateByRows(_ beta: [Double]) -> (ll: Double, score: [Double], info: [Double], probs: [Double]) {
        let q = dimension
        let n = rows.count
        let chunks = max(1, min(ParallelSettings.cores, n / Self.minimumRowsPerChunk))
        let partial = UnsafeMutableBufferPointer<Double>.allocate(capacity: chunks * (1 + q + q * q))
        partial.initialize(repeating: 0)
        defer { partial.deallocate() }
        // The fitted probabilities are kept only for Firth's hat-matrix terms.
        let keepProbs = penalty == .firth
        var probs = [Double](repeating: 0, count: keepProbs ? n : 0)
        let stride = 1 + q + q * q
        let rows = self.rows
        let allOnes = rows.allOnes
        probs.withUnsafeMutableBufferPointer { probsBuffer in
            nonisolated(unsafe) let out = partial
            nonisolated(unsafe) let pr = probsBuffer
            forEachChunk(count: n, minimumPerChunk: Self.minimumRowsPerChunk) { range, k in
                let o = out.baseAddress! + k * stride
                var ll = 0.0
                let index = UnsafeMutablePointer<Int32>.allocate(capacity: q)
                let value = UnsafeMutablePointer<Double>.allocate(capacity: q)
                defer {
                    index.deallocate()
                    value.deallocate()
                }
                rows.won.withUnsafeBufferPointer { wonW in
                    rows.lost.withUnsafeBufferPointer { lostW in
                        beta.withUnsafeBufferPointer { b in
                            rows.withGather { gather in
                                let scoreOut = o + 1
                                let infoOut = o + 1 + q
                                for i in range {
                                    let w1 = wonW[i]
                                    let m = w1 + lostW[i]
                                    if m == 0 { continue }
                                    let e = gather(i, index, value)
                                    var eta = 0.0
                                    if allOnes {
                                        for t in 0..<e { eta += b[Int(index[t])] }
                                    } else {
                                        for t in 0..<e { eta += b[Int(index[t])] * value[t] }
                                    }
                                    let (prob, softplus) = logisticAndLog1pExp(eta)
                                    if keepProbs { pr[i] = prob }
                                    ll += w1 * eta - m * softplus
                                    let w = m * prob * (1 - prob)
                                    let r = w1 - m * prob
                                    // Each unordered pair {a, b} lands once, in row a or row b; the two
                                    // triangles are folded together after the pass.
                                    if allOnes {
                                        // Indicators only: every value is 1.
                                        for t in 0..<e {
                                            let a = Int(index[t])
                                            scoreOut[a] += r
                                            let rowOut = infoOut + a * q
                                            for u in 0...t { rowOut[Int(index[u])] += w }
                                        }
                                        continue
                                    }
                                    for t in 0..<e {
                                        let a = Int(index[t])
                                        let xa = value[t]
                                        scoreOut[a] += r * xa
                                        let wa = w * xa
                                        let rowOut = infoOut + a * q
                                        for u in 0...t { rowOut[Int(index[u])] += wa * value[u] }
                                    }
                                }
                            }
                        }
                    }
                }
                o[0] = ll
            }
        }
        var ll = 0.0
        var score = [Double](repeating: 0, count: q)
        var info = [Double](repeating: 0, count: q * q)
        for k in 0..<chunks {
            let base = k * stride
            ll += partial[base]
            for a in 0..<q { score[a] += partial[base + 1 + a] }
            for a in 0..<(q * q) { info[a] += partial[base + 1 + q + a] }
        }
        for a in 0..<q {
            for b in 0..<a {
                let v = info[a * q + b] + info[b * q + a]
                info[a * q + b] = v
                info[b * q + a] = v
            }
        }
        return (ll, score, info, probs)
    }

    /// Firth's additions: the hat-adjusted score Xᵀ(h ∘ (½ − π)) and Xᵀ diag(w·h/m) X, where
    /// h is the hat diagonal of each pattern.
    private func firthTerms(inverse inv: [Double], probs: [Double]) -> (score: [Double], info: [Double]) {
        let q = dimension
        let n = rows.count
        let chunks = max(1, min(ParallelSettings.cores, n / Self.minimumRowsPerChunk))
        let stride = q + q * q
        let partial = UnsafeMutableBufferPointer<Double>.allocate(capacity: chunks * stride)
        partial.initialize(repeating: 0)
        defer { partial.deallocate() }
        let rows = self.rows
        nonisolated(unsafe) let out = partial
        forEachChunk(count: n, minimumPerChunk: Self.minimumRowsPerChunk) { range, k in
            let base = k * stride
            let index = UnsafeMutablePointer<Int32>.allocate(capacity: q)
            let value = UnsafeMutablePointer<Double>.allocate(capacity: q)
            defer {
                index.deallocate()
                value.deallocate()
            }
            rows.withGather { gather in
                for i in range {
                    let m = rows.won[i] + rows.lost[i]
                    if m == 0 { continue }
                    let e = gather(i, index, value)
                    var quad = 0.0
                    for t in 0..<e {
                        let a = Int(index[t])
                        var acc = 0.0
                        for u in 0..<e { acc += inv[a * q + Int(index[u])] * value[u] }
                        quad += value[t] * acc
                    }
                    let w = m * probs[i] * (1 - probs[i])
                    let h = w * quad
                    let adj = h * (0.5 - probs[i])
                    // Per deal w_d(1 + h_d); a pattern of m deals has w = m·w_d and h = m·h_d.
                    let wh = w * h / m
                    for t in 0..<e {
                        let a = Int(index[t])
                        let xa = value[t]
                        out[base + a] += adj * xa
                        for u in 0..<e { out[base + q + a * q + Int(index[u])] += wh * xa * value[u] }
                    }
                }
            }
        }
        var score = [Double](repeating: 0, count: q)
        var info = [Double](repeating: 0, count: q * q)
        for k in 0..<chunks {
            for a in 0..<q { score[a] += partial[k * stride + a] }
            for a in 0..<(q * q) { info[a] += partial[k * stride + q + a] }
        }
        return (score, info)
    }

    /// Evaluates the state at β.
    ///
    /// - Throws: ``FitError/collinear(ruleIDs:dependsOn:)`` when the information matrix is singular.
    /// - Parameter information: `false` when the caller has the information already (its
    ///   Hessian is then XᵀWX left out: zeros plus the penalty, and not checked).
    func evaluate(_ beta: [Double], information: Bool = true) throws -> NewtonState {
        let q = dimension
        var (ll, score, info, probs) = accumulate(beta, information: information)
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
            do { chol = try Cholesky(info, dimension: q) } catch let e as Cholesky.Singular {
                throw collinearity(info, column: e.index)
            }
            objective += 0.5 * chol.logDeterminant
            let extra = firthTerms(inverse: chol.inverse(), probs: probs)
            for a in 0..<q { score[a] += extra.score[a] }
            firthInformation = zip(info, extra.info).map { $0 + $1 }
        case .none: break
        }
        guard objective.isFinite else { throw FitError.invalidPenalty("the objective is not finite at this step") }
        if penalty != .firth, information {
            // Check now that the system is solvable, so a collinear design fails with its name.
            do { _ = try Cholesky(hessian, dimension: q) } catch let e as Cholesky.Singular {
                throw collinearity(hessian, column: e.index)
            }
        }
        return NewtonState(
            objective: objective, logLikelihood: ll, gradient: score, hessian: hessian,
            firthInformation: firthInformation)
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
