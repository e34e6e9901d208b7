/// The review, built once: its sentences (``ReviewSentences``), sections, tables and figures.
/// Text (``text(wrote:)``), Markdown (``markdown()``), HTML (``html()``) and JSON (``json()``) are
/// renderers of this one value, so they carry the same threshold, AUCs and decisions in the same
/// words.
///
/// ```swift
/// let document = ReviewDocument(try QuarterlyReview().run(deals: deals, card: card))
/// print(document.text())
/// try document.markdown().write(toFile: "review.md", atomically: true, encoding: .utf8)
/// ```
public struct ReviewDocument: Sendable {
    /// One table: header and rows of cells (plain text; renderers escape).
    public struct Table: Sendable {
        /// Column headers.
        public var header: [String]
        /// Rows.
        public var rows: [[String]]
        /// Columns to right-align (numbers).
        public var numeric: Set<Int>
    }

    /// One section of the review.
    public struct Section: Sendable {
        /// Heading.
        public var title: String
        /// Paragraphs before the table (plain text; `**bold**` spans allowed).
        public var paragraphs: [String]
        /// Bulleted items.
        public var bullets: [String]
        /// An optional table.
        public var table: Table?
        /// Paragraphs after the table.
        public var after: [String]
        /// Charts (inline SVG, already escaped), shown in the HTML review.
        public var figures: [String]

        init(
            _ title: String, paragraphs: [String] = [], bullets: [String] = [], table: Table? = nil,
            after: [String] = [], figures: [String] = []
        ) {
            self.title = title
            self.paragraphs = paragraphs
            self.bullets = bullets
            self.table = table
            self.after = after
            self.figures = figures.filter { !$0.isEmpty }
        }
    }

    /// The review the document words.
    public let review: ReviewResult
    /// Its sentences, composed once for every renderer.
    public let sentences: ReviewSentences
    /// The title.
    public var title: String
    /// Sections in reading order: decision, changes, revised card, sweep, data notes.
    public var sections: [Section]

    /// What a team must know before anything else, as sentences (plain text): that the card was
    /// left alone, a change of SQL volume of more than a quarter either way, and a revised card
    /// that calls most lost deals SQLs. Every renderer puts these first.
    public static func headline(_ r: ReviewResult) -> [String] {
        typealias F = NumberFormatting
        var lines: [String] = []
        if r.leftAlone, let first = r.notes.first { lines.append(first + ".") }
        let before = r.current.atThreshold.won + r.current.atThreshold.lost
        let after = r.revised.atThreshold.won + r.revised.atThreshold.lost
        if !r.leftAlone, Self.volumeChanges(r) {
            var sentence =
                "The revised card would have made \(F.count(after)) SQLs instead of \(F.count(before)) on these deals"
            if before > 0 {
                sentence +=
                    " (\(after >= before ? "\(F.fixed(after / before, 1))× as many" : "\(F.percent(1 - after / before, 0)) fewer"))"
            }
            if let periods = r.periods, periods > 0 {
                sentence +=
                    ": about \(F.count(after / Double(periods))) a \(r.per.rawValue) instead of \(F.count(before / Double(periods)))"
            }
            sentence +=
                ", with an SQL-to-won rate of \(F.percent(r.revised.atThreshold.precision)) instead of \(F.percent(r.current.atThreshold.precision)). "
            sentence +=
                after > before
                ? "Check that sales can work that many before adopting it."
                : "Fewer leads would reach sales: check the won deals that would no longer qualify."
            lines.append(sentence)
        }
        let (oldBar, newBar) = (r.currentCard.threshold, r.revisedCard.threshold)
        if !r.leftAlone, oldBar != newBar {
            var sentence =
                "The threshold number moves from \(JSONValue.format(oldBar)) to \(JSONValue.format(newBar)): CRM automations that test \(JSONValue.format(oldBar)) must change"
            let why =
                r.notes.first { $0.contains("cannot be kept") }
                ?? r.notes.first { $0.contains("the revised threshold is") || $0.contains("scaled down") }
            if let why { sentence += " (\(why))" }
            lines.append(sentence + ".")
        }
        let lostShare = r.lost > 0 ? r.revised.atThreshold.lost / Double(r.lost) : 0
        if !r.leftAlone, lostShare > 0.5 {
            lines.append(
                "The revised card calls \(F.count(r.revised.atThreshold.lost)) of the \(F.count(Double(r.lost))) past lost deals SQLs (\(F.percent(lostShare))): \(r.rule) picks \(r.rule.explanation), and on this history that bar is \(JSONValue.format(r.revisedCard.threshold))."
            )
        }
        return lines
    }

