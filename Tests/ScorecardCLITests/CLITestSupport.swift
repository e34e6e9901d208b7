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
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
