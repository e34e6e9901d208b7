import Foundation
import Testing

@testable import ScorecardKit

extension Double {
    /// Approximate equality with RealModule's semantics: |a − b| ≤ max(absoluteTolerance,
    /// relativeTolerance · max(|a|, |b|)). Used only in tests; never backs `==`.
    func isApproximatelyEqual(
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
func worstRelativeError(_ got: [Double], _ want: [Double], floor: Double = 1e-12) -> Double {
    guard got.count == want.count else { return .infinity }
    var worst = 0.0
    for (a, b) in zip(got, want) {
        guard a.isFinite, b.isFinite else { return .nan }
        worst = Swift.max(worst, abs(a - b) / Swift.max(abs(b), floor))
    }
    return worst
}

/// Paths relative to the repository, found from this file so no resource bundle is needed.
enum Fixtures {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let references = repository.appendingPathComponent("Tests/ScorecardKitTests/References")
    static let datasets = repository.appendingPathComponent("datasets")

    static func text(_ url: URL) throws -> String { try String(contentsOf: url, encoding: .utf8) }
    static func reference(_ name: String) throws -> JSONValue {
        try JSONValue.parseValue(text(references.appendingPathComponent(name)), file: name)
    }
    /// A deal table and card from the references folder.
    static func referenceData(_ csv: String, card: String) throws -> (DealTable, Scorecard) {
        let deals = try DealTable(csv: text(references.appendingPathComponent(csv)), file: csv)
        let scorecard = try Scorecard(json: text(references.appendingPathComponent(card)), file: card)
        return (deals, scorecard)
    }
    static func dataset(_ path: String) throws -> String { try text(datasets.appendingPathComponent(path)) }
}

extension JSONValue {
    /// The numbers of an array value (test helper; fails the test on anything else).
    var numbers: [Double] { (array ?? []).map { $0.number ?? .nan } }
}

/// The comparison helpers themselves: a NaN anywhere or a length mismatch must fail a
/// `worstRelativeError(…) < tolerance` check.
@Suite("Test support")
struct TestSupportTests {
    @Test func worstRelativeErrorFailsOnNaNAndLengthMismatch() {
        #expect(worstRelativeError([1, 2, 3], [1, 2, 3]) == 0)
        #expect(worstRelativeError([1, 2.000_000_2], [1, 2]).isApproximatelyEqual(to: 1e-7, relativeTolerance: 1e-6))
        // A NaN in any position, on either side (the old `.max()` saw only a leading one).
        for k in 0..<3 {
            var got = [1.0, 2, 3]
            got[k] = .nan
            #expect(!(worstRelativeError(got, [1, 2, 3]) < 1), "NaN at \(k) passed")
            #expect(!(worstRelativeError([1, 2, 3], got) < 1), "NaN in the reference at \(k) passed")
        }
        #expect(!(worstRelativeError([1, .infinity], [1, 2]) < 1))
        // A dropped or extra term.
        #expect(!(worstRelativeError([1, 2], [1, 2, 3]) < 1))
        #expect(!(worstRelativeError([1, 2, 3], [1, 2]) < 1))
    }
}
