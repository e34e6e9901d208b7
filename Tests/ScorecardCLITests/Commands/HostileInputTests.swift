import Foundation
import ScorecardTestSupport
import Testing

@testable import ScorecardCLI

/// Each hostile input ends in exit code 1 and a one-line error that names file:line:column, and
/// writes nothing.
@Suite("Hostile inputs")
struct HostileInputTests {
    static let card = """
        {"schema": "scorecard/v1", "name": "t", "threshold": 20, "rules": [
          {"id": "demo", "kind": "behavior", "signal": "demo", "when": {"equals": true}, "points": 20}
        ]}
        """
    static let goodDeals =
        "deal_id,outcome,closed_at,demo\nD1,won,2025-01-02,true\nD2,lost,2025-01-03,false\nD3,won,2025-01-04,false\nD4,lost,2025-01-05,true\n"

    static let unknownKeyCard = """
        {"schema": "scorecard/v1", "name": "t", "threshold": 20, "rules": [
          {"id": "demo", "kind": "behavior", "signal": "demo", "when": {"equals": true}, "pointz": 20}
        ]}
        """

    /// The 1-based column where `needle` starts on 1-based line `line` of `text`: counted here
    /// from the text itself, independently of the parser.
    static func column(of needle: String, inLine line: Int, of text: String) -> Int {
        let l = text.split(separator: "\n", omittingEmptySubsequences: false)[line - 1]
        return l.distance(from: l.startIndex, to: l.firstRange(of: needle)!.lowerBound) + 1
    }

    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var deals: String
        var card: String = HostileInputTests.card
        /// The file the error must name, and the line:column it must point at.
        var file: String
        var position: String
        var mentions: String
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(
            name: "unterminated quote", deals: "deal_id,outcome,demo\nD1,won,true\nD2,\"lost,false\n",
            file: "deals.csv", position: "3:2", mentions: "never closed"),
        Case(
            name: "ragged row", deals: "deal_id,outcome,demo\nD1,won,true\nD2,lost\n", file: "deals.csv",
            position: "3:3", mentions: "2 fields but the header has 3"),
        Case(
            name: "duplicate deal_id", deals: "deal_id,outcome,demo\nD1,won,true\nD2,lost,false\nD1,lost,true\n",
            file: "deals.csv", position: "4:1", mentions: "first on line 2"),
        Case(
            name: "no outcome column", deals: "deal_id,result,demo\nD1,won,true\nD2,lost,false\n", file: "deals.csv",
            position: "1:1", mentions: "no column named \"outcome\""),
        Case(
            name: "date that is not a date",
            deals: "deal_id,outcome,closed_at,demo\nD1,won,2025-01-02,true\nD2,lost,next tuesday,false\n",
            file: "deals.csv", position: "3:3", mentions: "\"next tuesday\""),
        Case(
            name: "rule on a missing column", deals: "deal_id,outcome,demo_requested\nD1,won,true\nD2,lost,false\n",
            file: "card.json", position: "2:\(column(of: "\"demo\", \"when\"", inLine: 2, of: card))",
            mentions: "reads signal \"demo\""),
        Case(
            name: "unknown key in the scorecard", deals: goodDeals, card: unknownKeyCard, file: "card.json",
            position: "2:\(column(of: "\"pointz\"", inLine: 2, of: unknownKeyCard))",
            mentions: "did you mean \"points\""),
        Case(name: "empty file", deals: "", file: "deals.csv", position: "1:1", mentions: "empty"),
        Case(
            name: "header only", deals: "deal_id,outcome,demo\n", file: "deals.csv", position: "1:1",
            mentions: "no data rows"),
        Case(
            name: "no lost deals", deals: "deal_id,outcome,demo\nD1,won,true\nD2,won,false\nD3,open,true\n",
            file: "deals.csv", position: "1:2", mentions: "all 2 closed deals were won"),
    ]

    @Test(arguments: cases) func exitsOneWithALocatedOneLineError(_ c: Case) throws {
        let dir = try temporaryDirectory()
        let deals = try write(c.deals, to: "deals.csv", in: dir)
        let card = try write(c.card, to: "card.json", in: dir)
        let out = dir + "/out"
        let r = runTool(["review", deals, "--scorecard", card, "--out", out])
        #expect(r.code == 1, "\(c.name): exit \(r.code), stderr \(r.err)")
        let lines = r.err.split(separator: "\n")
        #expect(lines.count == 1, "\(c.name): expected one line, got \(r.err)")
        let expectedFile = c.file == "deals.csv" ? deals : card
        #expect(r.err.hasPrefix("error: \(expectedFile):\(c.position): "), "\(c.name): \(r.err)")
        #expect(r.err.contains(c.mentions), "\(c.name): \(r.err)")
        #expect(!FileManager.default.fileExists(atPath: out), "\(c.name): nothing may be written")
        #expect(r.out.isEmpty)
    }

    @Test func missingFileIsExitOne() throws {
        let r = runTool(["review", "/nonexistent/deals.csv", "--scorecard", "/nonexistent/card.json"])
        #expect(r.code == 1)
        #expect(r.err == "error: /nonexistent/card.json: no such file\n")
    }

    @Test(arguments: [
        (["review"], "missing deal history CSV"),
        (["review", "d.csv"], "missing --scorecard"),
        (
            ["review", "d.csv", "--scorecard", "c.json", "--penalty", "lasso"],
            "--penalty must be auto, none, l2, firth or prior; got \"lasso\""
        ),
        (
            ["review", "d.csv", "--scorecard", "c.json", "--scorcard", "x"],
            "unknown option --scorcard for 'review' (did you mean --scorecard?)"
        ),
        (["sweep", "d.csv", "--scorecard", "c.json", "--select", "recall:1.5"], "--select must be recall:R"),
        (["simulate", "--seed", "x", "--deals", "10", "--out", "o"], "--seed must be a whole number"),
        (["reveiw"], "unknown command \"reveiw\" (did you mean 'review'?)"),
    ]) func usageErrorsExitTwo(arguments: [String], message: String) {
        let r = runTool(arguments)
        #expect(r.code == 2, "\(arguments): \(r.err)")
        #expect(r.err.contains(message), "\(arguments): \(r.err)")
    }
}
