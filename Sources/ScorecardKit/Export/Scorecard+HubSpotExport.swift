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
/// - the threshold and the fit/behavior bars: the create request has no field for them;
/// - a merged (`anyOf`) rule: conditions join only with `AND`, so the rule is a `MULTI` of
///   `CONDITIONAL`s by inclusion–exclusion (each part +points, each pair of parts −points, each
///   triple +points, …), which adds the points exactly once whenever any part holds;
/// - a gated (`onlyWith`) rule: each gate's own test joins the rule's conditions with `AND` (an
///   `each` gate as "greater than 0"; an `each` rule's bands each carry the gates). A rule whose
///   parts or gates need more than one `CONDITIONAL` each in ways that multiply past four
///   alternatives, or an `each` rule gated on a merged rule, cannot be written: it is left out of
///   the draft, and a warning names it.
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
            .object(
                [("operationType", .string(type)), ("operator", .string(op))] + extra + [
                    ("includeObjectsWithNoValueSet", .bool(noValue))
                ])
        }
        func equals(_ v: ConditionValue) -> JSONValue {
            switch v {
            case .string(let s): op("STRING", "IS_EQUAL_TO", [("value", .string(s.trimmingWhitespace()))])
            case .number(let x): op("NUMBER", "IS_EQUAL_TO", [("value", .number(x))])
            case .bool(let b): op("BOOL", "IS_EQUAL_TO", [("value", .bool(b))])
            }
        }
        func conditional(_ points: Double, _ conditions: [JSONValue]) -> JSONValue {
            .object([
                ("type", "CONDITIONAL"), ("value", .number(points)),
                (
                    "whereCondition",
                    .object([("type", "COMPOSITE"), ("operator", "AND"), ("conditions", .array(conditions))])
                ),
            ])
        }
        func multi(_ calculators: [JSONValue]) -> JSONValue {
            .object([("type", "MULTI"), ("calculators", .array(calculators))])
        }

        /// A `when` test as conditions joined by `AND`; `nil` for an `in` list of numbers or
        /// true/false, which needs one `CONDITIONAL` per value.
        func conditions(_ p: String, _ c: Condition) -> [JSONValue]? {
            switch c {
            case .equals(let v): return [single(p, equals(v))]
            case .oneOf(let vs):
                var seen = Set<ConditionValue>()
                let texts = vs.filter { seen.insert($0).inserted }.map { v -> String? in
                    if case .string(let s) = v { s.trimmingWhitespace() } else { nil }
                }
                guard texts.allSatisfy({ $0 != nil }) else { return nil }
                return [single(p, op("MULTISTRING", "IS_EQUAL_TO", [("values", .array(texts.map { .string($0!) }))]))]
            case .atLeast(let x):
                return [single(p, op("NUMBER", "IS_GREATER_THAN_OR_EQUAL_TO", [("value", .number(x))]))]
            case .atMost(let x): return [single(p, op("NUMBER", "IS_LESS_THAN_OR_EQUAL_TO", [("value", .number(x))]))]
            case .between(let a, let b):
                return [
                    single(p, op("NUMBER", "IS_GREATER_THAN_OR_EQUAL_TO", [("value", .number(a))])),
                    single(p, op("NUMBER", "IS_LESS_THAN_OR_EQUAL_TO", [("value", .number(b))])),
                ]
            case .present(let yes):
                return [single(p, op("ALL_PROPERTY", yes ? "IS_KNOWN" : "IS_UNKNOWN", noValue: !yes))]
            }
        }
        /// When a rule's own test holds, as alternatives each of conditions joined by `AND` (one
        /// per part of a merged rule; "greater than 0" for an `each` rule); `nil` when a test has
        /// no such form.
        func alternatives(_ rule: Rule) -> [[JSONValue]]? {
            switch rule.measure {
            case .when(let c): return conditions(rule.signal, c).map { [$0] }
            case .anyOf(let parts):
                let each = parts.map { conditions($0.signal, $0.condition) }
                return each.contains { $0 == nil } ? nil : each.map { $0! }
            case .each: return [[single(rule.signal, op("NUMBER", "IS_GREATER_THAN", [("value", .number(0))]))]]
            }
        }
        /// The most alternatives a merged or gated rule may expand to (2⁴ − 1 = 15 calculators).
        let mostAlternatives = 4
        /// A merged or gated rule's calculation by inclusion–exclusion over its alternatives, or
        /// `nil` (with a warning) when it cannot be written.
        func structural(_ rule: Rule) -> (JSONValue, Double)? {
            let name = quoted(rule.id)
            let gates = gateRules(of: rule).map(alternatives)
            guard !gates.contains(where: { $0 == nil }) else {
                warnings.append(
                    "rule \(name) is left out: a rule its onlyWith names tests an `in` list of numbers or true/false, which HubSpot can only write as several CONDITIONALs, not as a condition another rule can require; score it outside HubSpot"
                )
                return nil
            }
            var terms: [[JSONValue]] = [[]]
            for gate in gates { terms = terms.flatMap { t in gate!.map { t + $0 } } }
            if case .each(let each, _) = rule.measure {
                guard terms.count == 1,
                    case (let calc, let reach)? = calculation(
                        Rule(
                            id: rule.id, kind: rule.kind, signal: rule.signal, measure: .each(each, cap: nil),
                            points: rule.points, capInUnits: rule.capUnits))
                else {
                    warnings.append(
                        "rule \(name) is left out: it counts units only with a merged rule, and HubSpot's bands can each require only conditions joined by AND; score it outside HubSpot"
                    )
                    return nil
                }
                let gated = calc["calculators"]!.array!.map { band -> JSONValue in
                    let whereCondition = band["whereCondition"]!
                    return conditional(band["value"]!.number!, whereCondition["conditions"]!.array! + terms[0])
                }
                warnings.append(
                    "rule \(name): counts only with \(rule.onlyWith.map { quoted($0) }.joined(separator: " and ")), so every band also requires \(rule.onlyWith.count == 1 ? "that rule's test" : "those rules' tests")"
                )
                return (multi(gated), reach)
            }
            guard let own = alternatives(rule) else {
                warnings.append(
                    "rule \(name) is left out: a part of it tests an `in` list of numbers or true/false, which HubSpot cannot join with the other parts; split the list into parts of one value each"
                )
                return nil
            }
            terms = own.flatMap { o in terms.map { o + $0 } }
            let reach = max(0, rule.points)
            if terms.count == 1 {
                if !rule.onlyWith.isEmpty {
                    warnings.append(
                        "rule \(name): counts only with \(rule.onlyWith.map { quoted($0) }.joined(separator: " and ")), written as one CONDITIONAL whose conditions include \(rule.onlyWith.count == 1 ? "that rule's test" : "those rules' tests")"
                    )
                }
                return (conditional(rule.points, terms[0]), reach)
            }
            guard terms.count <= mostAlternatives else {
                warnings.append(
                    "rule \(name) is left out: it fires on \(terms.count) alternatives (its parts times its gates' parts), more than the \(mostAlternatives) this export writes by inclusion–exclusion in HubSpot (2^n − 1 CONDITIONALs); score it outside HubSpot"
                )
                return nil
            }
            // Inclusion–exclusion: every non-empty set of alternatives, all their conditions
            // joined by AND, with + points for an odd set and − points for an even one.
            var calculators: [JSONValue] = []
            for size in 1...terms.count {
                for subset in combinations(terms.count, size) {
                    calculators.append(
                        conditional(size % 2 == 1 ? rule.points : -rule.points, subset.flatMap { terms[$0] }))
                }
            }
            warnings.append(
                "rule \(name): HubSpot joins conditions only with AND, so its \(terms.count) alternatives (\(rule.condition)) are a MULTI calculation of \(calculators.count) CONDITIONALs by inclusion–exclusion (+\(JSONValue.format(rule.points)) for each alternative, −\(JSONValue.format(rule.points)) for each pair, …), which adds the points once whenever any alternative holds"
            )
            return (multi(calculators), reach)
        }

        /// A rule's calculation, and the most points it can add (for the reach); `nil` when
        /// HubSpot cannot express it (said in a warning).
        func calculation(_ rule: Rule) -> (JSONValue, Double)? {
            if !rule.onlyWith.isEmpty { return structural(rule) }
            let p = rule.signal
            let name = quoted(rule.id)
            switch rule.measure {
            case .anyOf: return structural(rule)
            case .when(let c):
                let reach = max(0, rule.points)
                switch c {
                case .equals(let v): return (conditional(rule.points, [single(p, equals(v))]), reach)
                case .oneOf(let vs):
                    var seen = Set<ConditionValue>()
                    let distinct = vs.filter { seen.insert($0).inserted }
                    let texts = distinct.compactMap {
                        if case .string(let s) = $0 { return s.trimmingWhitespace() } else { return nil }
                    }
                    if texts.count == distinct.count {
                        return (
                            conditional(
                                rule.points,
                                [
                                    single(
                                        p,
                                        op(
                                            "MULTISTRING", "IS_EQUAL_TO",
                                            [("values", .array(texts.map(JSONValue.string)))]))
                                ]), reach
                        )
                    }
                    warnings.append(
                        "rule \(name): HubSpot joins conditions only with AND, so its `in` list of numbers or true/false is a MULTI calculation of one CONDITIONAL per value (the values exclude each other, so at most one adds \(JSONValue.format(rule.points)) points)"
                    )
                    return (multi(distinct.map { conditional(rule.points, [single(p, equals($0))]) }), reach)
                case .atLeast(let x):
                    return (
                        conditional(
                            rule.points,
                            [single(p, op("NUMBER", "IS_GREATER_THAN_OR_EQUAL_TO", [("value", .number(x))]))]), reach
                    )
                case .atMost(let x):
                    return (
                        conditional(
                            rule.points, [single(p, op("NUMBER", "IS_LESS_THAN_OR_EQUAL_TO", [("value", .number(x))]))]),
                        reach
                    )
                case .between(let a, let b):
                    return (
                        conditional(
                            rule.points,
                            [
                                single(p, op("NUMBER", "IS_GREATER_THAN_OR_EQUAL_TO", [("value", .number(a))])),
                                single(p, op("NUMBER", "IS_LESS_THAN_OR_EQUAL_TO", [("value", .number(b))])),
                            ]), reach
                    )
                case .present(let yes):
                    return (
                        conditional(
                            rule.points, [single(p, op("ALL_PROPERTY", yes ? "IS_KNOWN" : "IS_UNKNOWN", noValue: !yes))]
                        ), reach
                    )
                }
            case .each(let each, _):
                let capUnits = rule.capUnits
                let units = capUnits ?? Double(Self.hubspotUncappedTiers)
                let whole = Int(units.rounded(.down))
                // Bands k = 1…: [k·each, (k+1)·each) → k × points; the last band is open above and
                // gives the cap's points (a fractional cap adds one band for the part unit).
                var bands: [(lower: Double, upper: Double?, points: Double)] = []
                for k in stride(from: 1, through: whole, by: 1) {
                    bands.append((Double(k) * each, Double(k + 1) * each, Double(k) * rule.points))
                }
                if units > Double(whole) + 1e-12 || bands.isEmpty {
                    bands.append((Double(whole + 1) * each, nil, units * rule.points))
                }
                bands[bands.count - 1].upper = nil
                let calculators = bands.map { band -> JSONValue in
                    var conditions = [
                        single(p, op("NUMBER", "IS_GREATER_THAN_OR_EQUAL_TO", [("value", .number(band.lower))]))
                    ]
                    if let upper = band.upper {
                        conditions.append(single(p, op("NUMBER", "IS_LESS_THAN", [("value", .number(upper))])))
                    }
                    return conditional(band.points, conditions)
                }
                let per = each == 1 ? "unit" : "\(JSONValue.format(each)) units"
                var w =
                    "rule \(name): HubSpot has no per-unit points, so \(JSONValue.format(rule.points)) points per \(per) of \(quoted(p)) is written as \(bands.count) exclusive bands (at least k \(each == 1 ? "units" : "× \(JSONValue.format(each))") → k × \(JSONValue.format(rule.points)) points) in a MULTI calculation; values between band edges are rounded down"
                if capUnits == nil { w += "; it has no cap, so points stop at \(Self.hubspotUncappedTiers) units" }
                warnings.append(w)
                return (multi(calculators), max(0, rule.points) * units)
            }
        }

        var groups: [JSONValue] = []
        var categories: [JSONValue] = []
        var reachPerCategory: [Double] = []
        for (kind, groupName, category) in [(RuleKind.fit, "Fit", "FIT"), (.behavior, "Engagement", "INTENT")] {
            let members = rules.filter { $0.kind == kind }
            guard !members.isEmpty else { continue }
            var reach = 0.0
            let configurations = members.compactMap { rule -> JSONValue? in
                guard let (calc, most) = calculation(rule) else { return nil }
                reach += most
                if let half = rule.halfLifeDays {
                    warnings.append(
                        "rule \(quoted(rule.id)): its points halve every \(JSONValue.format(half)) days from \(quoted(rule.signal + "_at")); HubSpot decays only event groups, by a percentage per interval (groupDecay), so the exported property rule gives full points — set decay on an event group in HubSpot (50% every \(JSONValue.format(half)) days) if the signal is an event"
                    )
                }
                return .object([("configuration", .object([("calculation", calc)])), ("enabled", .bool(true))])
            }
            groups.append(
                .object([
                    ("groupName", .string(groupName)), ("groupCategory", .string(category)),
                    ("ruleConfigurations", .array(configurations)),
                ]))
            categories.append(.string(category))
            reachPerCategory.append(reach)
        }
        let reachable = reachPerCategory.max() ?? 0
        var maxScore = Int(max(1, reachable.rounded(.up)))
        if let platform, let limit = platform.scoreLimit {
            maxScore = Int(limit)
            let total = reachPerCategory.reduce(0, +)
            if total > limit {
                warnings.append(
                    "the card reaches \(JSONValue.format(total)) points, more than \(platform.rawValue)'s limit of \(JSONValue.format(limit)): HubSpot stops scores there; rescale with `scorecard review … --platform \(platform.rawValue)`"
                )
            }
            if platform == .hubspotPro, categories.count == 2 {
                warnings.append(
                    "a score with both FIT and INTENT groups is a combined score, which HubSpot offers on Marketing Hub Enterprise only; on Professional export the fit and engagement rules as two scores"
                )
            }
        }
        var bars = "SQL at \(JSONValue.format(threshold)) points"
        if let minFit { bars += ", fit at least \(JSONValue.format(minFit))" }
        if let minBehavior { bars += ", behavior at least \(JSONValue.format(minBehavior))" }
        warnings.append(
            "HubSpot's score draft has no field for the threshold (\(bars)): use it in the list or workflow that reads the score"
        )
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

/// Every `size`-element subset of `0..<count`, each ascending, in lexicographic order.
///
/// ```swift
/// combinations(3, 2)   // [[0, 1], [0, 2], [1, 2]]
/// ```
func combinations(_ count: Int, _ size: Int) -> [[Int]] {
    guard size > 0 else { return [[]] }
    guard size <= count else { return [] }
    return (0...(count - size)).flatMap { first in
        combinations(count - first - 1, size - 1).map { [first] + $0.map { $0 + first + 1 } }
    }
}
