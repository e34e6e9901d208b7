import ScorecardKit

/// The options that pick and scale the threshold, shared by the commands that fit or sweep:
/// `--select RULE [--per month|quarter] [--scale METHOD] [--step N] [--max-total N] [--rule-cap N]
/// [--bootstrap N] [--seed N]`. Each command declares the groups it uses; an undeclared option
/// keeps its default.
struct SelectionOptions {
    /// `--select RULE` and `--per`: how the threshold is picked.
    static let ruleSpecs: [OptionSpec] = [
        OptionSpec(
            "select", "RULE",
            "recall:R (the 80% rule is recall:0.8), precision:P, capacity:N, f1, youden, value:DEAL_VALUE:COST_PER_SQL",
            default: "recall:0.8"),
        OptionSpec("per", "month|quarter", "the period capacity:N counts SQLs per", default: "quarter"),
    ]

    /// How fitted coefficients become points.
    static let scalingSpecs: [OptionSpec] = [
        OptionSpec(
            "scale", "METHOD",
            "keep-threshold (the current card's number), max:N (top score N), pdo:P or pdo:P@S (P points double the odds)",
            default: "keep-threshold"),
        OptionSpec("step", "N", "points are multiples of N", default: "1"),
        OptionSpec("max-total", "N", "the highest score a lead may reach (a CRM's cap)"),
        OptionSpec("rule-cap", "N", "the most points (either sign) one rule may carry"),
        OptionSpec(
            "group-cap", "fit:T,behavior:T",
            "the highest score the fit (or behavior) rules may reach on their own, as HubSpot's per-category maximum"),
        OptionSpec(
            "keep-signs", nil,
            "keep each rule's sign from the current card (a rule with positive points never goes negative)"),
        OptionSpec(
            "platform", "P", "scale within a CRM's documented limits (score maximum, whole points): \(Platform.names)"),
    ]

    /// `--recent-won N` (review, sweep, backtest).
    static let recentWonSpec = OptionSpec(
        "recent-won", "N",
        "count the recall:R rule over the N most recently closed won deals only (by closed_at), the \"last 10–20 won deals\" recipe; other figures still count every deal"
    )

    /// The bootstrap behind an interval.
    static let bootstrapSpecs: [OptionSpec] = [
        OptionSpec("bootstrap", "N", "resamples for the interval, 0 to skip", default: "1000"),
        OptionSpec("seed", "N", "the bootstrap's seed", default: "1"),
    ]

    var rule: ThresholdRule
    var per: Period
    /// `--scale`, parsed once: `nil` keeps the current card's threshold number; otherwise the
    /// method with the rule as it was parsed (``method(threshold:)`` gives it the resolved rule).
    var scaling: PointsScaler.Method?
    var step: Double
    var limits: PointsScaler.Limits
    /// A CRM whose documented limits the scaling keeps to (`--platform`).
    var platform: Platform?
    var resamples: Int
    var seed: UInt64
    /// `--recent-won N`, when the command takes it.
    var recentWon: Int?

    /// For `value:COLUMN:COST`: the column the deal value comes from (see ``resolve(with:)``).
    var valueColumn: String?

