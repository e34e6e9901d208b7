/// A value that a column can store in a fixed-size slot, with one slot value meaning "missing".
public protocol CompactColumnValue: Sendable, Equatable {
    /// The stored representation.
    associatedtype Slot: Sendable
    /// The slot that means missing.
    static var missingSlot: Slot { get }
    /// The slot for a value (or missing).
    static func slot(_ value: Self?) -> Slot
    /// The value in a slot (or `nil` for missing).
    static func value(_ slot: Slot) -> Self?
    /// The value a one-byte code stands for in a byte-coded column (see ``ColumnValues``).
    static func value(code: UInt8) -> Self?
}

extension CompactColumnValue where Slot == UInt8 {
    /// A one-byte slot is its own code.
    @inline(__always) public static func value(code: UInt8) -> Self? { value(code) }
}

extension Double: CompactColumnValue {
    /// NaN marks a missing number (the CSV reader never produces a NaN value).
    public static var missingSlot: Double { .nan }
    public static func slot(_ value: Double?) -> Double { value ?? .nan }
    @inline(__always) public static func value(_ slot: Double) -> Double? { slot.isNaN ? nil : slot }
    /// Codes 0…254 are those whole numbers; 255 is missing.
    @inline(__always) public static func value(code: UInt8) -> Double? { code == 255 ? nil : Double(code) }
}

extension Bool: CompactColumnValue {
    /// 0 false, 1 true, 2 missing: one byte a cell.
    public static var missingSlot: UInt8 { 2 }
    public static func slot(_ value: Bool?) -> UInt8 { value.map { $0 ? 1 : 0 } ?? 2 }
    @inline(__always) public static func value(_ slot: UInt8) -> Bool? { slot == 2 ? nil : slot == 1 }
}

extension CalendarDate: CompactColumnValue {
    /// A day number; `Int32.min` marks a missing date.
    public static var missingSlot: Int32 { .min }
    public static func slot(_ value: CalendarDate?) -> Int32 { value.map { Int32(clamping: $0.dayNumber) } ?? .min }
    @inline(__always) public static func value(_ slot: Int32) -> CalendarDate? {
        slot == .min ? nil : CalendarDate(dayNumber: Int(slot))
    }
    /// Dates are never byte-coded.
    public static func value(code: UInt8) -> CalendarDate? { nil }
}

