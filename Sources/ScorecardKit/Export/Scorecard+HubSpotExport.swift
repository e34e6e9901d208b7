/// The request body of a HubSpot Lead Scoring API (beta) score draft, and what it could not express.
public struct HubSpotScoreDraft: Sendable, Equatable {
    /// The body for `POST /marketing/lead-scoring/2026-09-beta/scores`.
    public var body: JSONValue
    /// What the body does not say as the card does (per-unit points turned into bands, decay left
    /// out, the threshold, a reach over the platform's limit), one sentence each, for stderr.
    public var warnings: [String]
}

/// The `hubspot` export: a score draft for HubSpot's Lead Scoring API (beta).
///
/// Every field name and enum value is HubSpot's, from its OpenAPI specification of the
/// `2026-09-beta` Lead Scoring API (newest revision, August 2026):
/// https://github.com/HubSpot/HubSpot-public-api-spec-collection/blob/main/PublicApiSpecs/Marketing/Lead%20Scoring/Rollouts/320952/2026-09-beta/leadScoring.json
/// (rendered at https://developers.hubspot.com/docs/api-reference/2026-09-beta/marketing/lead-scoring/create-lead-score
/// and explained at https://developers.hubspot.com/docs/api-reference/2026-09-beta/marketing/lead-scoring/guide).
/// - `PublicDraftCreateRequest` requires `name`, `objectTypeId`, `allowedGroupTypes` (`FIT`,
///   `INTENT`), `groupConfigs` and `maxScorePerCategory` (int32). Earlier revisions of the spec
///   (to 11 August 2026), and the rendered reference page, call the last one `maxScore`; the
///   beta is still moving, so the body carries both with the same value (`maxScore` is also the
///   key this project's contract, DESIGN.md, names). `objectTypeId` is `0-1`, contacts
///   (https://developers.hubspot.com/docs/platform/crm-development-tools-overview).
/// - A group (`PublicScoreGroupConfigurationEgg`) requires `groupName`, `groupCategory` (`FIT` or
///   `INTENT`; HubSpot's engagement category is `INTENT`) and `ruleConfigurations`.
/// - A rule configuration (`PublicScoreRuleConfigurationEgg`) requires `enabled` and
///   `configuration.calculation`. A card rule becomes a `CONDITIONAL` calculation (`value`: the
///   points, `whereCondition`: a `COMPOSITE` condition whose only operator is `AND`, over `SINGLE`
///   conditions on a `property`). It carries no name, so rules keep the card's order.
/// - A condition's `operation` is one of HubSpot's property operations (the same schemas the Lists
///   API documents with their operators, `PublicNumberPropertyOperation` etc. in
///   https://github.com/HubSpot/HubSpot-public-api-spec-collection/blob/main/PublicApiSpecs/CRM/Lists/Rollouts/144891/2026-09/lists.json):
///   `equals` text → `STRING` `IS_EQUAL_TO`; `equals` number → `NUMBER` `IS_EQUAL_TO`; `equals`
///   true/false → `BOOL` `IS_EQUAL_TO`; `in` text → `MULTISTRING` `IS_EQUAL_TO` with `values`;
///   `atLeast` → `NUMBER` `IS_GREATER_THAN_OR_EQUAL_TO`; `atMost` → `NUMBER`
///   `IS_LESS_THAN_OR_EQUAL_TO`; `between` → both, joined by `AND` (inclusive, as the card means it);
///   `present` → `ALL_PROPERTY` `IS_KNOWN` / `IS_UNKNOWN`. `includeObjectsWithNoValueSet` is true
///   only for `IS_UNKNOWN`: a missing value fires no other test, as on the card.
///   Text tests assume a text property; for a dropdown (enumeration) property HubSpot's operation is
///   `ENUMERATION` `IS_ANY_OF`.
///
/// What HubSpot cannot express is written as close as it allows and said in ``HubSpotScoreDraft/warnings``:
/// - an `each` rule (HubSpot has no per-unit points): a `MULTI` calculation of exclusive bands, "at
///   least k units and fewer than k+1 → k × points", up to the cap (10 units without one);
/// - `in` with numbers or true/false (conditions join only with `AND`): a `MULTI` of exclusive
///   `CONDITIONAL`s, one per value;
/// - `halfLifeDays`: HubSpot decays event groups by a percentage per interval (`groupDecay`), not a
///   property rule from `<signal>_at`; the export leaves decay out;
/// - the threshold and the fit/behavior bars: the create request has no field for them.
extension Scorecard {
    /// Units of an `each` rule without a cap that the bands go up to (HubSpot has no per-unit points).
    static let hubspotUncappedTiers = 10

