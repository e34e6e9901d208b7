/// Generates a synthetic B2B deal history whose true effects are known, for tests, demos and the
/// bundled `datasets/b2b-saas`.
///
/// Each deal's chance of being won follows a logistic model on exactly the columns the common
/// hand-made card scores (so a fit of that card can recover the truth), plus a company-size effect
/// the card does not score. By design the history contains:
/// - fit signals: `industry`, `is_decision_maker`, `company_size`, `use_case`, `job_level`;
/// - strong intent: `demo_requested`, `pricing_page_visits` (with `_at` dates),
///   `purchase_inquiry`, `replied_buying_questions`;
/// - `email_opens`, which fire about as often for lost as for won deals (bot opens, privacy
///   prefetch) and have almost no true effect;
/// - `ai_score` (0–100), over-confident: a third of deals score ≥ 70 but that adds little;
/// - `onboarding_call_booked`, recorded only after the deal closed (leaky: its `_at` date follows
///   `closed_at`) and almost only for won deals;
/// - `partner_referral`, a signal that never fires (a retired form field);
/// - open deals (outcome `open`, no `closed_at`) and a few rows with no outcome, to be skipped;
/// - drift: the pricing-page effect fades from quarter to quarter, and email opens and AI scores
///   inflate.
///
/// With ``halfLives`` (rule id → days; `scorecard simulate --half-lives demo_request:14,…`) the
/// history also plants decay: every intent signal that fires carries a `<signal>_at` date
/// (`purchase_inquiry_at` and `replied_buying_questions_at` are added), ages are uniform on
/// 0…``plantedMaximumAge`` days before `scored_at`, and a planted rule's effect on the true
/// log-odds is its coefficient × 0.5^(age / half-life) (the encoding of `halfLifeDays`); rules
/// without a planted half-life do not decay. Without half-lives the output is unchanged.
///
/// ```swift
/// let sim = DealSimulator(seed: 7, deals: 3_200, quarters: 8)
/// let csv = sim.dealsCSV()          // same seed → same bytes
/// let truth = sim.trueWeightsJSON() // the coefficients that generated it
/// ```
public struct DealSimulator: Sendable {
    /// The seed.
    public var seed: UInt64
    /// Rows to generate (open deals included).
    public var deals: Int
    /// Quarters the closed dates span.
    public var quarters: Int
    /// First day of the first quarter (fixed so output never depends on today's date).
    public var start: CalendarDate
    /// Planted half-lives in days, by rule id (one of ``datedRules``); empty: no decay planted.
    public var halfLives: [String: Double]

    /// Rules whose signal carries a `<signal>_at` date when half-lives are planted, with the date
    /// column.
    public static let datedRules: [(rule: String, dateColumn: String)] = [
        ("pricing_page", "pricing_page_visits_at"), ("demo_request", "demo_requested_at"),
        ("purchase_inquiry", "purchase_inquiry_at"), ("buying_questions", "replied_buying_questions_at"),
    ]
    /// With planted half-lives, ages of dated signals are uniform on 0…this many days.
    public static let plantedMaximumAge = 179

    /// True log-odds: intercept.
    public static let intercept = -2.9
    /// True log-odds per card rule (rule id → coefficient). `pricing_page` drifts (see
    /// ``pricingEffect(quarter:of:)``).
    public static let weights: [(rule: String, coefficient: Double)] = [
        ("industry_fit", 0.5), ("decision_maker", 0.8), ("clear_use_case", 0.7), ("pricing_page", 0.6),
        ("demo_request", 1.3), ("purchase_inquiry", 1.9), ("buying_questions", 1.0), ("email_opens", 0.02),
        ("unsubscribed", -0.9), ("intern", -1.1), ("ai_hot", 0.15), ("partner_referral", 0.0),
    ]
    /// True log-odds of company sizes the card does not score.
    public static let companySizeEffects: [(band: String, coefficient: Double)] = [
        ("1-10", -0.3), ("11-50", 0), ("51-200", 0.2), ("201-1000", 0.3), ("1000+", 0.1),
    ]

