/// The file line each deal was read from, for messages that name a deal's line: stored as
/// nothing more than the first line when the lines follow one another (no skipped rows, blank
/// lines or multi-line cells), as 4-byte offsets from the lowest otherwise. Ten million deals'
/// lines take 0 or 40 MB instead of 80.
///
/// ```swift
/// let lines = LineNumbers([2, 3, 4])
/// lines[2]          // 4
/// lines.isConsecutive  // true
/// ```
public struct LineNumbers: RandomAccessCollection, Equatable, Sendable, ExpressibleByArrayLiteral {
    /// The first deal's line when they are consecutive, else the lowest (0 when there are none).
    private let first: Int
    private let rowCount: Int
    /// Line minus ``first``, per deal; `nil` when deal i is on line `first + i`.
    private let offsets: [UInt32]?
    /// The lines, when an offset does not fit in 4 bytes.
    private let wide: [Int]?

    /// Stores `lines` as compactly as they allow.
    public init(_ lines: [Int]) {
        rowCount = lines.count
        let start = lines.first ?? 0
        if lines.indices.allSatisfy({ lines[$0] &- $0 == start }) {
            (first, offsets, wide) = (start, nil, nil)
        } else if let low = lines.min(), let high = lines.max(),
            case (let span, let overflow) = high.subtractingReportingOverflow(low), !overflow, span <= Int(UInt32.max)
        {
            (first, offsets, wide) = (low, lines.map { UInt32($0 - low) }, nil)
        } else {
            (first, offsets, wide) = (0, nil, lines)
        }
    }
    public init(arrayLiteral lines: Int...) { self.init(lines) }

    /// Whether deal i is on line `first + i` (nothing stored per deal).
    public var isConsecutive: Bool { offsets == nil && wide == nil }

    public var startIndex: Int { 0 }
    public var endIndex: Int { rowCount }
    public subscript(i: Int) -> Int {
        if let offsets { return first + Int(offsets[i]) }
        if let wide { return wide[i] }
        precondition(i >= 0 && i < rowCount, "line index out of range")
        return first + i
    }

    /// The lines of the deals at `indices`, in that order.
    public func selecting(_ indices: [Int]) -> LineNumbers { LineNumbers(indices.map { self[$0] }) }

    /// Equal when they hold the same lines, however stored.
    public static func == (a: LineNumbers, b: LineNumbers) -> Bool { a.elementsEqual(b) }
}
