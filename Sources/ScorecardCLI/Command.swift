/// One `scorecard` subcommand: its name, a one-line abstract, its help text and how it runs.
///
/// Follows the shape of swift-argument-parser's `ParsableCommand` without the dependency: one type
/// per subcommand, arguments validated before any work, errors thrown (never printed and exited).
protocol Command: SendableMetatype {
    /// The word after `scorecard`.
    static var name: String { get }
    /// One line for the command list.
    static var abstract: String { get }
    /// The full `--help` text.
    static var help: String { get }
    /// Parses `arguments` (everything after the command name) and runs.
    static func run(_ arguments: [String], console: Console) throws
}

/// A registered command, erased to plain values (the command list and dispatch use these).
struct CommandEntry: Sendable {
    let name: String
    let abstract: String
    let help: String
    let run: @Sendable ([String], Console) throws -> Void

    init<C: Command>(_ command: C.Type) {
        name = C.name
        abstract = C.abstract
        help = C.help
        run = { try C.run($0, console: $1) }
    }
}