    /// Creates a simulator. The defaults reproduce `datasets/b2b-saas`.
    ///
    /// - Parameter halfLives: planted half-lives (rule id → days > 0), keys among ``datedRules``.
    public init(
        seed: UInt64, deals: Int, quarters: Int = 8, start: CalendarDate = CalendarDate(year: 2024, month: 10, day: 1)!,
        halfLives: [String: Double] = [:]
    ) {
        precondition(deals > 0 && quarters > 0, "deals and quarters must be positive")
        precondition(
            halfLives.allSatisfy { h in h.value > 0 && Self.datedRules.contains { $0.rule == h.key } },
            "half-lives must be positive and name a dated rule: " + Self.datedRules.map(\.rule).joined(separator: ", "))
        self.halfLives = halfLives
        self.seed = seed
        self.deals = deals
        self.quarters = quarters
        self.start = start
    }

    /// The pricing-page coefficient in quarter `q` (0-based) of `n`: it fades from 1.0 to 0.2 as
    /// visiting the pricing page becomes something every prospect does.
    public static func pricingEffect(quarter q: Int, of n: Int) -> Double {
        n <= 1 ? 0.6 : 1.0 - 0.8 * Double(q) / Double(n - 1)
    }

    /// Column names of the generated CSV.
    public static let header = [
        "deal_id", "outcome", "closed_at", "scored_at", "industry", "is_decision_maker", "company_size", "use_case",
        "job_level", "pricing_page_visits", "pricing_page_visits_at", "demo_requested", "demo_requested_at",
        "purchase_inquiry", "replied_buying_questions", "email_opens", "unsubscribed", "ai_score",
        "onboarding_call_booked", "onboarding_call_booked_at", "partner_referral",
    ]

    /// Column names of this simulator's CSV: ``header``, plus the added date columns when
    /// half-lives are planted.
    public var columns: [String] {
        halfLives.isEmpty ? Self.header : Self.header + ["purchase_inquiry_at", "replied_buying_questions_at"]
    }

