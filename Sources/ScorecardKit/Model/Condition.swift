/// A value a `when` condition compares against: text, a number or a Boolean.
public enum ConditionValue: Sendable, Hashable, CustomStringConvertible {
    case string(String)
    case number(Double)
    case bool(Bool)

    public var description: String {
        switch self {
        case let .string(s): quoted(s)
        case let .number(x): JSONValue.format(x)
        case let .bool(b): b ? "true" : "false"
        }
    }

    var json: JSONValue {
        switch self {
        case let .string(s): .string(s)
        case let .number(x): .number(x)
        case let .bool(b): .bool(b)
        }
    }
}

/// The test of a `when` rule: the rule fires (its indicator is 1) when the signal's value passes.
///
/// Strings compare case-insensitively after trimming; a missing value passes only `present(false)`.
public enum Condition: Sendable, Hashable, CustomStringConvertible {
    /// Value equals the given one.
    case equals(ConditionValue)
    /// Value is one of the given ones.
    case oneOf([ConditionValue])
    /// Number ≥ the bound.
    case atLeast(Double)
    /// Number ≤ the bound.
    case atMost(Double)
    /// lo ≤ number ≤ hi.
    case between(Double, Double)
    /// The value is present (`true`) or missing (`false`).
    case present(Bool)

    /// The JSON key of the condition (`equals`, `in`, …).
    /// The values an `equals` or `in` test compares with (empty for the other tests).
    public var values: [ConditionValue] {
        switch self {
        case let .equals(c): [c]
        case let .oneOf(cs): cs
        default: []
        }
    }

    public var key: String {
        switch self {
        case .equals: "equals"
        case .oneOf: "in"
        case .atLeast: "atLeast"
        case .atMost: "atMost"
        case .between: "between"
        case .present: "present"
        }
    }

    /// The condition as a phrase: `= "software"`, `≥ 70`, `in ["a", "b"]`.
    public var description: String {
        switch self {
        case let .equals(v): "= \(v)"
        case let .oneOf(vs): "in [" + vs.map(\.description).joined(separator: ", ") + "]"
        case let .atLeast(x): "≥ \(JSONValue.format(x))"
        case let .atMost(x): "≤ \(JSONValue.format(x))"
        case let .between(a, b): "between \(JSONValue.format(a)) and \(JSONValue.format(b))"
        case let .present(p): p ? "present" : "missing"
        }
    }

    var json: JSONValue {
        switch self {
        case let .equals(v): .object([("equals", v.json)])
        case let .oneOf(vs): .object([("in", .array(vs.map(\.json)))])
        case let .atLeast(x): .object([("atLeast", .number(x))])
        case let .atMost(x): .object([("atMost", .number(x))])
        case let .between(a, b): .object([("between", .array([.number(a), .number(b)]))])
        case let .present(p): .object([("present", .bool(p))])
        }
    }
}