    /// Whether the revised card's SQL count differs from the current card's by more than a
    /// quarter either way (on the same deals): then "the same threshold number" is not the same bar.
    static func volumeChanges(_ r: ReviewResult) -> Bool {
        let before = r.current.atThreshold.won + r.current.atThreshold.lost
        let after = r.revised.atThreshold.won + r.revised.atThreshold.lost
        return before == 0 ? after > 0 : abs(after / before - 1) > 0.25
    }

    /// Builds the document from a review.
    public init(_ r: ReviewResult) {
        typealias F = NumberFormatting
        review = r
        let said = ReviewSentences(r)
        sentences = said
        let card = r.currentCard
        title = "Scorecard review: \(card.name)"
        let cur = r.current
        let rev = r.revised
        let t = r.revisedCard.threshold
        var decision: [String] = said.headline.map { "**\($0)**" }
        let sameNumber =
            Self.volumeChanges(r)
            ? " (the same number as today, so CRM automations keep working, but not the same bar: see the SQL count above)"
            : " (the same number as today, so CRM automations keep working)"
        decision.append(
            "Call a lead sales-qualified at **\(JSONValue.format(t)) points** on the revised card"
                + (r.thresholdKept ? sameNumber : "")
                + ": \(F.percent(rev.atThreshold.recall)) of past won deals reached it (the rule: \(r.rule.explanation))."
        )
        decision.append(
            "On the same \(F.count(Double(r.won + r.lost))) closed deals the ranking quality (AUC) goes from \(F.fixed(cur.auc, 3)) to \(F.fixed(rev.auc, 3))"
                + " and would have made \(F.count(rev.atThreshold.won + rev.atThreshold.lost)) SQLs instead of \(F.count(cur.atThreshold.won + cur.atThreshold.lost))"
                + ", with an SQL-to-won rate of \(F.percent(rev.atThreshold.precision)) instead of \(F.percent(cur.atThreshold.precision))."
        )
        if let sel = cur.selected {
            decision.append(
                "On the current card \(r.rule) would pick \(JSONValue.format(sel.threshold)), not \(JSONValue.format(card.threshold)): today's threshold keeps \(F.percent(cur.atThreshold.recall)) of won deals."
            )
        }
        if let h = r.holdout?.periods.last {
            decision.append(
                "Last quarter (\(h.period), which the refit did not see) the revised card would have made \(F.count(Double(h.revised.sqlCount))) SQLs, \(F.percent(h.revised.recall)) of that quarter's won deals at or above \(JSONValue.format(h.revisedThreshold)); the current card made \(F.count(Double(h.current.sqlCount))) with \(F.percent(h.current.recall))."
            )
        }
        decision += [
            said.thresholdInterval, said.recentWon, said.limitsCost, said.calibration, said.sampleSize, said.nextStep,
        ].compactMap { $0 }
        if let w = r.currentWithoutDropped, let e = r.leftOut {
            decision.append(
                "The fair comparison is with the current card without \(e.rules.count == 1 ? "that rule" : "those rules"), as the CRM will score new leads once \(e.rules.count == 1 ? "it is" : "they are") removed: at \(JSONValue.format(card.threshold)) it would have made \(F.count(w.atThreshold.won + w.atThreshold.lost)) SQLs with an SQL-to-won rate of \(F.percent(w.atThreshold.precision)) and an AUC of \(F.fixed(w.auc, 3))."
            )
        }
        if let e = r.leftOut {
            decision.append(
                "Left out of the refit: \(e.rules.joined(separator: ", ")) (see the decisions below). Refitted with \(e.rules.count == 1 ? "it" : "them"), the card would score an in-sample AUC of \(F.fixed(e.aucWith, 3)) at a threshold of \(JSONValue.format(e.thresholdWith)); without, \(F.fixed(e.aucWithout, 3)) at \(JSONValue.format(e.thresholdWithout)). The figures here are the card without \(e.rules.count == 1 ? "it" : "them"), as the CRM will score new leads."
            )
        }
        decision.append(
            r.holdout != nil
                ? "These figures are in-sample (the card was fitted on these deals); the back-test below, on a quarter the refit did not see, is the honest comparison."
                : "These figures are in-sample (the card was fitted on these deals) and there is no out-of-time check (the data notes say why): read them as optimistic."
        )
        // With dropped rules, the current card without them stands between the two (the fair comparison).
        let without = r.currentWithoutDropped
        func row(_ name: String, _ value: (CardEvaluation) -> String, revised: String? = nil) -> [String] {
            [name, value(cur)] + (without.map { [value($0)] } ?? []) + [revised ?? value(rev)]
        }
        let compare = Table(
            header: ["", "Current card"] + (without == nil ? [] : ["Current card without the dropped rules"]) + [
                "Revised card"
            ],
            rows: [
                row("Threshold", { _ in JSONValue.format(card.threshold) }, revised: JSONValue.format(t)),
                row(
                    "Won deals at or above",
                    { "\(F.count($0.atThreshold.won)) of \(r.won) (\(F.percent($0.atThreshold.recall)))" }),
                row(
                    "Lost deals at or above",
                    {
                        "\(F.count($0.atThreshold.lost)) of \(r.lost) (\(F.percent($0.atThreshold.lost / Double(r.lost))))"
                    }),
                row("SQL-to-won rate", { F.percent($0.atThreshold.precision) }),
                row("SQLs (share of deals)", { F.percent($0.atThreshold.sqlRate) }),
                row("AUC", { F.fixed($0.auc, 3) }),
                row("KS", { F.fixed($0.ks, 3) }),
            ], numeric: without == nil ? [1, 2] : [1, 2, 3])
        var sections = [
            Section(
                "The decision", paragraphs: decision, table: compare,
                figures: [ReviewCharts.distribution(r), ReviewCharts.recallPrecision(r)])
        ]

        if !r.decisions.isEmpty {
            let intervals = Dictionary(
                r.changes.compactMap { c in
                    c.pointsInterval.map { (c.rule.id, F.pointsInterval($0, around: c.oldPoints)) }
                }, uniquingKeysWith: { a, _ in a })
            sections.append(
                Section(
                    "Decisions",
                    paragraphs: [
                        "One action per rule, by a fixed precedence (leaky, wrong sign, false-positive-prone, redundant, over- or underweighted, no evidence); the why names the evidence that decided it."
                    ],
                    table: Table(
                        header: ["Rule", "Old", "Action", "New", "95% interval", "Why"],
                        rows: r.decisions.map { d in
                            [
                                d.id, d.oldPoints.map { F.points($0) } ?? "—", d.action.rawValue,
                                d.newPoints.map { F.points($0) } ?? "—", intervals[d.id] ?? "—", d.why,
                            ]
                        }, numeric: [1, 3]), figures: [ReviewCharts.points(r)]))
        }

        if let signals = r.signals {
            var bullets: [String] = []
            for d in signals.flagged { for reason in d.reasons { bullets.append(reason + ".") } }
            for c in signals.candidates {
                let what =
                    "\(c.rule.condition) (fires for \(c.firedWon) won / \(c.firedLost) lost, lift \(F.fixed(c.lift, 2)))"
                bullets.append(
                    c.leakage.map { "Leaky column \(what): \($0); do not add it." }
                        ?? "Consider adding \(what) at about \(F.points(c.rule.points)) points.")
            }
            let action = Dictionary(r.decisions.map { ($0.id, $0.action.rawValue) }, uniquingKeysWith: { a, _ in a })
            sections.append(
                Section(
                    "Flagged signals",
                    paragraphs: signals.flagged.isEmpty
                        ? ["No rule is flagged."]
                        : [
                            "The evidence behind each flag (`scorecard flag` has the full table; every flag's cut-offs are in the README)."
                        ], bullets: bullets + signals.notes.map { $0 + "." },
                    table: Table(
                        header: [
                            "Rule", "Won / lost fired", "Precision", "Lift", "Points", "Fitted", "SQL inflation",
                            "Flags", "Decision",
                        ],
                        rows: signals.rules.map { d in
                            [
                                d.rule.id, "\(d.firedWon) / \(d.firedLost)", F.percent(d.precisionWhenFired),
                                F.fixed(d.lift, 2), F.points(d.assignedPoints),
                                d.fittedPoints.map { F.points($0.rounded()) } ?? "—", F.percent(d.sqlInflation),
                                d.flags.map(\.rawValue).joined(separator: ", "), action[d.rule.id] ?? "—",
                            ]
                        }, numeric: [2, 3, 4, 5, 6])))
        }

        let biggest = r.biggestChanges()
        sections.append(
            Section(
                "What changed most",
                bullets: biggest.map {
                    "\($0.rule.label ?? $0.rule.id): \(F.points($0.oldPoints)) → \(F.points($0.newPoints)) — \($0.reason)"
                }
                    + r.changes.filter { $0.exclusion != nil || $0.keptAsTooRare }.map {
                        "\($0.rule.label ?? $0.rule.id): \($0.reason)"
                    }))

        sections.append(
            Section(
                "The revised card",
                paragraphs: [
                    "Points are the fitted log-odds × \(F.fixed(r.factor, 2)) points per unit, rounded; the interval is the 95% interval of the fitted points."
                        + " Rounding cost AUC \(F.fixed(r.roundingCost.aucExact, 4)) → \(F.fixed(r.roundingCost.aucRounded, 4)); Kendall τ between exact and rounded scores \(F.fixed(r.roundingCost.kendallTau, 3))."
                ],
                table: Table(
                    header: ["Rule", "Kind", "Tests", "Old", "New", "95% interval", "Won / lost fired", "Why"],
                    rows: r.changes.map { c in
                        [
                            c.rule.id, c.rule.kind.rawValue + (c.rule.isAI ? " (AI)" : ""), c.rule.condition,
                            F.points(c.oldPoints), F.points(c.newPoints),
                            c.pointsInterval.map { F.pointsInterval($0, around: c.oldPoints) } ?? "—",
                            "\(c.firedWon) / \(c.firedLost)", c.reason,
                        ]
                    }, numeric: [3, 4, 6])))

        let sweepRows = rev.sweep.rows.filter {
            $0.threshold == t || $0.threshold.truncatingRemainder(dividingBy: 10) == 0
        }
        sections.append(
            Section(
                "Threshold sweep (revised card)",
                paragraphs: [
                    "Deals at or above each threshold (every tenth point and the chosen one); `scorecard sweep` lists every distinct score."
                ],
                table: Table(
                    header: ["Threshold", "Won", "Lost", "Recall", "SQL-to-won", "SQL rate", "Lift"],
                    rows: sweepRows.map { w in
                        [
                            JSONValue.format(w.threshold) + (w.threshold == t ? " ←" : ""), F.count(w.won),
                            F.count(w.lost), F.percent(w.recall), F.percent(w.precision), F.percent(w.sqlRate),
                            F.fixed(w.lift, 2),
                        ]
                    }, numeric: [0, 1, 2, 3, 4, 5, 6]), figures: [ReviewCharts.roc(r), ReviewCharts.calibration(r)]))

        if !r.dualBars.isEmpty {
            sections.append(
                Section(
                    "Dual bars (fit and behavior)",
                    paragraphs: [
                        "The pairs of bars with the best SQL-to-won rate that keep the recall target; a lead is an SQL when its fit score and its behavior score both reach their bars."
                    ],
                    table: Table(
                        header: ["Fit ≥", "Behavior ≥", "Won", "Lost", "Recall", "SQL-to-won"],
                        rows: r.dualBars.map { d in
                            [
                                JSONValue.format(d.fit), JSONValue.format(d.behavior), F.count(d.won), F.count(d.lost),
                                F.percent(d.recall), F.percent(d.precision),
                            ]
                        }, numeric: [0, 1, 2, 3, 4, 5])))
        }

        if let backtest = r.holdout, let h = backtest.periods.last {
            var paragraphs = [
                "The last quarter held out: the card was refitted on \(h.trainingPeriods) (\(F.count(Double(h.trainingDeals))) deals) and both cards scored \(h.period)'s \(h.deals) deals, which the refit never saw. Signals dated after a deal was judged are not counted."
            ]
            if let line = said.outOfTime { paragraphs.append(line) }
            paragraphs.append(
                "\(h.becameSQL.deals) deals would have become SQLs (\(h.becameSQL.won) won) and \(h.stoppedSQL.deals) would have stopped being SQLs (\(h.stoppedSQL.won) won)."
                    + h.characteristicStability.filter { $0.csi >= 0.1 }.map {
                        " \($0.ruleID): CSI \(F.fixed($0.csi, 2)) (\(PopulationStability.band($0.csi)))."
                    }.joined())
            // With dropped rules, the current card without them stands between the two, as above.
            let w = h.currentWithoutDropped
            func m(_ name: String, _ value: (CardMetrics) -> String) -> [String] {
                [name, value(h.current)] + (w.map { [value($0)] } ?? []) + [value(h.revised)]
            }
            let header =
                ["\(h.period)", "Current card"] + (w == nil ? [] : ["Current card without the dropped rules"]) + [
                    "Revised card"
                ]
            sections.append(
                Section(
                    "Back-test (out of time)", paragraphs: paragraphs,
                    table: Table(
                        header: header,
                        rows: [
                            m("AUC") { F.fixed($0.auc, 3) },
                            m("KS") { F.fixed($0.ks, 3) },
                            m("Brier score") { F.fixed($0.brier, 4) },
                            m("Log loss") { F.fixed($0.logLoss, 4) },
                            m("Threshold") { JSONValue.format($0.threshold) },
                            m("SQLs at the threshold") { "\($0.sqlCount)" },
                            m("Recall at the threshold") { F.percent($0.recall) },
                            m("SQL-to-won at the threshold") { F.percent($0.precision) },
                            m("SQL-to-won at \(r.rule)") { F.percent($0.precisionAtTargetRecall ?? .nan) },
                        ], numeric: w == nil ? [1, 2] : [1, 2, 3])))
        }

        let data = [
            said.deals, said.outcomes,
            "Card: \(r.cardFile), \(card.rules.count) rules, threshold \(JSONValue.format(card.threshold)).", said.fit,
        ]
        sections.append(Section("Data notes", bullets: data + r.notes))
        self.sections = sections
    }

