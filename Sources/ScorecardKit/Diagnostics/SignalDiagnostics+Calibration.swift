/// Whether an AI score means what it says: observed win rates by score bucket (`miscalibrated`).
extension SignalDiagnostics {
    /// Observed and implied win rates of an AI score in ten-point buckets (scores on 0–100).
    static func calibration(values: ColumnValues<Double>, won: [Bool], weights: [Double]? = nil) -> [CalibrationBucket]
    {
        let present = values.indices.compactMap { i in values[i].map { ($0, won[i], weights?[i] ?? 1) } }
        guard !present.isEmpty, present.allSatisfy({ $0.0 >= 0 && $0.0 <= 100 }) else { return [] }
        var buckets: [CalibrationBucket] = []
        for k in 0..<10 {
            let lo = Double(k * 10)
            let hi = Double(k * 10 + 10)
            let inBucket = present.filter { $0.0 >= lo && ($0.0 < hi || (k == 9 && $0.0 <= hi)) }
            guard !inBucket.isEmpty else { continue }
            let w = inBucket.reduce(0.0) { $0 + ($1.1 ? $1.2 : 0) }
            let n = inBucket.reduce(0.0) { $0 + $1.2 }
            let observed = w / n
            buckets.append(
                CalibrationBucket(
                    range: lo...hi, deals: Int(n), won: Int(w), observed: observed,
                    observedInterval: wilsonInterval(successes: w, trials: n),
                    implied: (lo + hi) / 200))
        }
        return buckets
    }
}
