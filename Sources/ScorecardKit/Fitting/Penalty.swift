/// How the logistic likelihood is penalized.
///
/// With ℓ(β) the log-likelihood, β₀ the intercept and β₁…β_p the rule coefficients, the fit
/// maximizes:
/// ```
/// none:   ℓ(β)
/// ridge:  ℓ(β) − λ/2 · Σ_{j≥1} β_j²            (scikit-learn's C = 1/λ; intercept unpenalized)
/// prior:  ℓ(β) − λ/2 · Σ_{j≥1} (β_j − m_j)²    (ridge centred on prior means m)
/// firth:  ℓ(β) + ½ · log det I(β)              (Jeffreys prior; Firth 1993)
/// ```
public enum Penalty: Sendable, Equatable, CustomStringConvertible {
    /// Maximum likelihood.
    case none
    /// Ridge with strength λ ≥ 0 on the rule coefficients.
    case ridge(lambda: Double)
    /// Ridge centred on `means` (one per rule) with strength λ.
    case prior(means: [Double], lambda: Double)
    /// Firth's bias-reduced (Jeffreys-prior penalized) likelihood.
    case firth

    /// The name used on the command line and in JSON: `none`, `l2`, `prior`, `firth`.
    public var name: String {
        switch self {
        case .none: "none"
        case .ridge: "l2"
        case .prior: "prior"
        case .firth: "firth"
        }
    }

    public var description: String {
        switch self {
        case .none: "none (maximum likelihood)"
        case .ridge(let l): "l2 (ridge, lambda \(JSONValue.format(l)))"
        case .prior(_, let l): "prior (ridge centred on the current card, lambda \(JSONValue.format(l)))"
        case .firth: "firth (Jeffreys-prior bias reduction)"
        }
    }
}
