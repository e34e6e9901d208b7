import Foundation
import ScorecardTestSupport
import Testing

@testable import ScorecardCLI
@testable import ScorecardKit

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The handoff to sales: each lead's reasons and next step from `score`, and the card as PMML that
/// an outside engine (JPMML) scores exactly as `score` does.
@Suite("Handing leads to sales", .serialized)
struct HandoffTests {
    // MARK: JPMML, the reference PMML engine

    /// Whether `python3` can import jpmml_evaluator (and so run the script); the reason when not.
    static let jpmmlMissing: String? = {
        let r = try? runExternal(["python3", "-c", "import jpmml_evaluator"])
        if r == nil { return "python3 is not installed" }
        return r!.code == 0 ? nil : "the PyPI package jpmml-evaluator is not installed (pip install jpmml-evaluator)"
    }()

    /// Runs an outside program and captures its output.
    static func runExternal(_ arguments: [String]) throws -> RunResult {
        try runExecutable("/usr/bin/env", arguments)
    }

    /// The leads as the PMML's data fields hold them, one typed value a cell (numbers as numbers,
    /// true/false, text as it is; an empty cell is missing), read through the same options as `score`.
    static func typedInput(_ card: Scorecard, _ leads: DealTable) -> String {
        let writer = CSVWriter()
        let fields = card.pmmlFieldTypes(history: leads).map(\.name)
        var out = writer.line(fields)
        for i in 0..<leads.count {
            out += writer.line(
                fields.map { name -> String in
                    switch leads.columns[name] {
                    case .number(let v)?: return v[i].map { JSONValue.format($0) } ?? ""
                    case .boolean(let v)?: return v[i].map { $0 ? "true" : "false" } ?? ""
                    case .category(let v)?: return v[i] ?? ""
                    case .date(let v)?: return v[i].map { "\($0)" } ?? ""
                    case nil: return ""
                    }
                })
        }
        return out
    }

    /// JPMML's output rows (name → cell) for each model and its leads, all in one run of the
    /// script (one Java start), or `nil` when JPMML is not available.
    static func jpmml(_ models: [(pmml: String, card: Scorecard, leads: DealTable)], in dir: String) throws
        -> [[[String: String]]]?
    {
        if jpmmlMissing != nil { return nil }
        var arguments = ["python3", repositoryRoot + "/scripts/pmml/jpmml_score.py"]
        for (k, m) in models.enumerated() {
            arguments += [
                try write(m.pmml, to: "card\(k).pmml", in: dir),
                try write(typedInput(m.card, m.leads), to: "input\(k).csv", in: dir), dir + "/output\(k).csv",
            ]
        }
        let r = try runExternal(arguments)
        if r.code == 3 {
            skipOrFail(r.err)
            return nil
        }
        #expect(r.code == 0, "\(r.err)")
        return try models.indices.map { k in
            let table = try CSVReader().read(
                String(contentsOfFile: dir + "/output\(k).csv", encoding: .utf8), file: "output\(k).csv")
            return table.rows.map { row in Dictionary(uniqueKeysWithValues: zip(table.header, row)) }
        }
    }

    /// Compares JPMML's score, reasons and SQL yes/no with `score`'s, lead by lead.
    static func expectSame(_ engine: [[String: String]], _ ours: JSONValue, _ what: String) {
        let leads = ours.array ?? []
        #expect(engine.count == leads.count, "\(what): \(engine.count) rows from JPMML, \(leads.count) from score")
        var differ = 0
        for (row, lead) in zip(engine, leads) {
            let reasons = (1...4).compactMap { row["reason\($0)"].flatMap { $0.isEmpty ? nil : $0 } }
            let ourReasons = lead["reasons"]?.array?.compactMap { $0["id"]?.string } ?? []
            let sql = row["is_sql"]?.lowercased() == "true"
            if Double(row["score"] ?? "") != lead["score"]?.number || reasons != ourReasons
                || sql != lead["isSQL"]?.bool
            {
                differ += 1
                if differ <= 3 {
                    Issue.record("\(what): lead \(lead["dealId"]?.string ?? "?"): JPMML \(row), score \(lead)")
                }
            }
        }
        #expect(differ == 0, "\(what): \(differ) of \(leads.count) leads differ")
    }

