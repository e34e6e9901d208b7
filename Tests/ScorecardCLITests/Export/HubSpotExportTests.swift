import Foundation
import ScorecardTestSupport
import Testing

@testable import ScorecardCLI
@testable import ScorecardKit

/// A small JSON-schema-like checker: required and optional keys (any other key is an error, so a
/// misspelt field is caught), types, enums, one-of, recursion.
indirect enum Shape: Sendable {
    case string([String]? = nil)
    case number(integer: Bool = false)
    case bool
    case array(Shape)
    case object(required: [String: Shape], optional: [String: Shape] = [:])
    /// Exactly one alternative fits (HubSpot's `oneOf`, told apart by their `type`/`operationType`).
    case oneOf([Shape])
    /// A shape built on use, for recursive schemas.
    case named(String)

    /// The problems of `value` against this shape, each with its path; empty when it fits.
    func problems(_ value: JSONValue, at path: String = "$") -> [String] {
        switch self {
        case .string(let allowed):
            guard let s = value.string else { return ["\(path): not a string"] }
            if let allowed, !allowed.contains(s) { return ["\(path): \(s) is not one of \(allowed)"] }
            return []
        case .number(let integer):
            guard let x = value.number else { return ["\(path): not a number"] }
            return integer && (x != x.rounded() || abs(x) > Double(Int32.max)) ? ["\(path): \(x) is not an int32"] : []
        case .bool: return value.bool == nil ? ["\(path): not a boolean"] : []
        case .array(let item):
            guard let items = value.array else { return ["\(path): not an array"] }
            return items.enumerated().flatMap { item.problems($1, at: "\(path)[\($0)]") }
        case .object(let required, let optional):
            guard case .object(let members) = value else { return ["\(path): not an object"] }
            let keys = members.map(\.0)
            var out = required.keys.filter { !keys.contains($0) }.sorted().map { "\(path): missing \($0)" }
            for (key, v) in members {
                if let shape = required[key] ?? optional[key] {
                    out += shape.problems(v, at: "\(path).\(key)")
                } else {
                    out.append("\(path): unknown key \(key)")
                }
            }
            return out
        case .oneOf(let shapes):
            let fits = shapes.filter { $0.problems(value, at: path).isEmpty }.count
            return fits == 1 ? [] : ["\(path): fits \(fits) of the \(shapes.count) alternatives"]
        case .named(let name): return HubSpotSchema.shapes[name]!.problems(value, at: path)
        }
    }
}