    /// The document as Markdown.
    public func markdown() -> String {
        // A paragraph's `**bold**` and `code` spans stay Markdown; everything else in it (rule
        // ids, labels, file names) is escaped, as table cells and bullets are.
        func inline(_ p: String) -> String {
            p.split(separator: "**", omittingEmptySubsequences: false).map { bold in
                bold.split(separator: "`", omittingEmptySubsequences: false).enumerated().map {
                    $0.offset % 2 == 1
                        ? TextEscaping.plain(String($0.element)) : TextEscaping.markdown(String($0.element))
                }.joined(separator: "`")
            }.joined(separator: "**")
        }
        var out = "# \(TextEscaping.markdown(title))\n"
        for s in sections {
            out += "\n## \(s.title)\n\n"
            for p in s.paragraphs { out += inline(p) + "\n\n" }
            for b in s.bullets { out += "- " + TextEscaping.markdown(b) + "\n" }
            if !s.bullets.isEmpty { out += "\n" }
            if let t = s.table {
                out += "| " + t.header.map(TextEscaping.markdown).joined(separator: " | ") + " |\n"
                out += "|" + t.header.indices.map { t.numeric.contains($0) ? "---:|" : "---|" }.joined() + "\n"
                for r in t.rows { out += "| " + r.map(TextEscaping.markdown).joined(separator: " | ") + " |\n" }
                out += "\n"
            }
            for p in s.after { out += inline(p) + "\n\n" }
            if !s.figures.isEmpty {
                out += "_\(s.figures.count) chart\(s.figures.count == 1 ? "" : "s") in review.html._\n\n"
            }
        }
        return out
    }

