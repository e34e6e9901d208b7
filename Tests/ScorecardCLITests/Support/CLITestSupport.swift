import Foundation
import Testing

@testable import ScorecardCLI
@testable import ScorecardKit

/// What one in-process run of the tool produced.
struct RunResult {
    var code: Int32
    var out: String
    var err: String
}

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

/// Runs any program (an outside engine such as python3 through `/usr/bin/env`) in `directory`
/// and captures its output.
func runExecutable(
    _ executable: String, _ arguments: [String], in directory: String = FileManager.default.currentDirectoryPath
) throws -> RunResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.currentDirectoryURL = URL(fileURLWithPath: directory)
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    // Read both pipes while the child runs, so a large output cannot fill a pipe and stall it.
    final class Box: @unchecked Sendable { var data = Data() }
    let errBox = Box()
    let reader = Thread { errBox.data = err.fileHandleForReading.readDataToEndOfFile() }
    reader.start()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    while !reader.isFinished { usleep(1_000) }
    return RunResult(
        code: process.terminationStatus, out: String(decoding: outData, as: UTF8.self),
        err: String(decoding: errBox.data, as: UTF8.self))
}

/// A fresh temporary directory for one test.
func temporaryDirectory(_ name: String = #function) throws -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("scorecard-tests-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
}

/// Writes `contents` to `dir/name` and returns the path.
@discardableResult
func write(_ contents: String, to name: String, in dir: String) throws -> String {
    let path = dir + "/" + name
    try contents.write(toFile: path, atomically: true, encoding: .utf8)
    return path
}

/// The repository root, found from this file.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path

/// The one way a test says an outside tool it needs (sqlite3, psql and a PostgreSQL server, Java
/// with JPMML) is missing: on a developer's machine it prints "skipped: <reason>" and the test
/// returns early; under `SCORECARD_CI=1` (set by `.ci/run`) it records a failure instead, so CI
/// can never pass with a check that did not run. Call it as `return skipOrFail("…")`.
func skipOrFail(_ reason: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    if ProcessInfo.processInfo.environment["SCORECARD_CI"] == "1" {
        Issue.record("required tool missing under SCORECARD_CI=1: \(reason)", sourceLocation: sourceLocation)
    } else {
        print("skipped: \(reason)")
    }
}
