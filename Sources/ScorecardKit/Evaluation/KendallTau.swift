/// Kendall's rank correlation τ-b between two score lists (Knight's O(n log n) algorithm).
///
/// ```
/// τ_b = (concordant − discordant) / √((n₀ − n₁)(n₀ − n₂))
/// ```
/// with n₀ = n(n−1)/2 pairs, n₁ pairs tied in the first list and n₂ in the second. Used to say
/// how much rounding points to integers reordered the deals: 1 means not at all.
///
/// - Complexity: O(n log n).
/// - Reference: W. R. Knight, "A computer method for calculating Kendall's tau with ungrouped
///   data", JASA 61 (1966) 436–439.
public func kendallTau(_ x: [Double], _ y: [Double]) -> Double {
    precondition(x.count == y.count, "kendallTau needs two lists of the same length")
    let n = x.count
    guard n > 1 else { return .nan }
    // Sorted by x (4-byte row numbers: ten million deals' order takes 40 MB, not 80).
    return kendallTau(x, y, xAscending: RadixSort.ascendingOrder(x))
}

/// ``kendallTau(_:_:)`` for a caller that has sorted `x` already (the AUC of the same scores
/// sorts them): `xAscending` holds the indices of `x` from the lowest up, ties in any order.
/// Each run of equal x is then sorted by y, which gives the order by x, then y, that Knight's
/// algorithm counts on (every order by x, then y, gives the same two lists below, so the same τ).
func kendallTau(_ x: [Double], _ y: [Double], xAscending: [Int32]) -> Double {
    precondition(x.count == y.count, "kendallTau needs two lists of the same length")
    precondition(xAscending.count == x.count, "one index per value")
    let n = x.count
    guard n > 1 else { return .nan }
    // Both lists in the order by x, then y, gathered once: the passes below read them in
    // sequence. x is gathered first (sorting a run of equal x by y leaves it as it is).
    var order = xAscending
    let xs = order.map { x[Int($0)] }
    var start = 0
    while start < n {
        var end = start + 1
        while end < n, xs[end] == xs[start] { end += 1 }
        if end - start > 1 { order[start..<end].sort { y[Int($0)] < y[Int($1)] } }
        start = end
    }
    let ys = order.map { y[Int($0)] }
    let ySlots = n > RadixSort.minimumCount ? WholeScoreCounts.range(y) : nil
    var tiedX = 0.0
    var tiedXY = 0.0
    var i = 0
    while i < n {
        var j = i
        while j + 1 < n, xs[j + 1] == xs[i] { j += 1 }
        tiedX += kendallPairs(j - i + 1)
        var a = i
        while a <= j {
            var b = a
            while b + 1 <= j, ys[b + 1] == ys[a] { b += 1 }
            tiedXY += kendallPairs(b - a + 1)
            a = b + 1
        }
        i = j + 1
    }
    let (swaps, tiedY) =
        ySlots.map { discordantBySlots(ys, lowest: $0.lowest, width: $0.width) } ?? discordantByMergeSort(ys)
    let n0 = kendallPairs(n)
    let numerator = n0 - tiedX - tiedY + tiedXY - 2 * swaps
    let denominator = ((n0 - tiedX) * (n0 - tiedY)).squareRoot()
    return denominator > 0 ? numerator / denominator : .nan
}

/// Kendall's discordant pairs and the pairs tied in y, for `ys` (y in the deals' x order): for
/// each deal, the deals before it with a higher y, counted in a Fenwick tree over y's whole-number
/// slots (whole counts, so the same numbers as the merge sort).
private func discordantBySlots(_ ys: [Double], lowest: Double, width: Int) -> (swaps: Double, tiedY: Double) {
    var tree = [Int](repeating: 0, count: width + 1)
    var perSlot = [Int](repeating: 0, count: width)
    var swaps = 0.0
    for (seen, value) in ys.enumerated() {
        let k = Int(value - lowest)
        perSlot[k] += 1
        var atOrBelow = 0
        var j = k + 1
        while j > 0 {
            atOrBelow += tree[j]
            j -= j & -j
        }
        swaps += Double(seen - atOrBelow)
        j = k + 1
        while j <= width {
            tree[j] += 1
            j += j & -j
        }
    }
    return (swaps, perSlot.reduce(0.0) { $0 + kendallPairs($1) })
}

/// Kendall's discordant pairs (inversions of `ys`, y in the deals' x order, counted by a merge
/// sort) and the pairs tied in y.
private func discordantByMergeSort(_ ys: [Double]) -> (swaps: Double, tiedY: Double) {
    let n = ys.count
    var ys = ys
    var buffer = ys
    var swaps = 0.0
    var width = 1
    while width < n {
        var lo = 0
        while lo < n {
            let mid = min(lo + width, n)
            let hi = min(lo + 2 * width, n)
            var a = lo
            var b = mid
            var k = lo
            while a < mid && b < hi {
                if ys[b] < ys[a] {
                    buffer[k] = ys[b]
                    b += 1
                    swaps += Double(mid - a)
                } else {
                    buffer[k] = ys[a]
                    a += 1
                }
                k += 1
            }
            while a < mid {
                buffer[k] = ys[a]
                a += 1
                k += 1
            }
            while b < hi {
                buffer[k] = ys[b]
                b += 1
                k += 1
            }
            lo += 2 * width
        }
        swap(&ys, &buffer)
        width *= 2
    }
    var tiedY = 0.0
    var i = 0
    while i < n {
        var j = i
        while j + 1 < n, ys[j + 1] == ys[i] { j += 1 }
        tiedY += kendallPairs(j - i + 1)
        i = j + 1
    }
    return (swaps, tiedY)
}

/// k(k − 1)/2: the pairs among k items.
private func kendallPairs(_ k: Int) -> Double { Double(k) * Double(k - 1) / 2 }
