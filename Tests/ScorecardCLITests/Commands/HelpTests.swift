import Foundation
import ScorecardTestSupport
import Testing

@testable import ScorecardCLI

/// Every command's `--help` lists exactly the options it accepts.
@Suite("Help and parser agree")
struct HelpTests {
    /// The `--name` tokens in a text.
    static func optionNames(in text: String) -> Set<String> {
        var names: Set<String> = []
        let scalars = Array(text.unicodeScalars)
        var k = 0
        while k + 2 < scalars.count {
            if scalars[k] == "-", scalars[k + 1] == "-",
                k == 0 || !(CharacterSet.alphanumerics.contains(scalars[k - 1]) || scalars[k - 1] == "-"),
                CharacterSet.lowercaseLetters.contains(scalars[k + 2])
            {
                var j = k + 2
                var name = ""
                while j < scalars.count, CharacterSet.lowercaseLetters.contains(scalars[j]) || scalars[j] == "-" {
                    name.unicodeScalars.append(scalars[j])
                    j += 1
                }
                names.insert(String(name.drop { $0 == "-" }.reversed().drop { $0 == "-" }.reversed()))
                k = j
            } else {
                k += 1
            }
        }
        return names
    }

    /// Whether the parser accepts `--name` for the command (a usage error that says "unknown
    /// option" means it does not; any other outcome means it does).
    static func accepts(_ command: CommandEntry, _ name: String) -> Bool {
        let r = runTool([command.name, "--\(name)", "1", "--\(name)=1"])
        return !(r.code == 2 && r.err.contains("unknown option --\(name) "))
    }

    @Test(arguments: ScorecardTool.commands.map(\.name)) func helpListsExactlyTheAcceptedOptions(_ name: String) throws
    {
        let command = try #require(ScorecardTool.commands.first { $0.name == name })
        let help = command.help
        let options =
            help.components(separatedBy: "\nOPTIONS:\n").dropFirst().first?.components(separatedBy: "\n\n").first ?? ""
        let listed = Self.optionNames(in: options)
        let mentioned = Self.optionNames(in: help).subtracting(["help"])
        #expect(!listed.isEmpty, "\(name) --help lists no options")
        // Everything the help mentions anywhere is accepted…
        for option in mentioned.sorted() {
            let accepted = Self.accepts(command, option)
            #expect(accepted, "\(name) --help mentions --\(option), which the parser rejects")
        }
        // …and everything the parser accepts is listed in OPTIONS.
        for spec in command.options {
            #expect(listed.contains(spec.name), "\(name) accepts --\(spec.name), which its help does not list")
        }
        // A name the command does not declare is rejected with its name.
        let bogus = Self.accepts(command, "no-such-option")
        #expect(!bogus, "\(name) accepts --no-such-option")
    }

    @Test func theTokenizerFindsOptions() {
        #expect(
            Self.optionNames(in: "  --map FILE  x\n  --max-total N and --rule-cap; not-an--option") == [
                "map", "max-total", "rule-cap",
            ])
    }
}
