/// Leads scored by a card, with what the person running it should be told (once, not per lead).
///
/// Each lead's ``LeadScore`` is made when asked for (``lead(_:)``, ``leads``), from the encoded
/// table, so a million leads can be written out in pieces (``writeCSV(labels:chunkSize:_:)``)
/// without holding a million breakdowns at once.
public struct ScoredLeads: Sendable {
    /// How many leads.
    public let count: Int
    /// Signal columns the card's rules read that the leads file lacks; their rules were scored as
    /// not fired.
    public var missingColumns: [String]
    /// How many leads have a value outside 0–100 in a signal an AI rule (`source: "ai"`) reads.
    public var aiOutOfRange: Int
    /// The card's rule ids and the points one more firing of each gives (``Scorecard/stepPoints(rule:)``).
    let ruleIDs: [String], steps: [Double]
    /// Lead `i` by rule index: subscores, SQL yes/no, points by rule (card order), points to go, next step.
    /// (The second argument is scratch space for which rules fired, reused from lead to lead.)
    let row: @Sendable (Int, inout [Bool]) -> Row
    /// Lead `i`'s id (its line number when the file has no `deal_id`), made only when shown.
    let dealID: @Sendable (Int) -> String

    struct Row {
        var score: Double, fit: Double, behavior: Double, isSQL: Bool
        var parts: [(rule: Int, points: Double)]
        var pointsToGo: Double
        var next: [Int]?
    }

    /// Lead `i`'s score, breakdown, reasons and next step.
    public func lead(_ i: Int) -> LeadScore {
        var fired: [Bool] = []
        let r = row(i, &fired)
        return LeadScore(
            dealID: dealID(i), score: r.score, fitScore: r.fit, behaviorScore: r.behavior, isSQL: r.isSQL,
            breakdown: r.parts.map { (ruleIDs[$0.rule], $0.points) }, pointsToGo: r.pointsToGo,
            toQualify: r.next.map { $0.map { (ruleIDs[$0], steps[$0]) } })
    }

    /// Every lead's score, in file order.
    public var leads: [LeadScore] { parallelMap(count: count, lead) }

    /// One sentence per thing to say, empty when there is nothing.
    public var warnings: [String] {
        var out: [String] = []
        if !missingColumns.isEmpty {
            let names = missingColumns.map { quoted($0) }.joined(separator: ", ")
            out.append(
                "the leads file has no \(missingColumns.count == 1 ? "column" : "columns") \(names): the rules on \(missingColumns.count == 1 ? "it" : "them") were scored as not fired for every lead"
            )
        }
        if aiOutOfRange > 0 {
            out.append(
                "\(aiOutOfRange) \(aiOutOfRange == 1 ? "lead has" : "leads have") an AI score outside 0–100; check the AI tool's export (the rules compared the values as they are)"
            )
        }
        return out
    }

    /// The leads as a JSON array of ``LeadScore/json`` objects, handed to `write` a piece at a
    /// time (the same text as rendering ``leads`` whole, without holding every lead at once).
    public func writeJSON(chunkSize: Int = 1 << 14, _ write: (String) -> Void) {
        if count == 0 {
            write("[]\n")
            return
        }
        var start = 0
        while start < count {
            let range = start..<min(count, start + chunkSize)
            let pieces = parallelMap(count: range.count) { k -> String in
                let i = range.lowerBound + k
                return (i == 0 ? "[\n" : ",\n") + lead(i).json.renderedElement(level: 1)
            }
            write(pieces.joined())
            start = range.upperBound
        }
        write("\n]\n")
    }

    /// The leads as CSV for people, handed to `write` a piece at a time (the header first):
    /// `deal_id, score, fit_score, behavior_score, is_sql, breakdown, reason_1`…`reason_4`,
    /// `points_to_go, to_qualify`, rules named by `labels[id]` (else their id) with signed points.
    /// Cells a spreadsheet would run are neutralized.
    public func writeCSV(labels: [String: String], chunkSize: Int = 1 << 15, _ write: (String) -> Void) {
        writeCSV(labels: labels, chunkSize: chunkSize, bytes: { write(String(decoding: $0, as: UTF8.self)) })
    }

