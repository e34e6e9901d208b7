import Foundation
import ScorecardTestSupport
import Testing

@testable import ScorecardKit

/// ``StructuralSearch`` on simulated truths, 20 seeds each: two signals of one event are merged, a
/// behavior that counts only for fit leads is gated on its fit rule, a strong unused column is
/// added, and an additive truth gets no merge or gate in more than 5% of the seeds. Every taken
/// action's held-out gain is recomputed here, independently: a plain maximum-likelihood fit on the
/// first three quarters and the log loss of the fourth summed by hand.
@Suite struct StructuralSearchTests {
    /// A small generator for these tests (not ``DealSimulator``, whose truths are additive):
    /// 3,000 deals over the four quarters of 2025 (dealt in turn, so each quarter has 750),
    /// Boolean signals drawn independently with the given rates (or from other signals by
    /// `derive`), and each deal won with probability `1 / (1 + e^−η)`, η from `truth`. SplitMix64
    /// draws make every seed the same on every platform. ``patterns(seed:)`` gives the same deals
    /// as a pattern table (one row per quarter and combination of signals, with won and lost
    /// counts), which fits exactly as the deals do and keeps 80 searches fast in a debug build.
    struct Truth {
        /// Signal names and the rate each is true at.
        var signals: [(name: String, rate: Double)]
        /// Signals made from the drawn ones and fresh draws (two records of one event).
        var derive: (inout [String: Bool], () -> Double) -> Void = { _, _ in }
        /// The log-odds of a deal with these signals.
        var truth: ([String: Bool]) -> Double
        /// The columns written, in order.
        var columns: [String]

        /// The deals as a deal-level CSV history.
        func history(seed: UInt64, deals: Int = 3_000) -> String {
            var out = "deal_id,outcome,closed_at," + columns.joined(separator: ",") + "\n"
            for (i, deal) in draw(seed: seed, deals: deals).enumerated() {
                out +=
                    "D\(i),\(deal.won ? "won" : "lost"),\(deal.date),"
                    + deal.values.map { $0 ? "true" : "false" }.joined(separator: ",") + "\n"
            }
            return out
        }

        /// The deals of ``history(seed:deals:)`` counted by quarter and signals, as a deal table.
        func patterns(seed: UInt64) throws -> DealTable {
            var counts: [String: (won: Int, lost: Int)] = [:]
            var order: [String] = []
            for deal in draw(seed: seed, deals: 3_000) {
                let month = Int(deal.date.dropFirst(5).prefix(2))!
                let key =
                    "2025-\(month <= 3 ? "02" : month <= 6 ? "05" : month <= 9 ? "08" : "11")-15,"
                    + deal.values.map { $0 ? "true" : "false" }.joined(separator: ",")
                if counts[key] == nil { order.append(key) }
                counts[key, default: (0, 0)].won += deal.won ? 1 : 0
                counts[key, default: (0, 0)].lost += deal.won ? 0 : 1
            }
            let text =
                "closed_at," + columns.joined(separator: ",") + ",won_count,lost_count\n"
                + order.map { "\($0),\(counts[$0]!.won),\(counts[$0]!.lost)\n" }.joined()
            return try DealTable(
                bytes: Array(text.utf8), file: "seed\(seed).csv", counts: .init(won: "won_count", lost: "lost_count"))
        }

        /// Each deal's outcome, `closed_at` and signal values (in ``columns`` order).
        func draw(seed: UInt64, deals: Int) -> [(won: Bool, date: String, values: [Bool])] {
            var state = seed &* 0x9E37_79B9_7F4A_7C15
            func uniform() -> Double {
                state &+= 0x9E37_79B9_7F4A_7C15
                var z = state
                z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
                z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
                return Double((z ^ (z >> 31)) >> 11) / Double(1 << 53)
            }
            return (0..<deals).map { i in
                var x: [String: Bool] = [:]
                for (name, rate) in signals { x[name] = uniform() < rate }
                derive(&x, uniform)
                let won = uniform() < 1 / (1 + exp(-truth(x)))
                let month = 3 * (i % 4) + 1 + i % 3
                let day = 1 + i % 28
                return (
                    won, "2025-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day)", columns.map { x[$0]! }
                )
            }
        }
    }

