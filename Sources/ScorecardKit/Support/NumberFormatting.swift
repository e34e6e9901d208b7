/// Fixed-digit number formatting for reports (Foundation-free, so output is identical everywhere).
public enum NumberFormatting {
    /// `x` with exactly `digits` decimals (`fixed(0.12345, 3)` → `"0.123"`); `—` for NaN.
    public static func fixed(_ x: Double, _ digits: Int) -> String {
        guard x.isFinite else { return x.isNaN ? "—" : (x > 0 ? "∞" : "−∞") }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let r = (abs(x) * scale).rounded()
        let neg = x < 0 && r != 0
        guard r < 9e15 else { return "\(x)" }
        let whole = Int64(r / scale)
        let frac = Int64(r - Double(whole) * scale)
        var s = String(whole)
        if digits > 0 {
            let f = String(frac)
            s += "." + String(repeating: "0", count: digits - f.count) + f
        }
        return (neg ? "-" : "") + s
    }

    /// A share as a percentage with one decimal: `0.8123` → `"81.2%"`.
    public static func percent(_ x: Double, _ digits: Int = 1) -> String {
        x.isFinite ? fixed(100 * x, digits) + "%" : "—"
    }

    /// Points with a sign: `+45`, `-10`, `0`.
    public static func points(_ x: Double) -> String {
        let s = JSONValue.format(x.isFinite ? x : 0)
        return x > 0 ? "+" + s : s
    }

    /// A whole number with thousands separators: `12345` → `"12,345"`.
    /// Not finite or beyond what 64 bits count: `"—"`.
    public static func count(_ x: Double) -> String {
        guard x.isFinite, abs(x) < 9.2e18 else { return "—" }
        let v = Int64(x.rounded())
        let digits = String(abs(v))
        var out = ""
        for (k, ch) in digits.enumerated() {
            if k > 0, (digits.count - k) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return (v < 0 ? "-" : "") + out
    }

    /// An interval of points, `[lo, hi]` in whole points, with one decimal where a bound would
    /// otherwise round onto `reference` (so "−10 is below [−10.3, −4]" does not read as a contradiction).
    public static func pointsInterval(_ r: ClosedRange<Double>, around reference: Double? = nil) -> String {
        func bound(_ x: Double) -> String {
            if let reference, x.rounded() == reference, x != reference { return fixed(x, 1) }
            return fixed(x, 0)
        }
        return "[\(bound(r.lowerBound)), \(bound(r.upperBound))]"
    }

    /// A p-value: `< 0.001` or three decimals.
    public static func pValue(_ p: Double) -> String { p < 0.001 ? "< 0.001" : fixed(p, 3) }
}