    /// ``writeCSV(labels:chunkSize:_:)`` as UTF-8 bytes, for a sink that takes them as they are
    /// (standard output): no String is made of the lines.
    ///
    /// Lines are put together as bytes on every core, each core in a buffer it keeps from piece to
    /// piece; a cell that needs quoting or guarding goes through ``CSVWriter/field(_:)``, so the
    /// text is what ``CSVWriter`` writes.
    public func writeCSV(
        labels: [String: String], chunkSize: Int = 1 << 15, bytes write: (UnsafeBufferPointer<UInt8>) -> Void
    ) {
        let writer = CSVWriter(guardFormulas: true)
        let header = writer.line([
            "deal_id", "score", "fit_score", "behavior_score", "is_sql", "breakdown", "reason_1", "reason_2",
            "reason_3", "reason_4", "points_to_go", "to_qualify",
        ])
        Array(header.utf8).withUnsafeBufferPointer(write)
        let names = CSVLineBytes.RuleNames(names: ruleIDs.map { labels[$0] ?? $0 }, steps: steps)
        let row = self.row
        // One buffer per piece of a chunk, kept from chunk to chunk (fresh memory for every chunk
        // cost more in page faults than the formatting).
        let pieceCount = 4 * max(1, ParallelSettings.cores)
        let buffers = UnsafeMutableBufferPointer<[UInt8]>.allocate(capacity: pieceCount)
        buffers.initialize(repeating: [])
        defer {
            buffers.deinitialize()
            buffers.deallocate()
        }
        nonisolated(unsafe) let pieces = buffers
        var start = 0
        while start < count {
            let range = start..<min(count, start + chunkSize)
            let per = (range.count + pieceCount - 1) / pieceCount
            forEachChunk(count: pieceCount, minimumPerChunk: 1) { [range] chunk, _ in
                for p in chunk {
                    let lower = min(range.upperBound, range.lowerBound + p * per)
                    let upper = min(range.upperBound, lower + per)
                    var line = CSVLineBytes(out: pieces[p], writer: writer, names: names)
                    pieces[p] = []
                    line.out.removeAll(keepingCapacity: true)
                    var fired: [Bool] = []
                    for i in lower..<upper { line.append(row(i, &fired), id: dealID(i)) }
                    pieces[p] = line.out
                }
            }
            for p in 0..<pieceCount where !pieces[p].isEmpty { pieces[p].withUnsafeBufferPointer(write) }
            start = range.upperBound
        }
    }
}

/// CSV lines of scored leads put together as bytes: the output so far, a cell being built, the
/// rules' names, and the writer for the cells that need quoting or guarding.
private struct CSVLineBytes {
    /// Each rule's name with its usual points (`Requested a demo +45`), the bytes one after
    /// another, made once; other points are named when met.
    struct RuleNames: Sendable {
        let names: [String], steps: [Double]
        let usual: [UInt8], ends: [Int]

        init(names: [String], steps: [Double]) {
            self.names = names
            self.steps = steps
            var usual: [UInt8] = []
            var ends: [Int] = []
            for rule in names.indices {
                usual += Self.named(names[rule], steps[rule]).utf8
                ends.append(usual.count)
            }
            self.usual = usual
            self.ends = ends
        }

        /// A rule's name and its points, to the cent.
        static func named(_ name: String, _ points: Double) -> String {
            "\(name) \(NumberFormatting.points((points * 100).rounded() / 100))"
        }
    }

    var out: [UInt8]
    var cell: [UInt8] = []
    let writer: CSVWriter
    let names: RuleNames
    let yes = Array(",yes".utf8), no = Array(",no".utf8)

    init(out: [UInt8], writer: CSVWriter, names: RuleNames) {
        self.out = out
        self.writer = writer
        self.names = names
    }