/// HubSpot's Lead Scoring API (beta) create-score request, transcribed from its OpenAPI spec
/// (schemas `PublicDraftCreateRequest`, `PublicScoreGroupConfigurationEgg`,
/// `PublicScoreRuleConfigurationEgg`, `PublicRuleConfiguration`, `PublicConstantValueCalculator`,
/// `PublicConditionalCalculator`, `PublicMultiValueCalculator`, `PublicCompositeCondition`,
/// `PublicSingleCondition` and the property operations):
/// https://github.com/HubSpot/HubSpot-public-api-spec-collection/blob/main/PublicApiSpecs/Marketing/Lead%20Scoring/Rollouts/320952/2026-09-beta/leadScoring.json
/// Operator enums are those the Lists API spec lists for the same operation schemas:
/// https://github.com/HubSpot/HubSpot-public-api-spec-collection/blob/main/PublicApiSpecs/CRM/Lists/Rollouts/144891/2026-09/lists.json
enum HubSpotSchema {
    static let categories = ["FIT", "INTENT"]
    static func operation(_ type: String, _ operators: [String], _ extra: [String: Shape] = [:]) -> Shape {
        .object(
            required: [
                "operationType": .string([type]), "operator": .string(operators), "includeObjectsWithNoValueSet": .bool,
            ].merging(extra) { $1 })
    }
    static let shapes: [String: Shape] = [
        "calculation": .oneOf([
            .object(required: ["type": .string(["CONSTANT"]), "value": .number()]),
            .object(required: [
                "type": .string(["CONDITIONAL"]), "value": .number(), "whereCondition": .named("composite"),
            ]),
            .object(required: ["type": .string(["MULTI"]), "calculators": .array(.named("calculation"))]),
        ]),
        "composite": .object(required: [
            "type": .string(["COMPOSITE"]), "operator": .string(["AND"]),
            "conditions": .array(.oneOf([.named("single"), .named("composite")])),
        ]),
        "single": .object(required: [
            "type": .string(["SINGLE"]), "property": .string(),
            "operation": .oneOf([
                operation(
                    "BOOL", ["IS_EQUAL_TO", "IS_NOT_EQUAL_TO", "HAS_EVER_BEEN_EQUAL_TO", "HAS_NEVER_BEEN_EQUAL_TO"],
                    ["value": .bool]),
                operation(
                    "NUMBER",
                    [
                        "IS_EQUAL_TO", "IS_NOT_EQUAL_TO", "IS_GREATER_THAN", "IS_GREATER_THAN_OR_EQUAL_TO",
                        "IS_LESS_THAN",
                        "IS_LESS_THAN_OR_EQUAL_TO", "HAS_EVER_BEEN_EQUAL_TO", "HAS_NEVER_BEEN_EQUAL_TO",
                    ], ["value": .number()]),
                operation(
                    "STRING",
                    [
                        "IS_EQUAL_TO", "IS_NOT_EQUAL_TO", "CONTAINS", "DOES_NOT_CONTAIN", "STARTS_WITH", "ENDS_WITH",
                        "HAS_EVER_BEEN_EQUAL_TO", "HAS_NEVER_BEEN_EQUAL_TO", "HAS_EVER_CONTAINED",
                        "HAS_NEVER_CONTAINED",
                    ], ["value": .string()]),
                operation(
                    "MULTISTRING",
                    [
                        "IS_EQUAL_TO", "IS_NOT_EQUAL_TO", "CONTAINS", "CONTAINS_EXACTLY", "DOES_NOT_CONTAIN",
                        "DOES_NOT_CONTAIN_EXACTLY", "STARTS_WITH", "ENDS_WITH",
                    ], ["values": .array(.string())]),
                operation(
                    "ENUMERATION",
                    [
                        "IS_ANY_OF", "IS_NONE_OF", "IS_EXACTLY", "IS_NOT_EXACTLY", "CONTAINS_ALL",
                        "DOES_NOT_CONTAIN_ALL",
                    ], ["values": .array(.string())]),
                operation("ALL_PROPERTY", ["IS_KNOWN", "IS_UNKNOWN"]),
            ]),
        ]),
        "rule": .object(
            required: ["configuration": .object(required: ["calculation": .named("calculation")]), "enabled": .bool],
            optional: ["maximumValue": .number(), "minimumValue": .number()]),
        "group": .object(
            required: [
                "groupName": .string(), "groupCategory": .string(categories),
                "ruleConfigurations": .array(.named("rule")),
            ],
            optional: [
                "maxValue": .number(), "minValue": .number(),
                "groupDecay": .object(required: [
                    "decayIntervalDays": .number(integer: true), "percentToDecayPerInterval": .number(integer: true),
                ]),
            ]),
        "draft": .object(required: [
            "name": .string(), "objectTypeId": .string(), "allowedGroupTypes": .array(.string(categories)),
            "groupConfigs": .array(.named("group")), "maxScorePerCategory": .number(integer: true),
            // The same limit under its name in the spec's revisions to 11 Aug 2026 and the rendered docs.
            "maxScore": .number(integer: true),
        ]),
    ]
}

/// Scores a CSV row through an exported HubSpot body, reading it as HubSpot documents it: a
/// CONDITIONAL adds its value when every condition holds; a MULTI adds its calculators.
struct HubSpotInterpreter {
    var cell: (String) -> String?

