/// The half-life of one dated behavior rule, estimated from the outcomes by profile likelihood
/// (see ``DecayEstimator``).
public struct DecayEstimate: Sendable, Equatable {
    /// One point of the profile: the log-likelihood maximized over every coefficient with the
    /// rule's half-life held at `halfLifeDays` (∞ = no decay).
    public struct ProfilePoint: Sendable, Equatable {
        /// The half-life in days (`.infinity`: no decay).
        public var halfLifeDays: Double
        /// The profile (penalized, under Firth) log-likelihood.
        public var logLikelihood: Double
    }

    /// The rule.
    public var ruleID: String
    /// The estimate, or `nil` for "no decay": the likelihood without decay is within the 95%
    /// cutoff of the maximum (2(ℓmax − ℓ(∞)) ≤ χ²₁,₀.₉₅ = 3.841), or highest at no decay.
    public var halfLifeDays: Double?
    /// The half-life that maximizes the profile likelihood, even when it is not distinguishable
    /// from no decay (`nil` when the maximum is at no decay).
    public var mostLikelyDays: Double?
    /// Lower end of the 95% profile interval {h : 2(ℓmax − ℓ(h)) ≤ 3.841}; the grid's lowest
    /// half-life when the interval reaches it.
    public var ciLow: Double
    /// Upper end; `nil` when the interval is unbounded above (no decay is inside it).
    public var ciHigh: Double?
    /// The card's current `halfLifeDays` for the rule (`nil`: none).
    public var currentHalfLifeDays: Double?
    /// Deals (weights) where the rule fires and its signal is dated: the deals that inform h.
    public var deals: Double
    /// ℓ(∞) − ℓmax ≤ 0: how much worse no decay fits.
    public var noDecayLogLikelihoodGap: Double
    /// The fit behind the profile: `none` (maximum likelihood) or `firth` (separated history).
    public var penalty: String
    /// The profile on the grid (rising half-life, ∞ last), for plots.
    public var profile: [ProfilePoint]

    /// Whether the data show decay (``halfLifeDays`` is not `nil`).
    public var decays: Bool { halfLifeDays != nil }

    /// `{"id", "halfLifeDays", "ciLow", "ciHigh", "currentHalfLifeDays", "deals"}` (DESIGN.md
    /// `decay`), plus `mostLikelyDays`, `noDecayLikelihoodRatio` (2(ℓmax − ℓ(∞))), `penalty` and
    /// `crm` (``CRMDecay`` settings for the estimate, when there is one).
    public var json: JSONValue {
        var m: [(String, JSONValue)] = [
            ("id", .string(ruleID)),
            ("halfLifeDays", halfLifeDays.map { .finite($0) } ?? .null),
            ("ciLow", .finite(ciLow)),
            ("ciHigh", ciHigh.map { .finite($0) } ?? .null),
            ("currentHalfLifeDays", currentHalfLifeDays.map { .finite($0) } ?? .null),
            ("deals", .finite(deals)),
            ("mostLikelyDays", mostLikelyDays.map { .finite($0) } ?? .null),
            ("noDecayLikelihoodRatio", .finite(-2 * noDecayLogLikelihoodGap)),
            ("penalty", .string(penalty)),
        ]
        if let h = halfLifeDays { m.append(("crm", CRMDecay(halfLifeDays: h).json)) }
        return .object(m)
    }
}
