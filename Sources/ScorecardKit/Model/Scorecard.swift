/// A lead-scoring scorecard: point rules and the threshold above which a lead is sales-qualified.
///
/// Read and written as `scorecard/v1` JSON (see ``Scorecard/init(json:file:)`` and
/// ``Scorecard/json``).
///
/// ```swift
/// let card = try Scorecard(json: text, file: "current-scorecard.json")
/// card.threshold   // 80
/// ```
public struct Scorecard: Sendable, Equatable {
    /// The schema tag this version reads and writes.
    public static let schema = "scorecard/v1"

    /// A name for people.
    public var name: String
    /// What the card is for, in a sentence (optional).
    public var description: String?
    /// Score at or above which a lead is an SQL.
    public var threshold: Double
    /// Optional dual bar: the fit subscore must also reach this.
    public var minFit: Double?
    /// Optional dual bar: the behavior subscore must also reach this.
    public var minBehavior: Double?
    /// The rules, in order.
    public var rules: [Rule]
    /// Free-form provenance written by the tool (how a revised card was made); kept on round trips.
    public var metadata: JSONValue?
    /// Where the card was read from (positions for error messages); not part of equality.
    public var source: ParsedJSON?

    /// Creates a card.
    public init(
        name: String, threshold: Double, rules: [Rule], minFit: Double? = nil, minBehavior: Double? = nil,
        metadata: JSONValue? = nil
    ) {
        self.name = name
        self.threshold = threshold
        self.rules = rules
        self.minFit = minFit
        self.minBehavior = minBehavior
        self.metadata = metadata
        self.source = nil
    }

    public static func == (a: Scorecard, b: Scorecard) -> Bool {
        a.name == b.name && a.description == b.description && a.threshold == b.threshold && a.minFit == b.minFit
            && a.minBehavior == b.minBehavior
            && a.rules == b.rules && a.metadata == b.metadata
    }

    /// The positions of the rules whose id is not in `ids`, in card order: what ``keepingRules(_:)``
    /// and ``DesignMatrix/selectingColumns(_:)`` take to leave those rules out.
    public func ruleIndices(excluding ids: some Sequence<String>) -> [Int] {
        let left = Set(ids)
        return rules.indices.filter { !left.contains(rules[$0].id) }
    }

    /// The card with only the rules at `indices` (in that order): a card with rules left out.
    public func keepingRules(_ indices: [Int]) -> Scorecard {
        var card = self
        card.rules = indices.map { rules[$0] }
        card.source = nil
        return card
    }

    /// The rule with `id`, if any.
    public func rule(_ id: String) -> Rule? { rules.first { $0.id == id } }

    /// The rules `rule`'s `onlyWith` names, in that order. Every name must be a rule of the card,
    /// as it is in a card read from JSON (a programming error otherwise).
    public func gateRules(of rule: Rule) -> [Rule] {
        rule.onlyWith.map { id in
            guard let gate = self.rule(id) else {
                preconditionFailure("rule \(rule.id) is gated on \(id), which the card does not have")
            }
            return gate
        }
    }

    /// Where rule `index` (or one of its keys) stands in the file the card was read from.
    public func location(rule index: Int, key: String? = nil) -> SourceLocation {
        guard let source else { return SourceLocation(file: "<scorecard>", line: 0, column: 0) }
        let path = "rules[\(index)]" + (key.map { "." + $0 } ?? "")
        return source.location(path)
    }

    /// The file the card came from, or `<scorecard>`.
    public var file: String { source?.file ?? "<scorecard>" }
}
