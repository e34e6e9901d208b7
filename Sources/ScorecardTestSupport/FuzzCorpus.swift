import ScorecardKit

/// Seeded input mutations for robustness testing (used by the fuzz test and the long fuzz run).
///
/// Each mutation is one of: truncation, a stray quote, a NUL byte, invalid UTF-8, a duplicated or
/// deleted chunk, a random byte, a huge field, ten thousand columns, mixed line endings, or an
/// extreme number. Running an input returns a short outcome label: `ok`, the error's type, or
/// `untyped …` for an error that is not one of the library's own (a defect).
public enum FuzzCorpus {
    /// A small valid deal history that exercises every column type.
    public static let seedCSV = """
        deal_id,outcome,closed_at,scored_at,industry,is_dm,visits,visits_at,opens,score,notes
        D1,won,2025-01-10,2024-12-20,software,true,3,2024-12-01,5,81,"said ""yes"", quickly"
        D2,lost,2025-02-11,2025-01-15,retail,false,0,,2,40,
        D3,open,,2025-03-01,software,true,1,2025-02-20,7,75,"multi
        line"
        D4,won,2025-03-12,2025-02-28,manufacturing,false,2,2025-02-01,0,66,ok
        D5,lost,2025-04-02,2025-03-10,education,true,0,,9,90,x

        """

    /// A valid card over ``seedCSV``.
    public static let seedCard = """
        {"schema": "scorecard/v1", "name": "fuzz", "threshold": 30, "rules": [
          {"id": "industry", "kind": "fit", "signal": "industry", "when": {"in": ["software", "manufacturing"]}, "points": 10},
          {"id": "dm", "kind": "fit", "signal": "is_dm", "when": {"equals": true}, "points": 20},
          {"id": "visits", "kind": "behavior", "signal": "visits", "when": {"atLeast": 1}, "points": 15, "halfLifeDays": 30},
          {"id": "opens", "kind": "behavior", "signal": "opens", "each": 1, "points": 2, "cap": 10},
          {"id": "ai", "kind": "behavior", "source": "ai", "signal": "score", "when": {"between": [70, 100]}, "points": 25}
        ]}
        """

    /// One mutation of ``seedCSV`` (as bytes).
    public static func mutatedCSV(_ rng: inout SplitMix64) -> [UInt8] {
        mutate(Array(seedCSV.utf8), &rng, allowWide: true)
    }

    /// One mutation of ``seedCard``.
    public static func mutatedCard(_ rng: inout SplitMix64) -> [UInt8] {
        mutate(Array(seedCard.utf8), &rng, allowWide: false)
    }

    public static func mutate(_ seed: [UInt8], _ rng: inout SplitMix64, allowWide: Bool) -> [UInt8] {
        var b = seed
        let rounds = 1 + rng.nextInt(below: 3)
        for _ in 0..<rounds {
            let at = rng.nextInt(below: max(1, b.count))
            // Huge fields and ten thousand columns are costly, so they come up one time in 40.
            let pick = rng.nextInt(below: 40)
            let common = [0, 1, 2, 3, 4, 5, 6, 9, 10]
            switch pick == 0 ? 7 : pick == 1 ? 8 : common[pick % common.count] {
            case 0: b = Array(b.prefix(at))  // truncation
            case 1: b.insert(UInt8(ascii: "\""), at: at)  // stray quote
            case 2: b.insert(0, at: at)  // NUL
            case 3:
                // Bad UTF-8.
                b.insert(
                    contentsOf: [[0xFF], [0xC3], [0xE2, 0x82], [0xED, 0xA0, 0x80]][rng.nextInt(below: 4)], at: at)
            case 4:
                let n = min(b.count - at, 1 + rng.nextInt(below: 40))
                b.insert(contentsOf: b[at..<(at + n)], at: at)  // duplicate
            case 5:
                let n = min(b.count - at, 1 + rng.nextInt(below: 40))
                b.removeSubrange(at..<(at + n))  // delete
            case 6: if !b.isEmpty { b[min(at, b.count - 1)] = UInt8(truncatingIfNeeded: rng.next()) }  // random byte
            case 7:
                b.insert(
                    contentsOf: [UInt8](repeating: UInt8(ascii: "a"), count: 100_000 + rng.nextInt(below: 100_000)),
                    at: at)  // huge field
            case 8:
                if allowWide {  // 10,000 columns
                    let header = (0..<10_000).map { "c\($0)" }.joined(separator: ",")
                    let row = (0..<10_000).map { _ in String(rng.nextInt(below: 3)) }.joined(separator: ",")
                    b = Array("outcome,\(header)\nwon,\(row)\nlost,\(row)\n".utf8)
                } else {
                    b.insert(contentsOf: Array("{\"a\":".utf8), at: at)
                }
            case 9:
                // Line endings.
                b = b.flatMap { $0 == 0x0A ? (rng.nextBool(probability: 0.5) ? [0x0D, 0x0A] : [0x0D]) : [$0] }
            default:
                b.insert(
                    contentsOf: Array(
                        ["1e308", "-1e308", "NaN", "inf", "-0", "99999999999999999999", "1e-320", "-5"][
                            rng.nextInt(below: 8)
                        ].utf8), at: at)
            }
        }
        return b
    }

    /// Runs a deal-history input through reading, encoding with ``seedCard``, scoring, a sweep and
    /// a fit.
    public static func runCSV(_ bytes: [UInt8]) -> String {
        // Read as leads to score too (the fast reader's leads path and the CSV written as bytes).
        let asLeads = runLeads(bytes)
        if asLeads.hasPrefix("untyped") { return asLeads }
        do {
            let deals = try DealTable(bytes: bytes, file: "fuzz.csv")
            let card = try Scorecard(json: seedCard, file: "card.json")
            let design = try DesignMatrix(card: card, deals: deals)
            let scores = card.scores(design)
            _ = ThresholdSweep(scores: scores, won: design.won).select(.recall(0.8))
            _ = try LogisticRegression(penalty: .ridge(lambda: 1)).fit(design)
            return "ok"
        } catch {
            return label(error)
        }
    }

    /// Reads `bytes` as a file of leads, scores it with ``seedCard`` and writes the CSV `scorecard
    /// score` writes (as bytes; thrown away): "ok" or the error's label.
    public static func runLeads(_ bytes: [UInt8]) -> String {
        do {
            let leads = try DealTable.leads(bytes: bytes, file: "fuzz.csv")
            let scored = try Scorecard(json: seedCard, file: "card.json").scoredLeads(leads)
            var written = 0
            scored.writeCSV(labels: [:]) { written += $0.utf8.count }
            return written > 0 ? "ok" : "nothing written"
        } catch {
            return label(error)
        }
    }

    /// Runs a card input through the loader and, when it loads, against ``seedCSV``.
    public static func runCard(_ bytes: [UInt8]) -> String {
        do {
            guard let text = String(validating: bytes, as: UTF8.self) else { return "not UTF-8" }
            let card = try Scorecard(json: text, file: "card.json")
            let deals = try DealTable(csv: seedCSV, file: "fuzz.csv")
            let design = try DesignMatrix(card: card, deals: deals)
            _ = card.scores(design)
            return "ok"
        } catch {
            return label(error)
        }
    }

    static func label(_ error: Error) -> String {
        switch error {
        case is CSVError: "CSVError"
        case is DealDataError: "DealDataError"
        case is ScorecardError: "ScorecardError"
        case is JSONError: "JSONError"
        case is FitError: "FitError"
        default: "untyped \(type(of: error)): \(error)"
        }
    }
}