    /// The generated rows (as CSV fields), deterministic for the seed.
    public func rows() -> [[String]] {
        var rng = SplitMix64(seed: seed)
        let quarterStarts = (0...quarters).map { q -> CalendarDate in
            let (y, m, _) = start.components
            let months = (m - 1) + 3 * q
            return CalendarDate(year: y + months / 12, month: months % 12 + 1, day: 1)!
        }
        func pick<T>(_ options: [(T, Double)]) -> T {
            var u = rng.nextUnit()
            for (v, w) in options {
                if u < w { return v }
                u -= w
            }
            return options.last!.0
        }
        let weight = Dictionary(uniqueKeysWithValues: Self.weights.map { ($0.rule, $0.coefficient) })
        let sizeEffect = Dictionary(uniqueKeysWithValues: Self.companySizeEffects.map { ($0.band, $0.coefficient) })
        var out: [[String]] = []
        out.reserveCapacity(deals)
        for k in 0..<deals {
            let q = rng.nextInt(below: quarters)
            let qStart = quarterStarts[q]
            let qLen = quarterStarts[q + 1].daysSince(qStart)
            let closed = qStart.adding(days: rng.nextInt(below: qLen))
            let scored = closed.adding(days: -(14 + rng.nextInt(below: 77)))
            let drift = quarters <= 1 ? 0 : Double(q) / Double(quarters - 1)
            let intent = rng.nextNormal()

            let industry = pick([
                ("software", 0.3), ("manufacturing", 0.2), ("retail", 0.15), ("healthcare", 0.15), ("education", 0.1),
                ("other", 0.1),
            ])
            let decisionMaker = rng.nextBool(probability: 0.35)
            let size = pick([("1-10", 0.2), ("11-50", 0.3), ("51-200", 0.25), ("201-1000", 0.15), ("1000+", 0.1)])
            let useCase = pick([("clear", 0.4), ("vague", 0.4), ("", 0.2)])
            let level = pick([
                ("intern", 0.08), ("individual", 0.4), ("manager", 0.3), ("director", 0.15), ("executive", 0.07),
            ])
            let visits = rng.nextPoisson(mean: _exp(-0.1 + 0.6 * intent))
            let demo = rng.nextBool(probability: logistic(-1.4 + 0.9 * intent))
            let inquiry = rng.nextBool(probability: logistic(-3.0 + 0.9 * intent))
            let replied = rng.nextBool(probability: logistic(-1.3 + 0.6 * intent))
            // Opens: mostly bots and privacy prefetch, rising over time; unrelated to intent.
            let opens = rng.nextPoisson(mean: 4 + 1.5 * drift)
            let unsubscribed = rng.nextBool(probability: 0.08)
            // The AI score tracks intent only loosely and runs hot, more so in later quarters.
            let ai = min(100, max(0, (58 + 8 * drift + 10 * (0.35 * intent + rng.nextNormal())).rounded()))

            // Planted decay: the age of each intent signal that fired, drawn before the outcome.
            let planted = !halfLives.isEmpty
            var age: [String: Int] = [:]
            if planted {
                for (rule, fired) in [
                    ("pricing_page", visits > 0), ("demo_request", demo), ("purchase_inquiry", inquiry),
                    ("buying_questions", replied),
                ] where fired {
                    age[rule] = rng.nextInt(below: Self.plantedMaximumAge + 1)
                }
            }
            let x: [String: Double] = [
                "industry_fit": industry == "software" || industry == "manufacturing" ? 1 : 0,
                "decision_maker": decisionMaker ? 1 : 0,
                "clear_use_case": useCase == "clear" ? 1 : 0,
                "pricing_page": visits >= 1 ? 1 : 0,
                "demo_request": demo ? 1 : 0,
                "purchase_inquiry": inquiry ? 1 : 0,
                "buying_questions": replied ? 1 : 0,
                "email_opens": Double(min(opens, 5)),
                "unsubscribed": unsubscribed ? 1 : 0,
                "intern": level == "intern" ? 1 : 0,
                "ai_hot": ai >= 70 ? 1 : 0,
                "partner_referral": 0,
            ]
            var eta = Self.intercept + (sizeEffect[size] ?? 0)
            for (rule, b) in weight {
                var effect = (rule == "pricing_page" ? Self.pricingEffect(quarter: q, of: quarters) : b) * x[rule]!
                if planted, let h = halfLives[rule], let a = age[rule] {
                    effect *= SignalAge.remaining(age: Double(a), halfLife: h)
                }
                eta += effect
            }
            let won = rng.nextBool(probability: logistic(eta))

            // About 5% of rows are still open; a few have no outcome at all.
            let status = rng.nextUnit()
            let outcome = status < 0.05 ? "open" : status < 0.056 ? "" : (won ? "won" : "lost")
            let isClosed = outcome == "won" || outcome == "lost"
            let onboarding = isClosed && rng.nextBool(probability: won ? 0.9 : 0.03)
            func date(_ d: CalendarDate) -> String { d.description }
            if planted {
                func dated(_ rule: String) -> String { age[rule].map { date(scored.adding(days: -$0)) } ?? "" }
                out.append([
                    "D-\(String(repeating: "0", count: max(0, 5 - String(k + 1).count)))\(k + 1)", outcome,
                    isClosed ? date(closed) : "", date(scored), industry, decisionMaker ? "true" : "false", size,
                    useCase, level,
                    String(visits), dated("pricing_page"), demo ? "true" : "false", dated("demo_request"),
                    inquiry ? "true" : "false", replied ? "true" : "false", String(opens),
                    unsubscribed ? "true" : "false",
                    JSONValue.format(ai), onboarding ? "true" : "false",
                    onboarding ? date(closed.adding(days: 1 + rng.nextInt(below: 20))) : "", "false",
                    dated("purchase_inquiry"), dated("buying_questions"),
                ])
                continue
            }
            out.append([
                "D-\(String(repeating: "0", count: max(0, 5 - String(k + 1).count)))\(k + 1)", outcome,
                isClosed ? date(closed) : "", date(scored), industry, decisionMaker ? "true" : "false", size, useCase,
                level,
                String(visits), visits > 0 ? date(scored.adding(days: -rng.nextInt(below: 45))) : "",
                demo ? "true" : "false", demo ? date(scored.adding(days: -rng.nextInt(below: 30))) : "",
                inquiry ? "true" : "false", replied ? "true" : "false", String(opens), unsubscribed ? "true" : "false",
                JSONValue.format(ai), onboarding ? "true" : "false",
                onboarding ? date(closed.adding(days: 1 + rng.nextInt(below: 20))) : "", "false",
            ])
        }
        return out
    }