    func score(_ body: JSONValue) -> Double {
        body["groupConfigs"]!.array!.flatMap { $0["ruleConfigurations"]!.array! }.reduce(0) {
            $0 + value($1["configuration"]!["calculation"]!)
        }
    }
    func value(_ calc: JSONValue) -> Double {
        switch calc["type"]!.string! {
        case "CONSTANT": return calc["value"]!.number!
        case "MULTI": return calc["calculators"]!.array!.reduce(0) { $0 + value($1) }
        default: return holds(calc["whereCondition"]!) ? calc["value"]!.number! : 0
        }
    }
    func holds(_ cond: JSONValue) -> Bool {
        if cond["type"]!.string! == "COMPOSITE" { return cond["conditions"]!.array!.allSatisfy(holds) }
        let op = cond["operation"]!
        let raw = cell(cond["property"]!.string!)?.trimmingCharacters(in: .whitespaces) ?? ""
        let opr = op["operator"]!.string!
        if raw.isEmpty { return op["includeObjectsWithNoValueSet"]!.bool! }
        switch op["operationType"]!.string! {
        case "ALL_PROPERTY": return opr == "IS_KNOWN"
        case "BOOL": return (raw.lowercased() == "true") == op["value"]!.bool!
        case "STRING": return raw.lowercased() == op["value"]!.string!.lowercased()
        case "MULTISTRING": return op["values"]!.array!.contains { $0.string!.lowercased() == raw.lowercased() }
        default:
            let x = Double(raw)!
            let v = op["value"]!.number!
            switch opr {
            case "IS_EQUAL_TO": return x == v
            case "IS_GREATER_THAN_OR_EQUAL_TO": return x >= v
            case "IS_LESS_THAN_OR_EQUAL_TO": return x <= v
            case "IS_LESS_THAN": return x < v
            default:
                Issue.record("unexpected operator \(opr)")
                return false
            }
        }
    }
}

@Suite("HubSpot score draft")
struct HubSpotExportTests {
    static let bundled = ["b2b-saas", "founder"]

