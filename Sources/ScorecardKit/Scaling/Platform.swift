/// A CRM or marketing-automation tool whose scoring limits a revised card must respect.
///
/// The limits become ``PointsScaler/Limits`` (``limits``), which the scaler applies when it turns
/// a fit into points, so the revised card can be typed into the tool as it is.
///
/// What each tool documents, and where:
/// - **HubSpot lead scoring** (``hubspotPro``, ``hubspotEnterprise``): the Lead Scoring API (beta)
///   takes a whole-number `maxScorePerCategory` (int32) for a score and an optional `maxValue` /
///   `minValue` per group (HubSpot's OpenAPI spec, `PublicDraftCreateRequest` and
///   `PublicScoreGroupConfigurationEgg`,
///   https://github.com/HubSpot/HubSpot-public-api-spec-collection/blob/main/PublicApiSpecs/Marketing/Lead%20Scoring/Rollouts/320952/2026-09-beta/leadScoring.json,
///   rendered at https://developers.hubspot.com/docs/api-reference/2026-09-beta/marketing/lead-scoring/create-lead-score).
///   The ceiling per subscription tier — a total of 100 points on Marketing Hub Professional, 500 on
///   Enterprise — is what HubSpot's partners document
///   (https://www.xcellimark.com/blog/a-guideto-build-hubspot-lead-scoring-for-marketers-and-sales-teamshow-to-build-lead-scoring-in-hubspot-2025);
///   HubSpot's own knowledge base page (knowledge.hubspot.com/scoring/build-lead-scores) was not
///   reachable from here, so check the limit your portal offers. The limit is applied both to the
///   total and to each category (fit, engagement), which satisfies either reading of
///   `maxScorePerCategory`. Points are whole numbers.
/// - **Salesforce Marketing Cloud Account Engagement (Pardot)** (``salesforceAccountEngagement``):
///   scoring rules add or subtract whole points; no maximum score is documented, so only the
///   integer step applies.
/// - **Adobe Marketo Engage** (``marketo``): the Change Score flow step adds or subtracts a whole
///   number ("+5 to increment, -5 will decrement", https://experienceleague.adobe.com/en/docs/marketo/using/product-docs/core-marketo-concepts/smart-campaigns/flow-actions/change-score);
///   no maximum is documented, so only the integer step applies.
///
/// ```swift
/// let scaler = PointsScaler(method: .keepThreshold(80, rule: .recall(0.8)), limits: Platform.hubspotPro.limits)
/// ```
public enum Platform: String, Sendable, CaseIterable {
    /// HubSpot Marketing Hub Professional: scores up to 100 points, whole points.
    case hubspotPro = "hubspot-pro"
    /// HubSpot Marketing Hub Enterprise: scores up to 500 points, whole points.
    case hubspotEnterprise = "hubspot-enterprise"
    /// Salesforce Marketing Cloud Account Engagement (Pardot): whole points, no documented maximum.
    case salesforceAccountEngagement = "salesforce-account-engagement"
    /// Adobe Marketo Engage: whole points (Change Score), no documented maximum.
    case marketo

    /// The highest score the platform keeps, or `nil` when it documents none.
    public var scoreLimit: Double? {
        switch self {
        case .hubspotPro: 100
        case .hubspotEnterprise: 500
        case .salesforceAccountEngagement, .marketo: nil
        }
    }

    /// The platform's limits as scaling constraints: the score limit on the total and on each kind
    /// of rule (fit, behavior), and whole points.
    public var limits: PointsScaler.Limits {
        PointsScaler.Limits(ruleCap: nil, maxTotal: scoreLimit, groupMax: scoreLimit, step: 1)
    }

    /// The platform names, as `--platform` takes them: `hubspot-pro, hubspot-enterprise, …`.
    public static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }
}

