import Foundation
import ScorecardTestSupport
import Testing

@testable import ScorecardCLI
@testable import ScorecardKit

/// Re-runs the walkthroughs in notebooks-md/ and checks their prose.
///
/// **Cells.** Every ```sh block whose command starts with `scorecard`, `head` or `cat` is run (the
/// built `scorecard` executable; `head` and `cat` through `/usr/bin/env`) and its output must equal
/// the fenced block that follows it (a line's trailing carriage return, from a CRLF file, aside). In an expected line, `[…]` stands for text that legitimately
/// varies (timings); a line that is exactly `[… N more lines]` (or `[… 1 more line]`) stands for
/// exactly N lines of the output that the notebook leaves out (an excerpt: the lines shown around it
/// must still match where they stand, and the count must be exact).
///
/// **A clean folder per notebook.** Each notebook runs in its own new temporary folder that holds
/// what a reader has after a fresh clone (``cloneEntries``, linked to the repository), and nothing
/// else: no other notebook's output folders. A notebook that needs another's output fails.
///
/// **Numbers in the prose.** Every number in a notebook's prose (outside fenced blocks, headings
/// and HTML comments) must appear in a checked block of that notebook (a cell's command or output,
/// or 06's compiled Swift and its output), or in a checked block of a notebook that the same
/// paragraph links to, or be listed in a marker comment directly above the paragraph (no blank
/// line between) that says where it comes from:
///
///     <!-- elsewhere: 0.46 6.53 | the benchmark run of 2 December 2026 (compare_peers.sh) -->
///
/// Numbers are compared as written (`0.9` is not `0.90`), after dropping a sign, a trailing `%` or
/// `×` and thousands separators; words with letters in them (`Q3`, `1e-6`, `R²`) are not numbers,
/// but periods and dates (`2026-Q3`, `2026-09-30`) are. Link texts of links to other Markdown
/// files are navigation and not checked. See ``proseNumberProblems(_:outputsOf:)``.
///
/// `RECORD_NOTEBOOKS=1 swift test --filter NotebookTests` rewrites the outputs (and the test then
/// fails, so a recording is never mistaken for a pass); an excerpt keeps the lines it shows around
/// its gap and gets the new count.
@Suite("Notebooks", .serialized)
struct NotebookTests {
    static let directory = repositoryRoot + "/notebooks-md"