    /// The bundled cards' exports fit HubSpot's documented request schema, with one rule
    /// configuration per card rule, in the card's order, grouped by kind.
    @Test(arguments: bundled) func bundledCardsFitTheSchema(dataset: String) throws {
        let path = repositoryRoot + "/datasets/\(dataset)/current-scorecard.json"
        let r = runTool(["export", path, "--to", "hubspot"])
        #expect(r.code == 0, "\(r.err)")
        let body = try JSONValue.parseValue(r.out)
        #expect(Shape.named("draft").problems(body) == [])
        let card = try Scorecard(json: String(contentsOfFile: path, encoding: .utf8), file: path)
        #expect(body["name"]?.string == card.name)
        let groups = body["groupConfigs"]!.array!
        #expect(groups.map { $0["groupCategory"]!.string! } == ["FIT", "INTENT"])
        #expect(
            groups.map { $0["ruleConfigurations"]!.array!.count } == [
                card.rules.filter { $0.kind == .fit }.count, card.rules.filter { $0.kind == .behavior }.count,
            ])
        // A `when` rule's points are its CONDITIONAL's value, in the card's order.
        let configs = groups.flatMap { $0["ruleConfigurations"]!.array! }
        let ordered = card.rules.filter { $0.kind == .fit } + card.rules.filter { $0.kind == .behavior }
        for (rule, config) in zip(ordered, configs) where !rule.measure.isEach {
            #expect(config["configuration"]!["calculation"]!["value"]?.number == rule.points, "\(rule.id)")
        }
        // Without --platform, maxScorePerCategory is the larger subscore maximum, by hand:
        // b2b fit 10+20+15+20 = 65, behavior 30+45+50+15+15+25 = 180; founder fit 15+20+25 = 60, behavior 40+15+10 = 65.
        #expect(body["maxScorePerCategory"]?.number == (dataset == "b2b-saas" ? 180 : 65))
        let hubspot = runTool(["export", path, "--to", "hubspot", "--platform", "hubspot-enterprise"])
        #expect(try JSONValue.parseValue(hubspot.out)["maxScorePerCategory"]?.number == 500)
    }

    /// Read as HubSpot documents it, the exported body scores every bundled deal as the card does
    /// (the counts of email opens are whole numbers, so the bands are exact).
    @Test(arguments: bundled) func bodyScoresTheDealsAsTheCardDoes(dataset: String) throws {
        let path = repositoryRoot + "/datasets/\(dataset)/current-scorecard.json"
        let card = try Scorecard(json: String(contentsOfFile: path, encoding: .utf8), file: path)
        let body = card.hubspotScoreDraft().body
        let csv = try String(contentsOfFile: repositoryRoot + "/datasets/\(dataset)/deals.csv", encoding: .utf8)
        let table = try CSVReader().read(csv, file: "deals.csv")
        let deals = try DealTable(csv: csv, file: "deals.csv")
        let expected = card.scores(try DesignMatrix(card: card, deals: deals))
        let closed = table.rows.filter {
            ["won", "lost", "closed won", "closed lost"].contains(
                $0[table.header.firstIndex(of: "outcome")!].lowercased())
        }
        #expect(closed.count == expected.count)
        let got = closed.map { row in
            HubSpotInterpreter { name in table.header.firstIndex(of: name).map { row[$0] } }.score(body)
        }
        #expect(got == expected)
    }

    /// `each` rules are warned about on stderr; stdout is one JSON document; a card over the
    /// platform's limit is warned about too.
    @Test func eachRulesWarnOnStderrAndStdoutIsJSON() throws {
        let r = runTool([
            "export", repositoryRoot + "/datasets/b2b-saas/current-scorecard.json", "--to", "hubspot", "--platform",
            "hubspot-pro",
        ])
        #expect(r.code == 0)
        let body = try JSONValue.parseValue(r.out)
        #expect(body["maxScorePerCategory"]?.number == 100)
        let warnings = r.err.split(separator: "\n").filter { $0.hasPrefix("warning: ") }
        #expect(
            warnings.contains {
                $0.contains("\"email_opens\"") && $0.contains("no per-unit points") && $0.contains("5 exclusive bands")
            })
        // 245 by hand: 65 fit + 180 behavior.
        #expect(warnings.contains { $0.contains("reaches 245 points, more than hubspot-pro's limit of 100") })
        #expect(!r.out.contains("warning"))
        // email_opens, 3 points up to 15: bands at 1…5 opens worth 3, 6, 9, 12, 15, the last open above.
        let calc = body["groupConfigs"]!.array![1]["ruleConfigurations"]!.array![4]["configuration"]!["calculation"]!
        #expect(
            calc["type"]?.string == "MULTI"
                && calc["calculators"]!.array!.map { $0["value"]!.number! } == [3, 6, 9, 12, 15])
        #expect(calc["calculators"]!.array!.last!["whereCondition"]!["conditions"]!.array!.count == 1)
        let bad = runTool([
            "export", repositoryRoot + "/datasets/b2b-saas/current-scorecard.json", "--to", "hubspot", "--platform",
            "hubspot-free",
        ])
        #expect(
            bad.code == 2 && bad.err.contains("--platform with --to hubspot must be hubspot-pro or hubspot-enterprise"))
    }

    /// The other forms: between (both bounds, AND), present/missing, numeric `in` (a MULTI, warned),
    /// an uncapped `each` rule (10 bands, warned), decay (left out, warned).
    @Test func otherConditionsAndTheirWarnings() throws {
        let card = try Scorecard(
            json: """
                {"schema": "scorecard/v1", "name": "forms", "threshold": 10, "rules": [
                  {"id": "size", "kind": "fit", "signal": "employees", "when": {"between": [50, 500]}, "points": 5},
                  {"id": "phone", "kind": "fit", "signal": "phone", "when": {"present": false}, "points": -3},
                  {"id": "tier", "kind": "fit", "signal": "tier", "when": {"in": [1, 2, 2]}, "points": 4},
                  {"id": "visits", "kind": "behavior", "signal": "visits", "each": 2, "points": 1, "halfLifeDays": 30}]}
                """, file: "forms.json")
        let draft = card.hubspotScoreDraft()
        #expect(Shape.named("draft").problems(draft.body) == [])
        let fit = draft.body["groupConfigs"]!.array![0]["ruleConfigurations"]!.array!.map {
            $0["configuration"]!["calculation"]!
        }
        let between = fit[0]["whereCondition"]!["conditions"]!.array!.map { $0["operation"]! }
        #expect(
            between.map { $0["operator"]!.string! } == ["IS_GREATER_THAN_OR_EQUAL_TO", "IS_LESS_THAN_OR_EQUAL_TO"]
                && between.map { $0["value"]!.number! } == [50, 500])
        let missing = fit[1]["whereCondition"]!["conditions"]!.array![0]["operation"]!
        #expect(missing["operator"]?.string == "IS_UNKNOWN" && missing["includeObjectsWithNoValueSet"]?.bool == true)
        #expect(fit[2]["type"]?.string == "MULTI" && fit[2]["calculators"]!.array!.count == 2)
        let visits = draft.body["groupConfigs"]!.array![1]["ruleConfigurations"]!.array![0]["configuration"]![
            "calculation"]!["calculators"]!.array!
        #expect(visits.count == 10 && visits.map { $0["value"]!.number! } == (1...10).map(Double.init))
        #expect(
            visits[0]["whereCondition"]!["conditions"]!.array!.map { $0["operation"]!["value"]!.number! } == [2, 4])
        #expect(draft.warnings.contains { $0.contains("\"tier\"") && $0.contains("MULTI") })
        #expect(draft.warnings.contains { $0.contains("\"visits\"") && $0.contains("points stop at 10 units") })
        #expect(draft.warnings.contains { $0.contains("\"visits\"") && $0.contains("halve every 30 days") })
        #expect(draft.warnings.contains { $0.contains("SQL at 10 points") })
        // Reach: fit 5 + 4 = 9, behavior 10 bands of 1 = 10.
        #expect(draft.body["maxScorePerCategory"]?.number == 10)
    }
}