/// The values of one typed column, stored compactly (8 bytes a number, 1 a Boolean, 4 a date)
/// and read as optionals: `column[i]` is `nil` where the cell was empty.
///
/// A number column whose values are all whole numbers from 0 to 254 (the 0/1 flags and small
/// counts most signals are) is stored one byte a row instead of eight: `codes`, with 255 for
/// missing. Rule evaluation then works on the codes through a table of at most 256 entries.
///
/// A column whose every value is code 0 or 1 (a 0/1 flag or a `true`/`false` column with no
/// empty cell) can be packed one bit a row (``bits``): ten million deals' flag then takes
/// 1.25 MB instead of 10. The reader packs such columns; ``codes`` still reads them a byte a row.
///
/// ```swift
/// let opens: ColumnValues<Double> = [3, nil, 7]
/// opens[1]          // nil
/// opens.count       // 3
/// opens.codes       // [3, 255, 7]
///
/// let flag = ColumnValues<Double>(bits: [0b101], count: 3)
/// flag[1]           // 0
/// flag.codes        // [1, 0, 1]
/// ```
public struct ColumnValues<Value: CompactColumnValue>: RandomAccessCollection, ExpressibleByArrayLiteral, Equatable,
    Sendable
{
    /// The stored slots (empty when the column is byte-coded or packed).
    public private(set) var slots: [Value.Slot]
    /// One byte a row when the column is byte-coded; for a Boolean column, its slots.
    private var byteCodes: [UInt8]?
    /// One bit a row (row i is bit `i % 64` of word `i / 64`), for codes 0 and 1, when packed.
    public private(set) var bits: [UInt64]?
    /// Rows, when packed.
    private var packedCount = 0

    /// Creates a column from stored slots.
    public init(slots: [Value.Slot]) {
        self.slots = slots
        self.byteCodes = slots as? [UInt8]
    }
    /// Creates a byte-coded column.
    public init(codes: [UInt8]) {
        self.slots = []
        self.byteCodes = codes
    }
    /// Creates a packed column: row i holds code 1 when bit i of `bits` is set, code 0 otherwise
    /// (bits past `count` are ignored).
    public init(bits: [UInt64], count: Int) {
        precondition(bits.count == (count + 63) / 64, "one word per 64 rows")
        self.slots = []
        var words = bits
        if count % 64 != 0 { words[words.count - 1] &= (1 << UInt64(count % 64)) - 1 }
        self.bits = words
        self.packedCount = count
    }
    /// Creates a column from optional values.
    public init(_ values: [Value?]) { self.init(slots: values.map(Value.slot)) }
    public init(arrayLiteral elements: Value?...) { self.init(elements) }

    /// One byte a row when the column is byte-coded or packed (see ``CompactColumnValue/value(code:)``);
    /// for a Boolean column, its slots. A packed column's bytes are made on each call.
    public var codes: [UInt8]? {
        guard let bits else { return byteCodes }
        return [UInt8](unsafeUninitializedCapacity: packedCount) { out, filled in
            for i in 0..<packedCount { out[i] = ColumnCodes.bit(bits, i) }
            filled = packedCount
        }
    }

    /// The codes as stored (packed or a byte a row), or `nil` when the column is not byte-coded.
    public var storedCodes: ColumnCodes? {
        if let bits { return .bits(bits, count: packedCount) }
        return byteCodes.map(ColumnCodes.bytes)
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { bits != nil ? packedCount : byteCodes?.count ?? slots.count }
    @inline(__always) public subscript(i: Int) -> Value? {
        if let bits { return Value.value(code: ColumnCodes.bit(bits, i)) }
        if let byteCodes { return Value.value(code: byteCodes[i]) }
        return Value.value(slots[i])
    }

    /// The rows at `indices`, in that order (byte-coded stays byte-coded, packed stays packed).
    public func selecting(_ indices: [Int]) -> ColumnValues {
        if let bits {
            var words = [UInt64](repeating: 0, count: (indices.count + 63) / 64)
            for (k, i) in indices.enumerated() {
                words[k >> 6] |= UInt64(ColumnCodes.bit(bits, i)) << UInt64(k & 63)
            }
            return ColumnValues(bits: words, count: indices.count)
        }
        if let byteCodes, slots.isEmpty { return ColumnValues(codes: indices.map { byteCodes[$0] }) }
        return ColumnValues(slots: indices.map { slots[$0] })
    }

    /// Element-wise equality of the values (missing equals missing).
    public static func == (a: ColumnValues, b: ColumnValues) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { $0 == $1 }
    }
}

extension ColumnValues where Value == CalendarDate {
    /// The earliest and the latest date in the column, `nil` when every cell is empty: read off
    /// the stored day numbers, without making a date of every cell.
    ///
    /// ```swift
    /// let closed: ColumnValues<CalendarDate> = [CalendarDate(iso: "2025-03-01"), nil, CalendarDate(iso: "2024-12-31")]
    /// closed.earliestToLatest   // 2024-12-31...2025-03-01
    /// ```
    public var earliestToLatest: ClosedRange<CalendarDate>? {
        var lo = Int32.max
        var hi = Int32.min
        var any = false
        for s in slots where s != CalendarDate.missingSlot {
            lo = Swift.min(lo, s)
            hi = Swift.max(hi, s)
            any = true
        }
        guard any else { return nil }
        return CalendarDate(dayNumber: Int(lo))...CalendarDate(dayNumber: Int(hi))
    }
}
