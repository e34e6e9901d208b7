import Foundation
import ScorecardTestSupport
import Testing

@testable import ScorecardCLI
@testable import ScorecardKit

/// What a score means and how many deals are enough, as the review reports them.
@Suite("Review: calibration and sample size")
struct ScoreMeaningReviewTests {
    static func review(_ dataset: String) throws -> JSONValue {
        let dir = try temporaryDirectory()
        let r = runTool([
            "review", repositoryRoot + "/datasets/\(dataset)/deals.csv", "--scorecard",
            repositoryRoot + "/datasets/\(dataset)/current-scorecard.json",
            "--bootstrap", "0", "--out", dir, "--format", "json",
        ])
        #expect(r.code == 0, "\(r.err)")
        return try JSONValue.parseValue(r.out)
    }

    /// On the bundled history the bins are the held-out quarter's: each bin's observed rate is its
    /// won / deals, and the predicted rate rises with the score.
    @Test func calibrationBinsOnTheHeldOutQuarter() throws {
        let calibration = try #require(Self.review("b2b-saas")["calibration"])
        #expect(calibration["on"]?.string == "holdout")
        let bins = try #require(calibration["bins"]?.array)
        #expect(bins.count >= 3)
        var previous = -Double.infinity
        for b in bins {
            let won = b["won"]!.number!
            let deals = b["deals"]!.number!
            #expect(abs(b["observed"]!.number! - won / deals) <= 1e-12)
            #expect(b["low"]!.number! <= b["observed"]!.number! && b["observed"]!.number! <= b["high"]!.number!)
            #expect(b["predicted"]!.number! > previous, "predicted rates rise with the score")
            previous = b["predicted"]!.number!
            #expect(b["scoreFrom"]!.number! <= b["scoreTo"]!.number!)
        }
        #expect(calibration["slope"]?.number != nil && calibration["intercept"]?.number != nil)
    }

    /// The founder's 20 deals are too few, and the minimum equals Riley et al.'s three criteria
    /// recomputed here from the inputs the review reports (BMJ 2020; 368:m441, binary outcome).
    @Test func founderHistoryIsTooSmallByRiley() throws {
        let size = try #require(Self.review("founder")["sampleSize"])
        let p = size["parameters"]!.number!
        let phi = size["prevalence"]!.number!
        let r2 = size["anticipatedR2CS"]!.number!
        #expect(size["deals"]?.number == 20 && size["enough"]?.bool == false)
        func n(shrinkage s: Double) -> Double { p / ((s - 1) * log(1 - r2 / s)) }
        let maxR2 = 1 - exp(2 * (phi * log(phi) + (1 - phi) * log(1 - phi)))
        let shrinkage = n(shrinkage: 0.9).rounded(.up)
        let optimism = n(shrinkage: r2 / (r2 + 0.05 * maxR2)).rounded(.up)
        let intercept = (pow(1.96 / 0.05, 2) * phi * (1 - phi)).rounded(.up)
        #expect(size["criteria"]!["shrinkage"]!.number == shrinkage)
        #expect(size["criteria"]!["optimism"]!.number == optimism)
        #expect(size["criteria"]!["intercept"]!.number == intercept)
        #expect(size["minimumDeals"]!.number == max(shrinkage, optimism, intercept))
        #expect(size["minimumDeals"]!.number! > 20)
    }
}

/// A half-life the team set that the outcomes exclude is replaced in the revised card.
@Suite("Review: decay carried into the revised card")
struct ReviewDecayTests {
    @Test func excludedHalfLifeIsReplacedByTheEstimate() throws {
        let dir = try temporaryDirectory()
        // Planted truth: demo requests decay with a half-life of 14 days.
        let sim = runTool([
            "simulate", "--seed", "3", "--deals", "6000", "--quarters", "4", "--half-lives",
            "demo_request:14,buying_questions:45", "--out", dir + "/sim",
        ])
        #expect(sim.code == 0, "\(sim.err)")
        // The card says 90 days.
        let card = try String(
            contentsOfFile: repositoryRoot + "/datasets/b2b-saas/current-scorecard.json", encoding: .utf8
        )
        .replacingOccurrences(of: "\"points\": 45}", with: "\"points\": 45, \"halfLifeDays\": 90}")
        let cardPath = try write(card, to: "card.json", in: dir)
        let r = runTool([
            "review", dir + "/sim/deals.csv", "--scorecard", cardPath, "--bootstrap", "0", "--out", dir + "/out",
            "--format", "json",
        ])
        #expect(r.code == 0, "\(r.err)")
        let json = try JSONValue.parseValue(r.out)
        let estimate = try #require(json["decay"]?["rules"]?.array?.first { $0["id"]?.string == "demo_request" })
        let low = estimate["ciLow"]!.number!
        let high = estimate["ciHigh"]?.number ?? .infinity
        #expect(low <= 14 && 14 <= high, "the planted 14 days lie in [\(low), \(high)]")
        #expect(high < 90, "the data exclude the card's 90 days")
        let revised = try #require(json["revisedCard"]?["rules"]?.array?.first { $0["id"]?.string == "demo_request" })
        let carried = try #require(revised["halfLifeDays"]?.number)
        // Whole days, as a CRM's decay setting takes them (the estimate rounded).
        #expect(carried == estimate["halfLifeDays"]?.number?.rounded() && carried >= low && carried <= high)
        #expect(
            json["notes"]!.array!.contains { $0.string?.contains("the data exclude its half-life of 90 days") == true })
    }
}
