import Dispatch
import Foundation

/// Runs `body` over `0..<count` split into contiguous chunks, one per core, when the work is large
/// enough to pay for the threads (at least `minimumPerChunk` items a chunk); otherwise in one call.
///
/// `body` receives the chunk's range and index (0..<chunks), so each chunk can write to its own
/// slot of a preallocated result and the caller combines them in chunk order — the result is then
/// the same on any machine with the same core count.
///
/// - Returns: the number of chunks used.
@discardableResult
func forEachChunk(count: Int, minimumPerChunk: Int, _ body: @Sendable (Range<Int>, Int) -> Void) -> Int {
    let cores = max(1, ParallelSettings.cores)
    let chunks = max(1, min(cores, count / max(1, minimumPerChunk)))
    if chunks == 1 {
        body(0..<count, 0)
        return 1
    }
    DispatchQueue.concurrentPerform(iterations: chunks) { k in
        let lo = count * k / chunks
        let hi = count * (k + 1) / chunks
        body(lo..<hi, k)
    }
    return chunks
}

/// `body(k)` for every k in `0..<count`, the indices split over the cores as ``forEachChunk``
/// splits them (for a few large items, such as the parts of a scan), in index order.
///
/// ```swift
/// let totals = parallelMap(count: parts.count) { p in parts[p].reduce(0, +) }
/// ```
func parallelMap<T>(count: Int, _ body: @Sendable (Int) -> T) -> [T] {
    [T](unsafeUninitializedCapacity: count) { buffer, filled in
        nonisolated(unsafe) let out = buffer
        forEachChunk(count: count, minimumPerChunk: 1) { range, _ in
            for k in range { (out.baseAddress! + k).initialize(to: body(k)) }
        }
        filled = count
    }
}

/// `first()` and `second()` side by side, one on each core when there are two or more and
/// `sideBySide` holds, else one after the other (`first` first). Each runs exactly as it would
/// alone (the kernels inside still split their work by ``ParallelSettings/cores``), so the pair is
/// the same either way; side by side, both hold their memory at once.
///
/// ```swift
/// let (sweep, backtest) = concurrently({ sweepCard() }, { Result { try runBacktest() } })
/// ```
func concurrently<A: Sendable, B: Sendable>(
    sideBySide: Bool = true, _ first: @Sendable () -> A, _ second: @Sendable () -> B
) -> (A, B) {
    guard sideBySide, ParallelSettings.cores > 1 else { return (first(), second()) }
    let a = UnsafeMutablePointer<A>.allocate(capacity: 1)
    let b = UnsafeMutablePointer<B>.allocate(capacity: 1)
    defer {
        a.deallocate()
        b.deallocate()
    }
    nonisolated(unsafe) let slots = (a, b)
    DispatchQueue.concurrentPerform(iterations: 2) { k in
        if k == 0 { slots.0.initialize(to: first()) } else { slots.1.initialize(to: second()) }
    }
    return (a.move(), b.move())
}

/// `body()` run on a thread of its own from the moment the task is made, its result collected by
/// ``value``: for work that needs nothing the caller computes next (the held-out quarter's
/// back-test while the diagnostics run). The kernels inside split their work by
/// ``ParallelSettings/cores`` as anywhere else, so the result is the same as `body()` run in place.
///
/// ```swift
/// let backtest = BackgroundTask { Result { try runBacktest() } }
/// let flags = diagnose()          // meanwhile, on this thread
/// let periods = backtest.value    // waits for the back-test if it is still running
/// ```
final class BackgroundTask<T: Sendable>: @unchecked Sendable {
    /// Set once by the thread, before it signals `done`.
    private var result: T? = nil
    private let done = DispatchSemaphore(value: 0)
    private var collected = false

    /// Starts `body` on a new thread.
    init(_ body: @escaping @Sendable () -> T) {
        let thread = Thread { [self] in
            result = body()
            done.signal()
        }
        // The numeric kernels keep their buffers on the heap; 16 MB covers the rest with room.
        thread.stackSize = 16 << 20
        thread.start()
    }

    /// `body`'s result, waiting for it the first time (call it from the thread that made the task).
    var value: T {
        if !collected {
            done.wait()
            collected = true
        }
        return result!
    }
}

/// How many cores the numeric kernels may use.
public enum ParallelSettings {
    /// The number of active processors; set `SCORECARD_THREADS=1` to force single-threaded runs
    /// (for timing comparisons and the thread sanitizer).
    public static let cores: Int = {
        if let text = getenvString("SCORECARD_THREADS"), let n = Int(text), n >= 1 { return n }
        return activeProcessorCount()
    }()
}

#if canImport(Glibc)
    import Glibc
    private func activeProcessorCount() -> Int { Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))) }
#elseif canImport(Darwin)
    import Darwin
    private func activeProcessorCount() -> Int { Int(sysconf(_SC_NPROCESSORS_ONLN)) }
#endif

private func getenvString(_ name: String) -> String? {
    guard let p = getenv(name) else { return nil }
    return String(cString: p)
}
