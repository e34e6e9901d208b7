import Foundation
import ScorecardKit

/// Renders a run's ``ProgressReporter`` stages for a person at a terminal: once the run has taken
/// longer than ``delay`` seconds, one line on stderr says which stage it is in (and for how
/// long), overwritten in place, and ``finish()`` clears it. When stderr is not a terminal, or with
/// `--quiet`, it writes nothing at all.
///
/// With `SCORECARD_TRACE=1` in the environment it instead writes one line per stage when the stage
/// ends, terminal or not: its seconds and the process's resident and peak memory (for finding
/// where a large history's time and memory go).
final class ProgressLine: @unchecked Sendable {
    /// How long a run goes before the line appears (quick runs show nothing).
    static let defaultDelay = 2.0

    private let write: (String) -> Void
    private let enabled: Bool
    private let delay: Double
    private let lock = NSLock()
    private let started = Date()
    private var stage: ProgressStage?
    private var stageStarted = Date()
    private var shown = false
    private var finished = false
    private var ticker: Thread?

    /// A line that writes through `console.err` when `console.isTerminal` and not `quiet`.
    private let trace: Bool

    init(
        console: Console, quiet: Bool, delay: Double = ProgressLine.defaultDelay,
        trace: Bool = ProcessInfo.processInfo.environment["SCORECARD_TRACE"] == "1"
    ) {
        self.write = console.err
        self.trace = trace
        self.enabled = (console.isTerminal && !quiet) || trace
        self.delay = delay
        guard enabled, !trace else { return }
        let thread = Thread { [weak self] in
            while let line = self, line.tick() { Thread.sleep(forTimeInterval: 0.25) }
        }
        ticker = thread
        thread.start()
    }

    /// The reporter the library stages call.
    var reporter: ProgressReporter? {
        guard enabled else { return nil }
        return ProgressReporter { [self] stage in self.enter(stage) }
    }

    /// Enters `stage`.
    func enter(_ stage: ProgressStage) {
        guard enabled else { return }
        lock.lock()
        if trace, self.stage != nil { traceLine() }
        self.stage = stage
        stageStarted = Date()
        lock.unlock()
        if !trace { _ = tick() }
    }

    /// The trace line of the stage that ends now (called under the lock).
    private func traceLine() {
        let seconds = Date().timeIntervalSince(stage == nil ? started : stageStarted)
        var memory = ""
        if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) {
            func megabytes(_ key: String) -> String {
                let line = status.split(separator: "\n").first { $0.hasPrefix(key + ":") }
                let kb =
                    line.flatMap {
                        Double($0.split(separator: " ").dropFirst().first { !$0.isEmpty }.map(String.init) ?? "")
                    } ?? 0
                return String(Int((kb / 1024).rounded()))
            }
            memory = "; resident \(megabytes("VmRSS")) MB, peak \(megabytes("VmHWM")) MB"
        }
        write("scorecard: \(stage?.rawValue ?? "start") took \(NumberFormatting.fixed(seconds, 2)) s\(memory)\n")
    }

    /// Redraws the line when it is due; false once finished.
    private func tick() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard !finished, !trace else { return false }
        guard let stage, Date().timeIntervalSince(started) >= delay else { return true }
        let seconds = Int(Date().timeIntervalSince(stageStarted))
        write("\r\u{1B}[2Kscorecard: \(stage.rawValue)… \(seconds) s")
        shown = true
        return true
    }

    /// Clears the line (if it was shown) and stops redrawing it.
    func finish() {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        if trace && !finished { traceLine() }
        if shown && !finished { write("\r\u{1B}[2K") }
        finished = true
    }
}