    /// The score draft body and its warnings.
    ///
    /// - Parameter platform: when given, `maxScorePerCategory` is the platform's score limit (and a
    ///   card that reaches more is warned about); otherwise it is the card's reachable maximum
    ///   (the larger of the fit and behavior subscores' maxima, `each` rules counted to their bands).
    public func hubspotScoreDraft(platform: Platform? = nil) -> HubSpotScoreDraft {
        var warnings: [String] = []
        func single(_ property: String, _ operation: JSONValue) -> JSONValue {
            .object([("type", "SINGLE"), ("property", .string(property)), ("operation", operation)])
        }
        func op(_ type: String, _ op: String, _ extra: [(String, JSONValue)] = [], noValue: Bool = false) -> JSONValue {
            .object([("operationType", .string(type)), ("operator", .string(op))] + extra + [("includeObjectsWithNoValueSet", .bool(noValue))])
        }
        func equals(_ v: ConditionValue) -> JSONValue {
            switch v {
            case let .string(s): op("STRING", "IS_EQUAL_TO", [("value", .string(s.trimmingWhitespace()))])
            case let .number(x): op("NUMBER", "IS_EQUAL_TO", [("value", .number(x))])
            case let .bool(b): op("BOOL", "IS_EQUAL_TO", [("value", .bool(b))])
            }
        }
        func conditional(_ points: Double, _ conditions: [JSONValue]) -> JSONValue {
            .object([("type", "CONDITIONAL"), ("value", .number(points)),
                     ("whereCondition", .object([("type", "COMPOSITE"), ("operator", "AND"), ("conditions", .array(conditions))]))])
        }
        func multi(_ calculators: [JSONValue]) -> JSONValue { .object([("type", "MULTI"), ("calculators", .array(calculators))]) }

        /// A rule's calculation, and the most points it can add (for the reach).
        func calculation(_ rule: Rule) -> (JSONValue, Double) {
            let p = rule.signal, name = quoted(rule.id)
            switch rule.measure {
            case let .when(c):
                let reach = max(0, rule.points)
                switch c {
                case let .equals(v): return (conditional(rule.points, [single(p, equals(v))]), reach)
                case let .oneOf(vs):
                    var seen = Set<ConditionValue>()
                    let distinct = vs.filter { seen.insert($0).inserted }
                    let texts = distinct.compactMap { if case let .string(s) = $0 { return s.trimmingWhitespace() } else { return nil } }
                    if texts.count == distinct.count {
                        return (conditional(rule.points, [single(p, op("MULTISTRING", "IS_EQUAL_TO", [("values", .array(texts.map(JSONValue.string)))]))]), reach)
                    }
                    warnings.append("rule \(name): HubSpot joins conditions only with AND, so its `in` list of numbers or true/false is a MULTI calculation of one CONDITIONAL per value (the values exclude each other, so at most one adds \(JSONValue.format(rule.points)) points)")
                    return (multi(distinct.map { conditional(rule.points, [single(p, equals($0))]) }), reach)
                case let .atLeast(x): return (conditional(rule.points, [single(p, op("NUMBER", "IS_GREATER_THAN_OR_EQUAL_TO", [("value", .number(x))]))]), reach)
                case let .atMost(x): return (conditional(rule.points, [single(p, op("NUMBER", "IS_LESS_THAN_OR_EQUAL_TO", [("value", .number(x))]))]), reach)
                case let .between(a, b):
                    return (conditional(rule.points, [single(p, op("NUMBER", "IS_GREATER_THAN_OR_EQUAL_TO", [("value", .number(a))])),
                                                      single(p, op("NUMBER", "IS_LESS_THAN_OR_EQUAL_TO", [("value", .number(b))]))]), reach)
                case let .present(yes):
                    return (conditional(rule.points, [single(p, op("ALL_PROPERTY", yes ? "IS_KNOWN" : "IS_UNKNOWN", noValue: !yes))]), reach)
                }
            case let .each(each, _):
                let capUnits = rule.capUnits
                let units = capUnits ?? Double(Self.hubspotUncappedTiers)
                let whole = Int(units.rounded(.down))
                // Bands k = 1…: [k·each, (k+1)·each) → k × points; the last band is open above and
                // gives the cap's points (a fractional cap adds one band for the part unit).
                var bands: [(lower: Double, upper: Double?, points: Double)] = []
                for k in stride(from: 1, through: whole, by: 1) { bands.append((Double(k) * each, Double(k + 1) * each, Double(k) * rule.points)) }
                if units > Double(whole) + 1e-12 || bands.isEmpty { bands.append((Double(whole + 1) * each, nil, units * rule.points)) }
                bands[bands.count - 1].upper = nil
                let calculators = bands.map { band -> JSONValue in
                    var conditions = [single(p, op("NUMBER", "IS_GREATER_THAN_OR_EQUAL_TO", [("value", .number(band.lower))]))]
                    if let upper = band.upper { conditions.append(single(p, op("NUMBER", "IS_LESS_THAN", [("value", .number(upper))]))) }
                    return conditional(band.points, conditions)
                }
                let per = each == 1 ? "unit" : "\(JSONValue.format(each)) units"
                var w = "rule \(name): HubSpot has no per-unit points, so \(JSONValue.format(rule.points)) points per \(per) of \(quoted(p)) is written as \(bands.count) exclusive bands (at least k \(each == 1 ? "units" : "× \(JSONValue.format(each))") → k × \(JSONValue.format(rule.points)) points) in a MULTI calculation; values between band edges are rounded down"
                if capUnits == nil { w += "; it has no cap, so points stop at \(Self.hubspotUncappedTiers) units" }
                warnings.append(w)
                return (multi(calculators), max(0, rule.points) * units)
            }
        }

        var groups: [JSONValue] = [], categories: [JSONValue] = [], reachPerCategory: [Double] = []
        for (kind, groupName, category) in [(RuleKind.fit, "Fit", "FIT"), (.behavior, "Engagement", "INTENT")] {
            let members = rules.filter { $0.kind == kind }
            guard !members.isEmpty else { continue }
            var reach = 0.0
            let configurations = members.map { rule -> JSONValue in
                let (calc, most) = calculation(rule)
                reach += most
                if let half = rule.halfLifeDays {
                    warnings.append("rule \(quoted(rule.id)): its points halve every \(JSONValue.format(half)) days from \(quoted(rule.signal + "_at")); HubSpot decays only event groups, by a percentage per interval (groupDecay), so the exported property rule gives full points — set decay on an event group in HubSpot (50% every \(JSONValue.format(half)) days) if the signal is an event")
                }
                return .object([("configuration", .object([("calculation", calc)])), ("enabled", .bool(true))])
            }
            groups.append(.object([("groupName", .string(groupName)), ("groupCategory", .string(category)), ("ruleConfigurations", .array(configurations))]))
            categories.append(.string(category))
            reachPerCategory.append(reach)
        }
        let reachable = reachPerCategory.max() ?? 0
        var maxScore = Int(max(1, reachable.rounded(.up)))
        if let platform, let limit = platform.scoreLimit {
            maxScore = Int(limit)
            let total = reachPerCategory.reduce(0, +)
            if total > limit {
                warnings.append("the card reaches \(JSONValue.format(total)) points, more than \(platform.rawValue)'s limit of \(JSONValue.format(limit)): HubSpot stops scores there; rescale with `scorecard review … --platform \(platform.rawValue)`")
            }
            if platform == .hubspotPro, categories.count == 2 {
                warnings.append("a score with both FIT and INTENT groups is a combined score, which HubSpot offers on Marketing Hub Enterprise only; on Professional export the fit and engagement rules as two scores")
            }
        }
        var bars = "SQL at \(JSONValue.format(threshold)) points"
        if let minFit { bars += ", fit at least \(JSONValue.format(minFit))" }
        if let minBehavior { bars += ", behavior at least \(JSONValue.format(minBehavior))" }
        warnings.append("HubSpot's score draft has no field for the threshold (\(bars)): use it in the list or workflow that reads the score")
        let body = JSONValue.object([
            ("name", .string(name)),
            ("objectTypeId", "0-1"),
            ("allowedGroupTypes", .array(categories)),
            ("maxScore", .number(Double(maxScore))),
            ("maxScorePerCategory", .number(Double(maxScore))),
            ("groupConfigs", .array(groups)),
        ])
        return HubSpotScoreDraft(body: body, warnings: warnings)
    }
}
