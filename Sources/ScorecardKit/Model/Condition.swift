/// A value a `when` condition compares against: text, a number or a Boolean.
public enum ConditionValue: Sendable, Hashable, CustomStringConvertible {
    case string(String)
    case number(Double)
    case bool(Bool)

    public var description: String {
        switch self {
        case .string(let s): quoted(s)
        case .number(let x): JSONValue.format(x)
        case .bool(let b): b ? "true" : "false"
        }
    }

    var json: JSONValue {
        switch self {
        case .string(let s): .string(s)
        case .number(let x): .number(x)
        case .bool(let b): .bool(b)
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
        case .equals(let c): [c]
        case .oneOf(let cs): cs
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
        case .equals(let v): "= \(v)"
        case .oneOf(let vs): "in [" + vs.map(\.description).joined(separator: ", ") + "]"
        case .atLeast(let x): "≥ \(JSONValue.format(x))"
        case .atMost(let x): "≤ \(JSONValue.format(x))"
        case .between(let a, let b): "between \(JSONValue.format(a)) and \(JSONValue.format(b))"
        case .present(let p): p ? "present" : "missing"
        }
    }

    var json: JSONValue {
        switch self {
        case .equals(let v): .object([("equals", v.json)])
        case .oneOf(let vs): .object([("in", .array(vs.map(\.json)))])
        case .atLeast(let x): .object([("atLeast", .number(x))])
        case .atMost(let x): .object([("atMost", .number(x))])
        case .between(let a, let b): .object([("between", .array([.number(a), .number(b)]))])
        case .present(let p): .object([("present", .bool(p))])
        }
    }
}
