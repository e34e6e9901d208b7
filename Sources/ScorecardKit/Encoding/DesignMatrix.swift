/// The rules of a card applied to a deal history: one row per deal, one column per rule.
///
/// A `when` rule's column is its indicator (1 when the condition holds, else 0). An `each` rule's
/// column is the signal in units of `each` (value / each), capped at `cap / |points|` units when
/// the rule has a cap, so the cap holds whatever points the column is later given. When the rule has
/// `halfLifeDays` and the history has `<signal>_at`, the column is multiplied by
/// `0.5^(age / halfLifeDays)`, where age is the days from `<signal>_at` to the deal's `scored_at`
/// (or `closed_at` when there is no `scored_at`, or the `asOf` date when one is given).
///
/// A merged (`anyOf`) rule's column is the OR of its parts' indicators. A gated rule's column is
/// its own value times the indicators of the rules its `onlyWith` names (each 1 when that rule's
/// own test holds for the deal, whatever that rule's own gates), so its points count only where
/// every gate fires.
///
/// A card's score for deal i is then `Σ_j points_j · x_ij`.
///
/// ```swift
/// let design = try DesignMatrix(card: card, deals: deals)
/// let scores = design.scores(points: card.rules.map(\.points))
/// ```
public struct DesignMatrix: Sendable {
    /// Rule ids, one per column.
    public var ruleIDs: [String]
    /// The encoded values, one row per deal (indicator columns stored as bits).
    public var rows: EncodedRows
    /// Number of rows (deals).
    public var rowCount: Int { rows.count }
    /// Values in row-major order, `values[i * columnCount + j]` (a copy; prefer ``subscript(_:_:)``
    /// or ``rows`` on large histories).
    public var values: [Double] { rows.rowMajorValues }
    /// Won (`true`) or lost, per row.
    public var won: [Bool]
    /// Notes about the encoding (decay that could not be applied, …), for reports.
    public var notes: [String]
    /// Deals each row stands for (`nil`: one each), from a pattern table's counts.
    public var weights: [Double]?

    /// Whether every row stands for a whole number of deals (always, without weights): then sums
    /// of weights are exact in any order, so counts over patterns equal counts over rows.
    public var hasWholeWeights: Bool { weights?.allSatisfy { $0 == $0.rounded() && abs($0) < 1e15 } ?? true }

    /// The weight of row `i`.
    @inline(__always) public func weight(_ i: Int) -> Double { weights?[i] ?? 1 }

    /// Number of columns (rules).
    public var columnCount: Int { ruleIDs.count }

    /// The value of rule `j` for deal `i`.
    public subscript(i: Int, j: Int) -> Double { rows[i, j] }

    /// Builds a design matrix directly (for tests and simulations).
    public init(ruleIDs: [String], rows: [[Double]], won: [Bool]) {
        precondition(
            rows.count == won.count && rows.allSatisfy { $0.count == ruleIDs.count },
            "rows and outcomes must match the rules")
        self.ruleIDs = ruleIDs
        self.rows = EncodedRows(rowMajor: rows.flatMap { $0 }, columnCount: ruleIDs.count)
        self.won = won
        self.notes = []
        self.weights = nil
    }

