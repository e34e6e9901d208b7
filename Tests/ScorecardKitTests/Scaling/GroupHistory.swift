import Foundation
import ScorecardTestSupport

@testable import ScorecardKit

/// The history of issue 25 ("the threshold number is lost on an ordinary card"), rebuilt without
/// randomness: 8,000 leads from six lead sources with the won and lost counts the issue's
/// generator drew (gen.py, seed 1: 398 won, 5%), closed over 540 days from 2025-01-01. The same
/// counts are in scripts/reference/group_reference.py, whose statsmodels fit the tests compare
/// with.
enum GroupHistory {
    /// Per lead source, in the card's rule order: its value, the rule's id and current points, and
    /// the won and lost deals.
    static let levels: [(value: String, rule: String, points: Double, won: Int, lost: Int)] = [
        ("webinar", "src_webinar", 20, 129, 1443),
        ("paid_search", "src_paid", -5, 58, 2389),
        ("referral", "src_referral", 35, 112, 574),
        ("cold_list", "src_cold", -15, 17, 1685),
        ("event", "src_event", 15, 43, 713),
        ("organic", "src_organic", 10, 39, 798),
    ]

    /// One row per lead: its lead source and outcome, in the order the CSV lists them.
    static let rows: [(source: String, won: Bool)] = levels.flatMap { level in
        (0..<(level.won + level.lost)).map { k in (level.value, k < level.won) }
    }

    /// The history as CSV (`deal_id,outcome,closed_at,lead_source`); row i closed on day
    /// 37·i mod 540, so each level's won and lost deals spread over every quarter. With `visits`,
    /// a dated behavior signal too: every third row visited (`visits` 1), i mod 60 + 1 days before
    /// it closed (`visits_at`).
    static func csv(visits: Bool = false) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let start = calendar.date(from: DateComponents(year: 2025, month: 1, day: 1))!
        func iso(_ days: Int) -> String {
            let day = calendar.dateComponents(
                [.year, .month, .day], from: calendar.date(byAdding: .day, value: days, to: start)!)
            return String(format: "%04d-%02d-%02d", day.year!, day.month!, day.day!)
        }
        var text = "deal_id,outcome,closed_at,lead_source" + (visits ? ",visits,visits_at\n" : "\n")
        for (i, row) in rows.enumerated() {
            let closed = 37 * i % 540
            text +=
                "L\(String(format: "%05d", i)),\(row.won ? "won" : "lost"),\(iso(closed)),\(row.source)"
            if visits { text += i % 3 == 0 ? ",1,\(iso(closed - i % 60 - 1))" : ",0," }
            text += "\n"
        }
        return text
    }

    /// The card: a rule for the first `count` lead sources (all six: every lead source has one),
    /// SQL at 30.
    static func cardJSON(rules count: Int = 6) -> String {
        let rules = levels.prefix(count).map {
            "{\"id\": \"\($0.rule)\", \"kind\": \"fit\", \"signal\": \"lead_source\", \"when\": {\"equals\": \"\($0.value)\"}, \"points\": \(Int($0.points))}"
        }
        return
            "{\"schema\": \"scorecard/v1\", \"name\": \"source card\", \"threshold\": 30, \"rules\": [\(rules.joined(separator: ", "))]}"
    }

    /// The deals and the card with `rules` rules.
    static func load(rules count: Int = 6) throws -> (DealTable, Scorecard) {
        (
            try DealTable(csv: csv(), file: "deals.csv"),
            try Scorecard(json: cardJSON(rules: count), file: "card.json")
        )
    }

    /// Each row's score on a card whose points are given by lead source (0 for a source with no
    /// rule), computed from the rows, not from the tool's design.
    static func scores(pointsBySource: [String: Double]) -> [Double] {
        rows.map { pointsBySource[$0.source] ?? 0 }
    }

    /// The revised card's points by lead source, read from the card's rules and their `equals`.
    static func pointsBySource(_ card: Scorecard) -> [String: Double] {
        var out: [String: Double] = [:]
        for rule in card.rules {
            if case .when(.equals(.string(let value))) = rule.measure { out[value] = rule.points }
        }
        return out
    }

    /// The area under the ROC curve by counting pairs: P(score of a won row > a lost row's), ties
    /// counted half.
    static func auc(_ scores: [Double]) -> Double {
        var byScore: [Double: (won: Double, lost: Double)] = [:]
        for (s, row) in zip(scores, rows) {
            byScore[s, default: (0, 0)].won += row.won ? 1 : 0
            byScore[s, default: (0, 0)].lost += row.won ? 0 : 1
        }
        var pairs = 0.0
        for (s, a) in byScore {
            for (t, b) in byScore { pairs += a.won * b.lost * (s > t ? 1 : s == t ? 0.5 : 0) }
        }
        let won = Double(rows.filter(\.won).count)
        return pairs / (won * (Double(rows.count) - won))
    }
}
