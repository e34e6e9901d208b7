/// Sorting large arrays of doubles by key in linear time, for sweeps over millions of scores.
enum RadixSort {
    /// An unsigned key that orders like the double: flip the sign bit of positives, every bit of
    /// negatives (NaN sorts above +∞; the callers never pass NaN).
    @inline(__always) static func key(_ x: Double) -> UInt64 {
        let b = (x + 0).bitPattern  // + 0 folds −0 into +0
        return b & (1 << 63) != 0 ? ~b : b | (1 << 63)
    }

    /// The permutation that sorts `values` ascending (stable), by LSD radix sort on 16-bit digits,
    /// skipping digits that are the same for every value (integer scores need only two or three
    /// passes).
    ///
    /// - Complexity: O(n · passes), at most four passes.
    static func ascendingOrder(_ values: [Double]) -> [Int32] {
        ascendingOrder(count: values.count) { values[$0] }
    }

    /// ``ascendingOrder(_:)`` of the values `value(0)`, …, `value(count - 1)`, read once each
    /// into the sort's keys (so a caller that gathers its values need not hold them as well).
    static func ascendingOrder(count n: Int, _ value: (Int) -> Double) -> [Int32] {
        var keys = [UInt64](unsafeUninitializedCapacity: n) { out, filled in
            for i in 0..<n { out[i] = key(value(i)) }
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
