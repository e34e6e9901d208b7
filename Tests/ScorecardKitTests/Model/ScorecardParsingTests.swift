import ScorecardTestSupport
import Testing

@testable import ScorecardKit

/// Reading `scorecard/v1`: the example card of DESIGN.md, round trips, and every validation error
/// with the line and column it points at.
@Suite struct ScorecardParsingTests {
    /// The example card from DESIGN.md, verbatim.
    static let designCard = """
        {
          "schema": "scorecard/v1",
          "name": "SMB SaaS scorecard",
          "threshold": 80,
          "rules": [
            {"id": "industry_fit", "kind": "fit", "signal": "industry", "when": {"in": ["software", "manufacturing"]}, "points": 10},
            {"id": "decision_maker", "kind": "fit", "signal": "is_decision_maker", "when": {"equals": true}, "points": 20},
            {"id": "intern", "kind": "fit", "signal": "job_level", "when": {"equals": "intern"}, "points": -10},
            {"id": "pricing_page", "kind": "behavior", "signal": "pricing_page_visits", "when": {"atLeast": 1}, "points": 30, "halfLifeDays": 30},
            {"id": "email_opens", "kind": "behavior", "signal": "email_opens", "each": 1, "points": 3, "cap": 15},
            {"id": "ai_hot", "kind": "behavior", "source": "ai", "signal": "ai_score", "when": {"atLeast": 70}, "points": 25}
          ]
        }
        """

