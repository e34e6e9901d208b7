import ScorecardTestSupport
import Testing

@testable import ScorecardKit

@Suite("Logistic fit: closed forms and edge cases")
struct FittingBehaviourTests {
    /// One binary rule: the maximum-likelihood fit is the 2×2 table's closed form. With a won/lost
    /// among deals where the rule fires and c won/d lost where it does not: intercept = log(c/d),
    /// coefficient = log(ad/(bc)), standard error = √(1/a + 1/b + 1/c + 1/d).
    @Test func singleIndicatorMatchesTwoByTwoTable() throws {
        let (a, b, c, d) = (30.0, 10.0, 20.0, 40.0)
        let patterns = PatternTable(ruleIDs: ["demo"], values: [1, 0], wonWeights: [a, c], lostWeights: [b, d])
        let fit = try LogisticRegression().fit(patterns)
        let est = try #require(fit.estimates[0])
        #expect(fit.intercept.coefficient.isApproximatelyEqual(to: _log(c / d), relativeTolerance: 1e-10))
        #expect(est.coefficient.isApproximatelyEqual(to: _log(a * d / (b * c)), relativeTolerance: 1e-10))
        #expect(
            est.stdError.isApproximatelyEqual(to: (1 / a + 1 / b + 1 / c + 1 / d).squareRoot(), relativeTolerance: 1e-9)
        )
        #expect(fit.intercept.stdError.isApproximatelyEqual(to: (1 / c + 1 / d).squareRoot(), relativeTolerance: 1e-9))
        // Saturated model: ℓ = Σ cells n·log(p̂) with p̂ the cell's won share.
        let ll = a * _log(a / 40) + b * _log(b / 40) + c * _log(c / 60) + d * _log(d / 60)
        #expect(fit.logLikelihood.isApproximatelyEqual(to: ll, relativeTolerance: 1e-10))
        #expect(fit.converged)
        // The fitted log-odds where the rule fires is the cell's own: log(a/b).
        #expect(fit.linearPredictor([1.0]).isApproximatelyEqual(to: _log(a / b), relativeTolerance: 1e-10))
    }

    /// Ridge on one indicator: at the optimum the penalized score is zero, checked by finite
    /// differences of the objective ℓ(β) − λ/2·β₁² computed here independently.
    @Test func ridgeOptimumHasZeroPenalizedGradient() throws {
        let patterns = PatternTable(ruleIDs: ["x"], values: [1, 0], wonWeights: [12, 5], lostWeights: [3, 20])
        let lambda = 2.5
        let fit = try LogisticRegression(penalty: .ridge(lambda: lambda)).fit(patterns)
        func objective(_ b0: Double, _ b1: Double) -> Double {
            let l1 = 12 * (b0 + b1) - 15 * _log(1 + _exp(b0 + b1))
            let l0 = 5 * b0 - 25 * _log(1 + _exp(b0))
            return l1 + l0 - lambda / 2 * b1 * b1
        }
        let b0 = fit.intercept.coefficient
        let b1 = fit.coefficients[0]
        let h = 1e-6
        #expect(abs((objective(b0 + h, b1) - objective(b0 - h, b1)) / (2 * h)) < 1e-6)
        #expect(abs((objective(b0, b1 + h) - objective(b0, b1 - h)) / (2 * h)) < 1e-6)
        #expect(fit.penalizedLogLikelihood.isApproximatelyEqual(to: objective(b0, b1), relativeTolerance: 1e-12))
    }

    /// Pattern compression does not change the answer: the b2b-saas fit on compressed patterns
    /// equals the fit on one row per deal to 1e-9.
    /// A large history whose rows hardly repeat is left uncompressed (each row its own pattern,
    /// the rows shared): the fit equals the fit of the compressed table. A history of few
    /// patterns is compressed. A fit started at a nearby point (as each quarter's fit starts from
    /// the whole history's) reaches the same answer in fewer passes.
    @Test func uncompressedLargeHistoryFitsAsCompressed() throws {
        var rng = SplitMix64(seed: 5)
        let n = 210_000
        let p = 24
        let beta = (0..<p).map { _ in 0.5 * rng.nextNormal() }
        var rows = [[Double]]()
        var won = [Bool]()
        for _ in 0..<n {
            var eta = -0.5
            var x = [Double](repeating: 0, count: p)
            for j in 0..<p where rng.nextUnit() < 0.3 {
                x[j] = 1
                eta += beta[j]
            }
            rows.append(x)
            won.append(rng.nextUnit() < 1 / (1 + _exp(-eta)))
        }
        let design = DesignMatrix(ruleIDs: (0..<p).map { "s\($0)" }, rows: rows, won: won)
        let table = PatternTable(design)
        let compressed = PatternTable(design, alwaysCompress: true)
        #expect(!table.isCompressed && table.count == n && compressed.isCompressed && compressed.count > n / 2)
        #expect(
            table.totalWon == Double(won.filter { $0 }.count) && table.totalLost == Double(won.filter { !$0 }.count))
        let a = try LogisticRegression().fit(table)
        let b = try LogisticRegression().fit(compressed)
        #expect(!a.patternsAreDistinct && b.patternsAreDistinct)
        for (x, y) in zip([a.intercept.coefficient] + a.coefficients, [b.intercept.coefficient] + b.coefficients) {
            #expect(abs(x - y) <= 1e-9 * max(1, abs(y)))
        }
        let few = DesignMatrix(ruleIDs: (0..<6).map { "s\($0)" }, rows: rows.map { Array($0[0..<6]) }, won: won)
        #expect(PatternTable(few).isCompressed && PatternTable(few).count <= 64)
        // A card's fit keeps an uncompressed table's size, not its weights: asked for, the table
        // is made again, the same one; a compressed table is kept as it was.
        func card(_ columns: Int) throws -> Scorecard {
            let rules = (0..<columns).map {
                #"{"id": "s\#($0)", "kind": "fit", "signal": "s\#($0)", "when": {"equals": 1}, "points": 5}"#
            }
            return try Scorecard(
                json: #"{"schema": "scorecard/v1", "name": "t", "threshold": 20, "rules": ["#
                    + rules.joined(separator: ", ") + "]}", file: "c.json")
        }
        let fitted = try CardFit(design: design, card: card(p), requested: Penalty.none)
        #expect(fitted.patternCount == n && !fitted.patterns.isCompressed)
        #expect(fitted.patterns.wonWeights == table.wonWeights && fitted.patterns.lostWeights == table.lostWeights)
        #expect(fitted.fit.coefficients == a.coefficients)
        let fewFitted = try CardFit(design: few, card: card(6), requested: Penalty.none)
        let fewTable = PatternTable(few)
        #expect(fewFitted.patternCount == fewTable.count && fewFitted.patterns.isCompressed)
        #expect(fewFitted.patterns.wonWeights == fewTable.wonWeights && fewFitted.patterns.values == fewTable.values)
        var started = LogisticRegression()
        started.start = [b.intercept.coefficient + 0.05] + b.coefficients.map { $0 * 0.97 }
        let c = try started.fit(compressed)
        var cold = LogisticRegression()
        cold.warmStarts = false
        let d = try cold.fit(compressed)
        #expect(c.iterations < d.iterations)
        for (x, y) in zip([c.intercept.coefficient] + c.coefficients, [d.intercept.coefficient] + d.coefficients) {
            #expect(abs(x - y) <= 1e-8 * max(1, abs(y)))
        }
        // From a subsample's fit (its information standing in for the first step's), the
        // uncompressed table's fit lands where a cold start run to convergence does, to rounding
        // level, and its standard errors and log-likelihood are those of the answer.
        let e = try cold.fit(table)
        #expect(a.iterations < e.iterations)
        for (x, y) in zip([a.intercept] + a.estimates.compactMap { $0 }, [e.intercept] + e.estimates.compactMap { $0 })
        {
            #expect(abs(x.coefficient - y.coefficient) <= 1e-12 * max(1, abs(y.coefficient)))
            #expect(abs(x.stdError - y.stdError) <= 1e-10 * y.stdError)
        }
        #expect(abs(a.logLikelihood - e.logLikelihood) <= 1e-12 * abs(e.logLikelihood))
    }

    @Test func patternCompressionGivesTheSameFit() throws {
        let deals = try DealTable(csv: Fixtures.dataset("b2b-saas/deals.csv"), file: "deals.csv")
        let card = try Scorecard(json: Fixtures.dataset("b2b-saas/current-scorecard.json"), file: "card.json")
        let design = try DesignMatrix(card: card, deals: deals)
        let compressed = PatternTable(design)
        let perDeal = PatternTable(
            ruleIDs: design.ruleIDs, values: design.values,
            wonWeights: design.won.map { $0 ? 1 : 0 }, lostWeights: design.won.map { $0 ? 0 : 1 })
        #expect(
            compressed.count < design.rowCount / 2, "expected far fewer patterns than deals; got \(compressed.count)")
        #expect(compressed.totalWon == perDeal.totalWon && compressed.totalLost == perDeal.totalLost)
        let a = try LogisticRegression().fit(compressed)
        let b = try LogisticRegression().fit(perDeal)
        #expect(
            worstRelativeError(
                [a.intercept.coefficient] + a.coefficients, [b.intercept.coefficient] + b.coefficients, floor: 1e-9)
                < 1e-9)
        #expect(a.patternCount == compressed.count)
    }

    /// A rule that fires only for won deals: maximum likelihood is refused, naming the rule; Firth
    /// gives finite coefficients and a profile interval.
    @Test func separationIsNamedUnderMaximumLikelihoodAndFiniteUnderFirth() throws {
        let patterns = PatternTable(
            ruleIDs: ["demo", "size"], values: [1, 0, 0, 1, 0, 0, 1, 1],
            wonWeights: [5, 3, 2, 2], lostWeights: [0, 6, 4, 0])
        #expect(throws: FitError.self) { try LogisticRegression(penalty: .none).fit(patterns) }
        do {
            _ = try LogisticRegression(penalty: .none).fit(patterns)
        } catch let error as FitError {
            #expect(error.description.contains("\"demo\" fires only for won deals"))
            #expect(error.description.contains("--penalty firth"))
        }
        let firth = try LogisticRegression(penalty: .firth).fit(patterns)
        let demo = try #require(firth.estimates[0])
        #expect(demo.coefficient.isFinite && demo.coefficient > 0)
        #expect(
            demo.ciLow.isFinite && demo.ciHigh.isFinite && demo.ciLow < demo.coefficient
                && demo.coefficient < demo.ciHigh)
        #expect(firth.warnings.contains { $0.contains("demo") })
    }

    /// Two identical rules cannot both be estimated: the error names the second and the first.
    @Test func collinearRulesAreNamed() throws {
        let patterns = PatternTable(
            ruleIDs: ["demo", "demo_copy", "size"], values: [1, 1, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0],
            wonWeights: [5, 3, 4, 2], lostWeights: [2, 6, 3, 8])
        do {
            _ = try LogisticRegression().fit(patterns)
            Issue.record("expected a collinearity error")
        } catch let FitError.collinear(ids, deps) {
            #expect(ids == ["demo_copy"])
            #expect(deps == ["demo"])
        }
    }

    /// Never-firing and always-firing rules are left out and reported, and the rest is fitted as
    /// if they were absent.
    @Test func constantColumnsAreExcluded() throws {
        let patterns = PatternTable(
            ruleIDs: ["never", "demo", "always"], values: [0, 1, 1, 0, 0, 1],
            wonWeights: [30, 20], lostWeights: [10, 40])
        let fit = try LogisticRegression().fit(patterns)
        #expect(fit.exclusions == ["never": .neverFires, "always": .constant])
        #expect(fit.estimates[0] == nil && fit.estimates[2] == nil)
        #expect(
            fit.estimates[1]!.coefficient.isApproximatelyEqual(
                to: _log(30.0 * 40 / (10 * 20)), relativeTolerance: 1e-10))
    }

    @Test func oneOutcomeOnlyIsAnError() {
        let patterns = PatternTable(ruleIDs: ["x"], values: [1, 0], wonWeights: [3, 4], lostWeights: [0, 0])
        #expect(throws: FitError.oneOutcomeOnly(won: 7, lost: 0)) { try LogisticRegression().fit(patterns) }
    }
}

