/// Won and lost weight at each score, by counting instead of sorting, for the common case of
/// card scores: every score a whole number in a narrow range, every weight a whole number.
///
/// Then every sum of weights is exact, so adding them up a score at a time gives the same numbers
/// as adding them in sorted order, in O(n + range) instead of a sort. The ranking metrics and the
/// threshold sweep use it for large inputs; `nil` when the scores or weights do not qualify.
///
/// ```swift
/// let counts = WholeScoreCounts(scores: [80, 75, 80, 90], won: [true, false, false, true], weights: nil)!
/// counts.lowest        // 75
/// counts.won[5]        // 1: one won deal at 80
/// ```
struct WholeScoreCounts {
    /// The score of slot 0 (slot k holds score `lowest + k`).
    let lowest: Double
    /// Won weight, lost weight and number of deals at each score.
    private(set) var won: [Double]
    private(set) var lost: [Double]
    private(set) var deals: [Int32]

    /// Largest range of scores counted (a million slots at most would be 24 MB).
    static let maximumWidth = 1 << 18

    /// Counts the deals with `eligible[i] != false` at each score; `nil` unless every score is a
    /// finite whole number (not −0) with max − min < ``maximumWidth`` and at most twice the deal
    /// count, and every weight a whole number ≥ 0 with a total below 2⁵³.
    init?(scores: [Double], won isWon: [Bool], weights: [Double]?, eligible: [Bool]? = nil) {
        guard let (lo, width) = Self.range(scores) else { return nil }
        if let weights {
            var total = 0.0
            for w in weights {
                guard w >= 0, w == w.rounded() else { return nil }
                total += w
            }
            guard total < 0x1p53 else { return nil }
        }
        lowest = lo
        won = [Double](repeating: 0, count: width)
        lost = [Double](repeating: 0, count: width)
        deals = [Int32](repeating: 0, count: width)
        for i in scores.indices where eligible?[i] ?? true {
            let k = Int(scores[i] - lo)
            let w = weights?[i] ?? 1
            if isWon[i] { won[k] += w } else { lost[k] += w }
            deals[k] += 1
        }
    }

    /// Whether `s` can have a slot: a finite whole number, not −0 (`s == s.rounded() && s.isFinite`
    /// and not −0, without the call `rounded()` makes on a processor without SSE4.1's rounding).
    ///
    /// ```swift
    /// WholeScoreCounts.isSlotted(80)     // true
    /// WholeScoreCounts.isSlotted(80.5)   // false
    /// WholeScoreCounts.isSlotted(-0.0)   // false
    /// ```
    @inline(__always) static func isSlotted(_ s: Double) -> Bool {
        // Below 2⁵² in magnitude, a double is whole when truncating it to an integer loses nothing;
        // from there on every finite double is whole.
        let whole = abs(s) < 0x1p52 ? s == Double(Int64(s)) : s.isFinite
        return whole && !(s == 0 && s.sign == .minus)
    }

    /// The lowest score and the number of slots from it to the highest, when every score is a
    /// finite whole number (not −0) spanning fewer than ``maximumWidth`` slots and at most twice
    /// as many as there are scores; `nil` otherwise.
    static func range(_ scores: [Double]) -> (lowest: Double, width: Int)? {
        guard var lo = scores.first else { return nil }
        var hi = lo
        for s in scores {
            guard isSlotted(s) else { return nil }
            lo = Swift.min(lo, s)
            hi = Swift.max(hi, s)
        }
        guard hi - lo < Double(maximumWidth), hi - lo < 2 * Double(scores.count) else { return nil }
        return (lo, Int(hi - lo) + 1)
    }
}
