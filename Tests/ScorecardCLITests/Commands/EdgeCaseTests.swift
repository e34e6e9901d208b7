import Foundation
import ScorecardTestSupport
import Testing

@testable import ScorecardCLI
@testable import ScorecardKit

/// The edge cases of README's table, one test each: a clear error or a correct answer.
@Suite("Edge cases")
struct EdgeCaseTests {
    static let card = """
        {"schema": "scorecard/v1", "name": "t", "threshold": 20, "rules": [
          {"id": "demo", "kind": "behavior", "signal": "demo", "when": {"equals": true}, "points": 20},
          {"id": "opens", "kind": "behavior", "signal": "opens", "each": 1, "points": 2}
        ]}
        """

    /// A seeded history with `demo` and `opens`, plus extra columns.
    static func history(
        rows: Int = 200, extra: (Int, inout SplitMix64) -> [String] = { _, _ in [] }, extraHeader: [String] = []
    ) -> String {
        var rng = SplitMix64(seed: 77)
        var csv = (["deal_id", "outcome", "demo", "opens"] + extraHeader).joined(separator: ",") + "\n"
        for i in 0..<rows {
            let demo = rng.nextBool(probability: 0.4)
            let opens = rng.nextInt(below: 6)
            let won = rng.nextBool(probability: logistic(-1.5 + (demo ? 1.2 : 0) + 0.1 * Double(opens)))
            csv +=
                (["D\(i)", won ? "won" : "lost", demo ? "true" : "false", "\(opens)"] + extra(i, &rng)).joined(
                    separator: ",") + "\n"
        }
        return csv
    }

    func review(_ deals: String, card: String = EdgeCaseTests.card, _ extra: [String] = []) throws -> RunResult {
        let dir = try temporaryDirectory()
        return runTool(
            [
                "review", try write(deals, to: "d.csv", in: dir), "--scorecard", try write(card, to: "c.json", in: dir),
                "--out", dir + "/out", "--bootstrap", "50",
            ] + extra)
    }