/// What a platform's limits cost: the revised card scaled without them and with them, compared on
/// the same history.
///
/// SQL counts are deals (weighted, so a pattern table counts its deals) that the card's SQL
/// predicate (``Scorecard/isSQL(_:)``: threshold, plus any fit and behavior bars) qualifies, each
/// card at its own selected threshold.
public struct PlatformCost: Sendable, Equatable {
    /// The platform whose limits were applied.
    public var platform: Platform
    /// AUC of the card scaled without the platform's limits.
    public var aucBefore: Double
    /// AUC of the card scaled within them.
    public var aucAfter: Double
    /// SQLs of the card scaled without the limits, at its threshold.
    public var sqlsBefore: Double
    /// SQLs of the card scaled within the limits, at its threshold.
    public var sqlsAfter: Double
    /// The threshold the selection rule picked without the limits.
    public var thresholdBefore: Double
    /// The threshold the selection rule picked within them.
    public var thresholdAfter: Double
    /// The highest score a lead can reach without the limits (`nil`: unbounded, an uncapped `each` rule).
    public var maxBefore: Double?
    /// The highest score a lead can reach within them.
    public var maxAfter: Double?
}

extension PointsScaler {
    /// What applying `platform`'s limits costs this scaling: the fit is scaled with this scaler's
    /// own limits (before) and with them tightened by the platform's (after), and both cards are
    /// scored on `design`.
    ///
    /// - Parameters:
    ///   - platform: the platform whose limits to apply.
    ///   - fit: the fitted coefficients.
    ///   - card: the current card.
    ///   - design: the history encoded with `card`'s rules.
    ///   - keepCurrent: rules that keep their current points (as in ``scale(_:card:design:keepCurrent:)``).
    public func platformCost(_ platform: Platform, fit: LogisticFit, card: Scorecard, design: DesignMatrix, keepCurrent: Set<Int> = []) -> PlatformCost {
        var within = self
        within.limits = limits.tightened(by: platform.limits)
        let before = scale(fit, card: card, design: design, keepCurrent: keepCurrent).card
        let after = within.scale(fit, card: card, design: design, keepCurrent: keepCurrent).card
        func auc(_ c: Scorecard) -> Double { RankingMetrics(scores: c.scores(design), won: design.won, weights: design.weights).auc }
        func sqls(_ c: Scorecard) -> Double { c.isSQL(design).enumerated().reduce(0) { $0 + ($1.element ? design.weight($1.offset) : 0) } }
        return PlatformCost(platform: platform, aucBefore: auc(before), aucAfter: auc(after), sqlsBefore: sqls(before), sqlsAfter: sqls(after),
                            thresholdBefore: before.threshold, thresholdAfter: after.threshold,
                            maxBefore: before.reachableMaximum(), maxAfter: after.reachableMaximum())
    }
}

extension Scorecard {
    /// The highest score a lead can reach: the sum of the positive points, an `each` rule counted
    /// up to its cap. `nil` when an `each` rule with positive points has no cap (no bound).
    ///
    /// - Parameter kind: only the rules of this kind (the fit or behavior subscore); `nil` for all.
    public func reachableMaximum(kind: RuleKind? = nil) -> Double? {
        var total = 0.0
        for rule in rules where kind == nil || rule.kind == kind {
            guard rule.points > 0 else { continue }
            switch rule.measure {
            case .when: total += rule.points
            case .each:
                guard let units = rule.capUnits else { return nil }
                total += rule.points * units
            }
        }
        return total
    }
}

extension PlatformCost {
    /// `{"platform", "aucBefore", "aucAfter", "sqlsBefore", "sqlsAfter", "thresholdBefore",
    /// "thresholdAfter", "maxBefore", "maxAfter"}`.
    public var json: JSONValue {
        .object([("platform", .string(platform.rawValue)), ("aucBefore", .finite(aucBefore)), ("aucAfter", .finite(aucAfter)),
                 ("sqlsBefore", .finite(sqlsBefore)), ("sqlsAfter", .finite(sqlsAfter)), ("thresholdBefore", .finite(thresholdBefore)),
                 ("thresholdAfter", .finite(thresholdAfter)), ("maxBefore", .optional(maxBefore)), ("maxAfter", .optional(maxAfter))])
    }

    /// One sentence: what the limits cost.
    public var sentence: String {
        typealias F = NumberFormatting
        let reach = maxBefore.map { "from \(JSONValue.format($0)) " } ?? ""
        return "Keeping to \(platform.rawValue)'s limits takes the highest reachable score \(reach)to \(maxAfter.map { JSONValue.format($0) } ?? "unbounded"): in-sample AUC \(F.fixed(aucBefore, 3)) → \(F.fixed(aucAfter, 3)), SQLs \(F.count(sqlsBefore)) → \(F.count(sqlsAfter)), threshold \(JSONValue.format(thresholdBefore)) → \(JSONValue.format(thresholdAfter))."
    }
}
