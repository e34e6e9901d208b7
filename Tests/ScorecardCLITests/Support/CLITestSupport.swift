import Foundation
import ScorecardTestSupport
import Testing

@testable import ScorecardCLI
@testable import ScorecardKit

/// Runs `scorecard` in-process with captured output.
func runTool(_ arguments: [String]) -> RunResult {
    final class Buffer: @unchecked Sendable { var out = "", err = "" }
    let buffer = Buffer()
    let code = ScorecardTool.main(arguments, console: Console(out: { buffer.out += $0 }, err: { buffer.err += $0 }))
    return RunResult(code: code, out: buffer.out, err: buffer.err)
}

/// The `scorecard` executable `swift test` built beside the test bundle.
let toolExecutable: String? = {
    let dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    for candidate in [dir, dir.deletingLastPathComponent()] {
        let path = candidate.appendingPathComponent("scorecard").path
        if FileManager.default.isExecutableFile(atPath: path) { return path }
    }
    return nil
}()

/// Runs the `scorecard` executable as a user would, in `directory` (the child's working
/// directory; this process's stays as it is), and captures its output.
func runProcess(_ arguments: [String], in directory: String) throws -> RunResult {
    guard let executable = toolExecutable else {
        throw CocoaError(
            .fileNoSuchFile, userInfo: [NSFilePathErrorKey: "scorecard executable beside \(CommandLine.arguments[0])"])
    }
    return try runExecutable(executable, arguments, in: directory)
}

/// The repository root.
let repositoryRoot = Repository.root.path

/// The one way a test says an outside tool it needs (sqlite3, psql and a PostgreSQL server, Java
/// with JPMML) is missing (``MissingTool``): "skipped: <reason>" on a developer's machine, a
/// recorded failure under `SCORECARD_CI=1`. Call it as `return skipOrFail("…")`.
func skipOrFail(_ reason: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    MissingTool.report(reason) { Issue.record(Comment(rawValue: $0), sourceLocation: sourceLocation) }
}
