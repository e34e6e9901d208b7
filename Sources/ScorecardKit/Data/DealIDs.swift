/// The `deal_id` of every used row, stored as their UTF-8 bytes one after another: a `String` is
/// made only for the ids asked for (a flip in the back-test, a scored lead), so a million ids take
/// their bytes and an offset each instead of a million strings, and a command that never shows
/// an id (`fit`, `sweep`) never makes one.
///
/// ```swift
/// let ids: DealIDs = ["D-1", "D-2", ""]
/// ids[1]                      // "D-2"
/// ids.selecting([2, 0])       // ["", "D-1"]
/// ```
public struct DealIDs: RandomAccessCollection, ExpressibleByArrayLiteral, Equatable, Sendable {
    /// The ids' bytes, one after another.
    private var bytes: [UInt8]
    /// Where id i ends in `bytes` (it starts where id i − 1 ends, or at 0).
    private var ends: [Int]

    /// The ids as given.
    public init(_ ids: [String]) {
        bytes = []
        ends = []
        ends.reserveCapacity(ids.count)
        for id in ids {
            bytes.append(contentsOf: id.utf8)
            ends.append(bytes.count)
        }
    }

    public init(arrayLiteral elements: String...) { self.init(elements) }

    /// Ids from their bytes and end offsets (see ``ends``).
    init(bytes: [UInt8], ends: [Int]) {
        precondition(ends.last ?? 0 == bytes.count, "the last id ends where the bytes do")
        self.bytes = bytes
        self.ends = ends
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { ends.count }

    /// The bytes of id `i`.
    public func utf8(_ i: Int) -> ArraySlice<UInt8> { bytes[(i == 0 ? 0 : ends[i - 1])..<ends[i]] }

    /// Id `i`.
    public subscript(i: Int) -> String { String(decoding: utf8(i), as: UTF8.self) }

    /// The ids at `indices`, in that order.
    public func selecting(_ indices: [Int]) -> DealIDs {
        var out = DealIDs([])
        out.ends.reserveCapacity(indices.count)
        for i in indices {
            out.bytes.append(contentsOf: utf8(i))
            out.ends.append(out.bytes.count)
        }
        return out
    }
}
