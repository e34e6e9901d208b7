// The Swift code of notebooks-md/06-library-api.md (its Sources/Review/main.swift, but for the
// last line, which calls the function), compiled here and run by NotebookTests, which also checks
// that the notebook's code block is this text, line for line (so swift format leaves it as the
// notebook shows it).
// swift-format-ignore-file
// notebook: begin
import Foundation
import ScorecardKit

/// Reviews the bundled SMB SaaS history. `root` is the folder of a ScorecardKit clone (it holds
/// `datasets/`); `show` is where each line of the output goes (`print` in the notebook).
func libraryAPIExample(root: String, show: (String) -> Void) throws {
    // Read the history and the card.
    let deals = try DealTable(contentsOfFile: root + "/datasets/b2b-saas/deals.csv")
    let cardFile = root + "/datasets/b2b-saas/current-scorecard.json"
    let card = try Scorecard(json: String(contentsOfFile: cardFile, encoding: .utf8), file: cardFile)
    show(deals.accounting.summary)

    // The whole review: fit, scale, threshold, flags and the held-out quarter.
    let review = try QuarterlyReview(options: .init(resamples: 200)).run(deals: deals, card: card)
    show("penalty: \(review.penalty.name)")
    let auc = "\(NumberFormatting.fixed(review.current.auc, 3)) -> \(NumberFormatting.fixed(review.revised.auc, 3))"
    show("AUC \(auc), threshold \(JSONValue.format(review.revisedCard.threshold))")
    for change in review.biggestChanges(3) {
        show("\(change.rule.id): \(NumberFormatting.points(change.oldPoints)) -> \(NumberFormatting.points(change.newPoints))")
    }
    let flagged = review.signals?.rules.filter { $0.flags.contains(.falsePositiveProne) }.map(\.rule.id) ?? []
    show("false-positive-prone: \(flagged.joined(separator: ", "))")
    for decision in review.decisions where decision.action == .drop {
        show("\(decision.id): \(decision.action) (\(decision.summary))")
    }

    // Or the pieces: the design matrix, a Firth fit, a sweep of the revised card.
    let design = try DesignMatrix(card: card, deals: deals)
    let fit = try LogisticRegression(penalty: .firth, profileIntervals: false).fit(design)
    if let column = fit.ruleIDs.firstIndex(of: "demo_request"), let demo = fit.estimates[column] {
        show("demo_request log-odds \(NumberFormatting.fixed(demo.coefficient, 3)) ± \(NumberFormatting.fixed(demo.stdError, 3))")
    }
    // The revised card has its own rules (the dropped ones are gone), so it scores its own design.
    let revisedDesign = try DesignMatrix(card: review.revisedCard, deals: deals)
    let sweep = ThresholdSweep(scores: review.revisedCard.scores(revisedDesign), won: revisedDesign.won)
    if let row = sweep.select(.precision(0.5)) {
        show("SQL-to-won of 50% from \(JSONValue.format(row.threshold)) points: recall \(NumberFormatting.percent(row.recall))")
    }

    // Score one new lead, with the points each rule gave.
    let leadCSV = """
        deal_id,industry,is_decision_maker,company_size,use_case,job_level,pricing_page_visits,demo_requested,purchase_inquiry,replied_buying_questions,email_opens,unsubscribed,ai_score,partner_referral
        L-1,software,true,51-200,clear,director,2,true,false,false,4,false,81,false

        """
    let lead = try DealTable.leads(bytes: Array(leadCSV.utf8), file: "lead.csv")
    let scored = try review.revisedCard.scoreLeads(lead)[0]
    show("\(scored.dealID): \(JSONValue.format(scored.score)) points, SQL: \(scored.isSQL)")
    show(scored.breakdown.map { "\($0.id) \(NumberFormatting.points($0.points))" }.joined(separator: ", "))
}
// notebook: end