    /// A card of `equals true` rules on the named signals (fit or behavior), threshold 50.
    static func card(_ rules: [(String, RuleKind, Double)]) -> Scorecard {
        Scorecard(
            name: "sim", threshold: 50,
            rules: rules.map {
                Rule(id: $0.0, kind: $0.1, signal: $0.0, measure: .when(.equals(.bool(true))), points: $0.2)
            })
    }

    /// The held-out log loss of `card` by hand: a maximum-likelihood fit on 2025-Q1…Q3, then
    /// `Σ −[y log p + (1 − y) log(1 − p)] / n` over 2025-Q4.
    static func q4LogLoss(_ card: Scorecard, _ deals: DealTable) throws -> Double {
        let design = try DesignMatrix(card: card, deals: deals)
        let q4 = (0..<deals.count).filter { deals.closedAt![$0]!.components.month >= 10 }
        let rest = (0..<deals.count).filter { deals.closedAt![$0]!.components.month < 10 }
        let fit = try LogisticRegression(penalty: .none, profileIntervals: false).fit(design.selecting(rest))
        var total = 0.0
        var n = 0.0
        for i in q4 {
            var eta = fit.intercept.coefficient
            for j in 0..<design.columnCount { eta += fit.coefficients[j] * design[i, j] }
            let p = 1 / (1 + exp(-eta))
            total -= design.weight(i) * (design.won[i] ? log(p) : log(1 - p))
            n += design.weight(i)
        }
        return total / n
    }