@Suite("Prior centred on the current card")
struct CardPriorTests {
    static let patterns = PatternTable(
        ruleIDs: ["a", "b"], values: [1, 0, 0, 1, 1, 1, 0, 0],
        wonWeights: [9, 6, 7, 3], lostWeights: [4, 8, 2, 15])

    /// At the optimum the penalized score of ℓ(β) − λ/2·Σ(β_j − m_j)² is zero (finite differences of
    /// an objective written out here).
    @Test func optimumHasZeroGradient() throws {
        let means = [0.7, -0.2]
        let lambda = 3.0
        let fit = try LogisticRegression(penalty: .prior(means: means, lambda: lambda)).fit(Self.patterns)
        func objective(_ b: [Double]) -> Double {
            var ll = 0.0
            let rows: [(Double, Double, Double, Double)] = [(1, 0, 9, 4), (0, 1, 6, 8), (1, 1, 7, 2), (0, 0, 3, 15)]
            for (x1, x2, w, l) in rows {
                let eta = b[0] + b[1] * x1 + b[2] * x2
                ll += w * eta - (w + l) * _log(1 + _exp(eta))
            }
            return ll - lambda / 2 * (pow2(b[1] - means[0]) + pow2(b[2] - means[1]))
        }
        let beta = [fit.intercept.coefficient] + fit.coefficients
        for k in 0..<3 {
            var up = beta
            var down = beta
            up[k] += 1e-6
            down[k] -= 1e-6
            #expect(abs((objective(up) - objective(down)) / 2e-6) < 1e-6, "coordinate \(k)")
        }
    }

