/// Whether a rule describes who the lead is (`fit`) or what the lead did (`behavior`).
public enum RuleKind: String, Sendable, Hashable, CaseIterable {
    case fit
    case behavior
}

/// How a rule turns a signal into points.
public enum RuleMeasure: Sendable, Hashable {
    /// Whether this is an `each` (per-unit) rule.
    public var isEach: Bool { if case .each = self { return true }; return false }

    /// An indicator: `points` when the condition holds.
    case when(Condition)
    /// A count: `points` for every `each` units of a numeric signal, optionally capped at `cap`
    /// points in total.
    case each(Double, cap: Double?)
}

/// One line of a scorecard: "Requested a demo +45", "Opened a sales email +3 each (max 15)".
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
    /// The signal column the rule reads.
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

    /// Creates a rule.
    public init(id: String, kind: RuleKind, signal: String, measure: RuleMeasure, points: Double,
                source: String? = nil, halfLifeDays: Double? = nil, label: String? = nil, capInUnits: Double? = nil) {
        self.id = id
        self.kind = kind
        self.signal = signal
        self.measure = measure
        self.points = points
        self.source = source
        self.halfLifeDays = halfLifeDays
        self.label = label
        self.capInUnits = capInUnits
    }

    /// The cap expressed in units of the signal (`cap / |points|`), which stays fixed when the
    /// points are refitted: "at most 5 opens count".
    public var capUnits: Double? {
        guard case let .each(_, cap) = measure else { return nil }
        if let cap, points != 0 { return cap / abs(points) }
        return capInUnits
    }

    /// Whether the rule is from an AI or predictive model.
    public var isAI: Bool { source?.lowercased() == "ai" }

    /// What the rule tests, in words: `industry in ["software"]`, `email_opens × 3 per 1 (max 15)`.
    public var condition: String {
        switch measure {
        case let .when(c): return "\(signal) \(c)"
        case let .each(each, cap):
            var s = "\(JSONValue.format(points)) points per \(each == 1 ? "" : JSONValue.format(each) + " ")\(signal)"
            if let cap { s += ", up to \(JSONValue.format(cap))" } else if let capInUnits { s += ", up to \(JSONValue.format(capInUnits)) units" }
            return s
        }
    }
}
