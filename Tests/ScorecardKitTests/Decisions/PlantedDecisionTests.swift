import Foundation
import ScorecardTestSupport
import Testing

@testable import ScorecardKit

/// Flags and decisions on small simulated histories whose truth is planted by hand here: each
/// test states the decision the planted truth calls for, never one read from the tool.
///
/// A history is generated with ``PlantedHistory``: independent rules that fire with a given
/// probability, outcomes drawn from `logit P(won) = intercept + Σ β_j x_j` (β may change by
/// quarter), closed over eight quarters of 2025–2026.
@Suite("Decisions on planted truths")
struct PlantedDecisionTests {
    /// One planted rule: its card entry and its truth.
    struct Planted {
        var id: String
        var kind = "behavior"
        /// Points on the card under review.
        var points: Double
        /// Probability that the signal fires for a deal.
        var fires: Double
        /// True log-odds effect, by quarter 0…7 (one value: the same in every quarter).
        var beta: [Double]
        /// Fire exactly when this earlier rule fires, except for this share of deals (a copy).
        var copyOf: (id: String, flips: Double)? = nil
        /// Its `<signal>_at` date falls this many days after `closed_at` when it fires (leaky).
        var datedAfterClose: Int? = nil
    }

    /// A generated history and the card built from its planted rules.
    struct PlantedHistory {
        var deals: DealTable
        var card: Scorecard

        init(_ rules: [Planted], intercept: Double, deals n: Int, threshold: Double, seed: UInt64) throws {
            var rng = SplitMix64(seed: seed)
            var header = ["deal_id", "outcome", "closed_at", "scored_at"]
            for r in rules {
                header.append(r.id)
                if r.datedAfterClose != nil { header.append(r.id + "_at") }
            }
            var lines = [header.joined(separator: ",")]
            for k in 0..<n {
                let quarter = k % 8
                let closed = CalendarDate(year: 2025 + quarter / 4, month: (quarter % 4) * 3 + 2, day: 1 + k % 28)!
                var fired: [String: Bool] = [:]
                var eta = intercept
                for r in rules {
                    let x: Bool
                    if let (source, flips) = r.copyOf {
                        x = rng.nextBool(probability: flips) ? !fired[source]! : fired[source]!
                    } else {
                        x = rng.nextBool(probability: r.fires)
                    }
                    fired[r.id] = x
                    if x { eta += r.beta.count == 1 ? r.beta[0] : r.beta[quarter] }
                }
                let won = rng.nextBool(probability: 1 / (1 + exp(-eta)))
                var cells = ["d\(k)", won ? "won" : "lost", closed.description, closed.adding(days: -30).description]
                for r in rules {
                    cells.append(fired[r.id]! ? "true" : "false")
                    if let days = r.datedAfterClose {
                        cells.append(fired[r.id]! ? closed.adding(days: days).description : "")
                    }
                }
                lines.append(cells.joined(separator: ","))
            }
            self.deals = try DealTable(csv: lines.joined(separator: "\n") + "\n", file: "planted.csv")
            let ruleJSON = rules.map { r in
                #"{"id": "\#(r.id)", "kind": "\#(r.kind)", "signal": "\#(r.id)", "when": {"equals": true}, "points": \#(JSONValue.format(r.points))}"#
            }
            self.card = try Scorecard(
                json:
                    #"{"schema": "scorecard/v1", "name": "planted", "threshold": \#(JSONValue.format(threshold)), "rules": [\#(ruleJSON.joined(separator: ", "))]}"#,
                file: "planted.json")
        }

        /// The diagnostics at a stated scale: `factor` points per unit of log-odds, so the fitted
        /// interval of a rule with true β is about factor·β ± 1.96·factor·SE.
        func report(factor: Double) throws -> SignalReport {
            let design = try DesignMatrix(card: card, deals: deals)
            let fit = try LogisticRegression().fit(design)
            return try SignalDiagnostics().run(deals: deals, card: card, fit: fit, factor: factor, design: design)
        }

        /// The decision stage as `scorecard flag` and the review run it.
        func decisions() throws -> CardDecisions.Result { try CardDecisions().run(deals: deals, card: card) }
    }

    /// Two solid fit rules that anchor the scale in every history below.
    static let anchors = [
        Planted(id: "fit_a", kind: "fit", points: 20, fires: 0.5, beta: [1.0]),
        Planted(id: "fit_b", kind: "fit", points: 20, fires: 0.5, beta: [1.0]),
    ]

