import ScorecardTestSupport
import Testing

@testable import ScorecardKit

/// The two rule forms decisions may write (issue #25): a merged rule (`anyOf`) and a gated rule
/// (`onlyWith`). Reading, writing, every error with the line and column it points at, and the
/// design matrix (the column of a merged rule is the OR of its parts; a gated rule's column is its
/// own value where every gate's own test holds, else 0), with values worked out by hand.
@Suite struct RuleFormsTests {
    /// A card with both forms (``RuleFormsFixture``).
    static let card = RuleFormsFixture.card

    /// Six deals over three quarters of 2025 (the CLI tests use the same file).
    static let deals = """
        deal_id,outcome,closed_at,employees,demo,trial,pricing_visits,opens,industry
        L1,won,2025-02-10,100,true,false,2,3,software
        L2,lost,2025-03-11,10,false,true,3,8,retail
        L3,won,2025-05-12,60,true,true,0,0,saas
        L4,lost,2025-06-13,,false,false,5,20,software
        L5,lost,2025-08-14,200,false,false,0,7,
        L6,won,2025-09-15,55,,false,1,0,retail

        """

    /// The scores by hand (rules in card order: fit_size 20 when employees ≥ 50; hand_raise 40 once
    /// when demo or trial; pricing 15 when visits ≥ 1 and fit_size; opens 2 each up to 10 when
    /// fit_size; industry 10):
    /// - L1: 20 + 40 + 15 + 3·2 + 10 = 91
    /// - L2: 0 + 40 (trial) + 0 (pricing gated shut: 10 employees) + 0 (opens gated shut) + 0 = 40
    /// - L3: 20 + 40 (demo and trial: once) + 0 + 0 + 10 = 70
    /// - L4: 0 (employees missing) + 0 + 0 (5 visits, gated shut) + 0 (20 opens, gated shut) + 10 = 10
    /// - L5: 20 + 0 + 0 + min(7·2, 10) + 0 = 30
    /// - L6: 20 + 0 (demo missing, trial false) + 15 + 0 + 0 = 35
    static let handScores: [Double] = [91, 40, 70, 10, 30, 35]

