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
            case .when, .anyOf: total += rule.points
            case .each:
                guard let units = rule.capUnits else { return nil }
                total += rule.points * units
            }
        }
        return total
    }
}
