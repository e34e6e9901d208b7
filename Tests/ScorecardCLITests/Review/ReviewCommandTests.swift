import Foundation
import ScorecardTestSupport
import Testing

@testable import ScorecardCLI
@testable import ScorecardKit

@Suite("scorecard review on the bundled histories")
struct ReviewCommandTests {
    static let deals = repositoryRoot + "/datasets/b2b-saas/deals.csv"
    static let card = repositoryRoot + "/datasets/b2b-saas/current-scorecard.json"

    /// The progress line is for a person at a terminal: the in-process console is not one, so a
    /// review (with or without `--quiet`) writes nothing to stderr; on a terminal the line names
    /// the stage, is overwritten in place and cleared at the end; `--quiet` silences it there too.
    @Test func progressWritesNothingWhenStderrIsNotATerminal() throws {
        for quiet in [false, true] {
            let dir = try temporaryDirectory()
            let r = runTool(
                ["review", Self.deals, "--scorecard", Self.card, "--out", dir, "--format", "json"]
                    + (quiet ? ["--quiet"] : []))
            #expect(r.code == 0, "\(r.err)")
            #expect(r.err.isEmpty, "stderr: \(r.err)")
            let f = runTool(
                ["fit", Self.deals, "--scorecard", Self.card, "--format", "json"] + (quiet ? ["--quiet"] : []))
            #expect(f.code == 0 && f.err.isEmpty, "stderr: \(f.err)")
        }
        final class Buffer: @unchecked Sendable { var err = "" }
        for (terminal, quiet) in [(false, false), (true, true), (true, false)] {
            let buffer = Buffer()
            let line = ProgressLine(
                console: Console(out: { _ in }, err: { buffer.err += $0 }, isTerminal: terminal), quiet: quiet, delay: 0
            )
            line.reporter?(.fitting)
            line.enter(.writing)
            line.finish()
            if terminal && !quiet {
                #expect(buffer.err.contains("fitting") && buffer.err.contains("writing"))
                #expect(buffer.err.hasSuffix("\r\u{1B}[2K"), "the line is cleared at the end")
                #expect(!buffer.err.contains("\n"), "the line is overwritten in place")
            } else {
                #expect(buffer.err.isEmpty && line.reporter == nil)
            }
        }
    }

    @Test func b2bReviewWritesThreeFilesAndImprovesRanking() throws {
        let dir = try temporaryDirectory()
        let r = runTool(["review", Self.deals, "--scorecard", Self.card, "--out", dir, "--format", "json"])
        #expect(r.code == 0, "\(r.err)")
        let json = try JSONValue.parseValue(r.out)
        for name in ["revised-scorecard.json", "review.md", "review.html"] {
            #expect(FileManager.default.fileExists(atPath: dir + "/" + name), "\(name) missing")
        }

        // Rows: counted here from the raw file (the simulator writes no multi-line fields).
        let lines = try String(contentsOfFile: Self.deals, encoding: .utf8).split(separator: "\n").dropFirst()
        let outcomes = lines.map { $0.split(separator: ",", omittingEmptySubsequences: false)[1] }
        let closed = outcomes.filter { $0 == "won" || $0 == "lost" }.count
        let d = json["deals"]!
        #expect(d["read"]!.number == Double(lines.count))
        #expect(d["used"]!.number == Double(closed))
        let skipped = d["skipped"]!.members!.map { $0.1.number! }.reduce(0, +)
        #expect(d["read"]!.number! == d["used"]!.number! + skipped)
        #expect(d["won"]!.number == Double(outcomes.filter { $0 == "won" }.count))

        // The revised card ranks the deals better, and keeps the threshold number 80.
        let current = json["current"]!["auc"]!.number!
        let revised = json["revised"]!["auc"]!.number!
        #expect(revised > current, "AUC \(current) → \(revised)")
        #expect(json["revised"]!["threshold"]!.number == 80)
        #expect(json["revised"]!["selected"]!["threshold"]!.number == 80)
        // The 80% rule on the revised card: at least 80% of won deals at or above the threshold.
        #expect(json["revised"]!["atThreshold"]!["recall"]!.number! >= 0.8)

        // The written card is a valid scorecard/v1 with the current rules less the dropped ones and
        // with the added ones, and there is exactly one decision per current rule and per added one.
        let revisedCard = try Scorecard(
            json: String(contentsOfFile: dir + "/revised-scorecard.json", encoding: .utf8), file: "revised")
        let currentCard = try Scorecard(json: String(contentsOfFile: Self.card, encoding: .utf8), file: "current")
        let decisions = json["decisions"]!.array!
        let added = decisions.filter { $0["action"]?.string == "add" }.compactMap { $0["id"]?.string }
        #expect(decisions.compactMap { $0["id"]?.string } == currentCard.rules.map(\.id) + added)
        let dropped = Set(decisions.filter { $0["action"]?.string == "drop" }.compactMap { $0["id"]?.string })
        #expect(revisedCard.rules.map(\.id) == currentCard.rules.map(\.id).filter { !dropped.contains($0) } + added)
        #expect(revisedCard.rules.allSatisfy { $0.points == $0.points.rounded() })
    }

