/// The coded fields' codes in a part of a scanned file (see ``QuoteFreeScan``), record by record:
/// one bit a record for a field while every code it has had is 0 or 1 (a flag, a true/false
/// column), one byte a record from the first code that is not (its bits are unpacked into bytes
/// then). A flag column of a million deals holds 125 KB instead of 1 MB while the file is read.
///
/// The bits of every field are in one array, 64 records at a time: for records 64g…64g + 63, word
/// `g × fields + k` holds field k's (bit t for record 64g + t). One array a part, not one a field:
/// freed whole, it goes back to the system as one piece.
///
/// The scan writes its records' codes row by row into a staging block of up to 64 records, and
/// ``pack(_:rows:)`` moves the block in.
///
/// ```swift
/// var codes = FieldCodes(fields: 2)
/// let stage: [UInt8] = [1, 0,  0, 3]                   // two records of two fields
/// stage.withUnsafeBufferPointer { codes.pack($0.baseAddress!, rows: 2) }
/// codes.isBits(0)     // true: 1, 0
/// codes[1, 1]         // 3: field 1 turned to bytes at the 3
/// ```
struct FieldCodes: Sendable {
    /// Fields a record has.
    let fields: Int
    /// Records held.
    private(set) var count = 0
    /// Field k's bits for records 64g…64g + 63 at word `g × fields + k` (bits past the records
    /// are 0); a field in bytes keeps its words, unread.
    private(set) var words: [UInt64] = []
    /// Per field, a byte a record once a code that is not 0 or 1 has been seen; `nil` before.
    private(set) var bytes: [[UInt8]?]
    /// Fields no longer kept (see ``drop(_:)``).
    private(set) var dropped: [Bool]

    /// No records yet, of `fields` fields; room for about `records` records.
    init(fields: Int, records: Int = 0) {
        self.fields = fields
        bytes = [[UInt8]?](repeating: nil, count: fields)
        dropped = [Bool](repeating: false, count: fields)
        words.reserveCapacity((records + 63) / 64 * fields)
    }

    /// Stops keeping field `k`'s codes, and lets go of those kept: for a field the scan found text
    /// in, whose codes are never read (its column is typed from its cells).
    mutating func drop(_ k: Int) {
        dropped[k] = true
        bytes[k] = []
    }

    /// Whether field `k`'s codes are all 0 or 1 (kept as bits).
    func isBits(_ k: Int) -> Bool { bytes[k] == nil }

    /// Field `k`'s word of bits for records 64g…64g + 63 (while ``isBits(_:)``).
    @inline(__always) func word(_ k: Int, group g: Int) -> UInt64 { words[g * fields + k] }

    /// Field `k`'s code for record `r`.
    @inline(__always) subscript(k: Int, r: Int) -> UInt8 {
        if let codes = bytes[k] { return codes[r] }
        return Self.bit(words, fields: fields, k, r)
    }

    /// Field `k`'s bit for record `r` in `words`, laid out as ``words``.
    @inline(__always) private static func bit<Words: RandomAccessCollection<UInt64>>(
        _ words: Words, fields: Int, _ k: Int, _ r: Int
    ) -> UInt8 where Words.Index == Int {
        UInt8(truncatingIfNeeded: words[(r >> 6) * fields + k] >> UInt64(r & 63) & 1)
    }

    /// Moves `rows` records (at most 64; fewer only for the last block of a part) of ``fields``
    /// codes each, row-major at `stage`, to the end of each field's codes. Eight fields still in
    /// bits whose staged codes are all 0 or 1 become eight words at once: for each 8 records, the
    /// OR of record t's eight codes (8 bytes, each 0 or 1) shifted left by t bits holds in byte j
    /// the 8 records' bits of field j.
    mutating func pack(_ stage: UnsafePointer<UInt8>, rows: Int) {
        precondition(rows > 0 && rows <= 64 && count % 64 == 0, "whole blocks of 64 records but the last")
        let c = fields
        let first = words.count
        words.append(contentsOf: repeatElement(0, count: c))
        words.withUnsafeMutableBufferPointer { w in
            let out = w.baseAddress! + first
            withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 8) { eight in
                let scratch = UnsafeMutableRawPointer(eight.baseAddress!)
                var k = 0
                while k < c {
                    if k + 8 <= c, (k..<(k + 8)).allSatisfy({ bytes[$0] == nil }) {
                        var or: UInt64 = 0
                        for j in 0..<8 { eight[j] = 0 }
                        var g = 0
                        while g * 8 < rows {
                            var y: UInt64 = 0
                            for t in 0..<min(8, rows - g * 8) {
                                let x = UInt64(
                                    littleEndian: UnsafeRawPointer(stage + (g * 8 + t) * c + k).loadUnaligned(
                                        as: UInt64.self))
                                or |= x
                                y |= x << UInt64(t)
                            }
                            for j in 0..<8 {
                                scratch.storeBytes(
                                    of: UInt8(truncatingIfNeeded: y >> UInt64(8 * j)), toByteOffset: 8 * j + g,
                                    as: UInt8.self)
                            }
                            g += 1
                        }
                        if or & 0xFEFE_FEFE_FEFE_FEFE == 0 {
                            for j in 0..<8 { out[k + j] = UInt64(littleEndian: eight[j]) }
                            k += 8
                            continue
                        }
                    }
                    if dropped[k] {
                        k += 1
                        continue
                    }
                    if bytes[k] == nil {
                        var word: UInt64 = 0
                        var or: UInt8 = 0
                        for i in 0..<rows {
                            let v = stage[i * c + k]
                            or |= v
                            word |= UInt64(v & 1) << UInt64(i)
                        }
                        if or <= 1 {
                            out[k] = word
                            k += 1
                            continue
                        }
                        // The first code that is not 0 or 1: the field's bits so far become bytes.
                        bytes[k] = (0..<count).map { r in Self.bit(w, fields: c, k, r) }
                    }
                    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: rows) { column in
                        for i in 0..<rows { column[i] = stage[i * c + k] }
                        bytes[k]!.append(contentsOf: column)
                    }
                    k += 1
                }
            }
        }
        count += rows
    }
}
