/// One estimated coefficient with its Wald inference.
public struct Estimate: Sendable, Equatable {
    /// The coefficient (log-odds per unit of the column).
    public var coefficient: Double
    /// Standard error from the inverse (penalized) information matrix.
    public var stdError: Double
    /// Wald z = coefficient / stdError.
    public var z: Double { coefficient / stdError }
    /// Two-sided p-value of z.
    public var pValue: Double { Normal.twoSidedP(z) }
    /// Lower end of the 95% interval.
    public var ciLow: Double
    /// Upper end of the 95% interval.
    public var ciHigh: Double
    /// How the interval was computed: `wald` or `profile`.
    public var intervalMethod: String

    /// Replaces the Wald interval with a profile-likelihood interval (kept as Wald when the
    /// profile could not be bracketed).
    mutating func setProfile(_ interval: ClosedRange<Double>?) {
        guard let interval else { return }
        ciLow = interval.lowerBound
        ciHigh = interval.upperBound
        intervalMethod = "profile"
    }

    /// A Wald estimate: the interval is coefficient ± 1.959964·stdError.
    public init(coefficient: Double, stdError: Double) {
        self.coefficient = coefficient
        self.stdError = stdError
        let half = Normal.quantile(0.975) * stdError
        ciLow = coefficient - half
        ciHigh = coefficient + half
        intervalMethod = "wald"
    }
}

/// Why a rule's column was left out of a fit.
public enum Exclusion: String, Sendable, Equatable {
    /// The rule fires for no deal: the data say nothing about it.
    case neverFires
    /// The rule gives every deal the same value: it cannot be told apart from the intercept.
    case constant
    /// The rule is the reference level of an exhaustive group (see ``GroupCoverage``): its
    /// coefficient is 0 by construction and the group's other levels are measured from it.
    case reference

    /// A phrase for reports.
    public var phrase: String {
        switch self {
        case .neverFires: "never fires in this history, so the data say nothing about it"
        case .constant: "has the same value for every deal, so it cannot be told apart from the baseline"
        case .reference:
            "is the reference level of its group (every deal fires exactly one of the group's rules), so its coefficient is 0 and the other levels are measured from it"
        }
    }
}

/// The result of ``LogisticRegression/fit(_:)-(PatternTable)``: coefficients, inference and
/// diagnostics, in the spirit of statsmodels' results objects.
public struct LogisticFit: Sendable {
    /// Rule ids, one per design column (including excluded ones).
    public var ruleIDs: [String]
    /// The intercept (log-odds of winning when no rule fires).
    public var intercept: Estimate
    /// One estimate per rule; `nil` for a rule excluded from the fit (see ``exclusions``).
    public var estimates: [Estimate?]
    /// Rules left out, and why.
    public var exclusions: [String: Exclusion]
    /// Log-likelihood at the estimate (without the penalty).
    public var logLikelihood: Double
    /// Log-likelihood of the intercept-only model.
    public var nullLogLikelihood: Double
    /// The maximized objective (log-likelihood plus penalty term).
    public var penalizedLogLikelihood: Double
    /// Newton iterations taken.
    public var iterations: Int
    /// Whether the change in the objective fell below the tolerance.
    public var converged: Bool
    /// The penalty used.
    public var penalty: Penalty
    /// Patterns fitted: the distinct rows, or every row when a large history hardly repeats
    /// (``patternsAreDistinct`` is then false; see ``PatternTable/init(_:)``).
    public var patternCount: Int
    /// Whether ``patternCount`` counts distinct rows.
    public var patternsAreDistinct = true
    /// Won and lost deals (weights) fitted.
    public var won: Double
    /// Lost deals fitted.
    public var lost: Double
    /// Covariance of (intercept, kept coefficients), row-major.
    public var covariance: [Double]
    /// Indices of the rules that were fitted (columns of ``covariance`` after the intercept).
    public var keptColumns: [Int]
    /// Rules that separate won from lost on their own (found before fitting).
    public var separation: [SeparatedRule]
    /// Plain-English warnings (non-convergence, possible separation, …).
    public var warnings: [String]
    /// For a Firth fit: the FLIC intercept (refitted by maximum likelihood with the slopes fixed),
    /// which makes the average predicted probability equal the observed win rate. Use it for
    /// predicted probabilities; the Firth intercept is biased toward ½.
    public var flicIntercept: Double?
    /// Per rule (column), the won weight of the deals where its value is above 0: where it fires.
    public var firedWon: [Double]
    /// Per rule (column), the lost weight of the deals where it fires.
    public var firedLost: [Double]

    /// Deals fitted.
    public var deals: Double { won + lost }

    /// The columns fitted as reference levels (``Exclusion/reference``), coefficient 0: pass them
    /// as ``LogisticRegression/references`` to fit a subset of the same history the same way.
    public var referenceColumns: Set<Int> { Set(ruleIDs.indices.filter { exclusions[ruleIDs[$0]] == .reference }) }

    /// Coefficients per rule, 0 for excluded ones.
    public var coefficients: [Double] { estimates.map { $0?.coefficient ?? 0 } }

    /// McFadden's pseudo-R² = 1 − ℓ/ℓ₀.
    public var pseudoR2: Double { 1 - logLikelihood / nullLogLikelihood }

    /// The fitted log-odds for one design row.
    public func linearPredictor(_ row: some Collection<Double>) -> Double {
        var eta = intercept.coefficient
        for (x, b) in zip(row, coefficients) { eta += x * b }
        return eta
    }
}