    /// Every bundled card, through its PMML in JPMML, over every deal of its history: totals,
    /// reason codes and SQL yes/no equal `score`'s (skipped, saying why, without JPMML).
    @Test func jpmmlScoresEveryBundledCardAsScoreDoes() throws {
        if let reason = Self.jpmmlMissing { return skipOrFail(reason) }
        let d = repositoryRoot + "/datasets/"
        var cases: [(card: String, options: [String])] = [
            ("b2b-saas/current-scorecard.json", [d + "b2b-saas/deals.csv"]),
            ("b2b-saas/card-without-noisy-signals.json", [d + "b2b-saas/deals.csv"]),
            ("founder/current-scorecard.json", [d + "founder/deals.csv"]),
            (
                "uci-bank-marketing/starting-card.json",
                [
                    d + "uci-bank-marketing/bank-additional-full.csv", "--map", d + "uci-bank-marketing/map.json",
                    "--delimiter", ";", "--na", "unknown,pdays:999",
                ]
            ),
            (
                "uci-online-shoppers/starting-card.json",
                [d + "uci-online-shoppers/online_shoppers_intention.csv", "--map", d + "uci-online-shoppers/map.json"]
            ),
        ]
        for crm in ["hubspot", "pipedrive", "salesforce", "zoho", "x-education-leads"] {
            let history = crm == "x-education-leads" ? "leads.csv" : "deals.csv"
            cases.append(
                (
                    "crm-exports/\(crm)/card.json",
                    [d + "crm-exports/\(crm)/\(history)", "--map", d + "crm-exports/\(crm)/map.json"]
                        + (crm == "zoho" ? ["--decimal", ","] : [])
                ))
        }
        // The b2b card with dual bars, so is_sql is checked through the fit and behavior subscores.
        let dir = try temporaryDirectory()
        let dual = try QualificationTests.dualBarCard(in: dir)
        cases.append((dual, [d + "b2b-saas/deals.csv"]))
        var models: [(pmml: String, card: Scorecard, leads: DealTable)] = []
        var expected: [(String, JSONValue)] = []
        for (cardName, options) in cases {
            let cardPath = cardName.hasPrefix("/") ? cardName : d + cardName
            let card = try Scorecard(json: String(contentsOfFile: cardPath, encoding: .utf8), file: cardPath)
            let args = try ArgumentList(
                options + ["--scorecard", cardPath], command: "score", accepting: ScoreCommand.options)
            let input = try InputOptions(args, outputs: ["csv": .text, "json": .json])
            var map = ColumnMap()
            if let path = input.mapPath {
                map = try ColumnMap(json: String(contentsOfFile: path, encoding: .utf8), file: path)
            }
            let leads = try DealTable.leads(
                bytes: FileSystem.readBytes(input.dealsPath), file: input.dealsPath, delimiter: input.delimiter,
                map: map,
                missing: input.missing, formats: input.formats)
            let scored = runTool(["score"] + options + ["--scorecard", cardPath, "--format", "json"])
            #expect(scored.code == 0, "\(cardName): \(scored.err)")
            // The PMML typed as the history reads its columns (as `export --history` does).
            let export = card.pmmlDocument(history: leads)
            #expect(export.warnings.isEmpty, "\(cardName): \(export.warnings)")
            models.append((export.text, card, leads))
            expected.append((cardName, try JSONValue.parseValue(scored.out, file: "stdout")))
        }
        let started = Date()
        guard let engine = try Self.jpmml(models, in: dir) else { return }
        print(
            "\(models.map(\.leads.count).reduce(0, +)) leads of \(models.count) cards through JPMML in \(String(format: "%.1f", Date().timeIntervalSince(started))) s"
        )
        for (rows, (name, json)) in zip(engine, expected) { Self.expectSame(rows, json, name) }
    }

    // MARK: Hostile names

    /// A card whose ids, signals and values carry XML's special characters and a CDATA end.
    static let hostileCard = """
        {"schema": "scorecard/v1", "name": "Evil <card> & \\"co\\" ]]>", "threshold": 20, "rules": [
          {"id": "a<b&c\\"d'e]]>", "kind": "fit", "signal": "seg<&>'\\"", "when": {"equals": "x]]>&<y \\"q\\""}, "points": 20},
          {"id": "]]><!--", "kind": "behavior", "signal": "notes", "when": {"in": ["<script>", "a b", "say \\"hi\\" & go"]}, "points": 10},
          {"id": "opens & clicks", "kind": "behavior", "signal": "opens", "each": 2, "points": 3, "cap": 6},
          {"id": "band", "kind": "behavior", "signal": "size", "when": {"between": [10, 50]}, "points": 5}
        ]}
        """

