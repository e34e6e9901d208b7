/// How a ``RuleGroup``'s rules cover one history: the deals each level fires for, the deals none
/// fires for, and, when every deal fires exactly one level (the group is *exhaustive* on the
/// history), the level the fit measures the others against.
///
/// The levels of an exhaustive group add up to the intercept's column, so the fit cannot tell
/// their common part from the intercept. It fits them with one level as the reference, its
/// coefficient fixed at 0 (``Exclusion/reference``), and the others as differences from it. The
/// reference is the most common level (the first in card order on a tie): its contrast with each
/// other level is then estimated on the most deals, so the differences have the smallest standard
/// errors. Any choice gives the same fitted probabilities.
///
/// ```swift
/// let coverage = GroupCoverage.of(card, patterns: PatternTable(design))
/// coverage.first?.reference   // the card index of the most common level, when exhaustive
/// ```
public struct GroupCoverage: Sendable, Equatable {
    /// The group.
    public var group: RuleGroup
    /// Deals (weights) each of the group's rules fires for, in the group's order.
    public var levelDeals: [Double]
    /// Deals for which none of the group's rules fires (the signal is missing or outside its
    /// levels): they get no points from the group.
    public var uncovered: Double

    /// Whether exactly one of the group's rules fires for every deal.
    public var isExhaustive: Bool { uncovered == 0 }

    /// For an exhaustive group, the reference level (a card index): the level firing for the
    /// most deals, the first in card order on a tie; `nil` for a group that is not exhaustive.
    public var reference: Int? {
        guard isExhaustive,
            let top = levelDeals.indices.max(by: {
                levelDeals[$0] < levelDeals[$1] || (levelDeals[$0] == levelDeals[$1] && $0 > $1)
            })
        else {
            return nil
        }
        return group.rules[top]
    }

    /// The coverage of each of `card`'s groups on a history given as distinct patterns with their
    /// won and lost counts (columns in `card`'s rule order).
    public static func of(_ card: Scorecard, patterns: PatternTable) -> [GroupCoverage] {
        of(card, rows: patterns.rows) { patterns.wonWeights[$0] + patterns.lostWeights[$0] }
    }

    /// The coverage of each of `card`'s groups on `design` (the history encoded with `card`).
    public static func of(_ card: Scorecard, design: DesignMatrix) -> [GroupCoverage] {
        of(card, rows: design.rows, weight: design.weight)
    }

    private static func of(_ card: Scorecard, rows: EncodedRows, weight: (Int) -> Double)
        -> [GroupCoverage]
    {
        RuleGroup.groups(in: card).map { group in
            var levels = [Double](repeating: 0, count: group.rules.count)
            var uncovered = 0.0
            for i in 0..<rows.count {
                let w = weight(i)
                guard w > 0 else { continue }
                if let k = group.rules.firstIndex(where: { rows[i, $0] > 0 }) {
                    levels[k] += w
                } else {
                    uncovered += w
                }
            }
            return GroupCoverage(group: group, levelDeals: levels, uncovered: uncovered)
        }
    }

    /// The reference levels of `coverage`'s exhaustive groups (card indices).
    public static func references(_ coverage: [GroupCoverage]) -> Set<Int> {
        Set(coverage.compactMap(\.reference))
    }
}
