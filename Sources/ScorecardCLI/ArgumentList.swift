import ScorecardKit

/// A parsed command line: positional arguments, `--name value` options and `--flag` switches.
///
/// Every option a command accepts is declared up front, so a misspelt one is a usage error that
/// names it (instead of being ignored).
struct ArgumentList {
    var positional: [String] = []
    var options: [String: String] = [:]
    var flags: Set<String> = []
    let command: String

    /// Parses `arguments` given the options the command declares (the same declarations its
    /// help is generated from).
    init(_ arguments: [String], command: String, accepting specs: [OptionSpec]) throws {
        try self.init(
            arguments, command: command, options: Set(specs.filter { $0.value != nil }.map(\.name)),
            flags: Set(specs.filter { $0.value == nil }.map(\.name)))
    }

    /// Parses `arguments` given the options that take a value and the flags.
    private init(_ arguments: [String], command: String, options valued: Set<String>, flags known: Set<String>) throws {
        self.command = command
        var k = 0
        while k < arguments.count {
            let a = arguments[k]
            k += 1
            if a == "--" {
                positional.append(contentsOf: arguments[k...])
                break
            }
            guard a.hasPrefix("--"), a.count > 2 else {
                if a.hasPrefix("-"), a.count > 1, Double(a) == nil {
                    throw CLIError.usage("unknown option \(quoted(a)) for '\(command)'", command: command)
                }
                positional.append(a)
                continue
            }
            var name = String(a.dropFirst(2))
            var value: String? = nil
            if let eq = name.firstIndex(of: "=") {
                value = String(name[name.index(after: eq)...])
                name = String(name[..<eq])
            }
            if known.contains(name) {
                if value != nil { throw CLIError.usage("--\(name) takes no value", command: command) }
                flags.insert(name)
            } else if valued.contains(name) {
                if value == nil {
                    guard k < arguments.count else { throw CLIError.usage("--\(name) needs a value", command: command) }
                    value = arguments[k]
                    k += 1
                }
                if options[name] != nil { throw CLIError.usage("--\(name) is given twice", command: command) }
                options[name] = value
            } else {
                let all = (valued.union(known)).sorted()
                let near = all.min { editDistance($0, name) < editDistance($1, name) }
                let hint = near.flatMap { editDistance($0, name) <= 2 ? " (did you mean --\($0)?)" : nil } ?? ""
                throw CLIError.usage("unknown option --\(name) for '\(command)'\(hint)", command: command)
            }
        }
    }

    /// The single positional argument, named `what` in the error when it is missing.
    func onePositional(_ what: String) throws -> String {
        guard let first = positional.first else { throw CLIError.usage("missing \(what)", command: command) }
        guard positional.count == 1 else {
            throw CLIError.usage(
                "unexpected argument \(quoted(positional[1])); '\(command)' takes one \(what)", command: command)
        }
        return first
    }

    /// A required option.
    func require(_ name: String) throws -> String {
        guard let v = options[name] else { throw CLIError.usage("missing --\(name)", command: command) }
        return v
    }

    /// An integer option within a range.
    func integer(_ name: String, default value: Int, range: ClosedRange<Int>) throws -> Int {
        guard let text = options[name] else { return value }
        guard let v = Int(text), range.contains(v) else {
            throw CLIError.usage(
                "--\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound); got \(quoted(text))",
                command: command)
        }
        return v
    }

    /// A number option that must be positive.
    func positiveNumber(_ name: String) throws -> Double? {
        guard let text = options[name] else { return nil }
        guard let v = Double(text), v.isFinite, v > 0 else {
            throw CLIError.usage("--\(name) must be a number > 0; got \(quoted(text))", command: command)
        }
        return v
    }
}
