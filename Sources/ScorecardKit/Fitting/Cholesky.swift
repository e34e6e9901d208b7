/// The Cholesky factor `L` of a symmetric positive-definite matrix `A = L·Lᵀ`, stored dense.
///
/// Used for the p×p Newton system of the logistic fit, where p (rules + 1) is small. A pivot that
/// falls below `relativeTolerance` times the original diagonal marks a column that is (nearly) a
/// linear combination of the ones before it; ``Cholesky/init(_:dimension:relativeTolerance:)``
/// reports its index instead of dividing by a tiny number.
///
/// - Complexity: O(p³) to factor, O(p²) per solve.
public struct Cholesky: Sendable {
    /// The dimension p.
    public let dimension: Int
    /// Lower-triangular factor, row-major p×p.
    public private(set) var lower: [Double]

    /// A failed factorization: column `index` depends linearly on columns `0..<index`.
    public struct Singular: Error, Sendable { public let index: Int }

    /// Factors the symmetric matrix `a` (row-major p×p; only the lower triangle is read).
    ///
    /// - Throws: ``Singular`` naming the first dependent column.
    public init(_ a: [Double], dimension p: Int, relativeTolerance: Double = 1e-11) throws {
        precondition(a.count == p * p, "matrix must be p×p")
        dimension = p
        var l = [Double](repeating: 0, count: p * p)
        for j in 0..<p {
            var d = a[j * p + j]
            for k in 0..<j { d -= l[j * p + k] * l[j * p + k] }
            let scale = max(abs(a[j * p + j]), .leastNormalMagnitude)
            guard d > relativeTolerance * scale, d.isFinite else { throw Singular(index: j) }
            let ljj = d.squareRoot()
            l[j * p + j] = ljj
            for i in (j + 1)..<max(p, j + 1) {
                var s = a[i * p + j]
                for k in 0..<j { s -= l[i * p + k] * l[j * p + k] }
                l[i * p + j] = s / ljj
            }
        }
        lower = l
    }

    /// Solves `A·x = b`.
    public func solve(_ b: [Double]) -> [Double] {
        let p = dimension
        var y = b
        for i in 0..<p {
            var s = y[i]
            for k in 0..<i { s -= lower[i * p + k] * y[k] }
            y[i] = s / lower[i * p + i]
        }
        for i in stride(from: p - 1, through: 0, by: -1) {
            var s = y[i]
            for k in (i + 1)..<max(p, i + 1) { s -= lower[k * p + i] * y[k] }
            y[i] = s / lower[i * p + i]
        }
        return y
    }

    /// `A⁻¹`, row-major p×p.
    public func inverse() -> [Double] {
        let p = dimension
        var inv = [Double](repeating: 0, count: p * p)
        for j in 0..<p {
            var e = [Double](repeating: 0, count: p)
            e[j] = 1
            let col = solve(e)
            for i in 0..<p { inv[i * p + j] = col[i] }
        }
        return inv
    }

    /// `log det A = 2 Σ log L_ii`.
    public var logDeterminant: Double {
        (0..<dimension).reduce(0) { $0 + 2 * _log(lower[$1 * dimension + $1]) }
    }
}
