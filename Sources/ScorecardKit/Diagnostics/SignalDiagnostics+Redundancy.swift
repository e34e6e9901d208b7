import Dispatch

/// How much the rules overlap: correlations between rules' firing and variance inflation
/// (`redundant`).
extension SignalDiagnostics {
    /// Pearson correlations between design columns (row-major p×p; 0 for constant columns) and each
    /// column's variance inflation factor (the diagonal of the inverse correlation matrix of the
    /// non-constant columns).
    static func correlations(_ design: DesignMatrix) -> (matrix: [Double], vif: [Double?]) {
        let p = design.columnCount
        // Indicators only, every deal counted once: the co-firing counts are exact integers, and
        // the centred cross-products follow from them (Σ(x_a − m_a)(x_b − m_b) = n_ab − n_a·n_b/n).
        if design.weights == nil, design.rowCount > 0, let co = design.rows.indicatorCoCounts() {
            let n = Double(design.rowCount)
            let cov = (0..<(p * p)).map { k in
                Double(co[k]) - Double(co[(k / p) * p + k / p]) * Double(co[(k % p) * p + k % p]) / n
            }
            return correlations(covariance: cov, p: p)
        }
        // A history of few distinct rows is summed over its patterns, each weighted by its deals.
        let patterns = PatternTable(design)
        if patterns.isCompressed, patterns.count * 4 < design.rowCount {
            return correlations(rows: patterns.rows, weights: zip(patterns.wonWeights, patterns.lostWeights).map(+))
        }
        return correlations(rows: design.rows, weights: design.weights)
    }

    /// Correlations and VIFs of the columns of `rows`, each row weighted (by 1 when `weights`
    /// is nil): the centred cross-products summed row by row.
    static func correlations(rows: EncodedRows, weights: [Double]?) -> (matrix: [Double], vif: [Double?]) {
        let p = rows.columnCount
        let rowCount = rows.count
        let n = (0..<rowCount).reduce(0.0) { $0 + (weights?[$1] ?? 1) }
        var mean = [Double](repeating: 0, count: p)
        rows.forEachRow { i, x in
            let w = weights?[i] ?? 1
            for j in 0..<p { mean[j] += w * x[j] }
        }
        for j in 0..<p { mean[j] /= n }
        // Each entry is summed over the rows in row order, as a plain double loop would; the
        // cores split the columns (a balanced share of the lower triangle each), not the rows, so
        // the sums are the same numbers on any number of cores.
        var cov = [Double](repeating: 0, count: p * p)
        let cores = max(1, min(ParallelSettings.cores, p, rowCount / 50_000 + 1))
        var bounds = [0]
        for k in 1..<cores {
            // Columns 0..<a hold a(a+1)/2 entries; cut where that reaches k/cores of the total.
            let target = Double(p * (p + 1) / 2) * Double(k) / Double(cores)
            let a = Int(((8 * target + 1).squareRoot() - 1) / 2)
            bounds.append(max(bounds[k - 1], min(a, p)))
        }
        bounds.append(p)
        let means = mean
        let cuts = bounds
        cov.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let c = buffer
            DispatchQueue.concurrentPerform(iterations: cores) { k in
                let columns = cuts[k]..<cuts[k + 1]
                guard !columns.isEmpty else { return }
                rows.forEachRow { i, x in
                    let w = weights?[i] ?? 1
                    for a in columns {
                        let da = x[a] - means[a]
                        if da == 0 { continue }
                        for b in 0...a { c[a * p + b] += w * da * (x[b] - means[b]) }
                    }
                }
            }
        }
        return correlations(covariance: cov, p: p)
    }

    /// Correlations and variance inflation factors from the lower triangle of the centred
    /// cross-products (`p × p`, row-major).
    static func correlations(covariance cov: [Double], p: Int) -> (matrix: [Double], vif: [Double?]) {
        var corr = [Double](repeating: 0, count: p * p)
        let sd = (0..<p).map { cov[$0 * p + $0].squareRoot() }
        for a in 0..<p {
            for b in 0...a where sd[a] > 0 && sd[b] > 0 {
                corr[a * p + b] = cov[a * p + b] / (sd[a] * sd[b])
                corr[b * p + a] = corr[a * p + b]
            }
        }
        let varying = (0..<p).filter { sd[$0] > 0 }
        var vif = [Double?](repeating: nil, count: p)
        let sub = varying.flatMap { a in varying.map { b in corr[a * p + b] } }
        if !varying.isEmpty, let chol = try? Cholesky(sub, dimension: varying.count, relativeTolerance: 1e-12) {
            let inv = chol.inverse()
            for (k, j) in varying.enumerated() { vif[j] = inv[k * varying.count + k] }
        }
        return (corr, vif)
    }
}
