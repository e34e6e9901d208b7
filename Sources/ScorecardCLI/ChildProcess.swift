import Foundation

/// Runs another program (an SQL engine's shell: `sqlite3`, `psql`) with a script on its standard
/// input and collects what it prints. Standard output and standard error are read at the same time,
/// so a program that writes much to either never waits on a full pipe.
///
/// ```swift
/// let r = try ChildProcess.run("/usr/bin/sqlite3", arguments: ["-batch", ":memory:"], input: "SELECT 1;")
/// r.status   // 0
/// r.out      // "1\n"
/// ```
enum ChildProcess {
    /// What the program printed, and how it ended.
    struct Output {
        /// The exit status.
        var status: Int32
        /// Standard output, as UTF-8 (invalid bytes replaced).
        var out: String
        /// Standard error, as UTF-8 (invalid bytes replaced).
        var err: String
    }

    /// Runs `path` with `arguments`, writing `input` to its standard input.
    ///
    /// - Throws: when the program cannot be started.
    static func run(_ path: String, arguments: [String], input: String) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let stdin = Pipe()
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        let writer = Thread {
            stdin.fileHandleForWriting.write(Data(input.utf8))
            try? stdin.fileHandleForWriting.close()
        }
        writer.start()
        let errors = Collected()
        let reader = Thread { errors.finish(stderr.fileHandleForReading.readDataToEndOfFile()) }
        reader.start()
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        let err = errors.wait()
        process.waitUntilExit()
        return Output(
            status: process.terminationStatus, out: String(decoding: out, as: UTF8.self),
            err: String(decoding: err, as: UTF8.self))
    }

    /// Bytes another thread reads to the end, handed over once.
    private final class Collected: @unchecked Sendable {
        private var data = Data()
        private let done = DispatchSemaphore(value: 0)

        func finish(_ bytes: Data) {
            data = bytes
            done.signal()
        }

        func wait() -> Data {
            done.wait()
            return data
        }
    }
}
