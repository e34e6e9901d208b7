import Foundation

/// The minimum number of closed deals needed to fit a scorecard of `p` coefficients reliably, by
/// the three criteria of Riley et al. for a binary outcome (Riley RD, Ensor J, Snell KIE et al.
/// "Calculating the sample size required for developing a clinical prediction model", BMJ
/// 2020;368:m441; derivations in Riley et al., Stat Med 2019;38:1276–1296). The formulas and
/// defaults are those of `pmsampsize` (R; Python 0.1.0 `pmsampsize_bin`), against whose numbers
/// the tests check.
///
/// With p parameters, prevalence φ (win rate), anticipated Cox–Snell R²cs and target shrinkage
/// S = 0.9:
/// ```
/// (i)   expected shrinkage ≥ S:          n₁ = p / ((S − 1) · ln(1 − R²cs / S))
/// (ii)  optimism in Nagelkerke R² ≤ δ:   max R²cs = 1 − exp(2 · lnL₀ / n),
///                                         lnL₀ / n = φ ln φ + (1 − φ) ln(1 − φ)
///                                         S_δ = R²cs / (R²cs + δ · max R²cs),  δ = 0.05
///                                         n₂ = p / ((S_δ − 1) · ln(1 − R²cs / S_δ))
/// (iii) intercept within ±0.05:          n₃ = (1.96 / 0.05)² · φ (1 − φ)
/// minimum = max(⌈n₁⌉, ⌈n₂⌉, ⌈n₃⌉)
/// ```
///
/// ```swift
/// let s = SampleSize(parameters: 24, prevalence: 0.174, anticipatedR2CS: 0.288)
/// s.minimumDeals   // 662, as pmsampsize
/// ```
public struct SampleSize: Sendable, Equatable {
    /// Deals required by each criterion (each rounded up).
    public struct Criteria: Sendable, Equatable {
        /// (i) expected uniform shrinkage of the coefficients ≥ the target (0.9).
        public var shrinkage: Int
        /// (ii) apparent minus adjusted Nagelkerke R² ≤ δ (0.05).
        public var optimism: Int
        /// (iii) the overall win rate estimated within ±0.05 (95%).
        public var intercept: Int
    }

    /// Coefficients to estimate (rules fitted; the intercept is not counted, as in Riley et al.).
    public var parameters: Int
    /// The win rate φ among closed deals.
    public var prevalence: Double
    /// The anticipated Cox–Snell R² of the model (see ``anticipatedR2CS(logLikelihood:nullLogLikelihood:deals:parameters:)``
    /// and ``conservativeR2CS(prevalence:)``).
    public var anticipatedR2CS: Double
    /// Deals in the history (for the comparison with ``minimumDeals``), if known.
    public var deals: Double?
    /// Target expected shrinkage S of criterion (i).
    public var targetShrinkage: Double
    /// Largest acceptable optimism δ in Nagelkerke's R² of criterion (ii).
    public var optimismMargin: Double
    /// Deals each criterion needs.
    public var criteria: Criteria
    /// The largest Cox–Snell R² any model can reach at this prevalence: 1 − exp(2·lnL₀/n).
    public var maximumR2CS: Double
    /// The shrinkage criterion (ii) implies, S_δ.
    public var optimismShrinkage: Double

    /// The minimum number of closed deals: the largest of the three criteria.
    public var minimumDeals: Int { max(criteria.shrinkage, criteria.optimism, criteria.intercept) }

    /// Whether the history has at least ``minimumDeals`` deals (`nil` when ``deals`` is unknown).
    public var isEnough: Bool? { deals.map { $0 >= Double(minimumDeals) } }

