import Foundation
import Testing
@testable import ScorecardKit

extension Double {
    /// Approximate equality with RealModule's semantics: |a − b| ≤ max(absoluteTolerance,
    /// relativeTolerance · max(|a|, |b|)). Used only in tests; never backs `==`.
    func isApproximatelyEqual(to other: Double, absoluteTolerance: Double = 0, relativeTolerance: Double = Double.ulpOfOne.squareRoot()) -> Bool {
        if self == other { return true }
        guard isFinite, other.isFinite else { return false }
        let scale = max(abs(self), abs(other))
        return abs(self - other) <= max(absoluteTolerance, relativeTolerance * scale)
    }
}

/// The largest relative error of `got` against `want`, with `floor` guarding values near zero.
func worstRelativeError(_ got: [Double], _ want: [Double], floor: Double = 1e-12) -> Double {
    precondition(got.count == want.count, "got \(got.count) values, want \(want.count)")
    return zip(got, want).map { abs($0 - $1) / max(abs($1), floor) }.max() ?? 0
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
