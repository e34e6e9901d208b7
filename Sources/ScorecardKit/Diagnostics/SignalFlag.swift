/// A finding about one rule of the card.
public enum SignalFlag: String, Sendable, CaseIterable, Comparable {
    /// A behavior or AI rule with points that fires for many lost deals and barely more often for
    /// won ones: it inflates the SQL count.
    case falsePositiveProne
    /// The card gives more points than the 95% interval of the fitted points.
    case overweighted
    /// The card gives fewer points than the 95% interval of the fitted points.
    case underweighted
    /// The rule fires too rarely for the data to say anything about it.
    case noEvidence
    /// The card's points and the evidence point in opposite directions.
    case wrongSign
    /// The rule's weight moves between periods by more than chance allows.
    case unstable
    /// The rule fires for nearly the same deals as another rule.
    case redundant
    /// An AI score whose high buckets win far less often than the score implies.
    case miscalibrated
    /// The signal is probably recorded after the fact (dated after the close, or nearly decides
    /// the outcome on its own).
    case leaky

    public static func < (a: SignalFlag, b: SignalFlag) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}
