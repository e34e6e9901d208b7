/// Where a command's output goes: standard output and standard error, or buffers in tests.
public final class Console: @unchecked Sendable {
    private let writeOut: (String) -> Void
    private let writeErr: (String) -> Void
    /// Whether standard error is a terminal a person watches (then a long run shows its stage
    /// there); false for buffers and pipes.
    public let isTerminal: Bool

    /// A console that forwards to the given sinks; `isTerminal` when `err` writes to a terminal.
    public init(out: @escaping (String) -> Void, err: @escaping (String) -> Void, isTerminal: Bool = false) {
        writeOut = out
        writeErr = err
        self.isTerminal = isTerminal
    }

    /// Writes to standard output.
    public func out(_ s: String) { writeOut(s) }
    /// Writes to standard error.
    public func err(_ s: String) { writeErr(s) }
}

/// The output format every command takes (`--format text|json`).
enum OutputFormat: String {
    case text
    case json
}