    @Test func bothFormsParse() throws {
        let card = try Scorecard(json: Self.card, file: "card.json")
        #expect(
            card.rules[1].measure
                == .anyOf([
                    RulePart(signal: "demo", condition: .equals(.bool(true))),
                    RulePart(signal: "trial", condition: .equals(.bool(true))),
                ]))
        #expect(card.rules[1].signals == ["demo", "trial"])
        #expect(card.rules[1].signal == "demo")
        #expect(card.rules[1].onlyWith.isEmpty)
        #expect(card.rules[2].onlyWith == ["fit_size"] && card.rules[3].onlyWith == ["fit_size"])
        #expect(card.rules[2].condition == "pricing_visits ≥ 1, only with fit_size")
        #expect(card.rules[1].condition == "demo = true or trial = true")
        #expect(card.gateRules(of: card.rules[3]).map(\.id) == ["fit_size"])
    }

    @Test func bothFormsRoundTrip() throws {
        let card = try Scorecard(json: Self.card, file: "card.json")
        let text = card.json.rendered()
        let again = try Scorecard(json: text, file: "again.json")
        #expect(again == card)
        #expect(again.json == card.json)
        // The written rule holds anyOf in place of signal/when, and onlyWith after the test.
        #expect(text.contains(#""anyOf": ["#) && text.contains(#""onlyWith": ["fit_size"]"#))
        #expect(!card.rules[1].json.members!.contains { $0.0 == "signal" || $0.0 == "when" })
        // Built in code, the same rules.
        let built = Rule(
            id: "hand_raise", kind: .behavior,
            anyOf: [
                RulePart(signal: "demo", condition: .equals(.bool(true))),
                RulePart(signal: "trial", condition: .equals(.bool(true))),
            ],
            points: 40)
        #expect(built == card.rules[1])
        // The rules table (CSV) carries both forms and reads back to the same card.
        let csv = card.rulesCSV()
        #expect(csv.contains("only_with"))
        #expect(try Scorecard(rulesCSV: csv, name: card.name, file: "rules.csv").rules == card.rules)
    }

    @Test func theDesignIsTheOrOfThePartsAndTheIndicatorAndItsGates() throws {
        let card = try Scorecard(json: Self.card, file: "card.json")
        let deals = try DealTable(csv: Self.deals, file: "deals.csv")
        let design = try DesignMatrix(card: card, deals: deals)
        // Columns by hand, rows L1…L6.
        #expect(design.column(0) == [1, 0, 1, 0, 1, 1])  // employees ≥ 50 (missing: 0)
        #expect(design.column(1) == [1, 1, 1, 0, 0, 0])  // demo OR trial (L3 both: 1, not 2)
        #expect(design.column(2) == [1, 0, 0, 0, 0, 1])  // visits ≥ 1 AND employees ≥ 50
        #expect(design.column(3) == [3, 0, 0, 0, 5, 0])  // min(opens, 5) where employees ≥ 50
        #expect(card.scores(design) == Self.handScores)
        #expect(card.isSQL(design) == [true, false, true, false, false, false])
    }

    @Test func leadsGetBreakdownReasonsPointsToGoAndGatedNextSteps() throws {
        let card = try Scorecard(json: Self.card, file: "card.json")
        let leads = try card.scoreLeads(DealTable(csv: Self.deals, file: "deals.csv"))
        #expect(leads.map(\.score) == Self.handScores)
        #expect(leads[0].breakdown.map(\.0) == ["fit_size", "hand_raise", "pricing", "opens", "industry"])
        #expect(leads[0].breakdown.map(\.1) == [20, 40, 15, 6, 10])
        #expect(leads[0].reasons.map(\.0) == ["hand_raise", "fit_size", "pricing", "industry"])
        #expect(leads[2].breakdown.map(\.1) == [20, 40, 10])
        #expect(leads.map(\.pointsToGo) == [0, 10, 0, 40, 20, 15])
        // L2 lacks 10 points: pricing (+15) would close it, but it is gated on fit_size, which L2
        // (10 employees) does not fire, so no behavior can qualify L2. The others: the merged rule.
        #expect(leads[1].toQualify == nil)
        #expect(leads[3].toQualify?.map(\.0) == ["hand_raise"])
        #expect(leads[4].toQualify?.map(\.0) == ["hand_raise"])
        #expect(leads[5].toQualify?.map(\.0) == ["hand_raise"])
    }

    // MARK: - Errors, each at its line and column

    func error(_ rules: [String], sourceLocation: Testing.SourceLocation = #_sourceLocation) -> (
        ScorecardError, String
    )? {
        let text = ScorecardParsingTests.card(rules)
        do {
            _ = try Scorecard(json: text, file: "card.json")
            Issue.record("expected a ScorecardError; the card parsed", sourceLocation: sourceLocation)
        } catch let e as ScorecardError {
            return (e, text)
        } catch {
            Issue.record("expected a ScorecardError, got \(error)", sourceLocation: sourceLocation)
        }
        return nil
    }

    static let fit = #"{"id": "fit", "kind": "fit", "signal": "size", "when": {"atLeast": 50}, "points": 20}"#

    @Test func anUnknownGateIsNamedWhereItIsWritten() throws {
        guard
            let (e, text) = error([
                Self.fit, #"{"id": "b", "signal": "v", "when": {"atLeast": 1}, "points": 5, "onlyWith": ["fti"]}"#,
            ])
        else { return }
        #expect(
            e
                == .unknownRule(
                    ScorecardParsingTests.position(of: #""fti""#, in: text), ruleID: "b", named: "fti",
                    available: ["fit", "b"]))
        #expect(e.description.contains("did you mean \"fit\"?"))
    }

    @Test func gatesInACycleAreAnErrorNamingTheCycle() throws {
        guard
            let (e, text) = error([
                #"{"id": "a", "signal": "x", "when": {"atLeast": 1}, "points": 5, "onlyWith": ["b"]}"#,
                #"{"id": "b", "signal": "y", "when": {"atLeast": 1}, "points": 5, "onlyWith": ["c"]}"#,
                #"{"id": "c", "signal": "z", "when": {"atLeast": 1}, "points": 5, "onlyWith": ["a"]}"#,
            ])
        else { return }
        #expect(
            e
                == .gateCycle(
                    ScorecardParsingTests.position(of: #"["b"]"#, in: text).shifted(by: 1), cycle: ["a", "b", "c", "a"])
        )
        #expect(e.location.line == 5)
        #expect(e.description.contains("\"a\" → \"b\" → \"c\" → \"a\""))
        // A rule gated on itself is the shortest cycle.
        guard
            let (self1, text1) = error([
                #"{"id": "a", "signal": "x", "when": {"atLeast": 1}, "points": 5, "onlyWith": ["a"]}"#
            ])
        else { return }
        #expect(
            self1
                == .gateCycle(
                    ScorecardParsingTests.position(of: #"["a"]"#, in: text1).shifted(by: 1), cycle: ["a", "a"]))
    }

    @Test func malformedPartsAreErrorsAtThePart() throws {
        // A per-unit part.
        guard
            let (each, t1) = error([
                #"{"id": "m", "anyOf": [{"signal": "x", "when": {"equals": true}}, {"signal": "opens", "each": 1}], "points": 5}"#
            ])
        else { return }
        guard case .invalidValue(let l1, "each", let message) = each else {
            Issue.record("got \(each)")
            return
        }
        #expect(l1 == ScorecardParsingTests.position(of: #""each""#, in: t1))
        #expect(message.contains("per-unit count"))
        // A part with no test, a part with an unknown key, a part that is not an object.
        guard let (noWhen, t2) = error([#"{"id": "m", "anyOf": [{"signal": "x"}], "points": 5}"#]) else { return }
        #expect(
            noWhen
                == .missingKey(
                    ScorecardParsingTests.position(of: #"{"signal": "x"}"#, in: t2), key: "when",
                    context: "rule \"m\"'s anyOf[0]"))
        guard let (typo, t3) = error([#"{"id": "m", "anyOf": [{"signal": "x", "wen": {"equals": 1}}], "points": 5}"#])
        else { return }
        #expect(
            typo
                == .unknownKey(
                    ScorecardParsingTests.position(of: #""wen""#, in: t3), key: "wen", allowed: ["signal", "when"]))
        guard let (notObject, t4) = error([#"{"id": "m", "anyOf": ["x"], "points": 5}"#]) else { return }
        guard case .invalidValue(let l4, "anyOf", _) = notObject else {
            Issue.record("got \(notObject)")
            return
        }
        #expect(l4 == ScorecardParsingTests.position(of: #""x""#, in: t4))
        // An empty anyOf; anyOf beside signal/when; a merged rule that decays.
        guard let (empty, t5) = error([#"{"id": "m", "anyOf": [], "points": 5}"#]) else { return }
        guard case .invalidValue(let l5, "anyOf", _) = empty else {
            Issue.record("got \(empty)")
            return
        }
        #expect(l5 == ScorecardParsingTests.position(of: "[]", in: t5))
        guard
            let (both, t6) = error([
                #"{"id": "m", "signal": "x", "anyOf": [{"signal": "x", "when": {"equals": 1}}], "points": 5}"#
            ])
        else { return }
        guard case .invalidValue(let l6, "signal", _) = both else {
            Issue.record("got \(both)")
            return
        }
        #expect(l6 == ScorecardParsingTests.position(of: #""signal": "x", "anyOf""#, in: t6))
        guard
            let (decays, t7) = error([
                #"{"id": "m", "anyOf": [{"signal": "x", "when": {"equals": 1}}], "points": 5, "halfLifeDays": 30}"#
            ])
        else { return }
        guard case .invalidValue(let l7, "halfLifeDays", _) = decays else {
            Issue.record("got \(decays)")
            return
        }
        #expect(l7 == ScorecardParsingTests.position(of: #""halfLifeDays""#, in: t7))
        // A gate list that is not a list of ids, or names one twice.
        guard
            let (number, t8) = error([
                Self.fit, #"{"id": "b", "signal": "v", "when": {"atLeast": 1}, "points": 5, "onlyWith": [3]}"#,
            ])
        else { return }
        guard case .invalidValue(let l8, "onlyWith", _) = number else {
            Issue.record("got \(number)")
            return
        }
        #expect(l8 == ScorecardParsingTests.position(of: "[3]", in: t8).shifted(by: 1))
        guard
            let (twice, t9) = error([
                Self.fit,
                #"{"id": "b", "signal": "v", "when": {"atLeast": 1}, "points": 5, "onlyWith": ["fit", "fit"]}"#,
            ])
        else { return }
        guard case .invalidValue(let l9, "onlyWith", _) = twice else {
            Issue.record("got \(twice)")
            return
        }
        #expect(l9 == ScorecardParsingTests.position(of: #""fit"]"#, in: t9))
    }

    @Test func aPartOnAMissingSignalIsNamedAtThePart() throws {
        let text = ScorecardParsingTests.card([
            #"{"id": "m", "anyOf": [{"signal": "demo", "when": {"equals": true}}, {"signal": "trail", "when": {"equals": true}}], "points": 5}"#
        ])
        let card = try Scorecard(json: text, file: "card.json")
        let deals = try DealTable(csv: Self.deals, file: "deals.csv")
        #expect {
            _ = try DesignMatrix(card: card, deals: deals)
        } throws: { e in
            guard case .missingSignal(let l, "m", "trail", _) = e as? ScorecardError else { return false }
            return l == ScorecardParsingTests.position(of: #""trail""#, in: text)
        }
    }
}

extension ScorecardKit.SourceLocation {
    /// The location `columns` characters further along the line.
    func shifted(by columns: Int) -> ScorecardKit.SourceLocation {
        .init(file: file, line: line, column: column + columns)
    }
}
