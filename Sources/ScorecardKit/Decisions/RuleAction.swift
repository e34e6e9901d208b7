/// What the revised card does with one rule of the current card.
public enum RuleAction: String, Sendable, CaseIterable {
    /// The rule stays with its current points.
    case keep
    /// The rule stays with the fitted points (a sign change included).
    case reweight
    /// The rule is left out of the refit and of the revised card.
    case drop
    /// The rule is combined with the rules it duplicates into one rule that fires when any fires.
    case merge
    /// The rule's points count only together with a fit rule or bar.
    case gate
    /// A rule the current card does not have, taken in.
    case add
}
