/// Suggests rules for the columns a card does not use ("consider adding").
///
/// For each unused signal column: a Boolean column gives `equals true`; a category column its
/// level with the highest information value (levels on at least 2% of deals, and 10); a number
/// column the cut `atLeast c` with the highest information value among up to 50 quantile cuts (a
/// one-split optimal binning). The suggested points are the one-rule log odds ratio (with ½ added to
/// each cell) × the card's points per log-odds. Columns that look recorded after the fact are
/// reported as leaky, never suggested.
enum CandidateSearch {
    /// Correlation at or above which a candidate repeats a rule already on the card (the same
    /// cut-off as the `redundant` flag): it is not suggested, and a note names the rule it repeats.
    static let repeatsCorrelation = 0.8

    /// The strongest cut of each unused column, leaky ones included (to warn), near-copies of a
    /// card rule left out with a note.
    static func candidates(deals: DealTable, card: Scorecard, design: DesignMatrix, factor: Double, top: Int = 8) -> (
        candidates: [CandidateRule], notes: [String]
    ) {
        let used = Set(card.rules.map(\.signal))
        let wonTotal = deals.wonCount
        let lostTotal = deals.lostCount
        guard wonTotal > 0, lostTotal > 0 else { return ([], []) }
        var out: [CandidateRule] = []
        var notes: [String] = []
        // The card's columns, decoded only when an unused column needs comparing with them.
        var decodedColumns: [[Double]]? = nil
        func ruleColumns() -> [[Double]] {
            if let decodedColumns { return decodedColumns }
            let columns = (0..<design.columnCount).map { design.column($0) }
            decodedColumns = columns
            return columns
        }
        for name in deals.columnOrder where !used.contains(name) && !name.hasSuffix("_at") {
            guard let column = deals.columns[name] else { continue }
            // Each option with the won and lost weight it fires for, counted in one pass over
            // the column; the deal-by-deal firing is made only for the best option.
            var options: [(condition: Condition, firedWon: Double, firedLost: Double, fires: () -> [Bool])] = []
            switch column {
            case .boolean(let v):
                var fw = 0.0
                var fl = 0.0
                for i in v.indices where v[i] == true {
                    if deals.won[i] { fw += deals.weight(i) } else { fl += deals.weight(i) }
                }
                options = [(.equals(.bool(true)), fw, fl, { v.map { $0 == true } })]
            case .category(let v):
                // Levels (lowercased) in order of first appearance, each spelled as it first appears.
                var levelOfValue: [String: Int] = [:]
                var levelOfText: [String: Int] = [:]
                var levels: [String] = []
                var spellings: [String] = []
                var dealsAt: [Int] = []
                var wonAt: [Double] = []
                var lostAt: [Double] = []
                for (i, x) in v.enumerated() {
                    guard let x else { continue }
                    let k: Int
                    if let known = levelOfValue[x] {
                        k = known
                    } else {
                        let level = x.lowercased()
                        if let known = levelOfText[level] {
                            k = known
                        } else {
                            k = levels.count
                            levelOfText[level] = k
                            levels.append(level)
                            spellings.append(x)
                            dealsAt.append(0)
                            wonAt.append(0)
                            lostAt.append(0)
                        }
                        levelOfValue[x] = k
                    }
                    dealsAt[k] += 1
                    if deals.won[i] { wonAt[k] += deals.weight(i) } else { lostAt[k] += deals.weight(i) }
                }
                let minimum = max(10, deals.count / 50)
                for k in levels.indices where dealsAt[k] >= minimum && dealsAt[k] < deals.count {
                    let level = levels[k]
                    options.append(
                        (.equals(.string(spellings[k])), wonAt[k], lostAt[k], { v.map { $0?.lowercased() == level } }))
                }
            case .number(let v):
                let present = v.compactMap { $0 }.sorted()
                guard present.count >= 20 else { continue }
                var cuts: [Double] = []
                for k in 1..<50 { cuts.append(present[present.count * k / 50]) }
                let chosen = Set(cuts).sorted().filter { $0 > present.first! }
                // Deals by how many cuts they reach; a cut fires for the deals that reach past it.
                var wonAt = [Double](repeating: 0, count: chosen.count + 1)
                var lostAt = wonAt
                for i in v.indices {
                    let x = v[i] ?? -.infinity
                    var lo = 0
                    var hi = chosen.count
                    while lo < hi {
                        let mid = (lo + hi) / 2
                        if chosen[mid] <= x { lo = mid + 1 } else { hi = mid }
                    }
                    if deals.won[i] { wonAt[lo] += deals.weight(i) } else { lostAt[lo] += deals.weight(i) }
                }
                var fw = 0.0
                var fl = 0.0
                var counts = [(Double, Double)](repeating: (0, 0), count: chosen.count)
                for j in chosen.indices.reversed() {
                    fw += wonAt[j + 1]
                    fl += lostAt[j + 1]
                    counts[j] = (fw, fl)
                }
                for (j, c) in chosen.enumerated() {
                    options.append((.atLeast(c), counts[j].0, counts[j].1, { v.map { ($0 ?? -.infinity) >= c } }))
                }
            case .date:
                continue
            }
            var best: (Condition, () -> [Bool], Double)? = nil
            for option in options {
                let iv = informationValue(
                    firedWon: option.firedWon, firedLost: option.firedLost, wonTotal: wonTotal, lostTotal: lostTotal)
                if best == nil || iv > best!.2 { best = (option.condition, option.fires, iv) }
            }
            guard let (condition, firing, iv) = best else { continue }
            let fires = firing()
            var fw = 0
            var fl = 0
            for i in fires.indices where fires[i] {
                if deals.won[i] { fw += Int(deals.weight(i)) } else { fl += Int(deals.weight(i)) }
            }
            // Strength alone does not make an unused column leaky (a strong context column is
            // reported with its information value); the dated and near-perfect checks do.
            let leak = SignalDiagnostics.leakage(
                signal: name, deals: deals, fires: fires, firedWon: fw, firedLost: fl, totalWon: wonTotal,
                totalLost: lostTotal)
            guard iv >= 0.02 || leak != nil else { continue }
            // A near-copy of a rule the card already scores adds nothing: name the rule instead.
            let fired = fires.map { $0 ? 1.0 : 0 }
            if leak == nil,
                let (j, r) = ruleColumns().indices.map({
                    ($0, correlation(fired, ruleColumns()[$0], weights: deals.weights))
                })
                .max(by: { abs($0.1) < abs($1.1) }), abs(r) >= Self.repeatsCorrelation
            {
                notes.append(
                    "\(name) \(condition) is not suggested: it repeats the card's rule \(card.rules[j].id) (correlation \(NumberFormatting.fixed(r, 2)))"
                )
                continue
            }
            let logOdds = _log(
                (Double(fw) + 0.5) * (Double(lostTotal - fl) + 0.5)
                    / ((Double(fl) + 0.5) * (Double(wonTotal - fw) + 0.5)))
            let id = sanitize(name + (condition.ruleSuffix.map { "_" + $0 } ?? ""))
            let rule = Rule(
                id: id, kind: .behavior, signal: name, measure: .when(condition), points: (factor * logOdds).rounded())
            let base = Double(wonTotal) / Double(wonTotal + lostTotal)
            out.append(
                CandidateRule(
                    rule: rule, firedWon: fw, firedLost: fl, lift: (Double(fw) / Double(max(1, fw + fl))) / base,
                    informationValue: iv, leakage: leak))
        }
        return (Array(out.sorted { $0.informationValue > $1.informationValue }.prefix(top)), notes)
    }