    static func hostileLeads() -> String {
        let quote = { (s: String) in "\"" + s.replacing("\"", with: "\"\"") + "\"" }
        var csv = "lead_id,\(quote("seg<&>'\"")),notes,opens,size\n"
        let segments = ["x]]>&<y \"q\"", "  X]]>&<Y \"Q\" ", "other", ""]
        let notes = ["<script>", "A B", "say \"hi\" & go", "", "plain"]
        var rng = SplitMix64(seed: 5)
        for i in 0..<60 {
            let opens = rng.nextInt(below: 4) == 0 ? "" : String(rng.nextInt(below: 9))
            csv +=
                "L\(i),\(quote(segments[rng.nextInt(below: 4)])),\(quote(notes[rng.nextInt(below: 5)])),\(opens),\(rng.nextInt(below: 70))\n"
        }
        return csv
    }

    /// Hostile ids and values give well-formed XML (Foundation's parser reads it to the end) whose
    /// reason codes are the ids as written, and JPMML scores it as `score` does.
    @Test func hostileNamesGiveWellFormedPMMLThatStillScores() throws {
        let dir = try temporaryDirectory()
        let cardPath = try write(Self.hostileCard, to: "card.json", in: dir)
        let leadsPath = try write(Self.hostileLeads(), to: "leads.csv", in: dir)
        let export = runTool(["export", cardPath, "--to", "pmml"])
        #expect(export.code == 0, "\(export.err)")
        final class Collect: NSObject, XMLParserDelegate {
            var reasonCodes: [String] = [], fields: [String] = []
            func parser(
                _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]
            ) {
                if name == "Characteristic", let code = attributes["reasonCode"] { reasonCodes.append(code) }
                if name == "DataField", let field = attributes["name"] { fields.append(field) }
            }
        }
        let parser = XMLParser(data: Data(export.out.utf8))
        let collect = Collect()
        parser.delegate = collect
        #expect(parser.parse(), "not well-formed: \(parser.parserError.map { "\($0)" } ?? "?")")
        #expect(collect.reasonCodes == ["a<b&c\"d'e]]>", "]]><!--", "opens & clicks", "band"])
        #expect(collect.fields == ["seg<&>'\"", "notes", "opens", "size"])

