/// Where a command's output goes: standard output and standard error, or buffers in tests.
public final class Console: @unchecked Sendable {
    private let writeOut: (String) -> Void
    private let writeErr: (String) -> Void
    private let writeOutBytes: ((UnsafeBufferPointer<UInt8>) -> Void)?
    /// Whether standard error is a terminal a person watches (then a long run shows its stage
    /// there); false for buffers and pipes.
    public let isTerminal: Bool

    /// A console that forwards to the given sinks; `isTerminal` when `err` writes to a terminal.
    /// `outBytes`, when given, takes UTF-8 output as it is (else it goes to `out` as a String).
    public init(
        out: @escaping (String) -> Void, err: @escaping (String) -> Void, isTerminal: Bool = false,
        outBytes: ((UnsafeBufferPointer<UInt8>) -> Void)? = nil
    ) {
        writeOut = out
        writeOutBytes = outBytes
        writeErr = err
        self.isTerminal = isTerminal
    }

    /// Writes to standard output.
    public func out(_ s: String) { writeOut(s) }
    /// Writes UTF-8 bytes to standard output.
    public func out(bytes: UnsafeBufferPointer<UInt8>) {
        if let writeOutBytes { writeOutBytes(bytes) } else { writeOut(String(decoding: bytes, as: UTF8.self)) }
    }
    /// Writes to standard error.
    public func err(_ s: String) { writeErr(s) }
}

/// The output format every command takes (`--format text|json`).
enum OutputFormat: String {
    case text
    case json
}
