/// The diagnostics of every rule, the candidate rules, and notes.
public struct SignalReport: Sendable {
    /// One diagnosis per rule, in card order.
    public var rules: [RuleDiagnosis]
    /// Columns the card does not use, with a suggested rule, strongest first.
    public var candidates: [CandidateRule]
    /// The base win rate.
    public var baseRate: Double
    /// The period stability was measured over (`quarter`, `month` or `half-year`), if any.
    public var periodLabel: String?
    /// Notes for the reader.
    public var notes: [String]

    /// The rules with at least one flag.
    public var flagged: [RuleDiagnosis] { rules.filter { !$0.flags.isEmpty } }
}