    /// Computes the three criteria.
    ///
    /// - Precondition: parameters ≥ 1, 0 < prevalence < 1, 0 < anticipatedR2CS < min(S, max R²cs).
    public init(
        parameters: Int, prevalence: Double, anticipatedR2CS r2: Double, deals: Double? = nil,
        targetShrinkage s: Double = 0.9, optimismMargin delta: Double = 0.05
    ) {
        precondition(parameters >= 1, "at least one parameter")
        precondition(prevalence > 0 && prevalence < 1, "prevalence must be strictly between 0 and 1")
        let maxR2 = Self.maximumR2CS(prevalence: prevalence)
        precondition(
            r2 > 0 && r2 < s && r2 < maxR2,
            "anticipated R²cs must be positive, below the shrinkage target and below max R²cs \(maxR2)")
        self.parameters = parameters
        self.prevalence = prevalence
        self.anticipatedR2CS = r2
        self.deals = deals
        self.targetShrinkage = s
        self.optimismMargin = delta
        self.maximumR2CS = maxR2
        func n(_ shrink: Double) -> Int {
            Int((Double(parameters) / ((shrink - 1) * log(1 - r2 / shrink))).rounded(.up))
        }
        let sDelta = r2 / (r2 + delta * maxR2)
        self.optimismShrinkage = sDelta
        let z = 1.96
        let margin = 0.05
        criteria = Criteria(
            shrinkage: n(s), optimism: n(sDelta),
            intercept: Int(((z / margin) * (z / margin) * prevalence * (1 - prevalence)).rounded(.up)))
    }

    /// Where ``anticipatedR2CS`` came from.
    public enum R2Source: String, Sendable {
        /// The fit's likelihood-ratio R²cs shrunk for optimism (``anticipatedR2CS(logLikelihood:nullLogLikelihood:deals:parameters:)``).
        case fit
        /// Riley et al.'s conservative default, 15% of max R²cs (the fit's was not usable).
        case conservativeDefault
        /// Given by the caller.
        case given
    }

    /// The criteria for refitting the rules of `fit` on a history like the one it was fitted to:
    /// p = the rules fitted, φ = won / deals, R²cs from the fit's log-likelihoods (unpenalized,
    /// also for penalized fits) shrunk for optimism, or 15% of max R²cs when that is not positive.
    ///
    /// - Returns: the criteria and where R²cs came from; `nil` when the fit has no rule or one
    ///   outcome only.
    public static func forFit(_ fit: LogisticFit) -> (sampleSize: SampleSize, r2Source: R2Source)? {
        let p = fit.keptColumns.count
        let n = fit.deals
        guard p >= 1, n > 0, fit.won > 0, fit.lost > 0 else { return nil }
        let phi = fit.won / n
        let maxR2 = maximumR2CS(prevalence: phi)
        if let r2 = anticipatedR2CS(
            logLikelihood: fit.logLikelihood, nullLogLikelihood: fit.nullLogLikelihood, deals: n, parameters: p),
            r2 < 0.9, r2 < maxR2
        {
            return (SampleSize(parameters: p, prevalence: phi, anticipatedR2CS: r2, deals: n), .fit)
        }
        return (
            SampleSize(parameters: p, prevalence: phi, anticipatedR2CS: conservativeR2CS(prevalence: phi), deals: n),
            .conservativeDefault
        )
    }

    /// max R²cs = 1 − exp(2·[φ ln φ + (1 − φ) ln(1 − φ)]) (Riley et al. 2020, eq. in box 1; the
    /// log-likelihood of the intercept-only model per deal is φ ln φ + (1 − φ) ln(1 − φ)).
    public static func maximumR2CS(prevalence phi: Double) -> Double {
        1 - exp(2 * (phi * log(phi) + (1 - phi) * log(1 - phi)))
    }

    /// Riley et al.'s conservative default when nothing is known of the model's performance:
    /// 15% of the maximum R²cs (BMJ 2020, "if no information is available").
    public static func conservativeR2CS(prevalence: Double) -> Double { 0.15 * maximumR2CS(prevalence: prevalence) }

