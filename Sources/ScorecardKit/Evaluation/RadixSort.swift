/// Sorting large arrays of doubles by key in linear time, for sweeps over millions of scores.
enum RadixSort {
    /// Below this many values the standard library's sort is as fast as the radix passes (whose
    /// 65,536 counters a pass dominate small inputs; measured at 4,000 values), and
    /// ``ascendingOrder(_:)`` uses it. Both are stable, so either gives the same order, ties
    /// included. The same size decides when whole scores are counted per score
    /// (``WholeScoreCounts``) instead of sorted.
    static let minimumCount = 4_096

    /// An unsigned key that orders like the double: flip the sign bit of positives, every bit of
    /// negatives (NaN sorts above +∞; the callers never pass NaN).
    @inline(__always) static func key(_ x: Double) -> UInt64 {
        let b = (x + 0).bitPattern  // + 0 folds −0 into +0
        return b & (1 << 63) != 0 ? ~b : b | (1 << 63)
    }

    /// The permutation that sorts `values` ascending (stable), by LSD radix sort on 16-bit digits,
    /// skipping digits that are the same for every value (integer scores need only two or three
    /// passes); up to ``minimumCount`` values, by the standard library's sort (the same order).
    ///
    /// - Complexity: O(n · passes), at most four passes.
    static func ascendingOrder(_ values: [Double]) -> [Int32] {
        guard values.count > minimumCount else {
            return (0..<Int32(values.count)).sorted { values[Int($0)] < values[Int($1)] }
        }
        let n = values.count
        var keys = [UInt64](unsafeUninitializedCapacity: n) { out, filled in
            for i in 0..<n { out[i] = key(values[i]) }
            filled = n
        }
        var order = (0..<Int32(n)).map { $0 }
        var keys2 = keys
        var order2 = order
        var orAll: UInt64 = 0
        var andAll: UInt64 = ~0
        for k in keys {
            orAll |= k
            andAll &= k
        }
        let varying = orAll ^ andAll
        var shift: UInt64 = 0
        while shift < 64 {
            if (varying >> shift) & 0xFFFF != 0 {
                var counts = [Int](repeating: 0, count: 65_537)
                keys.withUnsafeBufferPointer { kb in
                    for i in 0..<n { counts[Int((kb[i] >> shift) & 0xFFFF) + 1] += 1 }
                }
                for d in 1..<65_537 { counts[d] += counts[d - 1] }
                keys.withUnsafeBufferPointer { kb in
                    order.withUnsafeBufferPointer { ob in
                        keys2.withUnsafeMutableBufferPointer { k2 in
                            order2.withUnsafeMutableBufferPointer { o2 in
                                for i in 0..<n {
                                    let d = Int((kb[i] >> shift) & 0xFFFF)
                                    let at = counts[d]
                                    counts[d] = at + 1
                                    k2[at] = kb[i]
                                    o2[at] = ob[i]
                                }
                            }
                        }
                    }
                }
                swap(&keys, &keys2)
                swap(&order, &order2)
            }
            shift += 16
        }
        return order
    }
}