    /// The deal history as CSV text.
    public func dealsCSV() -> String { CSVWriter().table(header: columns, rows: rows()) }

    /// The true effects as JSON: intercept, per-rule coefficients (with the pricing-page drift per
    /// quarter), the unscored company-size effects, and what each planted feature is.
    public func trueWeightsJSON() -> JSONValue {
        let qs = (0..<quarters).map { q -> JSONValue in
            let (y, m, _) = start.components
            let months = (m - 1) + 3 * q
            let label = CalendarDate(year: y + months / 12, month: months % 12 + 1, day: 1)!.quarterLabel
            return .object([
                ("quarter", .string(label)), ("coefficient", .number(Self.pricingEffect(quarter: q, of: quarters))),
            ])
        }
        var document: [(String, JSONValue)] = [
            ("generator", "scorecard simulate"),
            ("seed", .number(Double(seed))), ("deals", .number(Double(deals))), ("quarters", .number(Double(quarters))),
            (
                "model",
                "logit P(won) = intercept + sum of coefficient × rule column (+ company size effect); email_opens column = min(opens, 5)"
            ),
            ("intercept", .number(Self.intercept)),
            (
                "rules",
                .array(
                    Self.weights.map { w in
                        var m: [(String, JSONValue)] = [
                            ("id", .string(w.rule)), ("coefficient", .number(w.coefficient)),
                        ]
                        if w.rule == "pricing_page" {
                            m.append(("byQuarter", .array(qs)))
                            m.append(("note", "drifts: the coefficient field is the average"))
                        }
                        if let h = halfLives[w.rule] { m.append(("halfLifeDays", .number(h))) }
                        return .object(m)
                    })
            ),
            ("companySize", .object(Self.companySizeEffects.map { ($0.band, .number($0.coefficient)) })),
            (
                "planted",
                .object([
                    (
                        "email_opens",
                        "fire about equally for won and lost deals (bots, privacy prefetch); rise over time"
                    ),
                    ("ai_score", "over-confident: about a third of deals score >= 70, true effect of ai_hot only 0.15"),
                    (
                        "onboarding_call_booked",
                        "leaky: recorded after closed_at, 90% of won vs 3% of lost deals; not in the true model"
                    ),
                    ("partner_referral", "never fires"),
                    ("outcome", "about 5% open and 0.6% empty: skipped"),
                    ("drift", "pricing_page effect fades 1.0 -> 0.2; email opens and AI scores inflate"),
                ])
            ),
        ]
        if !halfLives.isEmpty {
            let planted: [(String, JSONValue)] = Self.datedRules.compactMap { d in
                halfLives[d.rule].map { (d.rule, JSONValue.number($0)) }
            }
            let model =
                "effect on the log-odds = coefficient × 0.5^(age / halfLifeDays), age = days from <signal>_at to scored_at, uniform on 0..\(Self.plantedMaximumAge); other dated rules do not decay"
            document.append(
                (
                    "halfLives",
                    .object([
                        ("model", .string(model)), ("rules", .object(planted)),
                        ("dated", .array(Self.datedRules.map { JSONValue.string($0.dateColumn) })),
                    ])
                ))
        }
        return .object(document)
    }
}
