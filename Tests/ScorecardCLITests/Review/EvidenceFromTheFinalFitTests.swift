import Foundation
import ScorecardTestSupport
import Testing

@testable import ScorecardKit

/// The evidence beside each decision is the fit whose points the revised card carries.
///
/// A history written here with two leaky rules (one recorded after the close, one that only
/// winners have) and a card whose points are guesses: once the leaky rules are dropped every
/// other rule's refitted points move, so evidence taken from the first fit (which held the leaky
/// rules) would print intervals the new points fall outside. Every interval printed beside a kept
/// rule — the review's text, `review.md`, `review.html`, the review JSON's `signals` and
/// `flag --format json` — must contain the rule's new points; `overweighted` may only sit on a
/// rule whose points shrink and `underweighted` on one whose points grow (in size: a penalty that
/// is too harsh is overweighted).
@Suite("Evidence from the final fit")
struct EvidenceFromTheFinalFitTests {
    /// 4,000 deals over eight quarters; true log-odds −2 + 0.8·fit_a + 0.5·fit_b + 1.5·intent +
    /// 0.6·visits − 0.8·unsubscribed; `onboarding` fires for 85% of won deals (3% of lost) and is
    /// dated after the close; `contract_sent` fires for 70% of won and 1% of lost deals.
    static func history() -> String {
        var rng = SplitMix64(seed: 2_512)
        var csv =
            "deal_id,outcome,closed_at,fit_a,fit_b,intent,visits,opens,unsubscribed,onboarding,onboarding_at,contract_sent\n"
        for k in 0..<4_000 {
            let quarter = k % 8
            let closed = CalendarDate(year: 2025 + quarter / 4, month: (quarter % 4) * 3 + 2, day: 1 + k % 28)!
            let fitA = rng.nextUnit() < 0.4
            let fitB = rng.nextUnit() < 0.5
            let intent = rng.nextUnit() < 0.2
            let visits = rng.nextUnit() < 0.5
            let opens = rng.nextUnit() < 0.6
            let unsubscribed = rng.nextUnit() < 0.15
            var eta = -2.0
            if fitA { eta += 0.8 }
            if fitB { eta += 0.5 }
            if intent { eta += 1.5 }
            if visits { eta += 0.6 }
            if unsubscribed { eta -= 0.8 }
            let won = rng.nextUnit() < 1 / (1 + exp(-eta))
            let onboarding = rng.nextUnit() < (won ? 0.85 : 0.03)
            let contract = rng.nextUnit() < (won ? 0.7 : 0.01)
            csv +=
                "d\(k),\(won ? "won" : "lost"),\(closed),\(fitA),\(fitB),\(intent),\(visits),\(opens),\(unsubscribed),\(onboarding),"
            csv += (onboarding ? closed.adding(days: 9).description : "") + ",\(contract)\n"
        }
        return csv
    }

    static let card = """
        {"schema": "scorecard/v1", "name": "guessed", "threshold": 60, "rules": [
          {"id": "fit_a", "kind": "fit", "signal": "fit_a", "when": {"equals": true}, "points": 30},
          {"id": "fit_b", "kind": "fit", "signal": "fit_b", "when": {"equals": true}, "points": 5},
          {"id": "intent", "kind": "behavior", "signal": "intent", "when": {"equals": true}, "points": 20},
          {"id": "visits", "kind": "behavior", "signal": "visits", "when": {"equals": true}, "points": 25},
          {"id": "opens", "kind": "behavior", "signal": "opens", "when": {"equals": true}, "points": 10},
          {"id": "unsubscribed", "kind": "behavior", "signal": "unsubscribed", "when": {"equals": true}, "points": -40},
          {"id": "onboarding", "kind": "behavior", "signal": "onboarding", "when": {"equals": true}, "points": 40},
          {"id": "contract_sent", "kind": "behavior", "signal": "contract_sent", "when": {"equals": true}, "points": 30}]}
        """