    /// The rules are fit rules (false-positive-prone is a behavior rule's flag, tested apart).
    /// At 20 points per unit of log-odds, with 4,000 deals (SE of each β about 0.08, so the
    /// fitted interval is about 20β ± 3.2 points):
    /// - true β = 1, card +60 → overweighted (60 is far above 20 ± 3);
    /// - true β = 1, card +5 → underweighted;
    /// - true β = −1, card −60 → a penalty too harsh: overweighted (the interval −20 ± 3 lies
    ///   above −60, and for a penalty too much size is overweighted);
    /// - true β = −1, card −5 → a penalty too mild: underweighted;
    /// - true β = −1, card +20 → wrongSign (the interval excludes 0 on the other side);
    /// - true β = 1, card +20 → none of these (20 sits inside 20 ± 3).
    @Test func overUnderweightedAndWrongSignForBothSigns() throws {
        let history = try PlantedHistory(
            Self.anchors + [
                Planted(id: "over_pos", kind: "fit", points: 60, fires: 0.3, beta: [1.0]),
                Planted(id: "under_pos", kind: "fit", points: 5, fires: 0.3, beta: [1.0]),
                Planted(id: "over_neg", kind: "fit", points: -60, fires: 0.3, beta: [-1.0]),
                Planted(id: "under_neg", kind: "fit", points: -5, fires: 0.3, beta: [-1.0]),
                Planted(id: "wrong_sign", kind: "fit", points: 20, fires: 0.3, beta: [-1.0]),
            ], intercept: -1, deals: 4_000, threshold: 40, seed: 101)
        let report = try history.report(factor: 20)
        func flags(_ id: String) -> [SignalFlag] { report.rules.first { $0.rule.id == id }?.flags ?? [] }
        #expect(flags("over_pos") == [.overweighted])
        #expect(flags("under_pos") == [.underweighted])
        #expect(flags("over_neg") == [.overweighted])
        #expect(flags("under_neg") == [.underweighted])
        #expect(flags("wrong_sign") == [.wrongSign])
        #expect(flags("fit_a") == [] && flags("fit_b") == [])
    }

    /// Actions on the same planted truth, through the decision stage: the wrong-signed rule is
    /// reweighted to negative points; the over- and underweighted rules are reweighted toward the
    /// fit (smaller and larger points); none is dropped (each carries real signal).
    @Test func reweightActionsFollowTheTruth() throws {
        let history = try PlantedHistory(
            Self.anchors + [
                Planted(id: "over_pos", kind: "fit", points: 60, fires: 0.3, beta: [1.0]),
                Planted(id: "under_pos", kind: "fit", points: 5, fires: 0.3, beta: [1.0]),
                Planted(id: "wrong_sign", kind: "fit", points: 20, fires: 0.3, beta: [-1.0]),
            ], intercept: -1, deals: 4_000, threshold: 40, seed: 102)
        let result = try history.decisions()
        func decision(_ id: String) throws -> RuleDecision { try #require(result.decision(id)) }
        #expect(try decision("wrong_sign").action == .reweight)
        #expect(try decision("wrong_sign").flags.first == .wrongSign)
        #expect(try #require(decision("wrong_sign").newPoints) < 0)
        // The planted effects of over_pos and under_pos are equal, so the refit gives them
        // (nearly) the same points: the one paid 60 goes down, the one paid 5 goes up.
        #expect(try decision("over_pos").action == .reweight && (try #require(decision("over_pos").newPoints)) < 60)
        #expect(try decision("under_pos").action == .reweight && (try #require(decision("under_pos").newPoints)) > 5)
        #expect(result.dropped.isEmpty)
    }

    /// keep: a rule that fires for 5 of 2,000 deals (noEvidence: fewer than 10) keeps its points
    /// exactly, whatever its planted effect; the solid rules are refitted.
    @Test func tooRareRuleIsKept() throws {
        let rare = Planted(id: "rare", points: 35, fires: 0.0025, beta: [0.5])  // about 5 deals of 2,000
        let history = try PlantedHistory(Self.anchors + [rare], intercept: -1, deals: 2_000, threshold: 30, seed: 103)
        let result = try history.decisions()
        let d = try #require(result.decision("rare"))
        let firedRare = try DesignMatrix(card: history.card, deals: history.deals).column(2).filter { $0 > 0 }.count
        #expect(firedRare < 10, "the planted rule should fire for fewer than 10 deals; fired \(firedRare)")
        #expect(d.flags.contains(.noEvidence))
        #expect(d.action == .keep && d.newPoints == 35)
    }

    /// drop, leaky: a signal dated 10 days after every deal's close (as an onboarding call booked
    /// after a win) is dropped with the leaky flag first, whatever its strength.
    @Test func signalDatedAfterTheCloseIsDroppedAsLeaky() throws {
        var leak = Planted(id: "onboarding", points: 30, fires: 0.3, beta: [2.0])
        leak.datedAfterClose = 10
        let history = try PlantedHistory(Self.anchors + [leak], intercept: -1, deals: 1_500, threshold: 30, seed: 104)
        let d = try #require(try history.decisions().decision("onboarding"))
        #expect(d.action == .drop && d.newPoints == nil && d.flags.first == .leaky)
        #expect(d.why.contains("after closed_at"))
    }

    /// drop, false-positive-prone: a behavior rule with no effect (β = 0) that fires for half of
    /// all deals, paid +25, fires for lost deals as often as for won ones and adds nothing
    /// beyond the other rules: dropped for that reason.
    @Test func noiseSignalFiringForHalfTheDealsIsDropped() throws {
        let history = try PlantedHistory(
            Self.anchors + [Planted(id: "email_noise", points: 25, fires: 0.5, beta: [0])],
            intercept: -1, deals: 3_000, threshold: 40, seed: 105)
        let d = try #require(try history.decisions().decision("email_noise"))
        #expect(d.flags.contains(.falsePositiveProne))
        #expect(d.action == .drop && d.why.contains("false-positive-prone"))
    }

    /// drop, redundant: `copy` fires with `fit_a` except for 7.5% of deals (correlation about
    /// 1 − 2·0.075 = 0.85, variance inflation about 1/(1 − 0.85²) = 3.6, below 5, so only the
    /// correlation cut-off of 0.8 flags the pair), and has no effect of its own; both are flagged
    /// redundant for firing together, and the one with the weaker evidence (the copy, whose |z| is
    /// near 0 once fit_a is in) is dropped; fit_a stays, and the evidence beside it is the final
    /// fit's, where its partner is gone: no longer redundant.
    @Test func weakerOfARedundantPairIsDropped() throws {
        var copy = Planted(id: "copy", kind: "fit", points: 15, fires: 0, beta: [0])
        copy.copyOf = ("fit_a", 0.075)
        let history = try PlantedHistory(Self.anchors + [copy], intercept: -1, deals: 3_000, threshold: 30, seed: 106)
        let result = try history.decisions()
        let d = try #require(result.decision("copy"))
        let a = try #require(result.decision("fit_a"))
        #expect(d.flags.contains(.redundant))
        #expect(!a.flags.contains(.redundant), "fit_a's partner left the card: \(a.flags)")
        let diagnosis = try #require(result.signals.rules.first { $0.rule.id == "copy" })
        #expect(
            diagnosis.reasons.contains { $0.hasPrefix("copy fires with fit_a (correlation 0.8") },
            "\(diagnosis.reasons)")
        #expect(try #require(diagnosis.varianceInflation) < 5)
        #expect(d.action == .drop && d.why.contains("fires with fit_a"))
        #expect(a.action != .drop)
    }

