/// Why a logistic fit could not produce an answer.
public enum FitError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Rules whose columns are linear combinations of others (e.g. two identical rules).
    case collinear(ruleIDs: [String], dependsOn: [String])
    /// Maximum likelihood does not exist: the named rules separate won from lost deals.
    case separation([SeparatedRule])
    /// The history has no won or no lost deals.
    case oneOutcomeOnly(won: Double, lost: Double)
    /// A penalty parameter out of range.
    case invalidPenalty(String)

    public var description: String {
        switch self {
        case .collinear(let ids, let deps):
            let what = ids.map { quoted($0) }.joined(separator: ", ")
            let on =
                deps.isEmpty
                ? "the intercept (it has the same value for every deal)"
                : deps.map { quoted($0) }.joined(separator: ", ") + (deps.count == 1 ? "" : " combined")
            return
                "rule \(what) carries no information of its own: its column is a linear combination of \(on); remove one of them or merge them"
        case .separation(let rules):
            return rules.map(\.explanation).joined(separator: "; ")
                + ". Maximum likelihood has no finite answer; use --penalty firth (bias-reduced) or --penalty prior (shrink toward the current card)"
        case .oneOutcomeOnly(let won, let lost):
            return
                "the history has \(JSONValue.format(won)) won and \(JSONValue.format(lost)) lost deals; a fit needs both"
        case .invalidPenalty(let message):
            return message
        }
    }
}

/// A rule that, on its own, separates won from lost deals.
public struct SeparatedRule: Sendable, Equatable {
    /// The rule.
    public var ruleID: String
    /// Deals where the rule fires.
    public var fired: Double
    /// `true` when every deal it fires for was won (its weight would be +∞), `false` when every one
    /// was lost (−∞).
    public var onlyWon: Bool

    /// "demo_request fires only for won deals (14 of 14): its maximum-likelihood weight is infinite"
    public var explanation: String {
        "\(quoted(ruleID)) fires only for \(onlyWon ? "won" : "lost") deals (\(JSONValue.format(fired)) of \(JSONValue.format(fired))): its maximum-likelihood weight is \(onlyWon ? "+" : "−")infinite"
    }
}
