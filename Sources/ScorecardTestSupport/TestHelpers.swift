import Foundation

// Helpers both test targets use (once each target kept its own copy). Nothing here imports
// Testing: a test target wraps what needs `Issue.record` (see `MissingTool`).

extension Double {
    /// Approximate equality with RealModule's semantics: |a − b| ≤ max(absoluteTolerance,
    /// relativeTolerance · max(|a|, |b|)). Used only in tests; never backs `==`.
    public func isApproximatelyEqual(
        to other: Double, absoluteTolerance: Double = 0, relativeTolerance: Double = Double.ulpOfOne.squareRoot()
    ) -> Bool {
        if self == other { return true }
        guard isFinite, other.isFinite else { return false }
        let scale = max(abs(self), abs(other))
        return abs(self - other) <= max(absoluteTolerance, relativeTolerance * scale)
    }
}

/// The largest relative error of `got` against `want`, with `floor` guarding values near zero.
///
/// A comparison that cannot be made is the worst error there is: the result is `.infinity` when
/// the lengths differ (a dropped or extra term, which `zip` would hide) and NaN when any value on
/// either side is NaN or infinite (a missing estimate), wherever it sits, so `worst < tolerance`
/// is false for both. (`[Double].max()` skips a NaN anywhere but first: `[0, .nan].max()` is 0.)
public func worstRelativeError(_ got: [Double], _ want: [Double], floor: Double = 1e-12) -> Double {
    guard got.count == want.count else { return .infinity }
    var worst = 0.0
    for (a, b) in zip(got, want) {
        guard a.isFinite, b.isFinite else { return .nan }
        worst = Swift.max(worst, abs(a - b) / Swift.max(abs(b), floor))
    }
    return worst
}

/// Where the repository's files are, found from this source file so no resource bundle is needed.
public enum Repository {
    /// The repository root (the folder holding `Package.swift`).
    public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    /// `datasets/`, the bundled histories and scorecards.
    public static let datasets = root.appendingPathComponent("datasets")
    /// The text of `datasets/<path>` (UTF-8).
    public static func dataset(_ path: String) throws -> String {
        try String(contentsOf: datasets.appendingPathComponent(path), encoding: .utf8)
    }
}

/// What one run of a program produced: its exit code and both output streams.
public struct RunResult: Sendable {
    /// The exit code.
    public var code: Int32
    /// Everything written to standard output.
    public var out: String
    /// Everything written to standard error.
    public var err: String

    /// A result from its three parts.
    public init(code: Int32, out: String, err: String) {
        self.code = code
        self.out = out
        self.err = err
    }
}

/// Runs any program (an outside engine such as python3 through `/usr/bin/env`, or sqlite3) in
/// `directory`, feeding it `input` on standard input when given, and captures its output.
public func runExecutable(
    _ executable: String, _ arguments: [String], in directory: String = FileManager.default.currentDirectoryPath,
    input: String? = nil
) throws -> RunResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.currentDirectoryURL = URL(fileURLWithPath: directory)
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    let stdin = input.map { _ in Pipe() }
    if let stdin { process.standardInput = stdin }
    try process.run()
    if let stdin, let input {
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
    }
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

/// The path of `name` on the `PATH`, or nil when no executable of that name is there.
public func executableOnPath(_ name: String) -> String? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    for dir in path.split(separator: ":") {
        let candidate = "\(dir)/\(name)"
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return nil
}

/// A fresh temporary directory for one test, inside this test process's own directory
/// (``testProcessDirectory``), which goes when the process exits.
public func temporaryDirectory(_ name: String = #function) throws -> String {
    let dir = testProcessDirectory + "/" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
}

/// The directory that holds every ``temporaryDirectory(_:)`` of this process
/// (`scorecard-tests-<pid>` in the system's temporary directory), removed with what it holds
/// when the process exits, so a test run leaves nothing behind.
public let testProcessDirectory: String = {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
        "scorecard-tests-\(ProcessInfo.processInfo.processIdentifier)"
    ).path
    atexit { try? FileManager.default.removeItem(atPath: testProcessDirectory) }
    return dir
}()

/// Writes `contents` to `dir/name` and returns the path.
@discardableResult
public func write(_ contents: String, to name: String, in dir: String) throws -> String {
    let path = dir + "/" + name
    try contents.write(toFile: path, atomically: true, encoding: .utf8)
    return path
}

/// The one policy for a test whose outside tool (sqlite3, psql and a PostgreSQL server, Java with
/// JPMML) is missing: on a developer's machine the test prints "skipped: <reason>" and returns
/// early; under `SCORECARD_CI=1` (set by `.ci/run`) it records a failure instead, so CI can never
/// pass with a check that did not run. Each test target's `skipOrFail` passes `Issue.record`.
public enum MissingTool {
    /// Prints the skip, or hands `record` the failure message under `SCORECARD_CI=1`.
    public static func report(_ reason: String, record: (String) -> Void) {
        if ProcessInfo.processInfo.environment["SCORECARD_CI"] == "1" {
            record("required tool missing under SCORECARD_CI=1: \(reason)")
        } else {
            print("skipped: \(reason)")
        }
    }
}
