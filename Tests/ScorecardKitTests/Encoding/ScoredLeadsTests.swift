import Foundation
import ScorecardTestSupport
import Testing

@testable import ScorecardKit

/// `scorecard score`'s path for a large file: leads read by the fast reader, and the CSV and
/// JSON written a piece at a time from bytes. Each fast path is checked against the plain one it
/// replaces (the general reader; ``CSVWriter/line(_:)`` and ``JSONValue/rendered(pretty:)`` over
/// every ``LeadScore``), on the bundled files and on files made to hit every escape.
@Suite("Scoring a file of leads")
struct ScoredLeadsTests {
    /// Writes `text` to a fresh temporary file and returns its path.
    static func temporaryFile(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("leads-\(UUID().uuidString).csv").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// The fast reader gives the general reader's table for leads: every row used, the outcome
    /// optional (anything but won reads as not won, nothing skipped), `lead_id` as the id.
    @Test func theFastReaderReadsLeadsAsTheGeneralReaderDoes() throws {
        var files: [(name: String, text: String, map: ColumnMap)] = []
        for name in ["b2b-saas/deals.csv", "founder/deals.csv"] {
            files.append((name, try Fixtures.dataset(name), ColumnMap()))
        }
        let shoppersMap = try ColumnMap(json: Fixtures.dataset("uci-online-shoppers/map.json"), file: "map.json")
        files.append(
            ("online shoppers", try Fixtures.dataset("uci-online-shoppers/online_shoppers_intention.csv"), shoppersMap))
        let xMap = try ColumnMap(json: Fixtures.dataset("crm-exports/x-education-leads/map.json"), file: "map.json")
        files.append(("x-education", try Fixtures.dataset("crm-exports/x-education-leads/leads.csv"), xMap))
        // No outcome column, ids called lead_id; outcomes that are open or empty.
        files.append(("no outcome", "lead_id,visits,source\nL1,3,web\nL2,0,ads\nL3,,web\n", ColumnMap()))
        files.append(
            ("open outcomes", "deal_id,outcome,visits\nA,won,1\nB,open,2\nC,,0\nD,Closed Lost,4\n", ColumnMap()))
        var fastCount = 0
        for file in files {
            let general = try DealTable.readLeadsGenerally(bytes: Array(file.text.utf8), file: file.name, map: file.map)
            let path = try Self.temporaryFile(file.text)
            defer { try? FileManager.default.removeItem(atPath: path) }
            let read = try DealTable.leads(contentsOfFile: path, map: file.map)
            let fast = try DealTable.quoteFree(
                path: path, delimiter: UInt8(ascii: ","), map: file.map, missing: MissingValues(), leads: true,
                blockSize: 1 << 12)
            if fast != nil { fastCount += 1 }
            for table in [read, fast].compactMap({ $0 }) {
                #expect(table.won == general.won, "\(file.name)")
                #expect(table.dealIDs == general.dealIDs, "\(file.name)")
                #expect(table.columnOrder == general.columnOrder, "\(file.name)")
                for name in general.columnOrder {
                    #expect(table.columns[name] == general.columns[name], "\(file.name): column \(name)")
                }
                #expect(table.closedAt == general.closedAt && table.scoredAt == general.scoredAt, "\(file.name)")
                #expect(table.lines == general.lines, "\(file.name)")
                #expect(table.accounting == general.accounting, "\(file.name)")
            }
            // Every row is a lead: none skipped.
            #expect(general.accounting.used == general.accounting.read, "\(file.name)")
        }
        // The plain files went the fast way (the test would otherwise compare the general reader with itself).
        #expect(fastCount >= 5, "only \(fastCount) of \(files.count) files took the fast reader")
    }

    /// A card whose labels need every kind of CSV care: a comma, a quote, a formula start, a
    /// leading space, non-ASCII ends; and leads with ids needing the same.
    static let hostileCard = """
        {"schema": "scorecard/v1", "threshold": 40, "rules": [
          {"id": "a", "label": "Demo, requested", "kind": "behavior", "signal": "demo", "when": {"equals": 1}, "points": 30},
          {"id": "b", "label": "=SUM(A1)", "kind": "behavior", "signal": "pricing", "when": {"equals": 1}, "points": 20},
          {"id": "c", "label": " said \\"hi\\"", "kind": "fit", "signal": "size", "when": {"atLeast": 50}, "points": 15},
          {"id": "d", "label": "Größe ✓", "kind": "fit", "signal": "size", "when": {"atLeast": 500}, "points": 15},
          {"id": "e", "kind": "behavior", "signal": "opens", "each": 1, "points": 2.5, "cap": 10},
          {"id": "f", "label": "-spam", "kind": "behavior", "signal": "spam", "when": {"equals": 1}, "points": -45}
        ]}
        """

    static func hostileLeads(rows: Int) -> String {
        var rng = SplitMix64(seed: 5)
        var text = "deal_id,demo,pricing,size,opens,spam\n"
        let ids = ["=cmd", "-1", "\"q,uote\"", " padded", "ünï", "@x", "+7"]
        for i in 0..<rows {
            let id = i < ids.count ? ids[i] : "L\(i)"
            text +=
                "\(id),\(rng.nextInt(below: 2)),\(rng.nextInt(below: 2)),\(rng.nextInt(below: 900)),\(rng.nextInt(below: 7)),\(rng.nextUnit() < 0.2 ? 1 : 0)\n"
        }
        return text
    }

    /// The CSV written from bytes equals the CSV the plain writer makes from each lead's
    /// ``LeadScore``, over pieces smaller than the file (so pieces join correctly).
    @Test func theByteWrittenCSVIsThePlainWritersCSV() throws {
        let card = try Scorecard(json: Self.hostileCard, file: "card.json")
        let leads = try DealTable.leads(bytes: Array(Self.hostileLeads(rows: 700).utf8), file: "leads.csv")
        let scored = try card.scoredLeads(leads)
        var labels: [String: String] = [:]
        for rule in card.rules { labels[rule.id] = rule.label ?? rule.id }
        var written = ""
        scored.writeCSV(labels: labels, chunkSize: 97) { written += $0 }
        // The reference: each lead's fields through CSVWriter.line.
        let writer = CSVWriter(guardFormulas: true)
        func shown(_ part: (id: String, points: Double)) -> String {
            "\(labels[part.id]!) \(NumberFormatting.points((part.points * 100).rounded() / 100))"
        }
        var want = writer.line([
            "deal_id", "score", "fit_score", "behavior_score", "is_sql", "breakdown", "reason_1", "reason_2",
            "reason_3", "reason_4", "points_to_go", "to_qualify",
        ])
        for lead in scored.leads {
            var cells = [
                lead.dealID, JSONValue.format(lead.score), JSONValue.format(lead.fitScore),
                JSONValue.format(lead.behaviorScore), lead.isSQL ? "yes" : "no",
                lead.breakdown.map(shown).joined(separator: "; "),
            ]
            for k in 0..<4 { cells.append(k < lead.reasons.count ? shown(lead.reasons[k]) : "") }
            cells.append(JSONValue.format(lead.pointsToGo))
            cells.append(lead.toQualify.map { $0.map(shown).joined(separator: "; ") } ?? "")
            want += writer.line(cells)
        }
        #expect(written == want)
        // The escapes were exercised: a quoted label, a guarded formula, a guarded id.
        #expect(
            written.contains("\"Demo, requested +30") && written.contains("'=SUM(A1) +20") && written.contains("'=cmd,")
        )
    }

    /// The JSON written a piece at a time is the whole array rendered at once.
    @Test func thePieceByPieceJSONIsTheWholeArray() throws {
        let card = try Scorecard(json: Self.hostileCard, file: "card.json")
        for rows in [1, 300] {
            let leads = try DealTable.leads(bytes: Array(Self.hostileLeads(rows: rows).utf8), file: "leads.csv")
            let scored = try card.scoredLeads(leads)
            var written = ""
            scored.writeJSON(chunkSize: 64) { written += $0 }
            #expect(written == JSONValue.array(scored.leads.map(\.json)).rendered())
        }
    }

    /// Reason codes: positive points only, most first, ties in card order, at most four.
    @Test func reasonCodesAreTheFourLargestPositivePointsTiesInCardOrder() {
        let breakdown: [(id: String, points: Double)] = [
            ("a", 5), ("b", -10), ("c", 20), ("d", 5), ("e", 20), ("f", 1), ("g", 5),
        ]
        #expect(LeadScore.reasonCodes(breakdown).map(\.id) == ["c", "e", "a", "d"])
        #expect(LeadScore.reasonCodes([("x", -1), ("y", 0)]).isEmpty)
    }
}