    /// Weighted Pearson correlation of two columns (0 when either is constant).
    static func correlation(_ x: [Double], _ y: [Double], weights: [Double]?) -> Double {
        var n = 0.0
        var sx = 0.0
        var sy = 0.0
        for i in x.indices {
            let w = weights?[i] ?? 1
            n += w
            sx += w * x[i]
            sy += w * y[i]
        }
        let mx = sx / n
        let my = sy / n
        var cxy = 0.0
        var cxx = 0.0
        var cyy = 0.0
        for i in x.indices {
            let w = weights?[i] ?? 1
            let dx = x[i] - mx
            let dy = y[i] - my
            cxy += w * dx * dy
            cxx += w * dx * dx
            cyy += w * dy * dy
        }
        return cxx > 0 && cyy > 0 ? cxy / (cxx * cyy).squareRoot() : 0
    }

    /// Information value of the two bins fired / not fired, with ½ added to each count: `fw`
    /// of the `wonTotal` won and `fl` of the `lostTotal` lost deals fire.
    static func informationValue(firedWon fw: Double, firedLost fl: Double, wonTotal: Int, lostTotal: Int) -> Double {
        let a = (fw + 0.5) / (Double(wonTotal) + 1)
        let b = (fl + 0.5) / (Double(lostTotal) + 1)
        let c = (Double(wonTotal) - fw + 0.5) / (Double(wonTotal) + 1)
        let d = (Double(lostTotal) - fl + 0.5) / (Double(lostTotal) + 1)
        return (a - b) * _log(a / b) + (c - d) * _log(c / d)
    }

    static func sanitize(_ s: String) -> String {
        String(s.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "_" })
    }
}

extension Condition {
    /// A short suffix for a suggested rule's id: the level, or `at_least_5`.
    var ruleSuffix: String? {
        switch self {
        case .equals(.string(let s)): s
        case .atLeast(let x): "at_least_" + JSONValue.format(x)
        default: nil
        }
    }
}
