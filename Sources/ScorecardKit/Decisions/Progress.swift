/// The stage a long run is in, for a progress line a person watches (the command line shows it
/// on a terminal when a run takes more than a moment). These are the review's stages; they live
/// with the decisions, the first stage that reports one.
public enum ProgressStage: String, Sendable, CaseIterable {
    /// Reading and checking the deal history and the card.
    case reading
    /// Fitting the card's rules (and scaling the fit to points).
    case fitting
    /// Per-rule evidence and flags.
    case diagnostics
    /// One decision per rule, and the refit without the drops.
    case decisions
    /// Scoring the current and revised cards: sweeps, threshold intervals, what a score means.
    case scoring
    /// The out-of-time check on the last quarter.
    case backtest = "back-test"
    /// Writing the output files.
    case writing
}

/// Where a long run reports the stage it enters: a closure that takes a ``ProgressStage``.
///
/// The library only calls it (never prints); the command line renders it. It is called on the
/// thread that runs the stage, so it must be quick and thread-safe.
///
/// ```swift
/// let progress = ProgressReporter { stage in print("now:", stage.rawValue) }
/// progress(.fitting)
/// ```
public struct ProgressReporter: Sendable {
    /// Receives each stage as the run enters it.
    public let report: @Sendable (ProgressStage) -> Void

    /// Creates a reporter from a closure.
    public init(_ report: @escaping @Sendable (ProgressStage) -> Void) { self.report = report }

    /// Reports that the run enters `stage`.
    public func callAsFunction(_ stage: ProgressStage) { report(stage) }
}
