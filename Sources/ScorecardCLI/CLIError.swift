import ScorecardKit

/// Errors that end a command, with the exit code each maps to.
///
/// - usage problems (unknown option, missing argument): exit 2, with the command's usage;
/// - bad data or scorecards (anything that names a file, line and column): exit 1.
public enum CLIError: Error, CustomStringConvertible {
    /// The command line is wrong.
    case usage(String, command: String?)
    /// An input or output file problem that is not about its content (missing, unreadable).
    case file(String)

    public var description: String {
        switch self {
        case .usage(let message, _): message
        case .file(let message): message
        }
    }
}
