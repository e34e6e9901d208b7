/// The revised card refitted with the dropped rules and without them, on the same deals.
public struct LeftOutEffect: Sendable, Equatable {
    /// The rules left out.
    public var rules: [String]
    /// In-sample AUC of the card refitted with them.
    public var aucWith: Double
    /// In-sample AUC of the revised card (without them).
    public var aucWithout: Double
    /// The threshold the card refitted with them would use.
    public var thresholdWith: Double
    /// The revised card's threshold.
    public var thresholdWithout: Double

    /// `{"rules", "aucWith", "aucWithout", "thresholdWith", "thresholdWithout"}`.
    public var json: JSONValue {
        let rules: JSONValue = .array(self.rules.map(JSONValue.string))
        return .object([
            ("rules", rules), ("aucWith", .finite(aucWith)), ("aucWithout", .finite(aucWithout)),
            ("thresholdWith", .finite(thresholdWith)), ("thresholdWithout", .finite(thresholdWithout)),
        ])
    }
}
