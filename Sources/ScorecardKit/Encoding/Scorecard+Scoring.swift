/// Scoring deals with a card.
extension Scorecard {
    /// Each deal's score: `Σ_j points_j · x_ij` over the card's rules, rounded to the nearest whole
    /// point (as CRMs show scores; it only matters when decay makes points fractional).
    ///
    /// The design must have been built from a card with the same rules in the same order (the
    /// points may differ: that is how a revised card is scored on the same deals).
    public func scores(_ design: DesignMatrix) -> [Double] {
        precondition(design.ruleIDs == rules.map(\.id), "the design must be built from this card's rules")
        let points = rules.map(\.points)
        // Whole points on indicator columns only: each score is a sum of whole numbers already.
        if design.rows.denseColumns.isEmpty, points.allSatisfy({ $0 == $0.rounded() }) {
            return design.scores(points: points)
        }
        return design.scores(points: points).map { $0.rounded() }
    }

    /// The subscore of one kind of rule (fit or behavior), rounded like ``scores(_:)``.
    public func scores(_ design: DesignMatrix, kind: RuleKind) -> [Double] {
        precondition(design.ruleIDs == rules.map(\.id), "the design must be built from this card's rules")
        return design.scores(points: rules.map(\.points), mask: rules.map { $0.kind == kind }).map { $0.rounded() }
    }

    /// Whether each deal is an SQL, by the card's ``Qualification``: score ≥ threshold and, with
    /// dual bars, fit ≥ `minFit` and behavior ≥ `minBehavior`.
    public func isSQL(_ design: DesignMatrix) -> [Bool] {
        let total = scores(design)
        guard let bars = barsMet(design) else { return total.map { $0 >= threshold } }
        return total.indices.map { total[$0] >= threshold && bars[$0] }
    }

    /// Per deal, whether its subscores meet the card's dual bars; `nil` when the card has none.
    /// A threshold sweep of a dual-bar card holds these fixed and sweeps the total
    /// (``ThresholdSweep/init(scores:won:weights:eligible:)``).
    public func barsMet(_ design: DesignMatrix) -> [Bool]? {
        let q = qualification
        guard q.hasBars else { return nil }
        let fit = scores(design, kind: .fit)
        let behavior = scores(design, kind: .behavior)
        return fit.indices.map { q.barsMet(fit: fit[$0], behavior: behavior[$0]) }
    }

    /// The card with the same rules and new points (and threshold).
    public func withPoints(_ points: [Double], threshold: Double) -> Scorecard {
        var card = self
        card.threshold = threshold
        for j in card.rules.indices {
            let old = card.rules[j]
            card.rules[j].points = points[j]
            if case .each(let each, _) = old.measure, let units = old.capUnits {
                // Keep the cap in units of the signal ("at most 5 opens count"): in points when the
                // rule has points, in units when it has none.
                card.rules[j].measure = .each(each, cap: points[j] == 0 ? nil : abs(points[j]) * units)
                card.rules[j].capInUnits = points[j] == 0 ? units : nil
            }
        }
        card.source = nil
        return card
    }
}