    /// Appends a lead's line: id, score, subscores, SQL yes/no, breakdown, four reasons, points to
    /// go and the next step.
    mutating func append(_ r: ScoredLeads.Row, id: String) {
        var id = id
        id.withUTF8 { put($0, first: true) }
        number(r.score)
        number(r.fit)
        number(r.behavior)
        out += r.isSQL ? yes : no
        // The usual names read through a pointer (no retain per cell).
        names.usual.withUnsafeBufferPointer { usual in
            func shown(_ rule: Int, _ points: Double?) {
                if let points, points != names.steps[rule] {
                    cell += RuleNames.named(names.names[rule], points).utf8
                    return
                }
                cell += UnsafeBufferPointer(rebasing: usual[(rule == 0 ? 0 : names.ends[rule - 1])..<names.ends[rule]])
            }
            cell.removeAll(keepingCapacity: true)
            for (k, part) in r.parts.enumerated() {
                if k > 0 { cell += [0x3B, 0x20] }
                shown(part.rule, part.points)
            }
            putCell()
            let ranked = LeadScore.reasonIndices(count: r.parts.count) { r.parts[$0].points }
            for k in 0..<4 {
                cell.removeAll(keepingCapacity: true)
                if k < ranked.count { shown(r.parts[ranked[k]].rule, r.parts[ranked[k]].points) }
                putCell()
            }
            number(r.pointsToGo)
            cell.removeAll(keepingCapacity: true)
            for (k, rule) in (r.next ?? []).enumerated() {
                if k > 0 { cell += [0x3B, 0x20] }
                shown(rule, nil)
            }
            putCell()
        }
        out.append(0x0A)
    }

    /// Appends a field (after a comma unless `first`), as ``CSVWriter/field(_:)`` writes it.
    mutating func put(_ bytes: UnsafeBufferPointer<UInt8>, first: Bool = false) {
        if !first { out.append(0x2C) }
        if CSVWriter.isPlainField(bytes) {
            out += bytes
        } else {
            out += writer.field(String(decoding: bytes, as: UTF8.self)).utf8
        }
    }

    /// Appends ``cell`` as a field.
    mutating func putCell() {
        out.append(0x2C)
        if cell.withUnsafeBufferPointer(CSVWriter.isPlainField) {
            out += cell
        } else {
            out += writer.field(String(decoding: cell, as: UTF8.self)).utf8
        }
    }

    /// Appends a number as ``JSONValue/format(_:)`` writes it.
    mutating func number(_ x: Double) {
        cell.removeAll(keepingCapacity: true)
        JSONValue.appendFormatted(x, to: &cell)
        putCell()
    }
}

extension Scorecard {
    /// Scores every lead of `leads` (use ``DealTable/leads(bytes:file:delimiter:map:missing:formats:)``),
    /// with decay measured to `asOf` when given (else each lead's `scored_at`, then `closed_at`).
    ///
    /// Strict: a rule whose column the file lacks is an error (see ``scoredLeads(_:asOf:)`` for
    /// the lenient form `scorecard score` uses).
    ///
    /// ```swift
    /// let scored = try card.scoreLeads(leads, asOf: CalendarDate(iso: "2026-11-26"))
    /// scored[0].breakdown   // [("demo_request", 45), ("pricing_page", 30)]
    /// ```
    public func scoreLeads(_ leads: DealTable, asOf: CalendarDate? = nil) throws -> [LeadScore] {
        if rules.contains(where: { $0.signals.contains { leads.columns[$0] == nil } }) {
            _ = try DesignMatrix(card: self, deals: leads, asOf: asOf)
        }
        return try scoredLeads(leads, asOf: asOf).leads
    }