    init(_ args: ArgumentList) throws {
        let text = args.options["select"] ?? "recall:0.8"
        if let rule = ThresholdRule(parsing: text) {
            self.rule = rule
        } else if case let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init),
            parts.count == 3, parts[0] == "value",
            !parts[1].isEmpty, Double(parts[1]) == nil, let cost = Double(parts[2]), cost.isFinite, cost >= 0
        {
            // value:Amount:2000: the deal value is read from a column once the deals are loaded.
            self.rule = .value(dealValue: 1, costPerSQL: cost)
            valueColumn = parts[1]
        } else {
            throw CLIError.usage(
                "--select must be \(ThresholdRule.forms) (R and P are shares above 0 and at most 1, e.g. recall:0.8 for 80%; N, DEAL_VALUE > 0, COST_PER_SQL ≥ 0; DEAL_VALUE may name a number column, e.g. value:Amount:2000); got \(quoted(text))",
                command: args.command)
        }
        let perText = args.options["per"] ?? "quarter"
        guard let per = Period(rawValue: perText) else {
            throw CLIError.usage("--per must be month or quarter; got \(quoted(perText))", command: args.command)
        }
        self.per = per
        let scale = args.options["scale"] ?? "keep-threshold"
        guard let method = PointsScaler.Method(parsing: scale, threshold: 1, rule: rule) else {
            throw CLIError.usage(
                "--scale must be keep-threshold, max:N or pdo:P[@S]; got \(quoted(scale))", command: args.command)
        }
        if case .keepThreshold = method { scaling = nil } else { scaling = method }
        step = try args.positiveNumber("step") ?? 1
        limits = PointsScaler.Limits(
            ruleCap: try args.positiveNumber("rule-cap"), maxTotal: try args.positiveNumber("max-total"))
        limits.keepSigns = args.flags.contains("keep-signs")
        if let text = args.options["group-cap"] {
            for part in text.split(separator: ",", omittingEmptySubsequences: false) {
                let kv = part.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
                guard kv.count == 2, let kind = RuleKind(rawValue: kv[0]), let cap = Double(kv[1]), cap > 0,
                    cap.isFinite
                else {
                    throw CLIError.usage(
                        "--group-cap must be fit:T, behavior:T or both (fit:T,behavior:T) with T > 0; got \(quoted(text))",
                        command: args.command)
                }
                if kind == .fit { limits.fitMax = cap } else { limits.behaviorMax = cap }
            }
        }
        if let text = args.options["platform"] {
            guard let platform = Platform(rawValue: text) else {
                throw CLIError.usage(
                    "--platform must be one of \(Platform.names); got \(quoted(text))", command: args.command)
            }
            self.platform = platform
        }
        resamples = try args.integer("bootstrap", default: 1_000, range: 0...100_000)
        let seedText = args.options["seed"] ?? "1"
        guard let seed = UInt64(seedText) else {
            throw CLIError.usage("--seed must be a whole number ≥ 0; got \(quoted(seedText))", command: args.command)
        }
        self.seed = seed
        if args.options["recent-won"] != nil {
            recentWon = try args.integer("recent-won", default: 0, range: 1...Int(Int32.max))
            guard case .recall = rule else {
                throw CLIError.usage(
                    "--recent-won counts recall over the latest won deals, so it needs --select recall:R; got --select \(rule)",
                    command: args.command)
            }
        }
    }

    /// The refit recipe these options describe, with a penalty (`nil`: choose).
    func refit(penalty: Penalty?) -> CardRefit {
        var recipe = CardRefit(
            penalty: penalty, rule: rule, step: step,
            method: scaling.map { Self.method($0, rule: rule) },
            limits: limits, platform: platform)
        recipe.per = per
        recipe.recentWon = recentWon
        return recipe
    }

    /// Takes the deal value of `value:COLUMN:COST` from the history: the average won deal's
    /// value in that column.
    mutating func resolve(with deals: DealTable) throws {
        guard let column = valueColumn, case .value(_, let cost) = rule else { return }
        guard deals.columns[column] != nil else {
            throw CLIError.file("\(deals.file): --select value:\(column):… names a column the history does not have")
        }
        guard let value = ThresholdRule.averageWonValue(column: column, in: deals) else {
            throw CLIError.file(
                "\(deals.file): --select value:\(column):… needs \(quoted(column)) to be a number column with a positive value for some won deal"
            )
        }
        rule = .value(dealValue: value, costPerSQL: cost)
        valueColumn = nil
    }

    /// The scaling method for a card with this threshold.
    func method(threshold: Double) -> PointsScaler.Method {
        scaling.map { Self.method($0, rule: rule) } ?? .keepThreshold(threshold, rule: rule)
    }

    /// `method` with `rule` in place of the one it was parsed with (`value:COLUMN:COST` resolves
    /// its rule once the deals are read).
    static func method(_ method: PointsScaler.Method, rule: ThresholdRule) -> PointsScaler.Method {
        switch method {
        case .keepThreshold(let t, _): .keepThreshold(t, rule: rule)
        case .maxScore(let n, _): .maxScore(n, rule: rule)
        case .pdo(let p, let anchor, _): .pdo(p, anchor: anchor, rule: rule)
        }
    }
}
