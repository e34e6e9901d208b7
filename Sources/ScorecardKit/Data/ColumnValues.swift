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
}

extension Double: CompactColumnValue {
    /// NaN marks a missing number (the CSV reader never produces a NaN value).
    public static var missingSlot: Double { .nan }
    public static func slot(_ value: Double?) -> Double { value ?? .nan }
    @inline(__always) public static func value(_ slot: Double) -> Double? { slot.isNaN ? nil : slot }
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
    @inline(__always) public static func value(_ slot: Int32) -> CalendarDate? { slot == .min ? nil : CalendarDate(dayNumber: Int(slot)) }
}

/// The values of one typed column, stored compactly (8 bytes a number, 1 a Boolean, 4 a date)
/// and read as optionals: `column[i]` is `nil` where the cell was empty.
///
/// ```swift
/// let opens: ColumnValues<Double> = [3, nil, 7]
/// opens[1]          // nil
/// opens.count       // 3
/// ```
public struct ColumnValues<Value: CompactColumnValue>: RandomAccessCollection, ExpressibleByArrayLiteral, Equatable, Sendable {
    /// The stored slots.
    public var slots: [Value.Slot]

    /// Creates a column from stored slots.
    public init(slots: [Value.Slot]) { self.slots = slots }
    /// Creates a column from optional values.
    public init(_ values: [Value?]) { slots = values.map(Value.slot) }
    public init(arrayLiteral elements: Value?...) { self.init(elements) }

    public var startIndex: Int { 0 }
    public var endIndex: Int { slots.count }
    @inline(__always) public subscript(i: Int) -> Value? { Value.value(slots[i]) }

    /// Element-wise equality of the values (missing equals missing).
    public static func == (a: ColumnValues, b: ColumnValues) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { $0 == $1 }
    }
}