    /// Every `[a, b]` printed in `text`.
    static func intervals(in text: Substring) -> [ClosedRange<Double>] {
        var out: [ClosedRange<Double>] = []
        var rest = text[...]
        while let open = rest.firstIndex(of: "["), let close = rest[open...].firstIndex(of: "]") {
            let parts = rest[rest.index(after: open)..<close].split(separator: ",").map {
                Double($0.trimmingCharacters(in: .whitespaces))
            }
            if parts.count == 2, let a = parts[0], let b = parts[1], a <= b { out.append(a...b) }
            rest = rest[rest.index(after: close)...]
        }
        return out
    }

    @Test func everyIntervalBesideAKeptRuleHoldsItsNewPoints() throws {
        let dir = try temporaryDirectory()
        let deals = try write(Self.history(), to: "deals.csv", in: dir)
        let card = try write(Self.card, to: "card.json", in: dir)
        let review = runTool([
            "review", deals, "--scorecard", card, "--bootstrap", "0", "--out", dir + "/out", "--format", "json",
        ])
        #expect(review.code == 0, "\(review.err)")
        let json = try JSONValue.parseValue(review.out, file: "review.json")
        let decisions = json["decisions"]?.array ?? []
        let dropped = Set(decisions.filter { $0["action"]?.string == "drop" }.compactMap { $0["id"]?.string })
        #expect(dropped.isSuperset(of: ["onboarding", "contract_sent"]), "both leaky rules are dropped: \(dropped)")
        let kept = decisions.filter { $0["action"]?.string != "drop" }
        #expect(kept.count >= 5)
        let flagJSON = try JSONValue.parseValue(
            runTool(["flag", deals, "--scorecard", card, "--format", "json"]).out, file: "flag.json")
        #expect((flagJSON["refits"]?.number ?? 0) >= 2, "the card was refitted after the drops and diagnosed again")
        let text = runTool(["review", deals, "--scorecard", card, "--bootstrap", "0", "--out", dir + "/text"]).out
        // Markdown escapes `_` and `[`; read it as a person sees it.
        let markdown = try String(contentsOfFile: dir + "/out/review.md", encoding: .utf8).replacingOccurrences(
            of: "\\", with: "")
        let html = try String(contentsOfFile: dir + "/out/review.html", encoding: .utf8)
        var checked = 0
        for decision in kept {
            let id = try #require(decision["id"]?.string)
            let old = try #require(decision["oldPoints"]?.number)
            let new = try #require(decision["newPoints"]?.number)
            // The JSON intervals: the review's signals and flag's, the same fit.
            for (name, document) in [("review signals", json["signals"]), ("flag", Optional(flagJSON))] {
                let rule = try #require(document?["rules"]?.array?.first { $0["id"]?.string == id }, "\(name): \(id)")
                let low = try #require(rule["fittedLow"]?.number)
                let high = try #require(rule["fittedHigh"]?.number)
                #expect(low - 0.5 <= new && new <= high + 0.5, "\(name): \(id) new \(new) outside [\(low), \(high)]")
                let flags = (rule["flags"]?.array ?? []).compactMap(\.string)
                if flags.contains("overweighted") {
                    #expect(abs(new) < abs(old), "\(name): \(id) overweighted but \(old) → \(new)")
                }
                if flags.contains("underweighted") {
                    #expect(abs(new) > abs(old), "\(name): \(id) underweighted but \(old) → \(new)")
                }
            }
            // The printed intervals: each line (text) or table row / paragraph (Markdown, HTML)
            // that names the rule and prints an interval.
            for (name, document) in [("text", text), ("review.md", markdown), ("review.html", html)] {
                let separators: Set<Character> = name == "text" ? ["\n"] : ["\n", "<"]
                for piece in document.split(whereSeparator: { separators.contains($0) }) where piece.contains(id) {
                    // Paragraphs about another rule that only mention this one are skipped.
                    let about = piece.drop { $0 == "-" || $0 == " " || $0 == "|" || $0 == ">" || $0 == "*" }
                    guard about.hasPrefix(id) else { continue }
                    for interval in Self.intervals(in: piece) {
                        checked += 1
                        #expect(interval.contains(new), "\(name): \(id) new \(new) outside \(interval) in: \(piece)")
                    }
                }
            }
        }
        #expect(checked >= kept.count * 2, "intervals were found in the printed documents (\(checked))")
    }
}
