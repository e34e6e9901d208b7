import ScorecardKit

/// The options that pick and scale the threshold, shared by `review`, `fit` and `sweep`:
/// `--select RULE [--per month|quarter] [--scale METHOD] [--step N] [--max-total N] [--rule-cap N]
/// [--platform P] [--bootstrap N] [--seed N]`.
struct SelectionOptions {
    static let valued: Set<String> = ["select", "per", "scale", "step", "max-total", "rule-cap", "bootstrap", "seed", "platform"]  // platform: a CRM's documented score limits (Platform)

    static let help = """
      --select RULE        recall:R (the 80% rule is recall:0.8), precision:P, capacity:N, f1, youden,
                           value:DEAL_VALUE:COST_PER_SQL                        (default: recall:0.8)
      --per month|quarter  the period capacity:N counts SQLs per                (default: quarter)
      --scale METHOD       keep-threshold (the current card's number), max:N (top score N),
                           pdo:P or pdo:P@S (P points double the odds)          (default: keep-threshold)
      --step N             points are multiples of N                            (default: 1)
      --max-total N        the highest score a lead may reach (a CRM's cap)
      --rule-cap N         the most points (either sign) one rule may carry
      --platform P         scale within a CRM's limits: \(Platform.names)
      --bootstrap N        resamples for the threshold's interval, 0 to skip    (default: 1000)
      --seed N             the bootstrap's seed                                 (default: 1)

    """

    var rule: ThresholdRule
    var per: Period
    var scale: String
    var step: Double
    var limits: PointsScaler.Limits
    var resamples: Int
    var seed: UInt64

    init(_ args: ArgumentList) throws {
        let text = args.options["select"] ?? "recall:0.8"
        guard let rule = ThresholdRule(parsing: text) else {
            throw CLIError.usage("--select must be \(ThresholdRule.forms); got \(quoted(text))", command: args.command)
        }
        self.rule = rule
        let perText = args.options["per"] ?? "quarter"
        guard let per = Period(rawValue: perText) else { throw CLIError.usage("--per must be month or quarter; got \(quoted(perText))", command: args.command) }
        self.per = per
        scale = args.options["scale"] ?? "keep-threshold"
        guard PointsScaler.Method(parsing: scale, threshold: 1, rule: rule) != nil else {
            throw CLIError.usage("--scale must be keep-threshold, max:N or pdo:P[@S]; got \(quoted(scale))", command: args.command)
        }
        step = try args.positiveNumber("step") ?? 1
        limits = PointsScaler.Limits(ruleCap: try args.positiveNumber("rule-cap"), maxTotal: try args.positiveNumber("max-total"))
        if let text = args.options["platform"] {
            guard let platform = Platform(rawValue: text) else { throw CLIError.usage("--platform must be one of \(Platform.names); got \(quoted(text))", command: args.command) }
            limits = limits.tightened(by: platform.limits)
        }
        resamples = try args.integer("bootstrap", default: 1_000, range: 0...100_000)
        let seedText = args.options["seed"] ?? "1"
        guard let seed = UInt64(seedText) else { throw CLIError.usage("--seed must be a whole number ≥ 0; got \(quoted(seedText))", command: args.command) }
        self.seed = seed
    }

    /// The scaling method for a card with this threshold.
    func method(threshold: Double) -> PointsScaler.Method {
        PointsScaler.Method(parsing: scale, threshold: threshold, rule: rule)!
    }
}
