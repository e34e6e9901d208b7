import Foundation
import ScorecardTestSupport
import Testing

@testable import ScorecardKit

/// The test references and bundled datasets (paths from ``Repository``).
enum Fixtures {
    static let repository = Repository.root
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
    static func dataset(_ path: String) throws -> String { try Repository.dataset(path) }
}

extension JSONValue {
    /// The numbers of an array value (test helper; fails the test on anything else).
    var numbers: [Double] { (array ?? []).map { $0.number ?? .nan } }
}

/// The one way a test says an outside tool it needs (sqlite3) is missing (``MissingTool``):
/// "skipped: <reason>" on a developer's machine, a recorded failure under `SCORECARD_CI=1`.
func skipOrFail(_ reason: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    MissingTool.report(reason) { Issue.record(Comment(rawValue: $0), sourceLocation: sourceLocation) }
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