    /// unstable: a rule worth +2 log-odds in the first four quarters and −1 in the last four
    /// (4,000 deals) moves between periods far beyond chance; the steady anchors do not.
    @Test func effectThatFlipsHalfwayIsUnstable() throws {
        let history = try PlantedHistory(
            Self.anchors + [Planted(id: "drifting", points: 20, fires: 0.4, beta: [2, 2, 2, 2, -1, -1, -1, -1])],
            intercept: -1, deals: 4_000, threshold: 40, seed: 107)
        let report = try history.report(factor: 20)
        let drifting = try #require(report.rules.first { $0.rule.id == "drifting" })
        #expect(drifting.flags.contains(.unstable))
        #expect(try #require(drifting.heterogeneityP) < 1e-6)
        for id in ["fit_a", "fit_b"] {
            #expect(!(report.rules.first { $0.rule.id == id }?.flags.contains(.unstable) ?? true), "\(id)")
        }
    }

    /// Precedence: a rule both leaky and wrong-signed (dated after the close, card +20, true
    /// β = −2) is dropped as leaky (leaky comes first), not reweighted.
    @Test func leakyComesBeforeWrongSign() throws {
        var both = Planted(id: "late_negative", points: 20, fires: 0.3, beta: [-2.0])
        both.datedAfterClose = 5
        let history = try PlantedHistory(Self.anchors + [both], intercept: 0, deals: 2_000, threshold: 30, seed: 108)
        let d = try #require(try history.decisions().decision("late_negative"))
        #expect(d.flags.contains(.leaky) && d.flags.contains(.wrongSign))
        #expect(d.action == .drop && d.flags.first == .leaky)
    }

    /// false-positive-prone on the likelihood ratio alone: a behavior rule with no effect (β = 0)
    /// firing for half of all deals, paid a single point, fires for lost deals as often as for won
    /// ones (its likelihood ratio's 95% interval lies below 2) yet lifts no deal over the bar (the
    /// anchors score 0, 20 or 40 and the bar is 40), so the flag can only come from the ratio. A
    /// genuine behavior signal (β = 2, likelihood ratio about 2.7, interval above 2) paid the same
    /// point is not flagged.
    @Test func falsePositiveProneByTheLikelihoodRatioAlone() throws {
        let history = try PlantedHistory(
            Self.anchors + [
                Planted(id: "noise", points: 1, fires: 0.5, beta: [0]),
                Planted(id: "real", points: 1, fires: 0.5, beta: [2.0]),
            ],
            intercept: -1, deals: 3_000, threshold: 40, seed: 109)
        let report = try history.report(factor: 20)
        let noise = try #require(report.rules.first { $0.rule.id == "noise" })
        let real = try #require(report.rules.first { $0.rule.id == "real" })
        #expect(noise.inflatedWon + noise.inflatedLost == 0, "the noise rule lifts no deal over the bar")
        #expect(noise.likelihoodRatioInterval.upperBound < 2 && real.likelihoodRatioInterval.upperBound >= 2)
        #expect(noise.flags.contains(.falsePositiveProne))
        #expect(!real.flags.contains(.falsePositiveProne))
    }
}
