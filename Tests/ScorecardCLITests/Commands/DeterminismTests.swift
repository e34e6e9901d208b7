import Foundation
import ScorecardTestSupport
import Testing

@testable import ScorecardCLI

/// The same inputs and seed give byte-identical output, command by command.
@Suite("Determinism")
struct DeterminismTests {
    static let deals = repositoryRoot + "/datasets/b2b-saas/deals.csv"
    static let card = repositoryRoot + "/datasets/b2b-saas/current-scorecard.json"

    @Test(arguments: [
        ["fit", deals, "--scorecard", card, "--format", "json"],
        ["sweep", deals, "--scorecard", card, "--format", "json", "--bootstrap", "300", "--seed", "9"],
        ["flag", deals, "--scorecard", card, "--format", "json"],
        ["backtest", deals, "--scorecard", card, "--format", "json", "--bootstrap", "100", "--seed", "3"],
        ["score", deals, "--scorecard", card, "--as-of", "2026-10-01"],
        ["export", card, "--to", "sql", "--dialect", "bigquery"],
        ["export", card, "--to", "hubspot"],
        ["export", card, "--to", "csv"],
        ["export", card, "--to", "salesforce"],
    ]) func sameInputsSameBytes(arguments: [String]) {
        let a = runTool(arguments)
        let b = runTool(arguments)
        #expect(a.code == 0, "\(arguments): \(a.err)")
        #expect(a.out == b.out && !a.out.isEmpty, "\(arguments[0]) output differs between runs")
    }

    @Test func anotherSeedMovesTheBootstrap() {
        let a = runTool([
            "sweep", Self.deals, "--scorecard", Self.card, "--format", "json", "--bootstrap", "200", "--seed", "1",
        ])
        let b = runTool([
            "sweep", Self.deals, "--scorecard", Self.card, "--format", "json", "--bootstrap", "200", "--seed", "2",
        ])
        #expect(a.out != b.out)
    }
}
