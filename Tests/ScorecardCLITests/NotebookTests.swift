import Foundation
import Testing
@testable import ScorecardCLI
@testable import ScorecardKit

/// Re-runs the walkthroughs in notebooks-md/: every ```sh block whose command starts with
/// `scorecard` is run as the built `scorecard` executable with the repository root as its working
/// directory (as a reader would run it), and its output must equal the fenced block that follows
/// it. In an expected line, `[…]` stands for text that legitimately varies
/// (timings). `RECORD_NOTEBOOKS=1 swift test --filter NotebookTests` rewrites the outputs (and the
/// test then fails, so a recording is never mistaken for a pass).
@Suite("Notebooks", .serialized)
struct NotebookTests {
    static let directory = repositoryRoot + "/notebooks-md"

    /// The walkthroughs; a missing or unreadable folder gives no names, which
    /// ``theNotebooksAreThere()`` reports as a failure (so the suite cannot pass by running nothing).
    static var notebooks: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasSuffix(".md") && $0 != "README.md" }.sorted()
    }

    /// Every walkthrough the README's table lists is found and run.
    @Test func theNotebooksAreThere() throws {
        let found = Self.notebooks
        #expect(found.count >= 8, "found \(found.count) notebooks in \(Self.directory); the suite would check nothing")
        let index = try String(contentsOfFile: Self.directory + "/README.md", encoding: .utf8)
        for name in found { #expect(index.contains(name), "notebooks-md/README.md does not list \(name)") }
        #expect(toolExecutable != nil, "no scorecard executable beside \(CommandLine.arguments[0]): the notebook cells cannot run")
    }

    /// A command block and the output block after it.
    struct Cell {
        var command: [String]
        var commandLine: Int
        /// Lines of the expected output, and the line of the notebook the first one is on.
        var expected: [String]
        var expectedLine: Int
        /// Index range of the expected lines in the notebook's lines (for re-recording).
        var outputRange: Range<Int>
    }

    static func cells(_ lines: [String]) -> [Cell] {
        var out: [Cell] = []
        var k = 0
        while k < lines.count {
            guard lines[k].hasPrefix("```sh"), k + 1 < lines.count, lines[k + 1].hasPrefix("scorecard ") else { k += 1; continue }
            let commandLine = k + 2
            var command = lines[k + 1]
            var j = k + 2
            while command.hasSuffix("\\"), j < lines.count, !lines[j].hasPrefix("```") { command = String(command.dropLast()) + " " + lines[j]; j += 1 }
            while j < lines.count, !lines[j].hasPrefix("```") { j += 1 }
            // The output block: the next fenced block.
            var s = j + 1
            while s < lines.count, !lines[s].hasPrefix("```") { s += 1 }
            var e = s + 1
            while e < lines.count, !lines[e].hasPrefix("```") { e += 1 }
            guard s < lines.count, e < lines.count else { break }
            out.append(Cell(command: shellWords(command), commandLine: commandLine, expected: Array(lines[(s + 1)..<e]), expectedLine: s + 2, outputRange: (s + 1)..<e))
            k = e + 1
        }
        return out
    }

    /// Splits a command line into words, honouring single and double quotes.
    static func shellWords(_ line: String) -> [String] {
        var words: [String] = [], current = "", quote: Character? = nil, inWord = false
        for ch in line {
            if let q = quote {
                if ch == q { quote = nil } else { current.append(ch) }
            } else if ch == "'" || ch == "\"" {
                quote = ch; inWord = true
            } else if ch == " " {
                if inWord { words.append(current); current = ""; inWord = false }
            } else {
                current.append(ch); inWord = true
            }
        }
        if inWord { words.append(current) }
        return Array(words.dropFirst())  // drop "scorecard"
    }

    /// Whether an actual line matches an expected one, `[…]` matching any run of text.
    static func matches(_ actual: String, _ expected: String) -> Bool {
        let parts = expected.components(separatedBy: "[…]")
        if parts.count == 1 { return actual == expected }
        guard actual.hasPrefix(parts[0]) else { return false }
        var rest = actual.dropFirst(parts[0].count)
        for (i, part) in parts.dropFirst().enumerated() {
            if i == parts.count - 2 { return rest.hasSuffix(part) && rest.count >= part.count }
            guard let r = rest.range(of: part) else { return false }
            rest = rest[r.upperBound...]
        }
        return true
    }

    @Test(arguments: notebooks) func outputsMatch(_ name: String) throws {
        let path = Self.directory + "/" + name
        var lines = try String(contentsOfFile: path, encoding: .utf8).components(separatedBy: "\n")
        let cells = Self.cells(lines)
        #expect(!cells.isEmpty || lines.contains("```swift"), "\(name) has neither a scorecard command nor Swift code")
        if cells.isEmpty { return }
        let record = ProcessInfo.processInfo.environment["RECORD_NOTEBOOKS"] == "1"
        var recorded: [(Range<Int>, [String])] = []
        for cell in cells {
            let r = try runProcess(cell.command, in: repositoryRoot)
            let output = (r.out + r.err).components(separatedBy: "\n")
            let actual = output.last == "" ? Array(output.dropLast()) : output
            if record { recorded.append((cell.outputRange, actual)); continue }
            #expect(r.code == 0 || cell.expected.first?.hasPrefix("error:") == true, "notebooks-md/\(name):\(cell.commandLine): exit \(r.code): \(r.err)")
            let n = max(actual.count, cell.expected.count)
            for i in 0..<n {
                let a = i < actual.count ? actual[i] : "<missing line>"
                let e = i < cell.expected.count ? cell.expected[i] : "<no more lines>"
                if !Self.matches(a, e) {
                    Issue.record("notebooks-md/\(name):\(cell.expectedLine + i): output differs\n  expected: \(e)\n  actual:   \(a)")
                    break
                }
            }
        }
        if record {
            for (range, actual) in recorded.reversed() {
                // Keep masked lines masked when they still match.
                let old = Array(lines[range])
                let merged = actual.enumerated().map { i, a in i < old.count && old[i].contains("[…]") && Self.matches(a, old[i]) ? old[i] : a }
                lines.replaceSubrange(range, with: merged)
            }
            try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
            Issue.record("recorded notebooks-md/\(name); run again without RECORD_NOTEBOOKS to check it")
        }
    }

    /// The Swift block of 06-library-api.md is the compiled example, and its output block is what
    /// the example prints.
    @Test func libraryNotebookRunsItsCode() throws {
        let path = Self.directory + "/06-library-api.md"
        var lines = try String(contentsOfFile: path, encoding: .utf8).components(separatedBy: "\n")
        let source = try String(contentsOfFile: repositoryRoot + "/Tests/ScorecardCLITests/LibraryAPIExample.swift", encoding: .utf8).components(separatedBy: "\n")
        let begin = source.firstIndex { $0.contains("// notebook: begin") }!, end = source.firstIndex { $0.contains("// notebook: end") }!
        let indent = source[begin + 1].prefix { $0 == " " }.count
        let code = source[(begin + 1)..<end].map { String($0.dropFirst(min(indent, $0.prefix { $0 == " " }.count))) }
        var output: [String] = []
        try libraryAPIExample(root: repositoryRoot) { output.append($0) }
        let swiftStart = lines.firstIndex { $0 == "```swift" }!
        let swiftEnd = lines[(swiftStart + 1)...].firstIndex { $0 == "```" }!
        let textStart = lines[(swiftEnd + 1)...].firstIndex { $0 == "```text" }!
        let textEnd = lines[(textStart + 1)...].firstIndex { $0 == "```" }!
        if ProcessInfo.processInfo.environment["RECORD_NOTEBOOKS"] == "1" {
            lines.replaceSubrange((textStart + 1)..<textEnd, with: output)
            lines.replaceSubrange((swiftStart + 1)..<swiftEnd, with: code)
            try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
            Issue.record("recorded notebooks-md/06-library-api.md; run again without RECORD_NOTEBOOKS to check it")
            return
        }
        let block = Array(lines[(swiftStart + 1)..<swiftEnd])
        for (i, (a, b)) in zip(block, code).enumerated() where a != b {
            Issue.record("notebooks-md/06-library-api.md:\(swiftStart + 2 + i): the Swift block differs from LibraryAPIExample.swift\n  notebook: \(a)\n  source:   \(b)")
            break
        }
        #expect(block.count == code.count, "the Swift block has \(block.count) lines, the source \(code.count)")
        let expected = Array(lines[(textStart + 1)..<textEnd])
        for i in 0..<max(expected.count, output.count) {
            let e = i < expected.count ? expected[i] : "<no more lines>", a = i < output.count ? output[i] : "<missing line>"
            if !Self.matches(a, e) {
                Issue.record("notebooks-md/06-library-api.md:\(textStart + 2 + i): output differs\n  expected: \(e)\n  actual:   \(a)")
                break
            }
        }
    }

    /// The charts the notebooks show are the review's charts of the bundled history, byte for byte.
    @Test func imagesAreTheReviewsCharts() throws {
        let dir = try temporaryDirectory()
        let r = runTool(["review", repositoryRoot + "/datasets/b2b-saas/deals.csv", "--scorecard", repositoryRoot + "/datasets/b2b-saas/current-scorecard.json",
                         "--out", dir + "/out", "--charts", dir + "/charts"])
        #expect(r.code == 0, "\(r.err)")
        let record = ProcessInfo.processInfo.environment["RECORD_NOTEBOOKS"] == "1"
        for name in ["distribution.svg", "recall-precision.svg", "points.svg", "roc.svg", "calibration.svg"] {
            let fresh = FileManager.default.contents(atPath: dir + "/charts/" + name)
            let committed = Self.directory + "/images/" + name
            if record {
                try fresh?.write(to: URL(fileURLWithPath: committed))
                continue
            }
            #expect(fresh != nil && fresh == FileManager.default.contents(atPath: committed), "notebooks-md/images/\(name) differs from the review's chart; re-record with RECORD_NOTEBOOKS=1")
        }
        if record { Issue.record("recorded notebooks-md/images; run again without RECORD_NOTEBOOKS to check them") }
    }

    /// A changed character in an output block is caught, and the message names the notebook and line.
    @Test func aBrokenOutputIsReportedWithItsLine() {
        let text = "intro\n```sh\nscorecard --version\n```\n\n```text\n\(ScorecardKit.ScorecardKitVersion.current)\n```\n"
        let cells = Self.cells(text.components(separatedBy: "\n"))
        #expect(cells.count == 1 && cells[0].expectedLine == 7 && cells[0].command == ["--version"])
        let actual = runTool(cells[0].command).out.components(separatedBy: "\n").dropLast()
        #expect(Self.matches(String(actual.first!), cells[0].expected[0]))
        var broken = cells[0].expected[0]
        broken.removeLast()
        broken += "9"
        #expect(!Self.matches(String(actual.first!), broken))
        #expect(Self.matches("took 1.234 s, 5x", "took […] s, […]x") && !Self.matches("took 1.2 min", "took […] s"))
    }
}
