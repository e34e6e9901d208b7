/// Whether a rule describes who the lead is (`fit`) or what the lead did (`behavior`).
public enum RuleKind: String, Sendable, Hashable, CaseIterable {
    case fit
    case behavior
}

/// How a rule turns a signal into points.
public enum RuleMeasure: Sendable, Hashable {
    /// Whether this is an `each` (per-unit) rule.
    public var isEach: Bool {
        if case .each = self { return true }
        return false
    }

    /// An indicator: `points` when the condition holds.
    case when(Condition)
    /// A count: `points` for every `each` units of a numeric signal, optionally capped at `cap`
    /// points in total.
    case each(Double, cap: Double?)
    /// A merged indicator (JSON `anyOf`): `points` when any of the parts holds, once however many
    /// hold. Every part is a `when` test on a signal; a per-unit count has no "holds or not" to
    /// join with *or*, so an `each` part is rejected when a card is read.
    case anyOf([RulePart])

    /// The indicator tests the measure is made of, each with the signal it reads (`signal` for a
    /// plain `when` rule; none for an `each` rule).
    func tests(signal: String) -> [RulePart] {
        switch self {
        case .when(let c): [RulePart(signal: signal, condition: c)]
        case .each: []
        case .anyOf(let parts): parts
        }
    }
}

/// One part of a merged (`anyOf`) rule: a `when` test on a signal (`{"signal": "demo_request",
/// "when": {"equals": true}}`).
public struct RulePart: Sendable, Hashable {
    /// The signal column the part reads.
    public var signal: String
    /// The test the signal's value must pass for the part to hold.
    public var condition: Condition

    /// Creates a part.
    public init(signal: String, condition: Condition) {
        self.signal = signal
        self.condition = condition
    }
}

/// One line of a scorecard: "Requested a demo +45", "Opened a sales email +3 each (max 15)".
///
/// Two structural forms: a merged rule (``RuleMeasure/anyOf(_:)``) fires when any of its parts
/// holds, and a gated rule (``onlyWith``) counts its points only for leads on whom every named
/// rule *fires*, which means the named rule's own test holds (its `when`, any of its `anyOf`
/// parts, or a non-zero count for an `each` rule), whatever that rule's own gates say.
///
/// ```swift
/// let demo = Rule(id: "demo", kind: .behavior, signal: "demo_requested",
///                 measure: .when(.equals(.bool(true))), points: 45)
/// ```
public struct Rule: Sendable, Hashable {
    /// Unique identifier within the card.
    public var id: String
    /// `fit` or `behavior` (for dual thresholds and the fit/behavior subscores).
    public var kind: RuleKind
    /// The signal column the rule reads (for a merged rule, its first part's; see ``signals``).
    public var signal: String
    /// Indicator or per-unit count.
    public var measure: RuleMeasure
    /// Points awarded (per `each` units for a count rule). May be negative.
    public var points: Double
    /// `"ai"` for a signal produced by a predictive model; `nil` otherwise.
    public var source: String?
    /// Points halve every this many days since `<signal>_at`; `nil` for no decay.
    public var halfLifeDays: Double?
    /// A label for people ("Requested a demo"); `nil` to use the id.
    public var label: String?
    /// For an `each` rule: the cap as a number of `each` units (JSON `capUnits`), for a rule whose
    /// points are 0 — a cap in points cannot say how many units count then. Otherwise the cap is
    /// given in points (`cap`) and this is `nil`.
    public var capInUnits: Double?
    /// The ids of the rules that must also fire for this rule's points to count (JSON `onlyWith`);
    /// empty for an ungated rule.
    public var onlyWith: [String]

    /// Creates a rule. A merged rule (`measure: .anyOf(parts)`) takes its first part's signal as
    /// `signal`.
    public init(
        id: String, kind: RuleKind, signal: String, measure: RuleMeasure, points: Double,
        source: String? = nil, halfLifeDays: Double? = nil, label: String? = nil, capInUnits: Double? = nil,
        onlyWith: [String] = []
    ) {
        self.id = id
        self.kind = kind
        self.signal = signal
        self.measure = measure
        self.points = points
        self.source = source
        self.halfLifeDays = halfLifeDays
        self.label = label
        self.capInUnits = capInUnits
        self.onlyWith = onlyWith
    }

    /// Creates a merged rule that fires when any of `parts` holds (its ``signal`` is the first
    /// part's).
    public init(
        id: String, kind: RuleKind, anyOf parts: [RulePart], points: Double, source: String? = nil,
        label: String? = nil,
        onlyWith: [String] = []
    ) {
        precondition(!parts.isEmpty, "a merged rule needs at least one part")
        self.init(
            id: id, kind: kind, signal: parts[0].signal, measure: .anyOf(parts), points: points, source: source,
            label: label,
            onlyWith: onlyWith)
    }

    /// Every signal column the rule reads, in order, each once: its `signal`, or its parts'.
    public var signals: [String] {
        guard case .anyOf(let parts) = measure else { return [signal] }
        var out: [String] = []
        for part in parts where !out.contains(part.signal) { out.append(part.signal) }
        return out
    }

    /// Whether the rule is a merged (`anyOf`) rule.
    public var isMerged: Bool {
        if case .anyOf = measure { return true }
        return false
    }

    /// The cap expressed in units of the signal (`cap / |points|`), which stays fixed when the
    /// points are refitted: "at most 5 opens count".
    public var capUnits: Double? {
        guard case .each(_, let cap) = measure else { return nil }
        if let cap, points != 0 { return cap / abs(points) }
        return capInUnits
    }

    /// Whether the rule is from an AI or predictive model.
    public var isAI: Bool { source?.lowercased() == "ai" }

    /// What the rule tests, in words: `industry in ["software"]`, `3 points per email_opens, up to 15`,
    /// `demo = true or trial = true`, `pricing_page ≥ 1, only with industry_fit`.
    public var condition: String {
        var s: String
        switch measure {
        case .when(let c): s = "\(signal) \(c)"
        case .each(let each, let cap):
            s = "\(JSONValue.format(points)) points per \(each == 1 ? "" : JSONValue.format(each) + " ")\(signal)"
            if let cap {
                s += ", up to \(JSONValue.format(cap))"
            } else if let capInUnits {
                s += ", up to \(JSONValue.format(capInUnits)) units"
            }
        case .anyOf(let parts): s = parts.map { "\($0.signal) \($0.condition)" }.joined(separator: " or ")
        }
        if !onlyWith.isEmpty { s += ", only with " + onlyWith.joined(separator: " and ") }
        return s
    }
}
