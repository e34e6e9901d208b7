/// The one decision the review takes for one rule, with the evidence behind it.
///
/// ```swift
/// decision.action      // .drop
/// decision.why         // "onboarding_call_booked_at falls after closed_at for …"
/// ```
public struct RuleDecision: Sendable, Equatable {
    /// The rule's id.
    public var id: String
    /// What the revised card does with it.
    public var action: RuleAction
    /// Points on the current card (`nil` for an added rule).
    public var oldPoints: Double?
    /// Points on the revised card (`nil` when dropped).
    public var newPoints: Double?
    /// The diagnostics' flags for the rule (evidence, not instructions).
    public var flags: [SignalFlag]
    /// Why, in one sentence built from the numbers that decided it.
    public var why: String
    /// The deciding evidence in a few words, for a screenful of text (the same decision as `why`).
    public var summary: String
    /// `merge`: the id of the merged (`anyOf`) rule the revised card holds in its place.
    public var into: String? = nil
    /// `gate`: the rules that must also fire for its points to count.
    public var onlyWith: [String]? = nil
    /// `add`: the new rule, with its points.
    public var rule: Rule? = nil
    /// `merge`, `gate`, `add`: the held-out log loss the change gains.
    public var evidence: StructuralSearch.Evidence? = nil

    /// Creates a decision.
    public init(
        id: String, action: RuleAction, oldPoints: Double?, newPoints: Double?, flags: [SignalFlag], why: String,
        summary: String
    ) {
        self.id = id
        self.action = action
        self.oldPoints = oldPoints
        self.newPoints = newPoints
        self.flags = flags
        self.why = why
        self.summary = summary
    }

    /// `{"id", "action", "oldPoints", "newPoints", "flags", "why"}` (DESIGN.md's `decisions`),
    /// with `into`, `onlyWith`, `rule` and `evidence` on a structural decision.
    public var json: JSONValue {
        var m: [(String, JSONValue)] = [
            ("id", .string(id)), ("action", .string(action.rawValue)), ("oldPoints", .optional(oldPoints)),
            ("newPoints", .optional(newPoints)), ("flags", .array(flags.map { .string($0.rawValue) })),
            ("why", .string(why)),
        ]
        if let into { m.append(("into", .string(into))) }
        if let onlyWith { m.append(("onlyWith", .array(onlyWith.map(JSONValue.string)))) }
        if let rule { m.append(("rule", rule.json)) }
        if let evidence { m.append(("evidence", evidence.json)) }
        return .object(m)
    }
}
