#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#elseif canImport(Musl)
    import Musl
#endif

// Thin wrappers over the C math library, so the numeric code reads as formulas and does not need
// Foundation.
@inline(__always) func _log(_ x: Double) -> Double { log(x) }
@inline(__always) func _exp(_ x: Double) -> Double { exp(x) }
@inline(__always) func _cos(_ x: Double) -> Double { cos(x) }
@inline(__always) func _log1p(_ x: Double) -> Double { log1p(x) }
@inline(__always) func _pow(_ x: Double, _ y: Double) -> Double { pow(x, y) }

/// Distribution functions used for inference.
public enum Normal {
    /// P(Z ≤ z) for a standard normal Z, accurate to double precision in both tails
    /// (computed as `erfc(-z/√2)/2`).
    public static func cdf(_ z: Double) -> Double { 0.5 * erfc(-z / 2.0.squareRoot()) }

    /// Two-sided p-value of a Wald z statistic: `2·P(Z ≥ |z|)`.
    public static func twoSidedP(_ z: Double) -> Double { erfc(abs(z) / 2.0.squareRoot()) }

    /// The standard normal quantile (inverse CDF), by Acklam's rational approximation refined with
    /// one Halley step, accurate to about 1e-15.
    public static func quantile(_ p: Double) -> Double {
        precondition(p > 0 && p < 1, "quantile needs 0 < p < 1; got \(p)")
        let a = [
            -3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02,
            -3.066479806614716e+01, 2.506628277459239e+00,
        ]
        let b = [
            -5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01,
            -1.328068155288572e+01,
        ]
        let c = [
            -7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00,
            4.374664141464968e+00, 2.938163982698783e+00,
        ]
        let d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00]
        let plow = 0.02425
        var x: Double
        if p < plow {
            let q = (-2 * log(p)).squareRoot()
            x =
                (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
        } else if p <= 1 - plow {
            let q = p - 0.5
            let r = q * q
            x =
                (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
                / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
        } else {
            let q = (-2 * log(1 - p)).squareRoot()
            x =
                -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
        }
        let e = cdf(x) - p
        let u = e * (2 * Double.pi).squareRoot() * exp(x * x / 2)
        x -= u / (1 + x * u / 2)
        return x
    }
}

/// The logistic function `1/(1+e^(−x))`, computed without overflow for large |x|.
@inline(__always) public func logistic(_ x: Double) -> Double {
    x >= 0
        ? 1 / (1 + exp(-x))
        : {
            let e = exp(x)
            return e / (1 + e)
        }()
}

/// ``logistic(_:)`` and ``log1pExp(_:)`` of the same x from one exponential (the inner loop of
/// the fit needs both for every pattern). With e = exp(−|x|) ≤ 1, `log(1 + e)` is within one
/// rounding of `log1p(e)` in absolute terms (below 1.2e-16), which is all a sum of
/// log-likelihood terms can use, at a third of the cost.
@inline(__always) func logisticAndLog1pExp(_ x: Double) -> (probability: Double, log1pExp: Double) {
    let e = exp(-abs(x))
    let s = 1 + e
    return (x >= 0 ? 1 / s : e / s, max(x, 0) + log(s))
}

/// `log(1 + e^x)`, computed without overflow.
@inline(__always) func log1pExp(_ x: Double) -> Double {
    x > 35 ? x : (x < -35 ? exp(x) : log1p(exp(x)))
}

/// The χ² distribution's upper tail.
public enum ChiSquare {
    /// P(X ≥ x) for X ~ χ²(df): the regularized upper incomplete gamma Q(df/2, x/2), by series
    /// below a + 1 and Lentz's continued fraction above (Numerical Recipes §6.2).
    public static func survival(_ x: Double, degreesOfFreedom df: Double) -> Double {
        precondition(df > 0, "degrees of freedom must be positive")
        if !(x > 0) { return 1 }
        let a = df / 2
        let z = x / 2
        let lead = a * log(z) - z - lgamma(a)
        if z < a + 1 {
            var sum = 1 / a
            var term = 1 / a
            var n = a
            for _ in 0..<1_000 {
                n += 1
                term *= z / n
                sum += term
                if abs(term) < abs(sum) * 1e-16 { break }
            }
            return max(0, 1 - sum * exp(lead))
        }
        let tiny = 1e-300
        var b = z + 1 - a
        var c = 1 / tiny
        var d = 1 / b
        var h = d
        for i in 1...1_000 {
            let an = -Double(i) * (Double(i) - a)
            b += 2
            d = an * d + b
            if abs(d) < tiny { d = tiny }
            c = b + an / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-16 { break }
        }
        return min(1, exp(lead) * h)
    }
}

/// The Wilson score interval for a proportion of `successes` in `trials` at 95%
/// (Wilson 1927): better than the Wald interval for small counts and proportions near 0 or 1.
public func wilsonInterval(successes: Double, trials: Double, z: Double = 1.959963984540054) -> ClosedRange<Double> {
    guard trials > 0 else { return 0...1 }
    let p = successes / trials
    let z2 = z * z
    let centre = (p + z2 / (2 * trials)) / (1 + z2 / trials)
    let half = z / (1 + z2 / trials) * (p * (1 - p) / trials + z2 / (4 * trials * trials)).squareRoot()
    return max(0, centre - half)...min(1, centre + half)
}