    /// Scores every lead, each with its breakdown, reasons, points to go and next step. A rule
    /// whose column the file lacks (a leads export often has fewer columns than the history) is
    /// scored as not fired, and named in ``ScoredLeads/missingColumns`` (so is a merged rule one of
    /// whose parts' columns is missing, and a gated rule whose gate is not scored). A gated
    /// behavior rule is a next step only for a lead on whom its gates fire.
    ///
    /// - Throws: ``ScorecardError`` when a rule's test does not fit its column's type.
    public func scoredLeads(_ leads: DealTable, asOf: CalendarDate? = nil) throws -> ScoredLeads {
        var missing: [String] = []
        for rule in rules {
            for s in rule.signals where leads.columns[s] == nil && !missing.contains(s) { missing.append(s) }
        }
        var scored = Set(rules.filter { $0.signals.allSatisfy { leads.columns[$0] != nil } }.map(\.id))
        while let j = rules.firstIndex(where: { scored.contains($0.id) && !$0.onlyWith.allSatisfy(scored.contains) }) {
            scored.remove(rules[j].id)
        }
        let present = rules.indices.filter { scored.contains(rules[$0].id) }
        let card = present.count == rules.count ? self : keepingRules(present)
        let design = try DesignMatrix(card: card, deals: leads, asOf: asOf)
        // Per gated rule (by index in `present`), whether its gates fire for each lead: the gates'
        // own tests, read from a design of the gate rules without their own gates.
        var gatesOpen: [Int: [Bool]] = [:]
        if card.rules.contains(where: { !$0.onlyWith.isEmpty }) {
            let gateIDs = Array(Set(card.rules.flatMap(\.onlyWith))).sorted()
            var gateCard = card.keepingRules(gateIDs.map { id in card.rules.firstIndex { $0.id == id }! })
            for g in gateCard.rules.indices {
                gateCard.rules[g].onlyWith = []
                gateCard.rules[g].halfLifeDays = nil
            }
            let fires = try DesignMatrix(card: gateCard, deals: leads, asOf: asOf)
            for (k, rule) in card.rules.enumerated() where !rule.onlyWith.isEmpty {
                let columns = rule.onlyWith.map { gateIDs.firstIndex(of: $0)! }
                gatesOpen[k] = (0..<fires.rowCount).map { i in columns.allSatisfy { fires[i, $0] != 0 } }
            }
        }
        let total = card.scores(design)
        let fit = card.scores(design, kind: .fit)
        let behavior = card.scores(design, kind: .behavior)
        let sql = card.isSQL(design)
        let q = qualification
        let steps = nextSteps
        let full = self
        let ids = leads.dealIDs
        let lines = leads.lines
        // Plain arrays for the per-lead loop (a rule read from the card is a copy of its strings).
        let encoded = design.rows
        let points = card.rules.map(\.points)
        let ruleCount = rules.count
        let open = present.indices.map { gatesOpen[$0] }
        let row: @Sendable (Int, inout [Bool]) -> ScoredLeads.Row = { i, fired in
            if fired.count != ruleCount {
                fired = [Bool](repeating: false, count: ruleCount)
            } else {
                for j in fired.indices { fired[j] = false }
            }
            var parts: [(rule: Int, points: Double)] = []
            parts.reserveCapacity(present.count)
            for k in present.indices {
                let x = encoded[i, k]
                // A rule fired, or gated shut for this lead: not a next step either way.
                if x != 0 || open[k].map({ !$0[i] }) == true { fired[present[k]] = true }
                let pts = points[k] * x
                if pts != 0 { parts.append((present[k], pts)) }
            }
            return ScoredLeads.Row(
                score: total[i], fit: fit[i], behavior: behavior[i], isSQL: sql[i],
                parts: parts,
                pointsToGo: q.pointsToGo(score: total[i], fit: fit[i], behavior: behavior[i]),
                next: full.toQualify(score: total[i], fit: fit[i], behavior: behavior[i], fired: fired, steps: steps))
        }
        // An AI score is a 0–100 number; a value outside says the export or the mapping is off.
        var outside = Set<Int>()
        var aiSignals: [String] = []
        for rule in rules where rule.isAI { for s in rule.signals where !aiSignals.contains(s) { aiSignals.append(s) } }
        for signal in aiSignals {
            guard case .number(let v)? = leads.columns[signal] else { continue }
            for i in 0..<v.count { if let x = v[i], x < 0 || x > 100 { outside.insert(i) } }
        }
        return ScoredLeads(
            count: design.rowCount, missingColumns: missing, aiOutOfRange: outside.count, ruleIDs: rules.map(\.id),
            steps: rules.indices.map(stepPoints(rule:)), row: row, dealID: { ids?[$0] ?? "line \(lines[$0])" })
    }
}