    @Test func textOutputFitsOneScreenAndNamesTheRows() throws {
        let dir = try temporaryDirectory()
        let r = runTool(["review", Self.deals, "--scorecard", Self.card, "--out", dir])
        #expect(r.code == 0)
        let lines = r.out.split(separator: "\n", omittingEmptySubsequences: false)
        // One screen (50 lines), with the first lines saying what adopting the card changes.
        #expect(lines.count <= 50, "review text has \(lines.count) lines")
        #expect(lines.allSatisfy { $0.count <= 100 }, "a line is wider than 100 columns")
        #expect(r.out.contains("rows read 3200 = used"))
        #expect(r.out.contains("AUC (in-sample)"))
    }

    @Test func reviewIsByteIdenticalAcrossRuns() throws {
        let a = try temporaryDirectory()
        let b = try temporaryDirectory()
        #expect(runTool(["review", Self.deals, "--scorecard", Self.card, "--out", a]).code == 0)
        #expect(runTool(["review", Self.deals, "--scorecard", Self.card, "--out", b]).code == 0)
        for name in ["revised-scorecard.json", "review.md", "review.html"] {
            #expect(
                FileManager.default.contents(atPath: a + "/" + name)
                    == FileManager.default.contents(atPath: b + "/" + name), "\(name) differs")
        }
    }

    /// The founder's 20 deals: too few per rule for maximum likelihood, so the review centres the
    /// fit on the current card and says why; an explicit --penalty firth is honoured.
    @Test func founderReviewUsesThePriorAndSaysWhy() throws {
        let dir = try temporaryDirectory()
        let r = runTool([
            "review", repositoryRoot + "/datasets/founder/deals.csv", "--scorecard",
            repositoryRoot + "/datasets/founder/current-scorecard.json",
            "--out", dir, "--format", "json",
        ])
        #expect(r.code == 0, "\(r.err)")
        let json = try JSONValue.parseValue(r.out)
        #expect(json["penalty"]!.string == "prior")
        #expect(
            json["penaltyReason"]!.string!.contains(
                "the history is small: 10 deals of the rarer outcome for 6 fitted rules"))
        // email_opens fires for every deal, won or lost (false-positive-prone), but on 20 deals
        // every interval reaches 0, so it is refitted, not dropped.
        let opens = json["decisions"]!.array!.first { $0["id"]?.string == "email_opens" }
        #expect(
            opens?["action"]?.string != "drop"
                && opens?["flags"]?.array?.contains(.string("falsePositiveProne")) == true)
        #expect(json["deals"]!["won"]!.number == 10 && json["deals"]!["lost"]!.number == 10)
        let firth = runTool([
            "review", repositoryRoot + "/datasets/founder/deals.csv", "--scorecard",
            repositoryRoot + "/datasets/founder/current-scorecard.json",
            "--out", dir, "--format", "json", "--penalty", "firth",
        ])
        #expect(try JSONValue.parseValue(firth.out)["penalty"]!.string == "firth")
    }

    /// Under an explicit maximum-likelihood fit the separating rule is an error naming it.
    @Test func founderFitUnderMaximumLikelihoodNamesTheSeparatingRule() {
        let r = runTool([
            "fit", repositoryRoot + "/datasets/founder/deals.csv", "--scorecard",
            repositoryRoot + "/datasets/founder/current-scorecard.json",
            "--penalty", "none",
        ])
        #expect(r.code == 1)
        #expect(
            r.err.contains(
                "\"demo_request\" fires only for won deals (6 of 6): its maximum-likelihood weight is +infinite"))
        #expect(r.err.contains("--penalty firth"))
    }
}
