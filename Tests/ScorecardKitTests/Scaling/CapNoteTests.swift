import Testing

@testable import ScorecardKit

/// A platform's cap makes the scaler shrink the points and then search integer points within it;
/// the search moves the card's points per unit of log-odds. The note that says the points were
/// scaled down must quote the card the review carries, not the scale before the search (the
/// hubspot-pro review once said 14.11 in a note and 10.58 in its Fit line).
@Suite("The cap note quotes the card's own scale")
struct CapNoteTests {
    @Test(arguments: [Platform.hubspotPro, .hubspotEnterprise])
    func theScaledDownNoteQuotesTheFactorTheCardCarries(platform: Platform) throws {
        let deals = try DealTable(csv: Fixtures.dataset("b2b-saas/deals.csv"), file: "deals.csv")
        let card = try Scorecard(json: Fixtures.dataset("b2b-saas/current-scorecard.json"), file: "card.json")
        let options = QuarterlyReview.Options(refit: CardRefit(platform: platform), resamples: 0, holdout: false)
        let review = try QuarterlyReview(options: options).run(deals: deals, card: card)
        let notes = review.notes.filter { $0.contains("scaled down to") }
        // hubspot-pro's cap of 100 binds on this card (it reaches 448 unconstrained); the
        // enterprise cap of 500 does not, and then no such note may appear.
        if platform == .hubspotPro { #expect(notes.count == 1) }
        for note in notes {
            let quoted = note.components(separatedBy: "scaled down to ")[1].split(separator: " ")[0]
            #expect(String(quoted) == NumberFormatting.fixed(review.factor, 2), "\(note)")
        }
        // The card the review carries stays within the cap it names.
        #expect((review.revisedCard.reachableMaximum() ?? .infinity) <= (platform.scoreLimit ?? .infinity))
    }
}