    /// The document as one self-contained HTML page (no scripts, no external assets).
    public func html() -> String {
        func inline(_ s: String) -> String {
            // **bold** spans, after escaping.
            // **bold** and `code` spans, after escaping.
            let bold = TextEscaping.html(s).split(separator: "**", omittingEmptySubsequences: false)
                .enumerated().map { $0.offset % 2 == 1 ? "<strong>\($0.element)</strong>" : String($0.element) }
                .joined()
            return bold.split(separator: "`", omittingEmptySubsequences: false)
                .enumerated().map { $0.offset % 2 == 1 ? "<code>\($0.element)</code>" : String($0.element) }.joined()
        }
        var out = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"/>
            <meta name="viewport" content="width=device-width, initial-scale=1"/>
            <title>\(TextEscaping.html(title))</title>
            <style>
            body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:60rem;margin:1.5rem auto;padding:0 1rem;color:#111;line-height:1.45}
            table{border-collapse:collapse;margin:.5rem 0 1rem;font-size:.9rem;display:block;overflow-x:auto}
            th,td{border-bottom:1px solid #bbb;padding:.3rem .6rem;text-align:left;vertical-align:top}
            th{border-bottom:2px solid #333}
            td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
            h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #333}
            figure{margin:1rem 0;max-width:40rem}svg{height:auto}
            @media print{body{max-width:none}figure{break-inside:avoid}}
            </style></head><body>
            <h1>\(TextEscaping.html(title))</h1>

            """
        for s in sections {
            out += "<h2>\(TextEscaping.html(s.title))</h2>\n"
            for p in s.paragraphs { out += "<p>\(inline(p))</p>\n" }
            if !s.bullets.isEmpty {
                out += "<ul>\n" + s.bullets.map { "<li>\(inline($0))</li>\n" }.joined() + "</ul>\n"
            }
            if let t = s.table {
                out +=
                    "<table><thead><tr>"
                    + t.header.enumerated().map {
                        "<th\(t.numeric.contains($0.offset) ? " class=\"n\"" : "")>\(TextEscaping.html($0.element))</th>"
                    }.joined() + "</tr></thead><tbody>\n"
                for r in t.rows {
                    out +=
                        "<tr>"
                        + r.enumerated().map {
                            "<td\(t.numeric.contains($0.offset) ? " class=\"n\"" : "")>\(TextEscaping.html($0.element))</td>"
                        }.joined() + "</tr>\n"
                }
                out += "</tbody></table>\n"
            }
            for p in s.after { out += "<p>\(inline(p))</p>\n" }
            for f in s.figures { out += "<figure>\n\(f)\n</figure>\n" }
        }
        return out + "</body></html>\n"
    }
}
