import ScorecardKit

/// `--penalty none|l2|firth|prior [--lambda X]` (and `auto` for review). A `prior` penalty is
/// returned with empty means: the command centres it on the card (``CardPrior``).
enum PenaltyOption {
    /// `--penalty P --lambda X`; `auto` is the default where the command chooses.
    static func specs(auto: Bool) -> [OptionSpec] {
        [
            auto
                ? OptionSpec(
                    "penalty", "P",
                    "auto, none, l2, firth or prior. auto: prior for small histories, firth for separated ones, maximum likelihood otherwise; the output says which it used and why",
                    default: "auto")
                : OptionSpec(
                    "penalty", "P",
                    "none, l2, firth or prior (prior: ridge centred on the card's points, calibrated on the history)",
                    default: "none"),
            OptionSpec("lambda", "X", "strength for --penalty l2 (scikit-learn's C = 1/X) or prior", default: "1"),
        ]
    }

    /// The requested penalty; `nil` for `auto` (or nothing, when `allowAuto`).
    static func parse(_ args: ArgumentList, allowAuto: Bool) throws -> Penalty? {
        let name = args.options["penalty"] ?? (allowAuto ? "auto" : "none")
        let lambdaText = args.options["lambda"]
        var lambda = 1.0
        if let t = lambdaText {
            guard let l = Double(t), l.isFinite, l >= 0 else {
                throw CLIError.usage("--lambda must be a number ≥ 0; got \(quoted(t))", command: args.command)
            }
            lambda = l
        }
        switch name {
        case "auto" where allowAuto: return nil
        case "none", "firth":
            if lambdaText != nil {
                throw CLIError.usage("--lambda applies to --penalty l2 or prior, not \(name)", command: args.command)
            }
            return name == "none" ? Penalty.none : .firth
        case "l2": return .ridge(lambda: lambda)
        case "prior": return .prior(means: [], lambda: lambda)
        default:
            throw CLIError.usage(
                "--penalty must be \(allowAuto ? "auto, " : "")none, l2, firth or prior; got \(quoted(name))",
                command: args.command)
        }
    }
}
