/// One `scorecard` subcommand: its name, what it does, the options it accepts, and how it runs.
///
/// Follows the shape of swift-argument-parser's `ParsableCommand` without the dependency: one type
/// per subcommand, every option declared once as an ``OptionSpec``; the parser accepts exactly the
/// declared options and the `--help` text is generated from the same declarations, so the two
/// cannot drift apart. Arguments are validated before any work; errors are thrown (never printed
/// and exited).
protocol Command: SendableMetatype {
    /// The word after `scorecard`.
    static var name: String { get }
    /// One line for the command list.
    static var abstract: String { get }
    /// What follows `scorecard <name>` on the usage line.
    static var usage: String { get }
    /// The paragraph under the usage line.
    static var discussion: String { get }
    /// Every option the command accepts, in the order its help lists them.
    static var options: [OptionSpec] { get }
    /// Example command lines (without the leading `$ `).
    static var examples: [String] { get }
    /// Runs with the parsed arguments.
    static func run(_ arguments: ArgumentList, console: Console) throws
}

extension Command {
    /// The full `--help` text, generated from the declarations.
    static var help: String {
        HelpText.render(name: name, usage: usage, discussion: discussion, options: options, examples: examples)
    }
}

/// An option a command accepts: `--name VALUE` (or a `--name` switch when `value` is `nil`).
struct OptionSpec: Sendable, Equatable {
    /// The name without the leading dashes.
    let name: String
    /// The value's placeholder in the help (`FILE`, `N`), or `nil` for a switch.
    let value: String?
    /// What it does; wrapped in the help.
    let help: String
    /// The default, shown in the help.
    let defaultValue: String?
    /// Whether the command needs it.
    let required: Bool

    /// Declares an option.
    init(_ name: String, _ value: String?, _ help: String, default defaultValue: String? = nil, required: Bool = false)
    {
        self.name = name
        self.value = value
        self.help = help
        self.defaultValue = defaultValue
        self.required = required
    }
}

/// Renders a command's help from its declarations.
enum HelpText {
    /// The width the option descriptions wrap at.
    static let width = 100

    static func render(name: String, usage: String, discussion: String, options: [OptionSpec], examples: [String])
        -> String
    {
        var s = "USAGE: scorecard \(name) \(usage)\n\n"
        s += wrap(discussion, indent: "") + "\n"
        if !options.isEmpty {
            s += "OPTIONS:\n"
            let labels = options.map { "--" + $0.name + ($0.value.map { " " + $0 } ?? "") }
            let column = min(28, (labels.map(\.count).max() ?? 0) + 4)
            for (option, label) in zip(options, labels) {
                var text = option.help
                if option.required {
                    text += " (required)"
                } else if let d = option.defaultValue {
                    text += " (default: \(d))"
                }
                let lines = wrapLines(text, width: width - column)
                let lead = "  " + label
                if lead.count + 2 > column {
                    s += lead + "\n"
                    for line in lines { s += String(repeating: " ", count: column) + line + "\n" }
                } else {
                    s += lead + String(repeating: " ", count: column - lead.count) + lines[0] + "\n"
                    for line in lines.dropFirst() { s += String(repeating: " ", count: column) + line + "\n" }
                }
            }
            s += "\n"
        }
        if !examples.isEmpty {
            s += examples.count == 1 ? "EXAMPLE:\n" : "EXAMPLES:\n"
            for e in examples { s += "  $ scorecard \(e)\n" }
            s += "\n"
        }
        return s
    }

    /// Paragraphs (separated by blank lines) wrapped at ``width``.
    static func wrap(_ text: String, indent: String) -> String {
        text.components(separatedBy: "\n\n").map { paragraph in
            wrapLines(paragraph.replacingNewlines(), width: width - indent.count).map { indent + $0 }.joined(
                separator: "\n")
        }.joined(separator: "\n\n") + "\n"
    }

    /// Words wrapped into lines of at most `width` characters.
    static func wrapLines(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            if !line.isEmpty, line.count + 1 + word.count > width {
                lines.append(line)
                line = ""
            }
            line += (line.isEmpty ? "" : " ") + word
        }
        lines.append(line)
        return lines
    }
}

extension String {
    /// Line breaks turned into spaces (the help re-wraps its text).
    fileprivate func replacingNewlines() -> String { split(separator: "\n").joined(separator: " ") }
}

/// A registered command, erased to plain values (the command list and dispatch use these).
struct CommandEntry: Sendable {
    let name: String
    let abstract: String
    let help: String
    let options: [OptionSpec]
    let run: @Sendable ([String], Console) throws -> Void

    init<C: Command>(_ command: C.Type) {
        name = C.name
        abstract = C.abstract
        help = C.help
        options = C.options
        run = { try C.run(ArgumentList($0, command: C.name, accepting: C.options), console: $1) }
    }
}
