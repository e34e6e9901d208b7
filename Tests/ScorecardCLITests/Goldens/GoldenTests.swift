import Foundation
import ScorecardTestSupport
import Testing

@testable import ScorecardCLI

/// What a person reads, pinned byte for byte: the review's text and `review.md` on the bundled
/// histories, and every command's `--help`. Each golden is written by the `scorecard` executable
/// in a process of its own and compared with another process's output, so the files also check
/// determinism across processes.
///
/// After an intended change, `RECORD_GOLDENS=1 swift test --filter GoldenTests` rewrites them
/// (and fails, so a recording is never mistaken for a pass); review the change with `git diff
/// Tests/ScorecardCLITests/Goldens`.
@Suite("Goldens", .serialized)
struct GoldenTests {
    static let directory = repositoryRoot + "/Tests/ScorecardCLITests/Goldens"

    /// The first lines where `got` and `want` differ, numbered, for the failure message.
    static func difference(_ got: String, _ want: String, context: Int = 12) -> String {
        let a = got.split(separator: "\n", omittingEmptySubsequences: false)
        let b = want.split(separator: "\n", omittingEmptySubsequences: false)
        var out: [String] = []
        for i in 0..<max(a.count, b.count) where (i < a.count ? a[i] : nil) != (i < b.count ? b[i] : nil) {
            out.append(
                "line \(i + 1):\n- \(i < b.count ? String(b[i]) : "(none)")\n+ \(i < a.count ? String(a[i]) : "(none)")"
            )
            if out.count == context { break }
        }
        return out.joined(separator: "\n")
    }

    /// Compares `output` with the golden `name` (or records it).
    static func check(_ output: String, golden name: String) throws {
        let path = directory + "/" + name
        if ProcessInfo.processInfo.environment["RECORD_GOLDENS"] == "1" {
            try output.write(toFile: path, atomically: true, encoding: .utf8)
            Issue.record("recorded \(name); run again without RECORD_GOLDENS to check it")
            return
        }
        guard let want = try? String(contentsOfFile: path, encoding: .utf8) else {
            Issue.record("no golden \(name): record it with RECORD_GOLDENS=1 swift test --filter GoldenTests")
            return
        }
        #expect(
            output == want,
            "\(name) differs from its golden (RECORD_GOLDENS=1 swift test --filter GoldenTests records it):\n\(difference(output, want))"
        )
    }

    /// A folder where the bundled datasets sit at `datasets/`, so the outputs name them as a user
    /// in a fresh clone would, whatever folder the clone is in.
    static func workspace() throws -> String {
        let dir = try temporaryDirectory()
        try FileManager.default.createSymbolicLink(
            atPath: dir + "/datasets", withDestinationPath: repositoryRoot + "/datasets")
        return dir
    }

    @Test(arguments: ["b2b-saas", "founder"])
    func reviewTextAndMarkdown(_ history: String) throws {
        let dir = try Self.workspace()
        let arguments = [
            "review", "datasets/\(history)/deals.csv", "--scorecard", "datasets/\(history)/current-scorecard.json",
            "--out", "out",
        ]
        let run = try runProcess(arguments, in: dir)
        #expect(run.code == 0, "\(run.err)")
        try Self.check(run.out, golden: "review-\(history).txt")
        try Self.check(String(contentsOfFile: dir + "/out/review.md", encoding: .utf8), golden: "review-\(history).md")
        // A second process writes the same bytes, JSON included.
        let again = try runProcess(arguments.dropLast(2) + ["--out", "again", "--format", "json"], in: dir)
        let first = try runProcess(arguments.dropLast(2) + ["--out", "again", "--format", "json"], in: dir)
        #expect(again.out == first.out && !again.out.isEmpty)
        for file in ["review.md", "review.html", "revised-scorecard.json"] {
            #expect(
                try Data(contentsOf: URL(fileURLWithPath: dir + "/out/" + file))
                    == Data(contentsOf: URL(fileURLWithPath: dir + "/again/" + file)), "\(file)")
        }
    }

    @Test(arguments: [""] + ScorecardTool.commands.map(\.name))
    func help(_ command: String) throws {
        let run = try runProcess(command.isEmpty ? ["--help"] : [command, "--help"], in: repositoryRoot)
        #expect(run.code == 0, "\(run.err)")
        try Self.check(run.out, golden: "help-\(command.isEmpty ? "scorecard" : command).txt")
    }
}