    /// Runs the search and checks every proposal's gain against ``q4LogLoss(_:_:)``.
    static func search(_ card: Scorecard, _ deals: DealTable, seed: UInt64) throws -> [StructuralSearch.Proposal] {
        let proposals = try StructuralSearch().run(
            deals: deals, card: card, design: DesignMatrix(card: card, deals: deals))
        let before = try q4LogLoss(card, deals)
        for p in proposals {
            let after = try q4LogLoss(p.applied(to: card), deals)
            #expect(
                after < before,
                "seed \(seed): \(p.action) \(p.rule.id) does not improve the held-out log loss (\(before) → \(after))")
            #expect(
                abs(p.evidence.logLossBefore - before) < 1e-9 && abs(p.evidence.logLossAfter - after) < 1e-9,
                "seed \(seed): \(p.evidence)")
            #expect(p.evidence.heldOut == "2025-Q4" && p.evidence.deals == 750 && p.evidence.gain > 0)
        }
        return proposals
    }

    static let seeds: [UInt64] = Array(1...20)

    /// (a) A hand-raise recorded by two signals: `demo` and `contact` each record 75% of the
    /// event, independently; the outcome follows demo OR contact (1.5 log-odds), not their sum.
    @Test func twoSignalsOfOneEventAreMerged() throws {
        let truth = Truth(
            signals: [("fit_a", 0.4), ("event", 0.35), ("pricing", 0.3)],
            derive: { x, u in
                x["demo"] = x["event"]! && u() < 0.75
                x["contact"] = x["event"]! && u() < 0.75
            },
            truth: { x in
                -1.6 + 0.8 * (x["fit_a"]! ? 1 : 0) + 1.5 * (x["demo"]! || x["contact"]! ? 1 : 0) + 0.6
                    * (x["pricing"]! ? 1 : 0)
            },
            columns: ["fit_a", "demo", "contact", "pricing"])
        let card = Self.card([
            ("fit_a", .fit, 20), ("demo", .behavior, 30), ("contact", .behavior, 30), ("pricing", .behavior, 15),
        ])
        var merged = 0
        for seed in Self.seeds {
            let proposals = try Self.search(card, truth.patterns(seed: seed), seed: seed)
            guard let merge = proposals.first(where: { $0.action == .merge }) else { continue }
            #expect(Set(merge.ruleIDs) == ["demo", "contact"], "seed \(seed): merged \(merge.ruleIDs)")
            #expect(
                merge.rule.signals == ["demo", "contact"] && merge.rule.points > 0
                    && Set(merge.replaces) == ["demo", "contact"])
            merged += 1
        }
        #expect(merged == Self.seeds.count, "merged in \(merged) of \(Self.seeds.count) seeds")
    }

    /// (b) A webinar that counts only for fit leads (`fit_a`): 1.4 log-odds where fit_a holds, 0
    /// elsewhere; a second fit rule `fit_b` counts for everyone.
    static var gateTruth: Truth {
        Truth(
            signals: [("fit_a", 0.45), ("fit_b", 0.5), ("webinar", 0.4), ("pricing", 0.3)],
            truth: { x in
                -1.5 + 0.7 * (x["fit_a"]! ? 1 : 0) + 0.5 * (x["fit_b"]! ? 1 : 0) + 1.4
                    * (x["webinar"]! && x["fit_a"]! ? 1 : 0) + 0.6 * (x["pricing"]! ? 1 : 0)
            },
            columns: ["fit_a", "fit_b", "webinar", "pricing"])
    }
    /// The card of (b): every signal a rule, webinar ungated.
    static let gateCard = card([
        ("fit_a", .fit, 15), ("fit_b", .fit, 10), ("webinar", .behavior, 25), ("pricing", .behavior, 15),
    ])

    /// (b) The webinar is gated on fit_a (not fit_b) in every seed.
    @Test func aBehaviorThatCountsOnlyForFitLeadsIsGated() throws {
        let truth = Self.gateTruth
        let card = Self.gateCard
        var gated = 0
        for seed in Self.seeds {
            let proposals = try Self.search(card, truth.patterns(seed: seed), seed: seed)
            #expect(!proposals.contains { $0.action == .merge }, "seed \(seed)")
            guard let gate = proposals.first(where: { $0.action == .gate }) else { continue }
            #expect(
                gate.ruleIDs == ["webinar", "fit_a"] && gate.rule.onlyWith == ["fit_a"] && gate.replaces == ["webinar"],
                "seed \(seed): \(gate.ruleIDs)")
            #expect(gate.rule.points > 0 && (gate.evidence.pValue ?? 1) < 0.05 / 4)
            gated += 1
        }
        #expect(gated == Self.seeds.count, "gated in \(gated) of \(Self.seeds.count) seeds")
    }

    /// The gate's evidence against statsmodels on scenario (b), seed 1 (deal by deal, so the
    /// pattern table's fit is checked too): the interaction's likelihood-ratio χ² and p, and the
    /// held-out log loss before and after (`scripts/reference/structural_gate_reference.py`,
    /// statsmodels 0.14 Logit on `Truth.history(seed: 1)`).
    @Test func gateEvidenceMatchesStatsmodels() throws {
        let deals = try Self.gateTruth.patterns(seed: 1)
        let card = Self.gateCard
        let gate = try #require(
            try StructuralSearch().run(deals: deals, card: card, design: DesignMatrix(card: card, deals: deals)).first {
                $0.action == .gate
            })
        func close(_ a: Double?, _ b: Double) -> Bool { a.map { abs($0 - b) <= 1e-6 * abs(b) } ?? false }
        #expect(close(gate.evidence.statistic, 75.38455827798634))
        #expect(close(gate.evidence.pValue, 3.874079979632161e-18))
        #expect(
            close(gate.evidence.logLossBefore, 0.6148670031174176)
                && close(gate.evidence.logLossAfter, 0.6004489269013533))
    }

    /// (c) A strong column the card does not read (`referral`, 1.5 log-odds) beside one that
    /// carries nothing (`newsletter`).
    @Test func aStrongUnusedColumnIsAdded() throws {
        let truth = Truth(
            signals: [("fit_a", 0.4), ("pricing", 0.3), ("referral", 0.25), ("newsletter", 0.5)],
            truth: { x in
                -1.5 + 0.8 * (x["fit_a"]! ? 1 : 0) + 0.6 * (x["pricing"]! ? 1 : 0) + 1.5 * (x["referral"]! ? 1 : 0)
            },
            columns: ["fit_a", "pricing", "referral", "newsletter"])
        let card = Self.card([("fit_a", .fit, 20), ("pricing", .behavior, 15)])
        var added = 0
        for seed in Self.seeds {
            let proposals = try Self.search(card, truth.patterns(seed: seed), seed: seed)
            guard let add = proposals.first(where: { $0.action == .add }) else { continue }
            #expect(
                add.rule.signal == "referral" && add.ruleIDs.isEmpty && add.replaces.isEmpty && add.rule.points > 0,
                "seed \(seed): added \(add.rule.id)")
            added += 1
        }
        #expect(added == Self.seeds.count, "added in \(added) of \(Self.seeds.count) seeds")
    }

    /// (d) An additive truth over independent signals, all on the card: a merge or gate in at
    /// most 5% of the seeds (1 of 20).
    @Test func anAdditiveTruthIsLeftAlone() throws {
        let truth = Truth(
            signals: [("fit_a", 0.4), ("fit_b", 0.5), ("demo", 0.25), ("webinar", 0.4), ("pricing", 0.3)],
            truth: { x in
                -2 + 0.7 * (x["fit_a"]! ? 1 : 0) + 0.5 * (x["fit_b"]! ? 1 : 0) + 1.3 * (x["demo"]! ? 1 : 0) + 0.8
                    * (x["webinar"]! ? 1 : 0)
                    + 0.6 * (x["pricing"]! ? 1 : 0)
            },
            columns: ["fit_a", "fit_b", "demo", "webinar", "pricing"])
        let card = Self.card([
            ("fit_a", .fit, 15), ("fit_b", .fit, 10), ("demo", .behavior, 30), ("webinar", .behavior, 20),
            ("pricing", .behavior, 15),
        ])
        var structural = 0
        for seed in Self.seeds {
            let proposals = try Self.search(card, truth.patterns(seed: seed), seed: seed)
            if proposals.contains(where: { $0.action == .merge || $0.action == .gate }) { structural += 1 }
        }
        #expect(structural <= Self.seeds.count / 20, "a merge or gate in \(structural) of \(Self.seeds.count) seeds")
    }

    /// Without dates the gain is measured by 5-fold cross-validation, and said so.
    @Test func undatedDealsAreJudgedByCrossValidation() throws {
        let truth = Truth(
            signals: [("fit_a", 0.4), ("pricing", 0.3), ("referral", 0.25)],
            truth: { x in
                -1.5 + 0.8 * (x["fit_a"]! ? 1 : 0) + 0.6 * (x["pricing"]! ? 1 : 0) + 1.5 * (x["referral"]! ? 1 : 0)
            },
            columns: ["fit_a", "pricing", "referral"])
        let dated = truth.history(seed: 7).split(separator: "\n").map {
            $0.split(separator: ",", omittingEmptySubsequences: false)
        }
        let undated = dated.map { ([$0[0], $0[1]] + $0[3...]).joined(separator: ",") }.joined(separator: "\n") + "\n"
        let deals = try DealTable(csv: undated, file: "undated.csv")
        let card = Self.card([("fit_a", .fit, 20), ("pricing", .behavior, 15)])
        let proposals = try StructuralSearch().run(
            deals: deals, card: card, design: DesignMatrix(card: card, deals: deals))
        let add = try #require(proposals.first { $0.action == .add })
        #expect(
            add.evidence.heldOut == "5-fold cross-validation" && add.evidence.deals == 3_000 && add.evidence.gain > 0)
        #expect(add.evidence.sentence.contains("5-fold cross-validation over 3000 deals"))
        // The JSON carries the decision vocabulary's keys.
        #expect(
            add.json["action"]?.string == "add" && add.json["rule"]?["signal"]?.string == "referral"
                && add.json["evidence"]?["gain"]?.number == add.evidence.gain)
    }
}