    /// The anticipated R²cs from a fit on the history itself: the apparent likelihood-ratio
    /// R²app = 1 − exp(2(ℓ₀ − ℓ)/n), shrunk for optimism by the heuristic (van Houwelingen)
    /// factor S_VH = 1 + p / (n · ln(1 − R²app)) = (LR − p) / LR, LR = 2(ℓ − ℓ₀), giving S_VH · R²app (Riley et al. 2020, "using
    /// the reported R² of an existing model", and Stat Med 2019 eq. 12). Returns `nil` when the
    /// adjusted value is not positive (the history is too small to tell the model from noise;
    /// use ``conservativeR2CS(prevalence:)``).
    public static func anticipatedR2CS(
        logLikelihood ll: Double, nullLogLikelihood ll0: Double, deals n: Double, parameters p: Int
    ) -> Double? {
        let apparent = 1 - exp(2 * (ll0 - ll) / n)
        guard apparent > 0, apparent < 1 else { return nil }
        // n · ln(1 − R²app) = −LR with LR = 2(ℓ − ℓ₀), so S_VH = (LR − p) / LR exactly.
        let lr = 2 * (ll - ll0)
        let shrink = (lr - Double(p)) / lr
        let adjusted = shrink * apparent
        return adjusted > 0 ? adjusted : nil
    }

    /// `{"minimumDeals", "deals", "parameters", "prevalence", "anticipatedR2CS", "criteria":
    /// {"shrinkage", "optimism", "intercept"}}` (DESIGN.md `sampleSize`), plus `maximumR2CS`,
    /// `targetShrinkage` and `optimismShrinkage`.
    public var json: JSONValue {
        .object([
            ("minimumDeals", .number(Double(minimumDeals))),
            ("deals", deals.map { .number($0) } ?? .null),
            ("parameters", .number(Double(parameters))),
            ("prevalence", .finite(prevalence)),
            ("anticipatedR2CS", .finite(anticipatedR2CS)),
            (
                "criteria",
                .object([
                    ("shrinkage", .number(Double(criteria.shrinkage))),
                    ("optimism", .number(Double(criteria.optimism))),
                    ("intercept", .number(Double(criteria.intercept))),
                ])
            ),
            ("maximumR2CS", .finite(maximumR2CS)),
            ("targetShrinkage", .finite(targetShrinkage)),
            ("optimismShrinkage", .finite(optimismShrinkage)),
        ])
    }

    /// Closed deals needed before a change of `change` in a coefficient (log-odds) would be
    /// distinguishable from chance, when the coefficient's standard error on the current `deals`
    /// deals is `standardError`.
    ///
    /// Standard errors shrink as 1/√n (the information grows in proportion to n when new deals
    /// resemble the old ones), so at n′ deals SE′ = SE·√(n/n′). The change is distinguishable when
    /// |Δ| ≥ (z₁₋α/₂ + z_power)·SE′, i.e.
    /// ```
    /// n′ = n · ((z₁₋α/₂ + z_power) · SE / |Δ|)²
    /// ```
    /// With the default `power` 0.5 (z = 0) this is the n at which a true change of Δ would sit
    /// exactly at the edge of 95% significance; 0.8 gives the usual 80%-power sample size.
    ///
    /// - Returns: total deals n′ (rounded up, at least `deals`) and how many more that is.
    public static func dealsToDistinguish(
        change: Double, standardError se: Double, deals n: Double,
        alpha: Double = 0.05, power: Double = 0.5
    ) -> (total: Int, additional: Int) {
        precondition(
            se > 0 && n > 0 && alpha > 0 && alpha < 1 && power > 0 && power < 1,
            "standard error, deals, alpha and power must be in range")
        guard change != 0 else { return (Int.max, Int.max) }
        let z = Normal.quantile(1 - alpha / 2) + Normal.quantile(power)
        let ratio = z * se / abs(change)
        let total = max(n, (n * ratio * ratio).rounded(.up))
        guard total < Double(Int.max / 2) else { return (Int.max, Int.max) }
        return (Int(total), max(0, Int(total) - Int(n.rounded(.up))))
    }
}