    /// A very strong prior pins the coefficients to its means; a zero one is maximum likelihood.
    @Test func strengthMovesBetweenPriorAndData() throws {
        let means = [0.7, -0.2]
        let pinned = try LogisticRegression(penalty: .prior(means: means, lambda: 1e9)).fit(Self.patterns)
        #expect(worstRelativeError(pinned.coefficients, means) < 1e-6)
        let free = try LogisticRegression(penalty: .prior(means: means, lambda: 0)).fit(Self.patterns)
        let ml = try LogisticRegression().fit(Self.patterns)
        #expect(worstRelativeError(free.coefficients, ml.coefficients) < 1e-9)
    }

    /// The calibration of a card with one indicator rule is the 2×2 closed form: slope × points =
    /// log odds ratio, so the prior mean of that rule is the log odds ratio itself.
    @Test func calibrationOfAOneRuleCardIsTheOddsRatio() {
        let card = Scorecard(
            name: "t", threshold: 10,
            rules: [Rule(id: "demo", kind: .behavior, signal: "demo", measure: .when(.equals(.bool(true))), points: 25)]
        )
        let rows: [[Double]] = Array(repeating: [1], count: 30) + Array(repeating: [0], count: 60)
        let won =
            Array(repeating: true, count: 20) + Array(repeating: false, count: 10) + Array(repeating: true, count: 15)
            + Array(repeating: false, count: 45)
        let prior = CardPrior(card: card, design: DesignMatrix(ruleIDs: ["demo"], rows: rows, won: won))
        let logOddsRatio = _log((20.0 / 10) / (15.0 / 45))
        #expect(prior.means[0].isApproximatelyEqual(to: logOddsRatio, relativeTolerance: 1e-9))
        #expect(prior.slope.isApproximatelyEqual(to: logOddsRatio / 25, relativeTolerance: 1e-9))
        #expect(prior.note == nil)
    }
}

