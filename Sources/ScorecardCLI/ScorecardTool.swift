import ScorecardKit

/// The `scorecard` command-line tool as a library, so tests run it in-process.
///
/// ```swift
/// let code = ScorecardTool.main(["review", "datasets/b2b-saas/deals.csv",
///                                "--scorecard", "datasets/b2b-saas/current-scorecard.json"],
///                               console: Console(out: { print($0, terminator: "") }, err: { _ in }))
/// ```
public enum ScorecardTool {
    /// The tool's version.
    public static let version = ScorecardKitVersion.current

    static let commands: [CommandEntry] = [
        CommandEntry(ReviewCommand.self), CommandEntry(FitCommand.self), CommandEntry(SweepCommand.self),
        CommandEntry(FlagCommand.self), CommandEntry(BacktestCommand.self), CommandEntry(ScoreCommand.self),
        CommandEntry(ExportCommand.self), CommandEntry(DecayCommand.self), CommandEntry(SimulateCommand.self),
    ]

    /// The top-level help.
    public static var help: String {
        var s = """
            scorecard — calibrate a lead-scoring scorecard from closed-won and closed-lost deals

            USAGE: scorecard <command> [arguments] [--format FORMAT]

            --format is text (the default) or json for every command but score, which prints csv (the
            default) or json.

            COMMANDS:

            """
        let width = commands.map { $0.name.count }.max() ?? 0
        for c in commands {
            s += "  " + c.name + String(repeating: " ", count: width - c.name.count + 2) + c.abstract + "\n"
        }
        s += """

            Run 'scorecard <command> --help' for a command's arguments.
            Exit codes: 0 success, 1 bad data or scorecard (the message names file:line:column), 2 usage error.

            """
        return s
    }

    /// Runs the tool with `arguments` (without the program name) and returns the exit code.
    public static func main(_ arguments: [String], console: Console) -> Int32 {
        guard let first = arguments.first else {
            console.err(help)
            return 2
        }
        if first == "--help" || first == "-h" || first == "help" {
            if arguments.count > 1, let c = commands.first(where: { $0.name == arguments[1] }) {
                console.out(c.help)
            } else {
                console.out(help)
            }
            return 0
        }
        if first == "--version" {
            console.out(version + "\n")
            return 0
        }
        guard let command = commands.first(where: { $0.name == first }) else {
            let near = commands.map(\.name).min { editDistance($0, first) < editDistance($1, first) }
            let hint = near.flatMap { editDistance($0, first) <= 2 ? " (did you mean '\($0)'?)" : nil } ?? ""
            console.err("error: unknown command \(quoted(first))\(hint)\n\n" + help)
            return 2
        }
        let rest = Array(arguments.dropFirst())
        if rest.contains("--help") || rest.contains("-h") {
            console.out(command.help)
            return 0
        }
        do {
            try command.run(rest, console)
            return 0
        } catch let error as CLIError {
            switch error {
            case .usage(let message, _):
                console.err("error: \(message)\n\n\(command.help)")
                return 2
            case .file(let message):
                console.err("error: \(message)\n")
                return 1
            }
        } catch {
            // Every library error names its file, line and column in its description.
            console.err("error: \(TextEscaping.plain(String(describing: error)))\n")
            return 1
        }
    }

    /// Runs with the process's standard output and error.
    public static func main(_ arguments: [String]) -> Int32 {
        main(
            arguments,
            console: Console(
                out: { writeStandard($0, error: false) }, err: { writeStandard($0, error: true) },
                isTerminal: standardErrorIsTerminal(), outBytes: { writeStandard(bytes: $0, error: false) }))
    }
}