    /// The walkthroughs; a missing or unreadable folder gives no names, which
    /// ``theNotebooksAreThere()`` reports as a failure (so the suite cannot pass by running nothing).
    static var notebooks: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter {
            $0.hasSuffix(".md") && $0 != "README.md"
        }.sorted()
    }

    /// The top-level entries a fresh clone of the repository has (what `git ls-files` lists at the
    /// top, without the hidden ones): each notebook's folder links these and nothing else.
    static let cloneEntries = ["Package.swift", "README.md", "Sources", "Tests", "datasets", "notebooks-md", "scripts"]

    /// A new, empty working folder holding links to ``cloneEntries`` of the repository.
    static func cleanFolder() throws -> String {
        let dir = try temporaryDirectory()
        for entry in cloneEntries {
            try FileManager.default.createSymbolicLink(
                atPath: dir + "/" + entry, withDestinationPath: repositoryRoot + "/" + entry)
        }
        return dir
    }

    /// Every walkthrough the README's table lists is found and run, and both indexes (the
    /// top-level README's "Walkthroughs" and notebooks-md/README.md) link every notebook in order.
    @Test func theNotebooksAreThere() throws {
        let found = Self.notebooks
        #expect(found.count >= 8, "found \(found.count) notebooks in \(Self.directory); the suite would check nothing")
        let index = try String(contentsOfFile: Self.directory + "/README.md", encoding: .utf8)
        let readme = try String(contentsOfFile: repositoryRoot + "/README.md", encoding: .utf8)
        let walkthroughs =
            readme.components(separatedBy: "\n## Walkthroughs").dropFirst().first?.components(separatedBy: "\n## ")
            .first ?? ""
        for (file, text, prefix) in [
            ("notebooks-md/README.md", index, ""), ("README.md's Walkthroughs", walkthroughs, "notebooks-md/"),
        ] {
            var last = text.startIndex
            for name in found {
                guard let r = text.range(of: "](\(prefix)\(name))") else {
                    Issue.record("\(file) does not link \(name)")
                    continue
                }
                #expect(r.lowerBound >= last, "\(file) lists \(name) out of order")
                last = r.lowerBound
            }
        }
        #expect(
            toolExecutable != nil,
            "no scorecard executable beside \(CommandLine.arguments[0]): the notebook cells cannot run")
        for entry in Self.cloneEntries {
            #expect(
                FileManager.default.fileExists(atPath: repositoryRoot + "/" + entry),
                "\(entry) is not in the repository")
        }
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
        /// The command's lines as the notebook writes them.
        var commandText: [String] = []
    }

    /// The programs a cell may run: the tool, and `head`/`cat` to show an input file as it is.
    static let programs = ["scorecard", "head", "cat"]

    static func cells(_ lines: [String]) -> [Cell] {
        var out: [Cell] = []
        var k = 0
        while k < lines.count {
            guard lines[k].hasPrefix("```sh"), k + 1 < lines.count,
                programs.contains(where: { lines[k + 1].hasPrefix($0 + " ") })
            else {
                k += 1
                continue
            }
            let commandLine = k + 2
            var command = lines[k + 1]
            var j = k + 2
            while command.hasSuffix("\\"), j < lines.count, !lines[j].hasPrefix("```") {
                command = String(command.dropLast()) + " " + lines[j]
                j += 1
            }
            let commandEnd = j
            while j < lines.count, !lines[j].hasPrefix("```") { j += 1 }
            // The output block: the next fenced block.
            var s = j + 1
            while s < lines.count, !lines[s].hasPrefix("```") { s += 1 }
            var e = s + 1
            while e < lines.count, !lines[e].hasPrefix("```") { e += 1 }
            guard s < lines.count, e < lines.count else { break }
            out.append(
                Cell(
                    command: shellWords(command), commandLine: commandLine, expected: Array(lines[(s + 1)..<e]),
                    expectedLine: s + 2,
                    outputRange: (s + 1)..<e, commandText: Array(lines[(k + 1)..<commandEnd])))
            k = e + 1
        }
        return out
    }

    /// Splits a command line into words, honouring single and double quotes (the first word, the
    /// program, included).
    static func shellWords(_ line: String) -> [String] {
        var words: [String] = []
        var current = ""
        var quote: Character? = nil
        var inWord = false
        for ch in line {
            if let q = quote {
                if ch == q { quote = nil } else { current.append(ch) }
            } else if ch == "'" || ch == "\"" {
                quote = ch
                inWord = true
            } else if ch == " " {
                if inWord {
                    words.append(current)
                    current = ""
                    inWord = false
                }
            } else {
                current.append(ch)
                inWord = true
            }
        }
        if inWord { words.append(current) }
        return words
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

    /// The number of output lines an excerpt line `[… N more lines]` leaves out, or nil for any
    /// other line.
    static func gap(_ line: String) -> Int? {
        for suffix in [" more lines]", " more line]"] where line.hasPrefix("[… ") && line.hasSuffix(suffix) {
            return Int(line.dropFirst(3).dropLast(suffix.count))
        }
        return nil
    }

    static func gapLine(_ n: Int) -> String { n == 1 ? "[… 1 more line]" : "[… \(n) more lines]" }

    /// Compares an output with its expected block (excerpt gaps included); the first difference,
    /// as the index of the expected line and a message, or nil when they agree.
    static func firstDifference(actual: [String], expected: [String]) -> (Int, String)? {
        var a = 0
        for (i, e) in expected.enumerated() {
            if let n = gap(e) {
                a += n
                if a > actual.count {
                    return (i, "the output has \(actual.count) lines, fewer than the excerpt leaves out (\(e))")
                }
                continue
            }
            let line = a < actual.count ? actual[a] : "<missing line>"
            if !matches(line, e) { return (i, "output differs\n  expected: \(e)\n  actual:   \(line)") }
            a += 1
        }
        if a < actual.count {
            return (
                expected.count,
                "output differs\n  expected: <no more lines>\n  actual:   \(actual[a]) (\(actual.count - a) more lines)"
            )
        }
        return nil
    }

    /// What to write back when recording: the new output, excerpted as the old block was (the
    /// same lines shown before each gap and after the last one; the last gap takes the difference).
    static func recorded(actual: [String], old: [String]) -> [String] {
        let keep = { (a: String, o: String) in o.contains("[…]") && matches(a, o) ? o : a }
        guard let lastGap = old.lastIndex(where: { gap($0) != nil }) else {
            return actual.enumerated().map { i, a in i < old.count ? keep(a, old[i]) : a }
        }
        var out: [String] = []
        var a = 0
        for (i, o) in old.enumerated() where i < lastGap {
            if let n = gap(o) {
                out.append(o)
                a += n
            } else if a < actual.count {
                out.append(keep(actual[a], o))
                a += 1
            }
        }
        let tail = old.count - lastGap - 1
        let skipped = max(0, actual.count - a - tail)
        out.append(gapLine(skipped))
        a += skipped
        for (o, x) in zip(old[(lastGap + 1)...], actual[min(a, actual.count)...]) { out.append(keep(x, o)) }
        return out
    }

    /// The lines of an output, split at LF or CRLF (a CRLF file shown by `head` or `cat`: the
    /// carriage returns are not part of what a reader sees). Split by bytes, since Swift reads
    /// CRLF as one character.
    static func lines(_ text: String) -> [String] {
        var bytes = Array(text.utf8)
        bytes.removeAll { $0 == 13 }
        return bytes.split(separator: 10, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Runs one cell in `folder`.
    static func run(_ cell: Cell, in folder: String) throws -> RunResult {
        if cell.command.first == "scorecard" { return try runProcess(Array(cell.command.dropFirst()), in: folder) }
        return try runExecutable("/usr/bin/env", cell.command, in: folder)
    }

    /// Runs every cell of a notebook's text in a clean folder; the problems found (empty when every
    /// output matches), and the recorded text when `record` is set.
    static func check(_ text: String, name: String, record: Bool = false) throws -> (
        problems: [String], recorded: String?
    ) {
        var lines = text.components(separatedBy: "\n")
        let folder = try cleanFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var problems: [String] = []
        var recorded: [(Range<Int>, [String])] = []
        for cell in cells(lines) {
            let r = try run(cell, in: folder)
            let output = Self.lines(r.out + r.err)
            let actual = output.last == "" ? Array(output.dropLast()) : output
            if record {
                recorded.append((cell.outputRange, Self.recorded(actual: actual, old: cell.expected)))
                continue
            }
            if r.code != 0 && cell.expected.first?.hasPrefix("error:") != true {
                problems.append("notebooks-md/\(name):\(cell.commandLine): exit \(r.code): \(r.err)")
            }
            if let (i, message) = firstDifference(actual: actual, expected: cell.expected) {
                problems.append("notebooks-md/\(name):\(cell.expectedLine + i): \(message)")
            }
        }
        guard record else { return (problems, nil) }
        for (range, new) in recorded.reversed() { lines.replaceSubrange(range, with: new) }
        return (problems, lines.joined(separator: "\n"))
    }

    @Test(arguments: notebooks) func outputsMatch(_ name: String) throws {
        let path = Self.directory + "/" + name
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let lines = text.components(separatedBy: "\n")
        if Self.cells(lines).isEmpty {
            #expect(
                lines.contains("```swift") || name.hasPrefix("00-"),
                "\(name) has neither a scorecard command nor Swift code")
            return
        }
        let record = ProcessInfo.processInfo.environment["RECORD_NOTEBOOKS"] == "1"
        let (problems, recorded) = try Self.check(text, name: name, record: record)
        for problem in problems { Issue.record(Comment(rawValue: problem)) }
        if let recorded {
            try recorded.write(toFile: path, atomically: true, encoding: .utf8)
            Issue.record("recorded notebooks-md/\(name); run again without RECORD_NOTEBOOKS to check it")
        }
    }

    /// A notebook that reads another notebook's output folder fails in its clean folder, and an
    /// excerpt must leave out exactly the lines it says.
    @Test func aNotebookCannotLeanOnAnother() throws {
        let leaning =
            "```sh\nscorecard export review-out/revised-scorecard.json --to csv\n```\n\n```text\n# SMB SaaS scorecard (revised)\n```\n"
        let problems = try Self.check(leaning, name: "leaning.md").problems
        #expect(problems.contains { $0.contains("exit 1") }, "\(problems)")
        let card =
            "```sh\nscorecard export datasets/founder/current-scorecard.json --to json\n```\n\n```text\n{\n[… 2 more lines]\n```\n"
        let excerpt = try Self.check(card, name: "excerpt.md").problems
        #expect(excerpt.contains { $0.contains("<no more lines>") }, "a short gap must fail: \(excerpt)")
        let actual = runTool(["export", repositoryRoot + "/datasets/founder/current-scorecard.json", "--to", "json"])
            .out.components(separatedBy: "\n").dropLast()
        let honest = ["{", Self.gapLine(actual.count - 2), "}"]
        #expect(Self.firstDifference(actual: Array(actual), expected: honest) == nil)
        #expect(
            Self.firstDifference(actual: Array(actual), expected: ["{", Self.gapLine(actual.count - 3), "}"]) != nil)
        #expect(
            Self.recorded(actual: Array(actual) + ["extra"], old: honest) == [
                "{", Self.gapLine(actual.count - 1), "extra",
            ])
        #expect(Self.recorded(actual: Array(actual), old: ["{", Self.gapLine(5), "}"]) == honest)
    }

    // MARK: - Numbers in the prose

    /// Characters that end a number: spaces, brackets, quotes, arrows and dashes between numbers,
    /// signs, units and operators (a `-` inside a word is kept, so dates and `1-10` stay whole).
    static let separators = Set(" \t–—→←/()[]{}`\"'*|<>=≥≤≈~…·;:!?“”‘’×%$€£+−±,".map { $0 }).subtracting([","])

    /// The numbers a text quotes, as written but for signs, units and thousands separators.
    static func numbers(in text: String) -> [String] {
        var out: [String] = []
        for word in text.split(whereSeparator: { separators.contains($0) }) {
            // "1,073" is one number; any other comma separates values ("60,70", a CSV row).
            let whole = word.range(of: #"^[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?[.,]?$"#, options: .regularExpression) != nil
            for part in whole ? [word.replacingOccurrences(of: ",", with: "")[...]] : word.split(separator: ",") {
                var p = Substring(part)
                while let c = p.last, c == "." || c == "-" { p = p.dropLast() }
                while let c = p.first, c == "-" || c == "." { p = p.dropFirst() }
                if p.first?.isNumber == true && p.last?.isNumber == true
                    && p.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "." || $0 == "-") })
                {
                    out.append(String(p))
                } else if p.range(of: #"^[0-9]{4}-Q[1-4]$"#, options: .regularExpression) != nil {
                    out.append(String(p))
                }
            }
        }
        return out
    }

    /// The numbers of a notebook's checked blocks: every cell's command and output, and (06) the
    /// compiled Swift block and the output block after it.
    static func checkedNumbers(_ text: String) -> Set<String> {
        let lines = text.components(separatedBy: "\n")
        var out = Set<String>()
        for cell in cells(lines) { for line in cell.commandText + cell.expected { out.formUnion(numbers(in: line)) } }
        if let blocks = libraryBlocks(lines) {
            for line in lines[blocks.code] + lines[blocks.output] { out.formUnion(numbers(in: line)) }
        }
        return out
    }

    /// Every number in the prose of `text` that neither its checked blocks, nor the checked blocks
    /// of a notebook its paragraph links to (`outputsOf`), nor a marker above the paragraph
    /// account for; and markers that cover nothing. Empty when the prose matches the output.
    static func proseNumberProblems(_ text: String, name: String, outputsOf: (String) -> Set<String>) -> [String] {
        let own = checkedNumbers(text)
        let link = try! NSRegularExpression(pattern: #"!?\[([^\]]*)\]\(([^)\s]*)\)"#)
        var problems: [String] = []
        var inFence = false
        var inComment = false
        var block: [(line: Int, text: String)] = []
        var marker = ""
        var markerLine = 0
        func finish() {
            defer {
                block = []
                marker = ""
            }
            var allowed = own
            var linked: [String] = []
            var listed: [String] = []
            if !marker.isEmpty {
                let body = marker.components(separatedBy: "elsewhere:").dropFirst().joined()
                let halves = body.components(separatedBy: "|")
                if halves.count < 2 || halves[1].trimmingCharacters(in: .whitespaces).isEmpty {
                    problems.append(
                        "notebooks-md/\(name):\(markerLine): the marker does not say where its numbers come from (`<!-- elsewhere: N … | source -->`)"
                    )
                }
                listed = numbers(in: halves[0])
                allowed.formUnion(listed)
            }
            var quoted: [(Int, String)] = []
            for (n, raw) in block {
                var line = raw.replacingOccurrences(of: #"https?://\S+"#, with: "", options: .regularExpression)
                line = line.replacingOccurrences(of: #"^\s*[0-9]+\.\s"#, with: "", options: .regularExpression)
                let ns = line as NSString
                var plain = ""
                var at = 0
                for m in link.matches(in: line, range: NSRange(location: 0, length: ns.length)) {
                    plain += ns.substring(with: NSRange(location: at, length: m.range.location - at))
                    let target = ns.substring(with: m.range(at: 2)).components(separatedBy: "#")[0]
                    if target.hasSuffix(".md") {
                        linked.append((target as NSString).lastPathComponent)
                    } else {
                        plain += ns.substring(with: m.range(at: 1))
                    }
                    at = m.range.location + m.range.length
                }
                plain += ns.substring(from: at)
                quoted += numbers(in: plain).map { (n, $0) }
            }
            if !marker.isEmpty && block.isEmpty {
                problems.append("notebooks-md/\(name):\(markerLine): the marker is not directly above a paragraph")
            }
            for other in Set(linked) where other != name { allowed.formUnion(outputsOf(other)) }
            for (n, number) in quoted where !allowed.contains(number) {
                problems.append(
                    "notebooks-md/\(name):\(n): \(number) is in no checked output of this notebook\(linked.isEmpty ? "" : " or of \(Set(linked).sorted().joined(separator: ", "))"), and no marker says where it comes from"
                )
            }
            let used = Set(quoted.map(\.1))
            for number in listed where !used.contains(number) {
                problems.append(
                    "notebooks-md/\(name):\(markerLine): the marker lists \(number), which its paragraph does not quote"
                )
            }
        }
        for (i, line) in text.components(separatedBy: "\n").enumerated() {
            if inComment {
                marker += " " + line
                if line.contains("-->") { inComment = false }
                continue
            }
            if line.hasPrefix("```") {
                if !inFence { finish() }
                inFence.toggle()
                continue
            }
            if inFence { continue }
            if line.trimmingCharacters(in: .whitespaces).isEmpty {
                finish()
                continue
            }
            if line.hasPrefix("<!--") {
                if !block.isEmpty { finish() }
                marker += line
                markerLine = i + 1
                inComment = !line.contains("-->")
                continue
            }
            if line.hasPrefix("#") { continue }
            block.append((i + 1, line))
        }
        finish()
        return problems
    }

    static func checkedNumbers(ofNotebook name: String) -> Set<String> {
        checkedNumbers((try? String(contentsOfFile: directory + "/" + name, encoding: .utf8)) ?? "")
    }

    /// Every number in a notebook's prose is one its checked output shows, or is marked.
    @Test(arguments: notebooks) func proseNumbersAreInTheOutput(_ name: String) throws {
        let text = try String(contentsOfFile: Self.directory + "/" + name, encoding: .utf8)
        for problem in Self.proseNumberProblems(text, name: name, outputsOf: Self.checkedNumbers(ofNotebook:)) {
            Issue.record(Comment(rawValue: problem))
        }
    }

    /// A stale number planted in the prose (every number of 01's prose in turn, made one larger in
    /// its last digit) is caught; a marker covers only the paragraph under it and must name a source.
    @Test func aStaleNumberInTheProseIsCaught() throws {
        let name = "01-quarterly-review.md"
        let text = try String(contentsOfFile: Self.directory + "/" + name, encoding: .utf8)
        #expect(Self.proseNumberProblems(text, name: name, outputsOf: Self.checkedNumbers(ofNotebook:)).isEmpty)
        // Plant: "857 won" in the prose becomes "858 won" (858 is nowhere in 01's output).
        let planted = text.replacingOccurrences(of: "With 857 won", with: "With 858 won")
        #expect(planted != text, "the sentence to plant in is gone from \(name)")
        let problems = Self.proseNumberProblems(planted, name: name, outputsOf: Self.checkedNumbers(ofNotebook:))
        #expect(problems.count == 1 && problems[0].contains(": 858 is in no checked output"), "\(problems)")

        let mini = "```sh\nscorecard --version\n```\n\n```text\n0.1.0\n```\n\n"
        let check = { (prose: String) in
            Self.proseNumberProblems(mini + prose, name: "mini.md", outputsOf: { _ in ["42"] })
        }
        #expect(check("Version 0.1.0, as shown.\n").isEmpty)
        #expect(check("Version 0.1.1, stale.\n").count == 1)
        #expect(check("<!-- elsewhere: 0.1.1 | the release notes -->\nVersion 0.1.1, from elsewhere.\n").isEmpty)
        #expect(check("<!-- elsewhere: 0.1.1 -->\nVersion 0.1.1, source not said.\n").count == 1)
        #expect(
            check(
                "<!-- elsewhere: 0.1.1 | the release notes -->\nVersion 0.1.1.\n\nAgain 0.1.1 in the next paragraph.\n"
            ).count == 1)
        // A marker with a blank line under it covers nothing: it is reported, with the number it
        // lists and the number in the paragraph below it.
        #expect(check("<!-- elsewhere: 0.1.1 | notes -->\n\nVersion 0.1.1 under a blank line.\n").count == 3)
        #expect(check("As [the other notebook](02-x.md#here) shows, 42 and 1,234.\n").count == 1)
        #expect(check("Periods 2026-Q3 and 1-10 and `--rule-cap 5`, −0.1.0%, R² and 1e-6 and UTF-8.\n").count == 3)
        #expect(
            Self.numbers(in: "AUC 0.858 → 0.732, 1,073 SQLs (59.7%), 2024-Q4–2026-Q2, [95, 136], 60,70") == [
                "0.858", "0.732", "1073", "59.7", "2024-Q4", "2026-Q2", "95", "136", "60", "70",
            ])
    }

    // MARK: - The glossary

    /// The terms the walkthroughs print that the glossary must explain (as GitHub anchors of its
    /// `###` headings): issue 31's list.
    static let glossaryTerms = [
        "sql", "threshold", "the-80-rule", "recall", "sql-to-won-rate", "points-per-unit-of-log-odds", "log-odds",
        "auc",
        "out-of-time", "expanding-window", "psi", "csi", "brier-score", "log-loss", "likelihood-ratio",
        "information-value",
        "firth", "jeffreys-prior", "wald", "profile-likelihood", "prior-and-lambda",
        "cox-snell-and-nagelkerke-r-squared",
        "ks", "calibration-slope", "half-life",
    ]

    /// The anchor GitHub gives a heading: lower case, letters, digits, `-` and `_` kept, spaces as `-`.
    static func anchor(_ heading: String) -> String {
        String(
            heading.lowercased().compactMap {
                $0 == " " ? "-" : ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") ? $0 : nil
            })
    }

    /// The glossary explains every listed term, and every link to it from a notebook lands on one
    /// of its headings.
    @Test func theGlossaryExplainsEveryTermLinkedToIt() throws {
        let glossary = try String(contentsOfFile: Self.directory + "/00-glossary.md", encoding: .utf8)
        let anchors = Set(
            glossary.components(separatedBy: "\n").filter { $0.hasPrefix("### ") }.map {
                Self.anchor(String($0.dropFirst(4)))
            })
        for term in Self.glossaryTerms { #expect(anchors.contains(term), "00-glossary.md has no heading for #\(term)") }
        #expect(Self.anchor("The 80% rule") == "the-80-rule" && Self.anchor("Riley's criteria") == "rileys-criteria")
        for name in Self.notebooks {
            let text = try String(contentsOfFile: Self.directory + "/" + name, encoding: .utf8)
            for part in text.components(separatedBy: "00-glossary.md#").dropFirst() {
                let target = String(part.prefix { $0 != ")" })
                #expect(
                    anchors.contains(target),
                    "notebooks-md/\(name) links 00-glossary.md#\(target), which is no heading of the glossary")
            }
        }
    }

    // MARK: - The library notebook and the charts

    /// The last line of 06's `main.swift`, which a test file cannot hold: the call.
    static let libraryCall =
        #"try libraryAPIExample(root: CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : ".", show: { print($0) })"#

    /// 06's compiled code: the ```swift block holding `func libraryAPIExample`, and the ```text
    /// block after it (its output), as index ranges of the lines inside the fences.
    static func libraryBlocks(_ lines: [String]) -> (code: Range<Int>, output: Range<Int>)? {
        var k = 0
        while let start = lines[k...].firstIndex(of: "```swift"), let end = lines[(start + 1)...].firstIndex(of: "```")
        {
            if lines[start..<end].contains(where: { $0.hasPrefix("func libraryAPIExample") }),
                let textStart = lines[(end + 1)...].firstIndex(of: "```text"),
                let textEnd = lines[(textStart + 1)...].firstIndex(of: "```")
            {
                return ((start + 1)..<end, (textStart + 1)..<textEnd)
            }
            k = end + 1
        }
        return nil
    }

    /// The Swift block of 06-library-api.md is the compiled example (and the call), and its output
    /// block is what the example prints.
    @Test func libraryNotebookRunsItsCode() throws {
        let path = Self.directory + "/06-library-api.md"
        var lines = try String(contentsOfFile: path, encoding: .utf8).components(separatedBy: "\n")
        let source = try String(
            contentsOfFile: repositoryRoot + "/Tests/ScorecardCLITests/Notebooks/LibraryAPIExample.swift",
            encoding: .utf8
        ).components(separatedBy: "\n")
        let begin = source.firstIndex { $0.contains("// notebook: begin") }!
        let end = source.firstIndex { $0.contains("// notebook: end") }!
        let code = source[(begin + 1)..<end].map { String($0) } + ["", Self.libraryCall]
        var output: [String] = []
        try libraryAPIExample(root: repositoryRoot) { output.append($0) }
        let blocks = try #require(
            Self.libraryBlocks(lines),
            "06-library-api.md has no ```swift block with func libraryAPIExample followed by a ```text block")
        if ProcessInfo.processInfo.environment["RECORD_NOTEBOOKS"] == "1" {
            lines.replaceSubrange(blocks.output, with: output)
            lines.replaceSubrange(blocks.code, with: code)
            try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
            Issue.record("recorded notebooks-md/06-library-api.md; run again without RECORD_NOTEBOOKS to check it")
            return
        }
        let block = Array(lines[blocks.code])
        for (i, (a, b)) in zip(block, code).enumerated() where a != b {
            Issue.record(
                "notebooks-md/06-library-api.md:\(blocks.code.lowerBound + 1 + i): the Swift block differs from LibraryAPIExample.swift\n  notebook: \(a)\n  source:   \(b)"
            )
            break
        }
        #expect(block.count == code.count, "the Swift block has \(block.count) lines, the source \(code.count)")
        if let (i, message) = Self.firstDifference(actual: output, expected: Array(lines[blocks.output])) {
            Issue.record("notebooks-md/06-library-api.md:\(blocks.output.lowerBound + 1 + i): \(message)")
        }
    }

    /// The charts the notebooks show are the review's charts of the bundled history, byte for byte.
    @Test func imagesAreTheReviewsCharts() throws {
        let dir = try temporaryDirectory()
        let r = runTool([
            "review", repositoryRoot + "/datasets/b2b-saas/deals.csv", "--scorecard",
            repositoryRoot + "/datasets/b2b-saas/current-scorecard.json",
            "--out", dir + "/out", "--charts", dir + "/charts",
        ])
        #expect(r.code == 0, "\(r.err)")
        let record = ProcessInfo.processInfo.environment["RECORD_NOTEBOOKS"] == "1"
        for name in ["distribution.svg", "recall-precision.svg", "points.svg", "roc.svg", "calibration.svg"] {
            let fresh = FileManager.default.contents(atPath: dir + "/charts/" + name)
            let committed = Self.directory + "/images/" + name
            if record {
                try fresh?.write(to: URL(fileURLWithPath: committed))
                continue
            }
            #expect(
                fresh != nil && fresh == FileManager.default.contents(atPath: committed),
                "notebooks-md/images/\(name) differs from the review's chart; re-record with RECORD_NOTEBOOKS=1")
        }
        if record { Issue.record("recorded notebooks-md/images; run again without RECORD_NOTEBOOKS to check them") }
    }

    /// A changed character in an output block is caught, and the message names the notebook and line.
    @Test func aBrokenOutputIsReportedWithItsLine() {
        let text =
            "intro\n```sh\nscorecard --version\n```\n\n```text\n\(ScorecardKit.ScorecardKitVersion.current)\n```\n"
        let cells = Self.cells(text.components(separatedBy: "\n"))
        #expect(cells.count == 1 && cells[0].expectedLine == 7 && cells[0].command == ["scorecard", "--version"])
        let actual = runTool(Array(cells[0].command.dropFirst())).out.components(separatedBy: "\n").dropLast()
        #expect(Self.matches(String(actual.first!), cells[0].expected[0]))
        var broken = cells[0].expected[0]
        broken.removeLast()
        broken += "9"
        #expect(!Self.matches(String(actual.first!), broken))
        #expect(Self.matches("took 1.234 s, 5x", "took […] s, […]x") && !Self.matches("took 1.2 min", "took […] s"))
    }
}
