/// A JSON document as a tree, with the position each value came from.
///
/// ScorecardKit reads and writes JSON itself instead of going through `Codable`, for two reasons:
/// errors in a hand-edited scorecard must name the line and column of the offending value, and
/// written files must be byte-identical for identical inputs (object keys keep the order they were
/// written in; numbers use Swift's shortest round-trip form).
///
/// ```swift
/// let card = try JSONValue.parse(#"{"threshold": 80}"#, file: "card.json")
/// card["threshold"]?.number   // 80.0
/// ```
public indirect enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    /// Keys in document order. Duplicate keys are rejected by the parser.
    case object([(String, JSONValue)])

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.number(let a), .number(let b)): return a == b
        case (.string(let a), .string(let b)): return a == b
        case (.array(let a), .array(let b)): return a == b
        case (.object(let a), .object(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }

    /// The member named `key` of an object, or `nil`.
    public subscript(key: String) -> JSONValue? {
        if case .object(let members) = self { return members.first { $0.0 == key }?.1 }
        return nil
    }

    /// The value as a number, if it is one.
    public var number: Double? {
        if case .number(let x) = self { return x }
        return nil
    }
    /// The value as a string, if it is one.
    public var string: String? {
        if case .string(let x) = self { return x }
        return nil
    }
    /// The value as a Boolean, if it is one.
    public var bool: Bool? {
        if case .bool(let x) = self { return x }
        return nil
    }
    /// The elements, if the value is an array.
    public var array: [JSONValue]? {
        if case .array(let x) = self { return x }
        return nil
    }
    /// The members, if the value is an object.
    public var members: [(String, JSONValue)]? {
        if case .object(let x) = self { return x }
        return nil
    }

    /// A short name of the value's JSON type, for error messages.
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

// MARK: - Building

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) { self = .object(elements) }
    public init(nilLiteral: ()) { self = .null }

    /// A number, or `null` when it is not finite (JSON has no NaN or infinity).
    public static func finite(_ x: Double) -> JSONValue { x.isFinite ? .number(x) : .null }
    /// A number, or `null` for `nil` or a non-finite value.
    public static func optional(_ x: Double?) -> JSONValue { x.map(finite) ?? .null }
    /// A string, or `null` for `nil`.
    public static func optional(_ s: String?) -> JSONValue { s.map(JSONValue.string) ?? .null }
}
