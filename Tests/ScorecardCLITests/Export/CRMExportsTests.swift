import Foundation
import ScorecardTestSupport
import Testing

@testable import ScorecardCLI
@testable import ScorecardKit

/// The exports in `datasets/crm-exports/` go through the commands as users run them. Expected
/// counts are worked out here from the files' text (one record a line in these exports), not by
/// the reader under test.
@Suite struct CRMExportsTests {
    static let root = repositoryRoot + "/datasets/crm-exports/"

    /// (folder, file, extra options) of every export.
    static let exports: [(String, String, [String])] = [
        ("salesforce", "deals.csv", []), ("hubspot", "deals.csv", []), ("pipedrive", "deals.csv", []),
        ("zoho", "deals.csv", ["--decimal", ","]), ("x-education-leads", "leads.csv", []),
    ]

    /// The data lines of a file (header and blank lines left out).
    static func dataLines(_ path: String) throws -> [String] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        // (A CRLF is one Character, a newline.)
        return text.split(whereSeparator: \.isNewline).dropFirst().map(String.init)
    }

    func json(_ text: String) throws -> JSONValue { try JSONValue.parse(text, file: "out.json").value }

    @Test(arguments: 0..<5) func everyExportReviewsAsItIs(_ k: Int) throws {
        let (name, file, extra) = Self.exports[k]
        let dir = Self.root + name + "/"
        let out = try temporaryDirectory()
        let r = runTool(
            [
                "review", dir + file, "--scorecard", dir + "card.json", "--map", dir + "map.json", "--out", out,
                "--bootstrap", "0", "--format", "json",
            ] + extra)
        #expect(r.code == 0, "\(name): \(r.err)")
        let deals = try #require(try json(r.out)["deals"])
        let lines = try Self.dataLines(dir + file)
        // Rows read = data lines; rows used = lines whose outcome is closed won or lost (or 1/0).
        let closed = lines.filter { l in ["Closed Won", "Closed Lost", ",won,", ",lost,"].contains { l.contains($0) } }
            .count
        let used = name == "x-education-leads" ? lines.count : closed
        #expect(deals["read"]?.number == Double(lines.count), "\(name)")
        #expect(deals["used"]?.number == Double(used), "\(name)")
        let skipped = deals["skipped"]?.members?.reduce(0.0) { $0 + ($1.1.number ?? 0) } ?? 0
        #expect(Double(lines.count) == Double(used) + skipped, "\(name)")
        #expect(FileManager.default.fileExists(atPath: out + "/revised-scorecard.json"))
    }

    @Test func theLeadsFileDropsItsTrailingColumnWithANote() throws {
        let dir = Self.root + "x-education-leads/"
        let raw = try String(contentsOfFile: dir + "leads.csv", encoding: .utf8)
        // The export's shape: CRLF line ends and a trailing comma on every line.
        let lines = raw.utf8.split(separator: UInt8(ascii: "\n"))
        #expect(
            lines.count == 601
                && lines.allSatisfy { $0.last == UInt8(ascii: "\r") && $0.dropLast().last == UInt8(ascii: ",") })
        let map = try ColumnMap(json: String(contentsOfFile: dir + "map.json", encoding: .utf8), file: "map.json")
        let leads = try DealTable.leads(bytes: Array(raw.utf8), file: "leads.csv", map: map)
        #expect(!leads.columnOrder.contains(""))
        #expect(leads.columnOrder.count == 16)  // 18 named columns less outcome and deal_id
        #expect(leads.notes.contains { $0.contains("dropped") })
        let r = runTool([
            "score", dir + "leads.csv", "--scorecard", dir + "card.json", "--map", dir + "map.json", "--format", "json",
        ])
        #expect(r.code == 0, "\(r.err)")
        #expect(try json(r.out).array?.count == (try Self.dataLines(dir + "leads.csv")).count)
    }

    /// The Salesforce export's closed deals by quarter, from its `Close Date` text (M/D/YYYY).
    static func salesforceClosedQuarters() throws -> (quarters: Set<String>, wonAmounts: [Double]) {
        var quarters = Set<String>()
        var won: [Double] = []
        for line in try dataLines(root + "salesforce/deals.csv") {
            // Every field is quoted and none holds a quote: split on the quote-comma-quote joints.
            let fields = line.dropFirst().dropLast().components(separatedBy: "\",\"")
            let stage = fields[4]
            guard stage == "Closed Won" || stage == "Closed Lost" else { continue }
            let mdy = fields[3].split(separator: "/").map { Int($0)! }
            quarters.insert("\(mdy[2])-Q\((mdy[0] - 1) / 3 + 1)")
            if stage == "Closed Won" { won.append(Double(fields[2].filter { $0.isNumber })!) }
        }
        return (quarters, won)
    }

    @Test func salesforceExportBacktestsByQuarter() throws {
        let dir = Self.root + "salesforce/"
        let (quarters, _) = try Self.salesforceClosedQuarters()
        #expect(quarters.count >= 4)
        let r = runTool([
            "backtest", dir + "deals.csv", "--scorecard", dir + "card.json", "--map", dir + "map.json", "--by",
            "quarter",
            "--bootstrap", "0", "--format", "json",
        ])
        #expect(r.code == 0, "\(r.err)")
        let periods = try #require(try json(r.out)["periods"]?.array).compactMap { $0["period"]?.string }
        // Every quarter but the first (the training window) is tested.
        #expect(Set(periods) == quarters.subtracting([quarters.min()!]))
    }

    @Test func salesforceAmountsDriveValueSelection() throws {
        let dir = Self.root + "salesforce/"
        let (_, won) = try Self.salesforceClosedQuarters()
        let average = won.reduce(0, +) / Double(won.count)
        let base = [
            dir + "deals.csv", "--scorecard", dir + "card.json", "--map", dir + "map.json", "--bootstrap", "0",
            "--select", "value:Amount:2000",
        ]
        let sweep = runTool(["sweep"] + base + ["--format", "json"])
        #expect(sweep.code == 0, "\(sweep.err)")
        let rule = try #require(try json(sweep.out)["selected"]?["rule"]?.string)
        let parts = rule.split(separator: ":")
        #expect(parts.count == 3 && parts[0] == "value" && parts[2] == "2000")
        let value = try #require(Double(parts[1]))
        // The rule is shown with the deal value in cents (value:18592.69:2000, not 15 digits).
        #expect(abs(value - average) <= 0.005 + 1e-9 * average)
        let out = try temporaryDirectory()
        let review = runTool(["review"] + base + ["--out", out])
        #expect(review.code == 0, "\(review.err)")
        // A column that is not a number is named.
        let bad = runTool([
            "sweep", dir + "deals.csv", "--scorecard", dir + "card.json", "--map", dir + "map.json", "--select",
            "value:Industry:2000",
        ])
        #expect(bad.code == 1 && bad.err.contains("Industry"))
    }

    @Test func dateFormatOptionResolvesAnAmbiguousColumn() throws {
        let dir = try temporaryDirectory()
        var csv = "outcome,closed_at,demo\n"
        for (k, date) in ["4/5/2025", "3/3/2025", "1/12/2025", "2/11/2025"].enumerated() {
            csv += "\(k % 2 == 0 ? "won" : "lost"),\(date),\(k < 2)\n"
        }
        let deals = try write(csv, to: "d.csv", in: dir)
        let card = try write(
            #"{"schema": "scorecard/v1", "name": "c", "threshold": 10, "rules": [{"id": "demo", "kind": "behavior", "signal": "demo", "when": {"equals": true}, "points": 10}]}"#,
            to: "c.json", in: dir)
        let ambiguous = runTool(["fit", deals, "--scorecard", card])
        #expect(ambiguous.code == 1)
        #expect(
            ambiguous.err.contains("d.csv:2:2") && ambiguous.err.contains("4 May 2025 (D/M/YYYY)")
                && ambiguous.err.contains("5 April 2025 (M/D/YYYY)"))
        let resolved = runTool(["fit", deals, "--scorecard", card, "--date-format", "D/M/YYYY"])
        #expect(resolved.code == 0, "\(resolved.err)")
        let wrong = runTool(["fit", deals, "--scorecard", card, "--date-format", "Y/M/D"])
        #expect(wrong.code == 2 && wrong.err.contains("--date-format"))
        let decimal = runTool(["fit", deals, "--scorecard", card, "--decimal", ";"])
        #expect(decimal.code == 2 && decimal.err.contains("--decimal"))
        // --na-only '' makes the default placeholders values again. The card gives 10 points
        // when src is missing: with N/A missing both won deals score 10 and the 80% rule picks
        // 10; with N/A a value no deal scores, and it picks 0.
        let na = try write("outcome,src\nwon,N/A\nlost,x\nwon,N/A\nlost,y\n", to: "na.csv", in: dir)
        let srcCard = try write(
            #"{"schema": "scorecard/v1", "name": "c", "threshold": 10, "rules": [{"id": "na", "kind": "fit", "signal": "src", "when": {"present": false}, "points": 10}]}"#,
            to: "s.json", in: dir)
        let byDefault = runTool(["sweep", na, "--scorecard", srcCard, "--format", "json", "--bootstrap", "0"])
        let only = runTool([
            "sweep", na, "--scorecard", srcCard, "--format", "json", "--bootstrap", "0", "--na-only", "",
        ])
        #expect(byDefault.code == 0 && only.code == 0, "\(byDefault.err) \(only.err)")
        #expect(try json(byDefault.out)["selected"]?["threshold"]?.number == 10)
        #expect(try json(only.out)["selected"]?["threshold"]?.number == 0)
        // And --na adds a token: x and y missing too, so every deal scores 10.
        let extended = runTool([
            "sweep", na, "--scorecard", srcCard, "--format", "json", "--bootstrap", "0", "--na", "x,y",
        ])
        #expect(try json(extended.out)["thresholds"]?.array?.first?["lost"]?.number == 2)
    }
}