        let card = try Scorecard(json: Self.hostileCard, file: cardPath)
        let leads = try DealTable.leads(bytes: Array(Self.hostileLeads().utf8), file: leadsPath)
        let scored = runTool(["score", leadsPath, "--scorecard", cardPath, "--format", "json"])
        #expect(scored.code == 0, "\(scored.err)")
        let json = try JSONValue.parseValue(scored.out, file: "stdout")
        // The hostile rules do fire here, so the comparison means something.
        #expect(json.array?.contains { $0["reasons"]?.array?.first?["id"]?.string == "a<b&c\"d'e]]>" } == true)
        #expect(
            json.array?.contains { $0["breakdown"]?.array?.contains { $0["id"]?.string == "]]><!--" } == true } == true)
        guard let engine = try Self.jpmml([(export.out, card, leads)], in: dir) else {
            return skipOrFail(Self.jpmmlMissing ?? "JPMML did not run")
        }
        Self.expectSame(engine[0], json, "hostile card")
    }

    /// Decay has no PMML form: the export says so on stderr and in the document, never silently.
    @Test func decayIsStatedAsNotExpressed() throws {
        let dir = try temporaryDirectory()
        let card = try write(ExportTests.card, to: "card.json", in: dir)
        let export = runTool(["export", card, "--to", "pmml"])
        #expect(export.code == 0)
        #expect(export.err.contains("warning: rule \"opens\" decays (halfLifeDays 30), which PMML cannot express"))
        #expect(export.out.contains("<Extension name=\"halfLifeDays\" value=\"30\">"))
    }

    // MARK: Reasons and next steps

    /// `toQualify` is a smallest set: a brute force over every subset of the behavior rules a lead
    /// has not fired finds no smaller set that qualifies it, and finds one exactly when `score`
    /// gives one. Checked on every deal of the bundled history, with a single bar and dual bars.
    @Test func toQualifyIsASmallestSetByBruteForce() throws {
        let dir = try temporaryDirectory()
        let deals = repositoryRoot + "/datasets/b2b-saas/deals.csv"
        var withStep = 0
        var withoutStep = 0
        for cardPath in [
            repositoryRoot + "/datasets/b2b-saas/current-scorecard.json", try QualificationTests.dualBarCard(in: dir),
        ] {
            let card = try Scorecard(json: String(contentsOfFile: cardPath, encoding: .utf8), file: cardPath)
            let r = runTool(["score", deals, "--scorecard", cardPath, "--format", "json"])
            #expect(r.code == 0, "\(r.err)")
            let leads = try JSONValue.parseValue(r.out, file: "stdout").array ?? []
            let behavior = card.rules.indices.filter { card.rules[$0].kind == .behavior }
            // What one more firing gives: a `when` rule's points, one `each` award within its cap.
            func gain(_ j: Int) -> Double {
                if case .each(_, let cap) = card.rules[j].measure { return min(card.rules[j].points, cap ?? .infinity) }
                return card.rules[j].points
            }
            for lead in leads {
                let score = lead["score"]!.number!
                let fit = lead["fitScore"]!.number!
                let beh = lead["behaviorScore"]!.number!
                let fired = Set(lead["breakdown"]!.array!.map { $0["id"]!.string! })
                let open = behavior.filter { !fired.contains(card.rules[$0].id) }
                func qualifies(_ subset: [Int]) -> Bool {
                    let add = subset.reduce(0) { $0 + gain($1) }
                    return score + add >= card.threshold && fit >= (card.minFit ?? -.infinity)
                        && beh + add >= (card.minBehavior ?? -.infinity)
                }
                var smallest: Int? = nil
                for mask in 0..<(1 << open.count) {
                    let subset = open.indices.filter { mask & (1 << $0) != 0 }.map { open[$0] }
                    if qualifies(subset), subset.count < (smallest ?? .max) { smallest = subset.count }
                }
                let step = lead["toQualify"]!.array
                #expect(
                    (step == nil) == (smallest == nil),
                    "\(lead["dealId"]!): toQualify \(lead["toQualify"]!), brute force \(String(describing: smallest))")
                guard let step, let smallest else {
                    withoutStep += 1
                    continue
                }
                withStep += 1
                let ids = step.map { $0["id"]!.string! }
                let chosen = ids.compactMap { id in card.rules.firstIndex { $0.id == id } }
                #expect(
                    chosen.count == ids.count && chosen.allSatisfy(open.contains) && qualifies(chosen)
                        && chosen.count == smallest,
                    "\(lead["dealId"]!): \(ids) is not a smallest qualifying set (size \(smallest))")
                let toGo = max(
                    0, card.threshold - score, (card.minFit ?? -.infinity) - fit, (card.minBehavior ?? -.infinity) - beh
                )
                #expect(lead["pointsToGo"]!.number == toGo)
                #expect((toGo == 0) == lead["isSQL"]!.bool!)
            }
        }
        // With the dual bars, a lead short of the fit bar has no behavior step.
        #expect(
            withStep > 100 && withoutStep > 10,
            "both kinds of lead must occur for the test to mean anything (\(withStep), \(withoutStep))")
    }

    /// One lead worked by hand: the CSV shows its reasons by label, most points first, the points
    /// to go and the next step.
    @Test func csvShowsReasonsPointsToGoAndTheNextStepByLabel() throws {
        let dir = try temporaryDirectory()
        let card = repositoryRoot + "/datasets/b2b-saas/current-scorecard.json"
        // Decision-maker (+20), pricing page (+30), 2 opens (3 each: +6), intern (-10), AI 50 (no):
        // 20 + 30 + 6 - 10 = 46; 34 to go to 80. The largest behavior not shown is the purchase
        // inquiry (+50): one step qualifies the lead.
        let leads = try write(
            """
            lead_id,industry,is_decision_maker,use_case,job_level,pricing_page_visits,demo_requested,purchase_inquiry,replied_buying_questions,email_opens,unsubscribed,ai_score,partner_referral
            L-1,retail,true,vague,intern,2,false,false,false,2,false,50,false

            """, to: "leads.csv", in: dir)
        let r = runTool(["score", leads, "--scorecard", card])
        #expect(r.code == 0, "\(r.err)")
        let table = try CSVReader().read(r.out, file: "stdout")
        let rows = [table.header] + table.rows
        #expect(
            rows[0] == [
                "deal_id", "score", "fit_score", "behavior_score", "is_sql", "breakdown", "reason_1", "reason_2",
                "reason_3", "reason_4", "points_to_go", "to_qualify",
            ])
        #expect(
            rows[1] == [
                "L-1", "46", "10", "36", "no",
                "Decision-maker +20; Visited the pricing page +30; Opened a sales email +6; Intern -10",
                "Visited the pricing page +30", "Decision-maker +20", "Opened a sales email +6", "", "34",
                "Direct purchase inquiry +50",
            ])
    }

    // MARK: Issue 30, finding 13

    /// A leads export calls its id `lead_id`: it is the id, not a signal.
    @Test func leadIDIsTheID() throws {
        let dir = try temporaryDirectory()
        let card = try write(
            #"{"schema": "scorecard/v1", "threshold": 10, "rules": [{"id": "demo", "signal": "demo", "when": {"equals": true}, "points": 10}]}"#,
            to: "card.json", in: dir)
        let leads = try write("lead_id,demo\nL-7,true\nL-8,false\n", to: "leads.csv", in: dir)
        let r = runTool(["score", leads, "--scorecard", card, "--format", "json"])
        #expect(r.code == 0, "\(r.err)")
        let json = try JSONValue.parseValue(r.out, file: "stdout")
        #expect(json.array?.map { $0["dealId"]?.string ?? "" } == ["L-7", "L-8"])
        #expect(json.array?.map { $0["score"]?.number ?? -1 } == [10, 0])
    }

    /// A leads file without a rule's column scores that rule as not fired and warns once, naming
    /// the columns; the history-reading commands keep their error.
    @Test func aMissingColumnIsScoredAsNotFiredWithOneWarning() throws {
        let dir = try temporaryDirectory()
        let card = try write(
            """
            {"schema": "scorecard/v1", "threshold": 50, "rules": [
              {"id": "demo", "label": "Requested a demo", "signal": "demo", "when": {"equals": true}, "points": 45},
              {"id": "opens", "signal": "email_opens", "each": 1, "points": 3, "cap": 15},
              {"id": "opens_again", "signal": "email_opens", "when": {"atLeast": 10}, "points": 5},
              {"id": "ai", "source": "ai", "signal": "ai_score", "when": {"atLeast": 70}, "points": 25}
            ]}
            """, to: "card.json", in: dir)
        let leads = try write("deal_id,demo\nA,true\nB,false\n", to: "leads.csv", in: dir)
        let r = runTool(["score", leads, "--scorecard", card, "--format", "json"])
        #expect(r.code == 0, "\(r.err)")
        let json = try JSONValue.parseValue(r.out, file: "stdout")
        #expect(json.array?.map { $0["score"]?.number ?? -1 } == [45, 0])
        let warnings = r.err.components(separatedBy: "\n").filter { $0.hasPrefix("warning:") }
        #expect(warnings.count == 1, "\(r.err)")
        #expect(warnings.first?.contains("\"email_opens\", \"ai_score\"") == true, "\(r.err)")
        // The review still needs every column of the card.
        let history = try write(
            "deal_id,outcome,demo\nA,won,true\nB,lost,false\nC,won,false\n", to: "deals.csv", in: dir)
        let fit = runTool(["fit", history, "--scorecard", card])
        #expect(fit.code == 1 && fit.err.contains("email_opens"))
    }

    /// An AI score outside 0–100 is counted in one warning.
    @Test func anAIScoreOutsideTheRangeIsWarnedAboutOnce() throws {
        let dir = try temporaryDirectory()
        let card = try write(
            #"{"schema": "scorecard/v1", "threshold": 25, "rules": [{"id": "ai", "source": "ai", "signal": "ai_score", "when": {"atLeast": 70}, "points": 25}]}"#,
            to: "card.json", in: dir)
        let leads = try write("deal_id,ai_score\nA,150\nB,80\nC,-3\nD,\n", to: "leads.csv", in: dir)
        let r = runTool(["score", leads, "--scorecard", card])
        #expect(r.code == 0, "\(r.err)")
        let warnings = r.err.components(separatedBy: "\n").filter { $0.hasPrefix("warning:") }
        #expect(
            warnings == [
                "warning: 2 leads have an AI score outside 0–100; check the AI tool's export (the rules compared the values as they are)"
            ])
    }

    /// The top-level help tells the truth about `score`'s formats, and `score` takes what it says.
    @Test func theHelpSaysScorePrintsCSVOrJSON() throws {
        #expect(
            ScorecardTool.help.contains("score, which prints csv (the\ndefault) or json")
                || ScorecardTool.help.contains("which prints csv"))
        #expect(!ScorecardTool.help.contains("[--format text|json]"))
        let deals = repositoryRoot + "/datasets/founder/deals.csv"
        let card = repositoryRoot + "/datasets/founder/current-scorecard.json"
        #expect(runTool(["score", deals, "--scorecard", card, "--format", "csv"]).code == 0)
        #expect(runTool(["score", deals, "--scorecard", card, "--format", "text"]).code == 2)
    }
}

