/// The distinct cells of one text column in one part of the fast read (see ``QuoteFreeScan``),
/// each record's cell as the number of its entry: a CRM's text columns (industry, company size,
/// job level) hold a handful of values, so they are typed once per distinct value instead of once
/// per row, and the file is not read a second time for them.
///
/// Entries are the cells' raw bytes (between the quotes of a quoted field, not trimmed), numbered
/// in the order they first occur. Past ``limit`` entries the column is left to the general reader.
///
/// ```swift
/// var d = TextDictionary()
/// for cell in ["retail", "software", "retail"] {
///     _ = Array(cell.utf8).withUnsafeBufferPointer { d.append($0) }
/// }
/// // d.codes == [0, 1, 0], d.count == 2, d.entry(1) == Array("software".utf8)[...]
/// ```
struct TextDictionary: Sendable {
    /// The most distinct cells a part keeps; a column with more is typed by the general reader.
    static let limit = 1024

    /// The entries' bytes one after another; entry k ends at `ends[k]`.
    private(set) var bytes: [UInt8] = []
    private(set) var ends: [Int32] = []
    /// The record (within the part) where each entry first occurs.
    private(set) var firstRecords: [Int32] = []
    /// Per record, its entry.
    private(set) var codes: [UInt16] = []
    private var hashes: [UInt64] = []
    /// An open-addressed table of entry numbers (−1: empty), twice the limit.
    private var slots = [Int16](repeating: -1, count: 2 * limit)

    /// An empty dictionary.
    init() {}

    /// Distinct cells so far.
    var count: Int { ends.count }

    /// The bytes of entry `k`.
    func entry(_ k: Int) -> ArraySlice<UInt8> { bytes[(k == 0 ? 0 : Int(ends[k - 1]))..<Int(ends[k])] }

    /// Appends the next record's cell; `false` (and nothing appended) when it would be entry
    /// number ``limit``.
    @inline(__always) mutating func append(_ cell: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = cell.count
        var h = UInt64(truncatingIfNeeded: n) &* 0x9E37_79B9_7F4A_7C15
        for c in cell { h = (h ^ UInt64(c)) &* 0x100_0000_01B3 }
        h ^= h >> 29
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: h) & mask
        // Through pointers: an entry taken as a slice of `bytes` retained the array at every cell.
        let found = slots.withUnsafeBufferPointer { slots in
            hashes.withUnsafeBufferPointer { hashes in
                ends.withUnsafeBufferPointer { ends in
                    bytes.withUnsafeBufferPointer { bytes -> Int? in
                        while slots[slot] >= 0 {
                            let k = Int(slots[slot])
                            if hashes[k] == h {
                                let start = k == 0 ? 0 : Int(ends[k - 1])
                                if Int(ends[k]) - start == n {
                                    var j = 0
                                    while j < n, bytes[start + j] == cell[j] { j += 1 }
                                    if j == n { return k }
                                }
                            }
                            slot = (slot + 1) & mask
                        }
                        return nil
                    }
                }
            }
        }
        if let found {
            codes.append(UInt16(found))
            return true
        }
        guard count < Self.limit else { return false }
        slots[slot] = Int16(count)
        codes.append(UInt16(count))
        hashes.append(h)
        firstRecords.append(Int32(codes.count - 1))
        bytes.append(contentsOf: cell)
        ends.append(Int32(bytes.count))
        return true
    }

    /// The dictionary of field `field` of the records that start at `starts` (offsets in `b`,
    /// records the scan has read); `nil` past ``limit`` distinct cells.
    init?(_ b: UnsafeBufferPointer<UInt8>, recordsAt starts: some Sequence<Int>, field: Int, delimiter: UInt8) {
        for start in starts {
            let cell = QuoteFreeScan.cell(b, from: start, field: field, delimiter: delimiter)
            guard append(UnsafeBufferPointer(rebasing: b[cell])) else { return nil }
        }
    }
}
