/// A byte-coded column's codes as the column stores them: a byte a row, or one bit a row when
/// every code is 0 or 1 (see ``ColumnValues``). What rule evaluation reads a flag or small count
/// from, without unpacking a packed column.
///
/// ```swift
/// let flag = ColumnCodes.bits([0b110], count: 3)
/// flag.present          // [0, 1]
/// flag[0]               // 0
/// ```
public enum ColumnCodes: Sendable, Equatable {
    /// One byte a row.
    case bytes([UInt8])
    /// Row i's code is bit `i % 64` of word `i / 64` (bits past `count` are 0).
    case bits([UInt64], count: Int)

    /// Rows.
    public var count: Int {
        switch self {
        case .bytes(let codes): codes.count
        case .bits(_, let count): count
        }
    }

    /// Row i's code.
    @inline(__always) public subscript(i: Int) -> UInt8 {
        switch self {
        case .bytes(let codes): codes[i]
        case .bits(let words, _): Self.bit(words, i)
        }
    }

    /// Bit `i` of packed `words` (bit `i % 64` of word `i / 64`), as a code: 0 or 1.
    @inline(__always) static func bit(_ words: [UInt64], _ i: Int) -> UInt8 {
        UInt8(truncatingIfNeeded: words[i >> 6] >> UInt64(i & 63) & 1)
    }

    /// The distinct codes, ascending.
    public var present: [UInt8] {
        switch self {
        case .bytes(let codes): return Self.present(codes)
        case .bits(let words, let count):
            let ones = words.reduce(0) { $0 + $1.nonzeroBitCount }
            return (ones < count ? [0] : []) + (ones > 0 ? [1] : [])
        }
    }

    /// The first row whose code satisfies `test`, or `nil`.
    public func firstIndex(where test: (UInt8) -> Bool) -> Int? {
        switch self {
        case .bytes(let codes): return codes.firstIndex(where: test)
        case .bits(let words, let count):
            let zero = test(0)
            let one = test(1)
            guard zero || one else { return nil }
            for (k, word) in words.enumerated() {
                // The rows of this word whose code passes (past `count` only when 0 passes).
                let hits = (one ? word : 0) | (zero ? ~word : 0)
                if hits != 0 {
                    let i = k << 6 | hits.trailingZeroBitCount
                    return i < count ? i : nil
                }
            }
            return nil
        }
    }

    /// The distinct codes of a byte a row, ascending. The smallest and largest come first (a pass
    /// the compiler vectorizes): when they differ by at most 1, as in a flag without missing
    /// cells, they are the codes present; otherwise every code is marked.
    ///
    /// ```swift
    /// ColumnCodes.present([1, 0, 1, 255])   // [0, 1, 255]
    /// ```
    public static func present(_ codes: [UInt8]) -> [UInt8] {
        let (low, high) = codes.withUnsafeBufferPointer { b in
            var low: UInt8 = 255
            var high: UInt8 = 0
            for c in b {
                low = min(low, c)
                high = max(high, c)
            }
            return (low, high)
        }
        if high &- low <= 1 { return codes.isEmpty ? [] : low == high ? [low] : [low, high] }
        var present = [Bool](repeating: false, count: 256)
        present.withUnsafeMutableBufferPointer { p in for c in codes { p[Int(c)] = true } }
        return (0..<256).filter { present[$0] }.map(UInt8.init)
    }
}