private func pow2(_ x: Double) -> Double { x * x }

@Suite("Multi-core paths")
struct ParallelPathTests {
    /// 120,000 simulated deals: the design is encoded on every core (blocks of rows), and the fit
    /// on one row per deal (120,000 rows, several chunks accumulated in parallel) equals the fit on
    /// the compressed patterns (one chunk) to 1e-9. scripts/sanitizers/tsan.sh runs this under the
    /// thread sanitizer.
    @Test func parallelAccumulationMatchesOneChunk() throws {
        let deals = try DealTable(csv: DealSimulator(seed: 5, deals: 120_000).dealsCSV(), file: "sim.csv")
        let card = try Scorecard(json: Fixtures.dataset("b2b-saas/current-scorecard.json"), file: "card.json")
        let design = try DesignMatrix(card: card, deals: deals)
        // The encoding equals a one-row-at-a-time encoding of a few rows, computed here.
        guard case .number(let opens)? = deals.columns["email_opens"] else {
            Issue.record("email_opens is not numeric")
            return
        }
        for i in stride(from: 0, to: design.rowCount, by: 9_973) {
            #expect(design[i, 7] == min(opens[i] ?? 0, 5))
        }
        let perDeal = PatternTable(
            ruleIDs: design.ruleIDs, values: design.values,
            wonWeights: design.won.map { $0 ? 1 : 0 }, lostWeights: design.won.map { $0 ? 0 : 1 })
        let compressed = PatternTable(design)
        #expect(
            perDeal.count >= 2 * NewtonSolver.minimumRowsPerChunk && compressed.count < NewtonSolver.minimumRowsPerChunk
        )
        let a = try LogisticRegression().fit(perDeal)
        let b = try LogisticRegression().fit(compressed)
        #expect(
            worstRelativeError(
                [a.intercept.coefficient] + a.coefficients, [b.intercept.coefficient] + b.coefficients, floor: 1e-9)
                < 1e-9)
        #expect(
            worstRelativeError(
                [a.intercept.stdError] + a.estimates.map { $0?.stdError ?? 0 },
                [b.intercept.stdError] + b.estimates.map { $0?.stdError ?? 0 }, floor: 1e-9) < 1e-9)
    }
}