/// The review's `nextStep`: counted again here from `score`'s output for the revised card on the
/// latest quarter's deals (closed_at read from the CSV text, not through the library).
@Suite("The review's next step")
struct ReviewNextStepTests {
    @Test func nextStepIsTheCommonestOneBehaviorStep() throws {
        let dir = try temporaryDirectory()
        let deals = repositoryRoot + "/datasets/b2b-saas/deals.csv"
        let review = runTool([
            "review", deals, "--scorecard", repositoryRoot + "/datasets/b2b-saas/current-scorecard.json", "--bootstrap",
            "0", "--out", dir + "/out", "--format", "json",
        ])
        #expect(review.code == 0, "\(review.err)")
        let next = try #require(try JSONValue.parseValue(review.out, file: "stdout")["nextStep"])
        let revised = dir + "/out/revised-scorecard.json"
        let scored =
            try JSONValue.parseValue(
                runTool(["score", deals, "--scorecard", revised, "--format", "json"]).out, file: "stdout"
            ).array ?? []
        let text = try String(contentsOfFile: deals, encoding: .utf8).split(separator: "\n").map {
            $0.split(separator: ",", omittingEmptySubsequences: false)
        }
        let closed = text[0].firstIndex(of: "closed_at")!
        let quarter = text.dropFirst().map { row -> String in
            guard let m = Int(row[closed].dropFirst(5).prefix(2)) else { return "" }
            return "\(row[closed].prefix(4))-Q\((m - 1) / 3 + 1)"
        }
        let latest = quarter.max()!
        var counts: [String: Int] = [:]
        var order: [String] = []
        let card = try Scorecard(json: String(contentsOfFile: revised, encoding: .utf8), file: revised)
        for rule in card.rules { order.append(rule.id) }
        var short: [JSONValue] = []
        for (lead, q) in zip(scored, quarter) where q == latest && lead["isSQL"]?.bool == false {
            guard let step = lead["toQualify"]?.array, step.count == 1 else { continue }
            counts[step[0]["id"]!.string!, default: 0] += 1
            short.append(lead)
        }
        let best = order.filter { counts[$0] != nil }.max {
            counts[$0]! < counts[$1]!
                || (counts[$0]! == counts[$1]! && order.firstIndex(of: $0)! > order.firstIndex(of: $1)!)
        }
        #expect(next["period"]?.string == latest)
        #expect(next["oneStepShort"]?.number == Double(short.count))
        #expect(next["ruleId"]?.string == best)
        // The leads that one behavior would qualify: not fired yet, and its points close the gap.
        let rule = card.rule(best ?? "")!
        let gain: Double = {
            if case .each(_, let cap) = rule.measure { return min(rule.points, cap ?? .infinity) }
            return rule.points
        }()
        let qualify = short.filter { lead in
            !(lead["breakdown"]?.array ?? []).contains { $0["id"]?.string == rule.id }
                && lead["pointsToGo"]!.number! <= gain
                && (card.minFit.map { lead["fitScore"]!.number! >= $0 } ?? true)
        }.count
        #expect(next["wouldQualify"]?.number == Double(qualify))
        #expect(
            short.count > 0 && qualify > 0, "the bundled history must have near misses for the test to mean anything")
        // The same figures in the sentence of review.md, review.html and the printed review.
        let sentence = "In \(latest), \(short.count) deals were one behavior short of the bar"
        let ending = "would have qualified \(qualify) of them."
        let markdown = try String(contentsOfFile: dir + "/out/review.md", encoding: .utf8)
        let html = try String(contentsOfFile: dir + "/out/review.html", encoding: .utf8)
        let printed = runTool([
            "review", deals, "--scorecard", repositoryRoot + "/datasets/b2b-saas/current-scorecard.json", "--bootstrap",
            "0", "--out", dir + "/text",
        ])
        let flat = printed.out.split(whereSeparator: \.isWhitespace).joined(separator: " ")  // the text wraps lines
        for (name, body) in [("review.md", markdown), ("review.html", html), ("text", flat)] {
            #expect(body.contains(sentence) && body.contains(ending), "\(name) lacks the next step")
        }
    }
}
