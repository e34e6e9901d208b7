import ScorecardKit

/// `scorecard simulate`: a synthetic deal history with known true weights.
enum SimulateCommand: Command {
    static let name = "simulate"
    static let abstract = "write a synthetic B2B deal history with known true weights (deals.csv, true-weights.json)"
    static let usage = "--seed N --deals N [--quarters N] [--half-lives RULE:DAYS,...] --out DIR [--format text|json]"
    static let discussion = """
        Writes DIR/deals.csv and DIR/true-weights.json. The history has fit and intent signals, email
        opens that fire for won and lost deals alike, an over-confident AI score, a leaky signal recorded
        after the close, a signal that never fires, open deals to skip, and drift across quarters.
        The same seed gives byte-identical files.
        """
    static let options: [OptionSpec] = [
        OptionSpec("seed", "N", "random seed", required: true),
        OptionSpec("deals", "N", "rows to generate, open deals included, 1 to 10,000,000", required: true),
        OptionSpec("quarters", "N", "quarters the close dates span", default: "8"),
        OptionSpec(
            "half-lives", "L",
            "plant decay, e.g. demo_request:14,buying_questions:45: each named rule's true effect is multiplied by 0.5^(age/days); every intent signal is then dated (ages 0-179 days); rules: pricing_page, demo_request, purchase_inquiry, buying_questions",
            default: "none"),
        OptionSpec("out", "DIR", "output directory", required: true),
        InputOptions.formatSpec,
    ]
    static let examples = ["simulate --seed 2026 --deals 3200 --quarters 8 --out datasets/b2b-saas"]

    static func run(_ args: ArgumentList, console: Console) throws {
        if let extra = args.positional.first {
            throw CLIError.usage("unexpected argument \(quoted(extra))", command: name)
        }
        let format = try InputOptions.format(args)
        guard let seedText = args.options["seed"] else { throw CLIError.usage("missing --seed", command: name) }
        guard let seed = UInt64(seedText) else {
            throw CLIError.usage("--seed must be a whole number ≥ 0; got \(quoted(seedText))", command: name)
        }
        guard args.options["deals"] != nil else { throw CLIError.usage("missing --deals", command: name) }
        let deals = try args.integer("deals", default: 0, range: 1...10_000_000)
        let quarters = try args.integer("quarters", default: 8, range: 1...400)
        let out = try args.require("out")
        let halfLives = try parseHalfLives(args.options["half-lives"])
        let sim = DealSimulator(seed: seed, deals: deals, quarters: quarters, halfLives: halfLives)
        let paths = [out + "/deals.csv", out + "/true-weights.json"]
        try FileSystem.writeAtomically([(paths[0], sim.dealsCSV()), (paths[1], sim.trueWeightsJSON().rendered())])
        switch format {
        case .json:
            console.out(
                JSONValue.object([
                    ("wrote", .array(paths.map(JSONValue.string))), ("seed", .number(Double(seed))),
                    ("deals", .number(Double(deals))), ("quarters", .number(Double(quarters))),
                ]).rendered())
        case .text:
            console.out(
                "Wrote \(paths.joined(separator: " and ")) (\(deals) rows, \(quarters) quarters, seed \(seed))\n")
        }
    }

    /// `rule:days,rule:days` → half-lives; each rule must be one the simulator dates.
    static func parseHalfLives(_ text: String?) throws -> [String: Double] {
        guard let text else { return [:] }
        var out: [String: Double] = [:]
        let allowed = DealSimulator.datedRules.map(\.rule)
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let pieces = part.split(separator: ":", omittingEmptySubsequences: false).map {
                String($0.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
            }
            guard pieces.count == 2, let days = Double(pieces[1]), days > 0, days.isFinite else {
                throw CLIError.usage(
                    "--half-lives takes rule:days pairs with days > 0, e.g. demo_request:14,buying_questions:45; got \(quoted(String(part)))",
                    command: name)
            }
            guard allowed.contains(pieces[0]) else {
                throw CLIError.usage(
                    "--half-lives: \(quoted(pieces[0])) is not a dated rule of the simulator (\(allowed.joined(separator: ", ")))",
                    command: name)
            }
            guard out[pieces[0]] == nil else {
                throw CLIError.usage("--half-lives names \(quoted(pieces[0])) twice", command: name)
            }
            out[pieces[0]] = days
        }
        return out
    }
}