@Suite("Newton pass by blocks of 64 rows")
struct BlockPassTests {
    /// The pass by 64-row blocks and subset-sum tables (indicator rows) equals the log-likelihood,
    /// score and XᵀWX computed here directly from the dense rows, Σ_i over (m_i, y_i, x_i) — and
    /// so does the row-by-row pass. Covers fractional weights, rows of weight 0, a column left
    /// out of the fit, more than 64 indicator columns (two words a row), a row count that is not
    /// a multiple of 64, several chunks, and the probabilities Firth keeps.
    @Test(arguments: [(1, 70, 3), (130, 5, 1), (45_011, 70, 2), (3, 1, 1)])
    func blockPassEqualsDirectSums(rowsCount n: Int, columns p: Int, seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        var values: [Double] = []
        var won: [Double] = []
        var lost: [Double] = []
        let rates = (0..<p).map { _ in 0.02 + 0.6 * rng.nextUnit() }
        for i in 0..<n {
            for j in 0..<p { values.append(rng.nextUnit() < rates[j] ? 1 : 0) }
            won.append(i % 17 == 0 ? 0 : (rng.nextUnit() * 3).rounded() / 2)
            lost.append(i % 17 == 0 ? 0 : (rng.nextUnit() * 5).rounded() / 4 + 0.25)
        }
        let ids = (0..<p).map { "s\($0)" }
        let table = PatternTable(
            ruleIDs: ids, rows: EncodedRows(rowMajor: values, columnCount: p), wonWeights: won, lostWeights: lost)
        let kept = (0..<p).filter { p == 1 || $0 != 1 }
        let q = kept.count + 1
        let beta = (0..<q).map { k in k == 0 ? -0.3 : 0.8 * rng.nextUnit() - 0.4 }
        // Direct sums over dense rows.
        var ll = 0.0
        var score = [Double](repeating: 0, count: q)
        var info = [Double](repeating: 0, count: q * q)
        var probs = [Double](repeating: 0, count: n)
        for i in 0..<n {
            let x = [1.0] + kept.map { values[i * p + $0] }
            let eta = zip(x, beta).reduce(0) { $0 + $1.0 * $1.1 }
            let prob = 1 / (1 + _exp(-eta))
            let m = won[i] + lost[i]
            probs[i] = m == 0 ? 0 : prob
            ll += won[i] * eta - m * _log(1 + _exp(eta))
            for a in 0..<q {
                score[a] += x[a] * (won[i] - m * prob)
                for b in 0..<q { info[a * q + b] += m * prob * (1 - prob) * x[a] * x[b] }
            }
        }
        let rows = FitRows(table, kept: kept)
        #expect(rows.allOnes && rows.blockBits.count == rows.blockCount * q)
        for useBlocks in [true, false] {
            var solver = NewtonSolver(
                rows: rows, penalty: .firth, lambda: 0, priorMeans: [Double](repeating: 0, count: kept.count),
                ruleIDs: ids, kept: kept)
            solver.useBlocks = useBlocks
            let pass = solver.accumulate(beta)
            #expect(abs(pass.ll - ll) <= 1e-11 * abs(ll), "blocks: \(useBlocks)")
            #expect(worstRelativeError(pass.score, score, floor: 1e-6 * Double(n)) < 1e-11, "blocks: \(useBlocks)")
            #expect(worstRelativeError(pass.info, info, floor: 1e-6 * Double(n)) < 1e-11, "blocks: \(useBlocks)")
            #expect(worstRelativeError(pass.probs, probs, floor: 1e-9) < 1e-12, "blocks: \(useBlocks)")
        }
    }

