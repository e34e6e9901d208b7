/// The `decay` command's answer: one ``DecayEstimate`` per dated behavior rule, and notes about
/// rules that could not be estimated.
public struct DecayReport: Sendable, Equatable {
    /// Estimates, in the card's rule order.
    public var rules: [DecayEstimate]
    /// Rules left out and why (no `<signal>_at` column, never fires, …).
    public var notes: [String]
    /// Deals used.
    public var deals: Double

    /// The estimate for rule `id`.
    public subscript(id: String) -> DecayEstimate? { rules.first { $0.ruleID == id } }

    /// `{"rules": [...], "notes": [...], "dealsUsed"}` (DESIGN.md `decay`).
    public var json: JSONValue {
        .object([
            ("rules", .array(rules.map(\.json))), ("notes", .array(notes.map(JSONValue.string))),
            ("dealsUsed", .finite(deals)),
        ])
    }
}