    /// Encodes `deals` with the rules of `card`, checking each rule against the history.
    ///
    /// - Parameters:
    ///   - asOf: measure decay to this date instead of each deal's `scored_at`/`closed_at`.
    ///   - pointInTime: leave out a signal whose `<signal>_at` falls after the deal's `scored_at`
    ///     (activity after the decision was not known when the lead was judged); back-tests use it.
    /// - Throws: ``ScorecardError/missingSignal(_:ruleID:signal:available:)`` when a rule reads a
    ///   column the history lacks; ``ScorecardError/typeMismatch(_:ruleID:message:)`` when its
    ///   condition does not fit the column's type (a number bound on text, text on a number, …);
    ///   ``ScorecardError/unknownRule(_:ruleID:named:available:)`` when an `onlyWith` names a rule
    ///   the card lacks (a gate left out of a card built in code).
    /// - Complexity: O(deals × rules).
    public init(card: Scorecard, deals: DealTable, asOf: CalendarDate? = nil, pointInTime: Bool = false) throws {
        let n = deals.count
        let p = card.rules.count
        var notes: [String] = []
        var sources: [ColumnSource] = []
        // The rule's own value for a row (indicator or units; activity after the deal was judged
        // left out at a point in time), before its cap, decay and gates. A merged rule's is 1 when
        // any part's test holds.
        func ownValue(_ j: Int) throws -> @Sendable (Int) -> Double {
            let rule = card.rules[j]
            let tests: [(rule: Rule, path: String?)]
            if case .anyOf(let parts) = rule.measure {
                tests = parts.enumerated().map { k, part in
                    (
                        Rule(
                            id: rule.id, kind: rule.kind, signal: part.signal, measure: .when(part.condition),
                            points: rule.points), "anyOf[\(k)]"
                    )
                }
            } else {
                tests = [(rule, nil)]
            }
            var evaluators: [@Sendable (Int) -> Double] = []
            for (test, path) in tests {
                guard let column = deals.columns[test.signal] else {
                    throw ScorecardError.missingSignal(
                        card.location(rule: j, key: path.map { $0 + ".signal" } ?? "signal"), ruleID: rule.id,
                        signal: test.signal,
                        available: deals.columnOrder.filter { !$0.hasSuffix("_at") })
                }
                let header = deals.headerLocation(test.signal)
                let evaluate = try RuleEvaluator.make(
                    rule: test, column: column,
                    location: card.location(rule: j, key: path.map { $0 + ".when" } ?? rule.measureKey)
                ) {
                    SourceLocation(file: header.file, line: deals.lines[$0], column: header.column)
                }
                // Point in time: activity dated after the deal was judged did not exist yet.
                if pointInTime, case .date(let when)? = deals.columns[test.signal + "_at"], let scored = deals.scoredAt
                {
                    evaluators.append { i in
                        if let at = when[i], let s = scored[i], at > s { return 0 }
                        return evaluate(i)
                    }
                } else {
                    evaluators.append(evaluate)
                }
            }
            if evaluators.count == 1 { return evaluators[0] }
            let parts = evaluators
            return { i in parts.contains { $0(i) != 0 } ? 1 : 0 }
        }
        // Whether each rule named in an `onlyWith` fires (its own test holds) for a row.
        var gateFires: [String: @Sendable (Int) -> Bool] = [:]
        for (j, rule) in card.rules.enumerated() {
            for gate in rule.onlyWith where gateFires[gate] == nil {
                guard let g = card.rules.firstIndex(where: { $0.id == gate }) else {
                    throw ScorecardError.unknownRule(
                        card.location(rule: j, key: "onlyWith"), ruleID: rule.id, named: gate,
                        available: card.rules.map(\.id))
                }
                let value = try ownValue(g)
                gateFires[gate] = { value($0) != 0 }
            }
        }
        for (j, rule) in card.rules.enumerated() {
            // A plain rule on a byte-coded column (flags, small counts, true/false): one table
            // look-up a row.
            if rule.halfLifeDays == nil, rule.onlyWith.isEmpty, !rule.isMerged,
                !pointInTime || deals.columns[rule.signal + "_at"] == nil,
                let column = deals.columns[rule.signal],
                let (codes, table) = try RuleEvaluator.codeTable(
                    rule: rule, column: column, location: card.location(rule: j, key: rule.measureKey))
            {
                let cap = rule.capUnits
                sources.append(.table(codes: codes, table: cap.map { c in table.map { min($0, c) } } ?? table))
                continue
            }
            // A plain test on a text column: its answers a bit a row.
            if rule.halfLifeDays == nil, rule.onlyWith.isEmpty,
                !pointInTime || deals.columns[rule.signal + "_at"] == nil,
                let column = deals.columns[rule.signal],
                let bits = try RuleEvaluator.textBits(
                    rule: rule, column: column, location: card.location(rule: j, key: rule.measureKey),
                    cellLocation: { [header = deals.headerLocation(rule.signal), lines = deals.lines] in
                        SourceLocation(file: header.file, line: lines[$0], column: header.column)
                    })
            {
                sources.append(.table(codes: bits, table: [0, 1]))
                continue
            }
            let evaluate = try ownValue(j)
            var decay: (@Sendable (Int) -> Double)? = nil
            if let halfLife = rule.halfLifeDays {
                if case .date(let when)? = deals.columns[rule.signal + "_at"] {
                    let scored = deals.scoredAt
                    let closed = deals.closedAt
                    decay = { i in
                        guard let at = when[i], let ref = asOf ?? scored?[i] ?? closed?[i] else { return 1 }
                        return SignalAge.remaining(age: Double(ref.daysSince(at)), halfLife: halfLife)
                    }
                    if asOf == nil, deals.scoredAt == nil, deals.closedAt == nil {
                        notes.append(
                            "rule \(quoted(rule.id)): no scored_at or closed_at column, so its half-life decay was not applied"
                        )
                    }
                } else {
                    notes.append(
                        "rule \(quoted(rule.id)) has halfLifeDays but the history has no \(quoted(rule.signal + "_at")) column, so its points were not decayed"
                    )
                }
            }
            let cap = rule.capUnits
            let decayFactor = decay
            let gates = rule.onlyWith.map { gateFires[$0]! }
            sources.append(
                .closure { i in
                    var x = evaluate(i)
                    if let cap, x > cap { x = cap }
                    if x != 0, let decayFactor { x *= decayFactor(i) }
                    if x != 0, !gates.allSatisfy({ $0(i) }) { x = 0 }
                    return x
                })
        }
        // Each column is evaluated on its own (shared out over the cores), kept as bits when it
        // holds only 0 and 1, then the columns are packed into rows.
        let columns = sources
        let encoded = UnsafeMutableBufferPointer<EncodedColumn?>.allocate(capacity: p)
        encoded.initialize(repeating: nil)
        defer {
            encoded.deinitialize()
            encoded.deallocate()
        }
        let badRow = UnsafeMutableBufferPointer<Int>.allocate(capacity: p)
        badRow.initialize(repeating: -1)
        defer { badRow.deallocate() }
        nonisolated(unsafe) let out = encoded
        nonisolated(unsafe) let bad = badRow
        forEachChunk(count: p, minimumPerChunk: 1) { range, _ in
            for j in range {
                switch columns[j] {
                case .table(let codes, let table):
                    // A value no score can hold (1e308 opens: a unit or a code slipped in) is an
                    // error that names it, not an overflow in the fit.
                    if table.contains(where: { !($0.magnitude <= Self.largestValue) }),
                        let i = codes.firstIndex(where: { !(table[Int($0)].magnitude <= Self.largestValue) })
                    {
                        bad[j] = i
                        continue
                    }
                    out[j] = EncodedColumn(codes: codes, table: table)
                case .closure(let column):
                    var x = [Double](repeating: 0, count: n)
                    for i in 0..<n {
                        let v = column(i)
                        if !(v.magnitude <= Self.largestValue) {
                            bad[j] = i
                            break
                        }
                        x[i] = v
                    }
                    out[j] = EncodedColumn(x)
                }
            }
        }
        // The first bad cell in row order, as a reader of the file would meet it.
        if let j = (0..<p).filter({ badRow[$0] >= 0 }).min(by: { badRow[$0] < badRow[$1] }) {
            let i = badRow[j]
            let rule = card.rules[j]
            var raw = "?"
            if case .number(let v)? = deals.columns[rule.signal], let x = v[i] { raw = "\(x)" }
            throw DealDataError.valueTooLarge(
                SourceLocation(file: deals.file, line: deals.lines[i], column: deals.columnPositions[rule.signal] ?? 0),
                column: rule.signal, value: raw, ruleID: rule.id)
        }
        self.rows = EncodedRows(columns: encoded.map { $0! }, rowCount: n)
        self.ruleIDs = card.rules.map(\.id)
        self.won = deals.won
        self.notes = notes
        self.weights = deals.weights
    }

