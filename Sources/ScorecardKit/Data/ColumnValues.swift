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
/// ```swift
/// let opens: ColumnValues<Double> = [3, nil, 7]
/// opens[1]          // nil
/// opens.count       // 3
/// opens.codes       // [3, 255, 7]
/// ```
public struct ColumnValues<Value: CompactColumnValue>: RandomAccessCollection, ExpressibleByArrayLiteral, Equatable,
    Sendable
{
    /// The stored slots (empty when the column is byte-coded).
    public private(set) var slots: [Value.Slot]
    /// One byte a row when the column is byte-coded (see ``CompactColumnValue/value(code:)``);
    /// for a Boolean column, its slots.
    public private(set) var codes: [UInt8]?

    /// Creates a column from stored slots.
    public init(slots: [Value.Slot]) {
        self.slots = slots
        self.codes = slots as? [UInt8]
    }
    /// Creates a byte-coded column.
    public init(codes: [UInt8]) {
        self.slots = []
        self.codes = codes
    }
    /// Creates a column from optional values.
    public init(_ values: [Value?]) { self.init(slots: values.map(Value.slot)) }
    public init(arrayLiteral elements: Value?...) { self.init(elements) }

    public var startIndex: Int { 0 }
    public var endIndex: Int { codes?.count ?? slots.count }
    @inline(__always) public subscript(i: Int) -> Value? {
        if let codes { return Value.value(code: codes[i]) }
        return Value.value(slots[i])
    }

    /// The rows at `indices`, in that order (byte-coded stays byte-coded).
    public func selecting(_ indices: [Int]) -> ColumnValues {
        if let codes, slots.isEmpty { return ColumnValues(codes: indices.map { codes[$0] }) }
        return ColumnValues(slots: indices.map { slots[$0] })
    }

    /// Element-wise equality of the values (missing equals missing).
    public static func == (a: ColumnValues, b: ColumnValues) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { $0 == $1 }
    }
}
