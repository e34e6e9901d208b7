import Testing

@testable import ScorecardKit

@Suite("Two tasks side by side")
struct ConcurrentlyTests {
    /// Side by side or one after the other, the pair is what each closure gives alone, with
    /// kernels inside that split their own work over the cores.
    @Test func sideBySideGivesWhatEachGivesAlone() {
        let values = (0..<200_000).map { Double($0 % 977) / 7 }
        let sum: @Sendable () -> [Double] = {
            parallelMap(count: 4) { k in values[(k * values.count / 4)..<((k + 1) * values.count / 4)].reduce(0, +) }
        }
        let text: @Sendable () -> String = { values.prefix(5).map { "\($0)" }.joined(separator: ",") }
        let alone = (sum(), text())
        for sideBySide in [true, false] {
            let (a, b) = concurrently(sideBySide: sideBySide, sum, text)
            #expect(a == alone.0 && b == alone.1)
        }
    }
}