    /// The largest magnitude a rule's column may take (in `each` units); beyond it points
    /// overflow what a score can mean.
    public static let largestValue = 1e12

    /// Scores every row: `Σ_j points[j] · x_ij`.
    ///
    /// - Complexity: O(rows × columns), split over the cores.
    public func scores(points: [Double]) -> [Double] {
        precondition(points.count == columnCount, "one point value per rule")
        return rows.scores(points: points)
    }

    /// Scores using only the columns in `mask` (e.g. fit rules for the fit subscore).
    public func scores(points: [Double], mask: [Bool]) -> [Double] {
        scores(points: zip(points, mask).map { $1 ? $0 : 0 })
    }

    /// The column of rule `j`.
    public func column(_ j: Int) -> [Double] { (0..<rowCount).map { self[$0, j] } }

    /// Every row with only the rules at `columns` (in that order): the design of a card with the
    /// other rules left out.
    public func selectingColumns(_ columns: [Int]) -> DesignMatrix {
        var m = self
        m.ruleIDs = columns.map { ruleIDs[$0] }
        m.rows = rows.selectingColumns(columns)
        return m
    }

    /// The rows at `indices`.
    public func selecting(_ indices: [Int]) -> DesignMatrix {
        var m = self
        m.rows = rows.selecting(indices)
        m.won = indices.map { won[$0] }
        m.weights = weights.map { w in indices.map { w[$0] } }
        return m
    }
}

/// How one rule's column is computed: a table over a byte-coded column, or a function of the row.
private enum ColumnSource: Sendable {
    case table(codes: ColumnCodes, table: [Double])
    case closure(@Sendable (Int) -> Double)
}

extension Rule {
    /// The JSON key holding the rule's test, for error locations.
    var measureKey: String {
        if case .each = measure { return "each" }
        return "when"
    }
}