    /// Line and column (1-based, in characters) of the `occurrence`-th appearance of `needle`,
    /// found by scanning the text: an independent way to know where a parser should point.
    static func position(of needle: String, in text: String, occurrence: Int = 1, file: String = "card.json")
        -> ScorecardKit.SourceLocation
    {
        let chars = Array(text)
        let pattern = Array(needle)
        var seen = 0
        var line = 1
        var column = 1
        for k in chars.indices {
            if chars[k...].starts(with: pattern) {
                seen += 1
                if seen == occurrence { return ScorecardKit.SourceLocation(file: file, line: line, column: column) }
            }
            if chars[k] == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return ScorecardKit.SourceLocation(file: "NOT FOUND: \(needle)", line: 0, column: 0)
    }

    /// A card whose rules are the given JSON object texts, one per line (rules start on line 5).
    static func card(_ rules: [String], top: String = "") -> String {
        "{\n  \"schema\": \"scorecard/v1\",\n  \"threshold\": 80,\(top)\n  \"rules\": [\n    "
            + rules.joined(separator: ",\n    ") + "\n  ]\n}\n"
    }

    func scorecardError(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> ScorecardError? {
        do {
            _ = try Scorecard(json: text, file: "card.json")
            Issue.record("expected a ScorecardError; the card parsed", sourceLocation: sourceLocation)
        } catch let e as ScorecardError {
            return e
        } catch {
            Issue.record("expected a ScorecardError, got \(error)", sourceLocation: sourceLocation)
        }
        return nil
    }

    // MARK: - Valid cards

    @Test func designExampleParses() throws {
        let card = try Scorecard(json: Self.designCard, file: "card.json")
        #expect(card.name == "SMB SaaS scorecard")
        #expect(card.threshold == 80)
        #expect(card.minFit == nil && card.minBehavior == nil)
        #expect(
            card.rules.map(\.id) == [
                "industry_fit", "decision_maker", "intern", "pricing_page", "email_opens", "ai_hot",
            ])
        #expect(card.rules.map(\.points) == [10, 20, -10, 30, 3, 25])
        #expect(card.rules.map(\.kind) == [.fit, .fit, .fit, .behavior, .behavior, .behavior])
        #expect(card.rules[0].measure == .when(.oneOf([.string("software"), .string("manufacturing")])))
        #expect(card.rules[1].measure == .when(.equals(.bool(true))))
        #expect(card.rules[2].measure == .when(.equals(.string("intern"))))
        #expect(card.rules[3].measure == .when(.atLeast(1)))
        #expect(card.rules[3].halfLifeDays == 30)
        #expect(card.rules[4].measure == .each(1, cap: 15))
        #expect(card.rules[4].capUnits == 5)  // 15 points at 3 per open: 5 opens
        #expect(card.rules[5].isAI && !card.rules[4].isAI)
        #expect(card.rules[5].source == "ai")
        #expect(card.rule("intern")?.signal == "job_level")
        #expect(card.file == "card.json")
        // Rule locations point into the file: rules[4] starts on line 10, column 5.
        #expect(card.location(rule: 4) == ScorecardKit.SourceLocation(file: "card.json", line: 10, column: 5))
        #expect(card.location(rule: 4, key: "cap") == Self.position(of: "15}", in: Self.designCard))
    }

    @Test func defaults() throws {
        let card = try Scorecard(
            json: Self.card([#"{"id": "a", "signal": "s", "when": {"present": true}, "points": 5}"#]), file: "card.json"
        )
        #expect(card.name == "Scorecard")
        #expect(card.rules[0].kind == .behavior)
        #expect(card.rules[0].measure == .when(.present(true)))
        #expect(card.rules[0].source == nil && card.rules[0].halfLifeDays == nil && card.rules[0].label == nil)
        #expect(card.rules[0].capUnits == nil)
    }

    @Test func designExampleRoundTrips() throws {
        let card = try Scorecard(json: Self.designCard, file: "card.json")
        for pretty in [true, false] {
            let again = try Scorecard(json: card.json.rendered(pretty: pretty), file: "again.json")
            #expect(again == card)
            #expect(again.json == card.json)
        }
    }

    @Test func everyFieldRoundTrips() throws {
        let card = Scorecard(
            name: "Every \"field\"", threshold: 62.5,
            rules: [
                Rule(
                    id: "a", kind: .fit, signal: "industry",
                    measure: .when(.oneOf([.string("x"), .number(2), .bool(false)])), points: 7, label: "Industry"),
                Rule(
                    id: "b", kind: .behavior, signal: "visits", measure: .when(.between(1, 4.5)), points: -2.5,
                    source: "ai", halfLifeDays: 14),
                Rule(id: "c", kind: .behavior, signal: "opens", measure: .each(2, cap: 12), points: 3),
                Rule(id: "d", kind: .behavior, signal: "opens", measure: .each(0.5, cap: nil), points: 1),
                Rule(id: "e", kind: .fit, signal: "level", measure: .when(.atMost(3)), points: 0),
                Rule(id: "f", kind: .fit, signal: "email", measure: .when(.present(false)), points: -4),
                Rule(id: "g", kind: .fit, signal: "dm", measure: .when(.equals(.number(1))), points: 20),
            ],
            minFit: 10, minBehavior: 5, metadata: ["method": "test", "n": [1, 2]])
        let text = card.json.rendered()
        let again = try Scorecard(json: text, file: "r.json")
        #expect(again == card)
        #expect(again.rules.map(\.label) == card.rules.map(\.label))
        #expect(again.metadata == ["method": "test", "n": [1, 2]])
        // Points in the written file are integers where they are whole.
        #expect(text.contains("\"points\": 7\n"))
        #expect(!text.contains("7.0"))
        // Equality does see a change.
        var changed = card
        changed.rules[1].points = -3
        #expect(try Scorecard(json: changed.json.rendered(), file: "r.json") != card)
    }

    // MARK: - Unknown keys

    @Test func unknownTopLevelKeyWithHint() throws {
        let text = Self.card(
            [#"{"id": "a", "signal": "s", "when": {"present": true}, "points": 5}"#], top: "\n  \"threshhold\": 70,")
        let e = try #require(scorecardError(text))
        #expect(
            e
                == .unknownKey(
                    Self.position(of: "\"threshhold\"", in: text), key: "threshhold", allowed: Scorecard.topKeys))
        #expect(e.location == ScorecardKit.SourceLocation(file: "card.json", line: 4, column: 3))
        #expect(e.description.hasPrefix("card.json:4:3: "))
        #expect(e.description.contains("did you mean \"threshold\"?"))
    }

    @Test func unknownRuleKeyWithHint() throws {
        let text = Self.card([
            #"{"id": "a", "signal": "s", "when": {"present": true}, "points": 5}"#,
            #"{"id": "b", "signal": "s", "when": {"present": true}, "pointz": 5}"#,
        ])
        let e = try #require(scorecardError(text))
        // Rule b is on line 6; "pointz" starts at column 59.
        let at = ScorecardKit.SourceLocation(file: "card.json", line: 6, column: 59)
        #expect(Self.position(of: "\"pointz\"", in: text) == at)
        #expect(e == .unknownKey(at, key: "pointz", allowed: Scorecard.ruleKeys))
        #expect(e.description.hasPrefix("card.json:6:59: "))
        #expect(e.description.contains("did you mean \"points\"?"))
    }

    @Test func unknownRuleTypeKeyIsAnError() throws {
        let text = Self.card([#"{"id": "a", "type": "score", "signal": "s", "when": {"present": true}, "points": 5}"#])
        let e = try #require(scorecardError(text))
        #expect(e == .unknownKey(Self.position(of: "\"type\"", in: text), key: "type", allowed: Scorecard.ruleKeys))
    }

    @Test func unknownConditionKeyWithAndWithoutHint() throws {
        let text = Self.card([#"{"id": "a", "signal": "s", "when": {"atleast": 3}, "points": 5}"#])
        let e = try #require(scorecardError(text))
        #expect(
            e
                == .unknownKey(
                    Self.position(of: "\"atleast\"", in: text), key: "atleast", allowed: Scorecard.conditionKeys))
        #expect(e.description.contains("did you mean \"atLeast\"?"))
        let far = Self.card([#"{"id": "a", "signal": "s", "when": {"greaterThan": 3}, "points": 5}"#])
        let f = try #require(scorecardError(far))
        #expect(f.location == Self.position(of: "\"greaterThan\"", in: far))
        #expect(!f.description.contains("did you mean"))
        #expect(f.description.contains("allowed here: equals, in, atLeast, atMost, between, present"))
    }

    // MARK: - Missing and invalid values

    @Test func duplicateRuleID() throws {
        let text = Self.card([
            #"{"id": "dup", "signal": "s", "when": {"present": true}, "points": 5}"#,
            #"{"id": "other", "signal": "s", "when": {"present": true}, "points": 5}"#,
            #"{"id": "dup", "signal": "t", "when": {"present": true}, "points": 1}"#,
        ])
        let e = try #require(scorecardError(text))
        #expect(e == .duplicateRuleID(Self.position(of: "\"dup\"", in: text, occurrence: 2), id: "dup", firstIndex: 0))
        #expect(e.location.line == 7)
        #expect(e.description.contains("rules[0]"))
    }

    @Test func missingPointsSignalAndId() throws {
        let noPoints = Self.card([#"{"id": "a", "signal": "s", "when": {"present": true}}"#])
        #expect(
            scorecardError(noPoints)
                == .missingKey(Self.position(of: "{\"id\"", in: noPoints), key: "points", context: "rule \"a\""))
        let noSignal = Self.card([#"{"id": "a", "when": {"present": true}, "points": 5}"#])
        #expect(
            scorecardError(noSignal)
                == .missingKey(Self.position(of: "{\"id\"", in: noSignal), key: "signal", context: "rule \"a\""))
        let noID = Self.card([#"{"signal": "s", "when": {"present": true}, "points": 5}"#])
        #expect(scorecardError(noID)?.location == Self.position(of: "{\"signal\"", in: noID))
        // The location is the rule object: line 5, column 5.
        #expect(scorecardError(noPoints)?.description.hasPrefix("card.json:5:5: ") == true)
    }

    @Test func missingThresholdRulesAndSchema() throws {
        let noThreshold = "{\"schema\": \"scorecard/v1\", \"rules\": []}"
        #expect(
            scorecardError(noThreshold)
                == .missingKey(
                    ScorecardKit.SourceLocation(file: "card.json", line: 1, column: 1), key: "threshold",
                    context: "the scorecard"))
        let noRules = "{\"schema\": \"scorecard/v1\", \"threshold\": 80}"
        #expect(
            scorecardError(noRules)
                == .missingKey(
                    ScorecardKit.SourceLocation(file: "card.json", line: 1, column: 1), key: "rules",
                    context: "the scorecard"))
        let noSchema = "{\"threshold\": 80, \"rules\": []}"
        if case .missingKey(_, "schema", _)? = scorecardError(noSchema) {
        } else {
            Issue.record("expected missingKey schema")
        }
    }

    @Test func wrongSchema() throws {
        let text = "{\n  \"schema\": \"scorecard/v2\",\n  \"threshold\": 80,\n  \"rules\": []\n}"
        let e = try #require(scorecardError(text))
        guard case .invalidValue(let l, let key, let message) = e else {
            Issue.record("got \(e)")
            return
        }
        #expect(l == ScorecardKit.SourceLocation(file: "card.json", line: 2, column: 13))
        #expect(key == "schema")
        #expect(message.contains("scorecard/v1") && message.contains("scorecard/v2"))
        #expect(e.description.hasPrefix("card.json:2:13: "))
        // A schema that is not a string.
        let number = "{\"schema\": 1, \"threshold\": 80, \"rules\": []}"
        #expect(scorecardError(number)?.location == ScorecardKit.SourceLocation(file: "card.json", line: 1, column: 12))
    }

    @Test func wrongTypes() throws {
        let threshold = "{\"schema\": \"scorecard/v1\", \"threshold\": \"80\", \"rules\": []}"
        #expect(scorecardError(threshold)?.location == Self.position(of: "\"80\"", in: threshold))
        let rules = "{\"schema\": \"scorecard/v1\", \"threshold\": 80, \"rules\": {}}"
        #expect(scorecardError(rules)?.location == Self.position(of: "{}", in: rules))
        let points = Self.card([#"{"id": "a", "signal": "s", "when": {"present": true}, "points": "5"}"#])
        #expect(scorecardError(points)?.location == Self.position(of: "\"5\"", in: points))
        let kind = Self.card([
            #"{"id": "a", "kind": "firmographic", "signal": "s", "when": {"present": true}, "points": 5}"#
        ])
        #expect(scorecardError(kind)?.location == Self.position(of: "\"firmographic\"", in: kind))
        let notObject = "[1, 2]"
        if case .invalidValue? = scorecardError(notObject) {
        } else {
            Issue.record("expected invalidValue for a non-object card")
        }
    }

    @Test func whenAndEachTogether() throws {
        let text = Self.card([#"{"id": "a", "signal": "s", "when": {"atLeast": 1}, "each": 1, "points": 5}"#])
        let e = try #require(scorecardError(text))
        guard case .invalidValue(let l, let key, _) = e else {
            Issue.record("got \(e)")
            return
        }
        #expect(key == "each")
        #expect(l == Self.position(of: "1, \"points\"", in: text))
    }

    @Test func neitherWhenNorEach() throws {
        let text = Self.card([#"{"id": "a", "signal": "s", "points": 5}"#])
        guard case .missingKey(let l, let key, _)? = scorecardError(text) else {
            Issue.record("expected missingKey")
            return
        }
        #expect(key == "when")
        #expect(l == Self.position(of: "{\"id\"", in: text))
    }

    @Test func capWithoutEach() throws {
        let text = Self.card([#"{"id": "a", "signal": "s", "when": {"atLeast": 1}, "points": 5, "cap": 20}"#])
        let e = try #require(scorecardError(text))
        guard case .invalidValue(let l, let key, _) = e else {
            Issue.record("got \(e)")
            return
        }
        #expect(key == "cap")
        #expect(l == Self.position(of: "20}", in: text))
    }

    @Test func betweenWithLoAboveHi() throws {
        let text = Self.card([#"{"id": "a", "signal": "s", "when": {"between": [9, 3]}, "points": 5}"#])
        let e = try #require(scorecardError(text))
        guard case .invalidValue(let l, let key, let message) = e else {
            Issue.record("got \(e)")
            return
        }
        #expect(key == "between")
        #expect(l == Self.position(of: "[9, 3]", in: text))
        #expect(message.contains("[9, 3]"))
        // lo == hi is a valid (one-point) interval.
        let equal = Self.card([#"{"id": "a", "signal": "s", "when": {"between": [3, 3]}, "points": 5}"#])
        #expect(try Scorecard(json: equal, file: "card.json").rules[0].measure == .when(.between(3, 3)))
        // Not a pair.
        let three = Self.card([#"{"id": "a", "signal": "s", "when": {"between": [1, 2, 3]}, "points": 5}"#])
        #expect(scorecardError(three)?.location == Self.position(of: "[1, 2, 3]", in: three))
    }

    @Test(arguments: ["0", "-1", "-0.5", "\"2\""])
    func eachMustBePositive(_ each: String) throws {
        let text = Self.card(["{\"id\": \"a\", \"signal\": \"s\", \"each\": \(each), \"points\": 5}"])
        let e = try #require(scorecardError(text))
        guard case .invalidValue(let l, let key, _) = e else {
            Issue.record("got \(e)")
            return
        }
        #expect(key == "each")
        #expect(l == Self.position(of: "\(each), \"points\"", in: text))
    }

    @Test func otherRangeChecks() throws {
        let cap = Self.card([#"{"id": "a", "signal": "s", "each": 1, "points": 5, "cap": 0}"#])
        #expect(scorecardError(cap)?.location == Self.position(of: "0}", in: cap))
        let half = Self.card([
            #"{"id": "a", "signal": "s", "when": {"present": true}, "points": 5, "halfLifeDays": -3}"#
        ])
        #expect(scorecardError(half)?.location == Self.position(of: "-3}", in: half))
        let twoTests = Self.card([#"{"id": "a", "signal": "s", "when": {"atLeast": 1, "atMost": 3}, "points": 5}"#])
        #expect(scorecardError(twoTests)?.location == Self.position(of: "{\"atLeast\"", in: twoTests))
        let emptyIn = Self.card([#"{"id": "a", "signal": "s", "when": {"in": []}, "points": 5}"#])
        #expect(scorecardError(emptyIn)?.location == Self.position(of: "[]", in: emptyIn))
        let present = Self.card([#"{"id": "a", "signal": "s", "when": {"present": "yes"}, "points": 5}"#])
        #expect(scorecardError(present)?.location == Self.position(of: "\"yes\"", in: present))
        let atLeastText = Self.card([#"{"id": "a", "signal": "s", "when": {"atLeast": "70"}, "points": 5}"#])
        #expect(scorecardError(atLeastText)?.location == Self.position(of: "\"70\"", in: atLeastText))
    }

    @Test func badJSONIsAJSONError() {
        #expect(throws: JSONError.self) { try Scorecard(json: "{\"schema\": \"scorecard/v1\",}", file: "card.json") }
        #expect(throws: JSONError.self) {
            try Scorecard(
                json: "{\"schema\": \"scorecard/v1\", \"threshold\": 1, \"threshold\": 2, \"rules\": []}",
                file: "card.json")
        }
    }

    @Test func editDistance() {
        #expect(ScorecardKit.editDistance("pointz", "points") == 1)
        #expect(ScorecardKit.editDistance("kitten", "sitting") == 3)
        #expect(ScorecardKit.editDistance("", "abc") == 3)
        #expect(ScorecardKit.editDistance("ATLEAST", "atLeast") == 0)
        #expect(ScorecardKit.editDistance("flaw", "lawn") == 2)
    }
}
