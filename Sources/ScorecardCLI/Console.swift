/// Where a command's output goes: standard output and standard error, or buffers in tests.
public final class Console: @unchecked Sendable {
    private let writeOut: (String) -> Void
    private let writeErr: (String) -> Void

    /// A console that forwards to the given sinks.
    public init(out: @escaping (String) -> Void, err: @escaping (String) -> Void) {
        writeOut = out
        writeErr = err
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