    /// Rows packed from whole columns keep the columns' words, and the fit reads its blocks and
    /// its column summary from them (popcounts a word at a time) instead of from the rows. Both
    /// ways give the same blocks, counts and weights, fingerprints that are equal exactly for equal
    /// columns (two columns here are copies), the same copy found, and the same fit; chunks that
    /// cut a word in two (70,001 rows, several cores) and weights other than 0 or 1 (the row
    /// path) included.
    /// The check that decides between the two ways (every weight 0 or 1, counted without a
    /// branch) says what `allSatisfy { $0 == 0 || $0 == 1 }` says: on 0s and 1s, and with one
    /// value that is neither anywhere (−0 counts as 0; NaN, infinities, 1 ± one ulp, the smallest
    /// subnormal and 2 do not).
    @Test func zeroOrOneWeightsAreFoundWithoutABranch() {
        var rng = SplitMix64(seed: 31)
        let odd: [Double] = [-0.0, .nan, .infinity, -.infinity, 1.0.nextUp, 1.0.nextDown, 0.0.nextUp, 2, -1]
        for trial in 0..<60 {
            var weights = (0..<(trial % 7 == 0 ? 0 : 1 + Int(rng.next() % 5_000))).map { _ in
                rng.nextBool(probability: 0.5) ? 1.0 : 0
            }
            if trial % 3 != 0, !weights.isEmpty {
                weights[Int(rng.next() % UInt64(weights.count))] = odd[trial % odd.count]
            }
            #expect(
                ColumnSummary.zeroOrOne(weights) == weights.allSatisfy { $0 == 0 || $0 == 1 }, "trial \(trial)")
        }
    }

    @Test func columnWordsGiveWhatTheRowsGive() throws {
        var rng = SplitMix64(seed: 21)
        let n = 70_001
        let p = 9
        var columns: [[UInt8]] = (0..<p).map { j in (0..<n).map { _ in rng.nextUnit() < 0.1 + 0.08 * Double(j) ? 1 : 0 }
        }
        columns[6] = columns[2]  // a copy
        let won = (0..<n).map { _ in rng.nextUnit() < 0.4 }
        var table = [Double](repeating: 0, count: 256)
        table[1] = 1
        let packed = EncodedRows(columns: columns.map { EncodedColumn(codes: .bytes($0), table: table) }, rowCount: n)
        let plain = EncodedRows(
            rowMajor: (0..<n).flatMap { i in (0..<p).map { Double(columns[$0][i]) } }, columnCount: p)
        #expect(packed == plain && packed.columnWords != nil && plain.columnWords == nil)
        // Co-firing counts read from the packed words and turned back from the rows' bits (70,001
        // rows: a partial last word), against a count cell by cell.
        let coFiring = try #require(packed.indicatorCoCounts())
        #expect(coFiring == plain.indicatorCoCounts())
        for a in 0..<p {
            for b in 0..<p {
                #expect(coFiring[a * p + b] == zip(columns[a], columns[b]).filter { $0 == 1 && $1 == 1 }.count)
            }
        }
        let ids = (0..<p).map { "s\($0)" }
        for unit in [true, false] {
            let wonW = won.enumerated().map { $1 ? (unit ? 1.0 : Double(1 + $0 % 3)) : 0 }
            let lostW = won.map { $0 ? 0.0 : 1 }
            let a = PatternTable(ruleIDs: ids, rows: packed, wonWeights: wonW, lostWeights: lostW)
            let b = PatternTable(ruleIDs: ids, rows: plain, wonWeights: wonW, lostWeights: lostW)
            let sa = ColumnSummary(a)
            let sb = ColumnSummary(b)
            #expect(sa.wonLo == sb.wonLo && sa.wonHi == sb.wonHi && sa.lostLo == sb.lostLo && sa.lostHi == sb.lostHi)
            #expect(sa.aboveZeroWon == sb.aboveZeroWon && sa.aboveZeroLost == sb.aboveZeroLost)
            for s in [sa, sb] {
                for j in 0..<p {
                    for k in 0..<p where k != j {
                        #expect((s.fingerprint[j] == s.fingerprint[k]) == (columns[j] == columns[k]))
                    }
                }
            }
            #expect(LogisticRegression.duplicateColumns(a, summary: sa, columns: Array(0..<p))! == (2, 6))
            #expect(LogisticRegression.duplicateColumns(b, summary: sb, columns: Array(0..<p))! == (2, 6))
            let kept = (0..<p).filter { $0 != 6 && $0 != 4 }
            #expect(FitRows(a, kept: kept).blockBits == FitRows(b, kept: kept).blockBits)
        }
        // The fit without the copy, both ways.
        let others = (0..<p).filter { $0 != 6 }
        let packedOthers = EncodedRows(
            columns: others.map { EncodedColumn(codes: .bytes(columns[$0]), table: table) }, rowCount: n)
        let wonW = won.map { $0 ? 1.0 : 0 }
        let lostW = won.map { $0 ? 0.0 : 1 }
        let fa = try LogisticRegression().fit(
            PatternTable(ruleIDs: others.map { ids[$0] }, rows: packedOthers, wonWeights: wonW, lostWeights: lostW))
        let fb = try LogisticRegression().fit(
            PatternTable(
                ruleIDs: others.map { ids[$0] }, rows: plain.selectingColumns(others), wonWeights: wonW,
                lostWeights: lostW))
        #expect(fa.coefficients == fb.coefficients && fa.logLikelihood == fb.logLikelihood)
    }
}