    /// A rule with no effect at all (it fires for exactly half the won and half the lost deals):
    /// its fitted weight is 0, so the scale that keeps the threshold is enormous and the deals needed
    /// to tell its change from chance overflow a count. It crashed the sample-size sentence; now
    /// the review says no realistic number of deals would tell, and the JSON gives null.
    @Test func aRuleWithNoEffectDoesNotOverflowTheDealsNeeded() throws {
        var csv = "deal_id,closed_at,outcome,demo\n"
        for i in 0..<60 { csv += "D\(i),2026-0\(i % 9 + 1)-01,\(i % 3 == 0 ? "won" : "lost"),\(i % 2)\n" }
        let card =
            #"{"schema": "scorecard/v1", "threshold": 10, "rules": [{"id": "demo", "kind": "behavior", "signal": "demo", "when": {"equals": 1}, "points": 10}]}"#
        let text = try review(csv, card: card)
        #expect(text.code == 0, "\(text.err)")
        #expect(
            text.out.split(whereSeparator: \.isWhitespace).joined(separator: " ").contains(
                "no realistic number of deals would tell it from chance"))
        let json = try review(csv, card: card, ["--format", "json"])
        let biggest = try JSONValue.parseValue(json.out, file: "stdout")["sampleSize"]?["biggestChange"]
        #expect(biggest?["moreDeals"] == .null && biggest?["dealsNeeded"] == .null)
        #expect(
            NumberFormatting.count(1e19) == "—" && NumberFormatting.count(-1e300) == "—"
                && NumberFormatting.count(12_345) == "12,345")
    }

    @Test func noWonDealsIsAClearError() throws {
        let r = try review("deal_id,outcome,demo,opens\nA,lost,true,1\nB,lost,false,2\n")
        #expect(r.code == 1 && r.err.contains("all 2 closed deals were lost and none won"))
    }

    @Test func oneDealIsAClearError() throws {
        let r = try review("deal_id,outcome,demo,opens\nA,won,true,1\n")
        #expect(r.code == 1 && r.err.contains("all 1 closed deals were won"))
    }

    @Test func ruleThatAlwaysFiresIsKeptAndNamed() throws {
        let card = Self.card.replacing(
            "]}",
            with: #", {"id": "always", "kind": "fit", "signal": "region", "when": {"equals": "eu"}, "points": 5}]}"#)
        let r = try review(
            Self.history(extra: { _, _ in ["eu"] }, extraHeader: ["region"]), card: card, ["--format", "json"])
        #expect(r.code == 0, "\(r.err)")
        let change = try JSONValue.parseValue(r.out)["changes"]!.array!.first { $0["id"]?.string == "always" }!
        #expect(change["newPoints"]?.number == 5 && change["reason"]!.string!.contains("same value for every deal"))
    }

    @Test func identicalRulesAreNamed() throws {
        let card = Self.card.replacing(
            "]}",
            with:
                #", {"id": "demo_again", "kind": "behavior", "signal": "demo", "when": {"equals": true}, "points": 10}]}"#
        )
        let r = try review(Self.history(), card: card)
        #expect(r.code == 1)
        #expect(
            r.err.contains(
                "rule \"demo_again\" carries no information of its own: its column is a linear combination of \"demo\"")
        )
    }

    @Test func notANumberInACountColumnIsNamed() throws {
        let r = try review(Self.history().replacing("\nD7,", with: "\nD7,").replacingFirstCount(in: 9))
        #expect(
            r.code == 1
                && r.err.contains(
                    "\"each\" counts units of a number, but \"opens\" is a category column (it holds \"NaN\""),
            "\(r.err)")
    }

    @Test func hugeNumberIsNamedNotOverflowed() throws {
        let csv = Self.history().components(separatedBy: "\n").enumerated().map { i, line in
            i == 5 ? line.split(separator: ",").prefix(3).joined(separator: ",") + ",1e308" : line
        }.joined(separator: "\n")
        let r = try review(csv)
        #expect(
            r.code == 1
                && r.err.contains(":6:4: \"1e+308\" in column \"opens\" is too large for rule \"opens\" to score"),
            "\(r.err)")
    }

    /// Negative counts are numbers: they score linearly (a correct answer, not an error).
    @Test func negativeCountsScoreLinearly() throws {
        let dir = try temporaryDirectory()
        let leads = try write("deal_id,demo,opens\nL1,false,-3\n", to: "l.csv", in: dir)
        let r = runTool([
            "score", leads, "--scorecard", try write(Self.card, to: "c.json", in: dir), "--format", "json",
        ])
        #expect(try JSONValue.parseValue(r.out).array![0]["score"]?.number == -6)
    }

    /// 1,000 rules: loaded, encoded, scored, swept, and fitted with a ridge penalty.
    @Test func aThousandRules() throws {
        var rules: [String] = []
        for k in 0..<1_000 {
            rules.append(
                #"{"id": "r\#(k)", "kind": "behavior", "signal": "s\#(k % 50)", "when": {"equals": \#(k / 50)}, "points": 1}"#
            )
        }
        let card = try Scorecard(
            json: #"{"schema": "scorecard/v1", "name": "wide", "threshold": 2, "rules": ["#
                + rules.joined(separator: ",") + "]}", file: "wide.json")
        var rng = SplitMix64(seed: 8)
        var csv = "outcome," + (0..<50).map { "s\($0)" }.joined(separator: ",") + "\n"
        for _ in 0..<400 {
            csv +=
                (rng.nextBool(probability: 0.3) ? "won" : "lost") + ","
                + (0..<50).map { _ in String(rng.nextInt(below: 20)) }.joined(separator: ",") + "\n"
        }
        let deals = try DealTable(csv: csv, file: "wide.csv")
        let design = try DesignMatrix(card: card, deals: deals)
        let scores = card.scores(design)
        // Every deal fires exactly one rule per signal: 50 points.
        #expect(scores.allSatisfy { $0 == 50 } && design.columnCount == 1_000)
        let never = (0..<1_000).filter { j in (0..<design.rowCount).allSatisfy { design[$0, j] == 0 } }
        #expect(never.count == 0)
    }

    /// A category with 50,000 levels: a rule on one level fires exactly where that level is.
    @Test func fiftyThousandLevels() throws {
        var csv = "outcome,company\n"
        for k in 0..<50_000 { csv += (k % 3 == 0 ? "won" : "lost") + ",company-\(k)\n" }
        let deals = try DealTable(csv: csv, file: "levels.csv")
        let card = try Scorecard(
            json:
                #"{"schema": "scorecard/v1", "name": "t", "threshold": 1, "rules": [{"id": "acme", "signal": "company", "when": {"in": ["company-42", "COMPANY-43 "]}, "points": 5}]}"#,
            file: "c.json")
        let design = try DesignMatrix(card: card, deals: deals)
        #expect((0..<design.rowCount).filter { design[$0, 0] == 1 } == [42, 43])
    }

    /// Dates before 1970 and after 2100: the day count crosses both, and decay is measured exactly.
    @Test func datesBefore1970AndAfter2100() throws {
        let csv =
            "outcome,scored_at,demo,demo_at\nwon,1969-12-31,true,1969-11-01\nlost,2101-03-01,true,2101-01-30\nwon,2100-03-01,true,2100-02-28\n"
        let deals = try DealTable(csv: csv, file: "d.csv")
        let card = try Scorecard(
            json:
                #"{"schema": "scorecard/v1", "name": "t", "threshold": 1, "rules": [{"id": "demo", "signal": "demo", "when": {"equals": true}, "points": 40, "halfLifeDays": 30}]}"#,
            file: "c.json")
        let design = try DesignMatrix(card: card, deals: deals)
        // 1969-11-01 → 1969-12-31: 30 + 30 = 60 days; 2101-01-30 → 2101-03-01: 1 + 28 + 1 = 30 days
        // (2101 is not a leap year); 2100-02-28 → 2100-03-01: 1 day (2100 is not a leap year).
        #expect(design[0, 0] == 0.25 && design[1, 0] == 0.5)
        #expect(
            design[2, 0].isApproximatelyEqual(
                to: Foundation.pow(0.5, 1.0 / 30), absoluteTolerance: 1e-12, relativeTolerance: 1e-12))
    }

    /// A failure midway leaves existing outputs untouched: the third file's destination is a
    /// directory, or the disk fills on the second file.
    @Test func failedWritesLeaveExistingOutputsUntouched() throws {
        let dir = try temporaryDirectory()
        let deals = try write(Self.history(), to: "d.csv", in: dir)
        let card = try write(Self.card, to: "c.json", in: dir)
        let out = dir + "/out"
        try FileManager.default.createDirectory(atPath: out + "/review.html", withIntermediateDirectories: true)
        try "old card".write(toFile: out + "/revised-scorecard.json", atomically: true, encoding: .utf8)
        try "old review".write(toFile: out + "/review.md", atomically: true, encoding: .utf8)
        let r = runTool(["review", deals, "--scorecard", card, "--out", out, "--bootstrap", "20"])
        #expect(r.code == 1 && r.err.contains("review.html: is a directory; nothing was written"))
        #expect(try String(contentsOfFile: out + "/revised-scorecard.json", encoding: .utf8) == "old card")
        #expect(try String(contentsOfFile: out + "/review.md", encoding: .utf8) == "old review")
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: out).sorted() == [
                "review.html", "review.md", "revised-scorecard.json",
            ])

        // The disk fills while the second file is written: the first is not replaced either, and
        // no temporary file is left behind.
        try FileManager.default.removeItem(atPath: out + "/review.html")
        FileSystem.simulateFullDiskUnder = out
        defer { FileSystem.simulateFullDiskUnder = nil }
        let full = runTool(["review", deals, "--scorecard", card, "--out", out, "--bootstrap", "20"])
        #expect(full.code == 1 && full.err.contains("review.md: cannot be written"))
        #expect(try String(contentsOfFile: out + "/revised-scorecard.json", encoding: .utf8) == "old card")
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: out).sorted() == [
                "review.md", "revised-scorecard.json",
            ])
    }
}

extension String {
    /// The history with the `opens` cell of data row `row` replaced by NaN.
    func replacingFirstCount(in row: Int) -> String {
        components(separatedBy: "\n").enumerated().map { i, line in
            guard i == row + 1 else { return line }
            var f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            f[3] = "NaN"
            return f.joined(separator: ",")
        }.joined(separator: "\n")
    }
}