@Suite("Platform option")
struct PlatformOptionTests {
    /// The property through the CLI: `review --platform hubspot-pro` on b2b-saas writes a revised
    /// card whose highest reachable score, added up here from the written JSON (positive points,
    /// an `each` rule up to its `cap`), is within HubSpot Professional's 100 points, in whole
    /// points; its export then needs no over-the-limit warning.
    @Test func reviewWithHubSpotProFitsTheLimit() throws {
        let dir = try temporaryDirectory()
        let r = runTool([
            "review", repositoryRoot + "/datasets/b2b-saas/deals.csv", "--scorecard",
            repositoryRoot + "/datasets/b2b-saas/current-scorecard.json",
            "--out", dir + "/out", "--bootstrap", "0", "--platform", "hubspot-pro", "--format", "json",
        ])
        #expect(r.code == 0, "\(r.err)")
        let revised = try JSONValue.parseValue(
            String(contentsOfFile: dir + "/out/revised-scorecard.json", encoding: .utf8))
        var reach = 0.0
        for rule in revised["rules"]!.array! {
            let points = rule["points"]!.number!
            #expect(points == points.rounded())
            guard points > 0 else { continue }
            reach += rule["each"] != nil ? rule["cap"]!.number! : points
        }
        #expect(reach > 0 && reach <= 100)
        let export = runTool([
            "export", dir + "/out/revised-scorecard.json", "--to", "hubspot", "--platform", "hubspot-pro",
        ])
        #expect(export.code == 0 && !export.err.contains("more than hubspot-pro's limit"))
        let bad = runTool([
            "fit", repositoryRoot + "/datasets/b2b-saas/deals.csv", "--scorecard",
            repositoryRoot + "/datasets/b2b-saas/current-scorecard.json", "--platform", "nope",
        ])
        #expect(
            bad.code == 2 && bad.err.contains("hubspot-pro, hubspot-enterprise, salesforce-account-engagement, marketo")
        )
    }
}
